import { withRdkit } from './chem/rdkit';
import { version as molmlVersion } from '../../package.json';

export interface RuntimeInfo {
  molml: string;
  rdkit: string;
  node: string;
  platform: string;
}

/** Versions of the components actually loaded: what a bug report needs. */
export async function runtimeInfo(): Promise<RuntimeInfo> {
  return {
    molml: molmlVersion,
    rdkit: await withRdkit(rd => rd.version),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}
