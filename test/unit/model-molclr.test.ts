// The published MolCLR GCN through our featurizer and runtime must reproduce MolCLR's own embeddings.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { rdkit } from '../../src/core/chem/rdkit';
import { featurizeHuMolclr } from '../../src/core/model/graph-featurizer';
import { Model } from '../../src/core/model/runtime';
import { readReference, molclrModelDir, maxAbsDiff, type MolclrReference } from './model-fixtures';

const TOLERANCE = 5e-4;

async function checkFeatures(refs: MolclrReference[], explicitHydrogens: boolean) {
  const rd = await rdkit();
  let exactDirections = 0;
  for (const ref of refs) {
    const f = rd.withMol(ref.smiles, mol => featurizeHuMolclr(mol, ref.smiles, explicitHydrogens, 1000));
    assert.ok(f.ok && f.value.ok, ref.smiles);
    const g = f.value.graph;
    assert.deepEqual(pairs(g.x), ref.x, `atoms of ${ref.smiles}`);
    assert.deepEqual([g.src, g.dst], ref.edge_index, `edges of ${ref.smiles}`);
    const attr = pairs(g.edgeAttr);
    assert.deepEqual(attr.map(a => a[0]), ref.edge_attr.map(a => a[0]), `bond types of ${ref.smiles}`);
    // Directed or not must match exactly (it moves the embedding); 1 vs 2 only matters for an exact comparison.
    assert.deepEqual(attr.map(a => a[1] > 0), ref.edge_attr.map(a => a[1] > 0), `bond directions of ${ref.smiles}`);
    if (JSON.stringify(attr) === JSON.stringify(ref.edge_attr)) exactDirections++;
  }
  return exactDirections;
}

function pairs(flat: number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

describe('MolCLR GCN (published weights)', () => {
  const models: Model[] = [];
  after(async () => { for (const m of models) await m.dispose(); });

  it('featurizes the 200 reference molecules exactly as MolCLR does', async () => {
    const refs = readReference();
    assert.equal(refs.length, 200);
    const exact = await checkFeatures(refs, false);
    assert.equal(exact, 200, 'bond direction indices (1 vs 2) match on every molecule');
  });

  it('reproduces the 200 reference embeddings (h and out) within 5e-4', async () => {
    const refs = readReference();
    for (const output of ['h', 'out'] as const) {
      const model = await Model.load(molclrModelDir({ output }), { device: 'cpu' });
      models.push(model);
      const run = await model.run(refs.map(r => r.smiles), { batchSize: 17 });
      assert.deepEqual(run.issues, []);
      let worst = 0;
      run.results.forEach((r, i) => { worst = Math.max(worst, maxAbsDiff(r!.embedding, refs[i][output])); });
      assert.ok(worst < TOLERANCE, `max |Δ${output}| = ${worst}`);
    }
  });

  it('reproduces the AddHs (fine-tuning) featurization and embeddings', async () => {
    const refs = readReference('reference_with_hs.jsonl');
    await checkFeatures(refs, true);
    const model = await Model.load(molclrModelDir({ hydrogens: 'explicit' }), { device: 'cpu' });
    models.push(model);
    const run = await model.run(refs.map(r => r.smiles), { batchSize: 64 });
    let worst = 0;
    run.results.forEach((r, i) => { worst = Math.max(worst, maxAbsDiff(r!.embedding, refs[i].h)); });
    assert.ok(worst < TOLERANCE, `max |Δh| = ${worst}`);
  });
});
