import type { FileFormat } from './types';

/** The format a file name implies (a trailing .gz is looked through), or undefined for anything else. */
export function formatOf(fileName: string): FileFormat | undefined {
  const name = fileName.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.tsv') || name.endsWith('.tab')) return 'tsv';
  if (name.endsWith('.smi') || name.endsWith('.smiles')) return 'smi';
  if (name.endsWith('.sdf') || name.endsWith('.sd') || name.endsWith('.mol')) return 'sdf';
  return undefined;
}

export function delimiterOf(format: FileFormat): string {
  return format === 'tsv' ? '\t' : ',';
}
