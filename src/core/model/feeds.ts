// ONNX input tensors for a batch of featurized molecules: padded token ids with their mask, or one disjoint
// union graph (atom indices offset per molecule, a batch vector naming each atom's molecule).
import * as ort from 'onnxruntime-node';
import type { ModelInput } from './manifest';
import type { MolGraph } from './graph-featurizer';

export type Features = { kind: 'tokens'; ids: number[] } | { kind: 'graph'; graph: MolGraph };

export function buildFeeds(input: ModelInput, features: Features[]): Record<string, ort.Tensor> {
  if (input.kind === 'smiles') {
    const pad = input.tokenizer.specialTokens.pad;
    const seqs = features.map(f => (f as { ids: number[] }).ids);
    const len = Math.max(...seqs.map(s => s.length));
    const ids = new BigInt64Array(seqs.length * len).fill(BigInt(pad));
    const mask = new BigInt64Array(seqs.length * len);
    seqs.forEach((s, i) =>
      s.forEach((id, j) => {
        ids[i * len + j] = BigInt(id);
        mask[i * len + j] = 1n;
      }),
    );
    return {
      [input.inputNames?.ids ?? 'input_ids']: new ort.Tensor('int64', ids, [seqs.length, len]),
      [input.inputNames?.mask ?? 'attention_mask']: new ort.Tensor('int64', mask, [seqs.length, len]),
    };
  }
  const graphs = features.map(f => (f as { graph: MolGraph }).graph);
  const atoms = graphs.reduce((s, g) => s + g.numAtoms, 0);
  const edges = graphs.reduce((s, g) => s + g.src.length, 0);
  const x = new BigInt64Array(atoms * 2);
  const edgeIndex = new BigInt64Array(edges * 2);
  const edgeAttr = new BigInt64Array(edges * 2);
  const batch = new BigInt64Array(atoms);
  let a = 0,
    e = 0;
  graphs.forEach((g, m) => {
    for (let i = 0; i < g.numAtoms; i++) {
      x[(a + i) * 2] = BigInt(g.x[i * 2]);
      x[(a + i) * 2 + 1] = BigInt(g.x[i * 2 + 1]);
      batch[a + i] = BigInt(m);
    }
    for (let j = 0; j < g.src.length; j++) {
      edgeIndex[e + j] = BigInt(g.src[j] + a);
      edgeIndex[edges + e + j] = BigInt(g.dst[j] + a);
      edgeAttr[(e + j) * 2] = BigInt(g.edgeAttr[j * 2]);
      edgeAttr[(e + j) * 2 + 1] = BigInt(g.edgeAttr[j * 2 + 1]);
    }
    a += g.numAtoms;
    e += g.src.length;
  });
  const names = input.inputNames ?? {};
  return {
    [names.x ?? 'x']: new ort.Tensor('int64', x, [atoms, 2]),
    [names.edgeIndex ?? 'edge_index']: new ort.Tensor('int64', edgeIndex, [2, edges]),
    [names.edgeAttr ?? 'edge_attr']: new ort.Tensor('int64', edgeAttr, [edges, 2]),
    [names.batch ?? 'batch']: new ort.Tensor('int64', batch, [atoms]),
  };
}
