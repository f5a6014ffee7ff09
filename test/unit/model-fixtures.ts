// Shared by the model tests: the published MolCLR GCN from ../shared (never copied into the repository), a
// manifest for it written to a temporary directory, and the tiny SMILES transformer fixture.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '../../..');
export const MOLCLR_DIR = path.resolve(__dirname, '../../../../shared/models/molclr-gcn');
export const ESOL_CSV = path.join(REPO, 'test/fixtures/data/moleculenet/esol_delaney-processed.csv');
export const TINY_DIR = path.join(REPO, 'test/fixtures/model-tiny-smiles');
export const LEARN_FIXTURE = path.join(REPO, 'test/fixtures/model-learn/sklearn.json');

export interface MolclrReference { smiles: string; x: number[][]; edge_index: number[][]; edge_attr: number[][]; h: number[]; out: number[] }

export function readReference(file = 'reference.jsonl'): MolclrReference[] {
  return fs.readFileSync(path.join(MOLCLR_DIR, file), 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l) as MolclrReference);
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `molml-${prefix}-`));
}

/** A model directory for MolCLR: our manifest, pointing at the shared ONNX file. */
export function molclrModelDir(options: { hydrogens?: 'implicit' | 'explicit'; output?: 'h' | 'out' } = {}): string {
  const dir = tempDir('molclr');
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(molclrManifest(options), null, 2));
  return dir;
}

export function molclrManifest(options: { hydrogens?: 'implicit' | 'explicit'; output?: 'h' | 'out' } = {}) {
  return {
    format: 'molml-model/1',
    id: 'molclr-gcn',
    version: '2022.07.14',
    name: 'MolCLR pre-trained GCN',
    licence: 'MIT',
    onnx: path.join(MOLCLR_DIR, 'molclr_gcn.onnx'),
    input: { kind: 'graph', featurization: 'hu-molclr', canonicalization: 'none', hydrogens: options.hydrogens ?? 'implicit' },
    outputs: { embedding: options.output ?? 'h', embeddingDim: options.output === 'out' ? 256 : 512 },
    tasks: [],
    // This export builds per-batch dense index tensors: throughput peaks near 8 molecules per call.
    preferredBatchSize: 8,
    source: { repository: 'yuyangw/MolCLR', commit: '3d3bc1912be27b0c97435fd9134f4d4c73d4c5ab', copyright: 'Copyright (c) 2021 Yuyang Wang' },
  };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
