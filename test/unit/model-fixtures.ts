// Shared by the model tests: the tiny SMILES and graph encoder fixtures, an excerpt of MolCLR's featurization
// reference, and the published MolCLR GCN, which is not part of the repository: the tests that need its weights
// read its folder from MOLML_MOLCLR_DIR and skip without it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { rdkit } from '../../src/core/chem/rdkit';
import { featurizeHuMolclr } from '../../src/core/model/graph-featurizer';

export const REPO = path.resolve(__dirname, '../../..');
export const ESOL_CSV = path.join(REPO, 'test/fixtures/data/moleculenet/esol_delaney-processed.csv');
export const TINY_DIR = path.join(REPO, 'test/fixtures/model-tiny-smiles');
export const TINY_GRAPH_DIR = path.join(REPO, 'test/fixtures/model-tiny-graph');
export const MOLCLR_FEATURIZATION_DIR = path.join(REPO, 'test/fixtures/molclr-featurization');
export const LEARN_FIXTURE = path.join(REPO, 'test/fixtures/model-learn/sklearn.json');

/** The published MolCLR GCN's folder, when MOLML_MOLCLR_DIR names one with its ONNX export and reference outputs. */
export const MOLCLR_DIR = molclrDir(process.env.MOLML_MOLCLR_DIR);
/** Why the tests that need the published weights skip, or false when they run. */
export const MOLCLR_SKIP: string | false = MOLCLR_DIR
  ? false
  : 'set MOLML_MOLCLR_DIR to a folder with molclr_gcn.onnx, reference.jsonl and reference_with_hs.jsonl (the published MolCLR GCN, MIT; see docs/models.md)';

function molclrDir(dir: string | undefined): string | undefined {
  if (!dir) return undefined;
  const resolved = path.resolve(dir);
  return ['molclr_gcn.onnx', 'reference.jsonl', 'reference_with_hs.jsonl'].every(f =>
    fs.existsSync(path.join(resolved, f)),
  )
    ? resolved
    : undefined;
}

/** A molecule with its hu-molclr features (x [atoms][2], edge_index [2][edges], edge_attr [edges][2]). */
export interface GraphFeatures {
  smiles: string;
  x: number[][];
  edge_index: number[][];
  edge_attr: number[][];
}
/** Features with the model's outputs h and out. */
export interface GraphReference extends GraphFeatures {
  h: number[];
  out: number[];
}

export function readJsonl<T>(file: string): T[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(l => JSON.parse(l) as T);
}

/** MolCLR's reference outputs from MOLML_MOLCLR_DIR (callers skip when it is not set). */
export function readMolclrReference(file = 'reference.jsonl'): GraphReference[] {
  if (!MOLCLR_DIR) throw new Error(MOLCLR_SKIP || 'MOLML_MOLCLR_DIR');
  return readJsonl<GraphReference>(path.join(MOLCLR_DIR, file));
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `molml-${prefix}-`));
}

/** A model directory for MolCLR: our manifest, pointing at the ONNX file in MOLML_MOLCLR_DIR. */
export function molclrModelDir(options: { hydrogens?: 'implicit' | 'explicit'; output?: 'h' | 'out' } = {}): string {
  if (!MOLCLR_DIR) throw new Error(MOLCLR_SKIP || 'MOLML_MOLCLR_DIR');
  const dir = tempDir('molclr');
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(molclrManifest(options, MOLCLR_DIR), null, 2));
  return dir;
}

/** Our manifest for the published MolCLR GCN (docs/models.md); `dir` holds its molclr_gcn.onnx. */
export function molclrManifest(options: { hydrogens?: 'implicit' | 'explicit'; output?: 'h' | 'out' } = {}, dir = '.') {
  return {
    format: 'molml-model/1',
    id: 'molclr-gcn',
    version: '2022.07.14',
    name: 'MolCLR pre-trained GCN',
    licence: 'MIT',
    onnx: path.join(dir, 'molclr_gcn.onnx'),
    input: {
      kind: 'graph',
      featurization: 'hu-molclr',
      canonicalization: 'none',
      hydrogens: options.hydrogens ?? 'implicit',
    },
    outputs: { embedding: options.output ?? 'h', embeddingDim: options.output === 'out' ? 256 : 512 },
    tasks: [],
    // This export builds per-batch dense index tensors: throughput peaks near 8 molecules per call.
    preferredBatchSize: 8,
    source: {
      repository: 'yuyangw/MolCLR',
      commit: '3d3bc1912be27b0c97435fd9134f4d4c73d4c5ab',
      copyright: 'Copyright (c) 2021 Yuyang Wang',
    },
  };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * Featurizes each reference molecule with MolML's hu-molclr featurizer and asserts the atoms, edges, bond types and
 * whether each edge is directed match exactly; returns how many molecules also match on the direction indices.
 */
export async function checkGraphFeatures(refs: GraphFeatures[], explicitHydrogens: boolean): Promise<number> {
  const rd = await rdkit();
  let exactDirections = 0;
  for (const ref of refs) {
    const f = rd.withMol(ref.smiles, mol => featurizeHuMolclr(mol, ref.smiles, explicitHydrogens, 1000));
    assert.ok(f.ok && f.value.ok, ref.smiles);
    const g = f.value.graph;
    assert.deepEqual(pairs(g.x), ref.x, `atoms of ${ref.smiles}`);
    assert.deepEqual([g.src, g.dst], ref.edge_index, `edges of ${ref.smiles}`);
    const attr = pairs(g.edgeAttr);
    assert.deepEqual(
      attr.map(a => a[0]),
      ref.edge_attr.map(a => a[0]),
      `bond types of ${ref.smiles}`,
    );
    // Directed or not must match exactly (it moves the embedding); 1 vs 2 only matters for an exact comparison.
    assert.deepEqual(
      attr.map(a => a[1] > 0),
      ref.edge_attr.map(a => a[1] > 0),
      `bond directions of ${ref.smiles}`,
    );
    if (JSON.stringify(attr) === JSON.stringify(ref.edge_attr)) exactDirections++;
  }
  return exactDirections;
}

function pairs(flat: number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}
