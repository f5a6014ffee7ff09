// MolML's hu-molclr featurizer against MolCLR's own features (a committed excerpt), and the published MolCLR GCN
// through our featurizer and runtime reproducing MolCLR's embeddings (weights from MOLML_MOLCLR_DIR, else skipped).
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Model } from '../../src/core/model/runtime';
import {
  readJsonl,
  readMolclrReference,
  molclrModelDir,
  maxAbsDiff,
  checkGraphFeatures,
  MOLCLR_SKIP,
  MOLCLR_FEATURIZATION_DIR,
  type GraphFeatures,
} from './model-fixtures';

const TOLERANCE = 5e-4;
const excerpt = (file: string) => readJsonl<GraphFeatures>(path.join(MOLCLR_FEATURIZATION_DIR, file));

describe("hu-molclr featurization against MolCLR's own (first 30 reference molecules)", () => {
  it("featurizes them exactly as MolCLR's pre-training code does", async () => {
    const refs = excerpt('reference.jsonl');
    assert.equal(refs.length, 30);
    assert.ok(
      refs.some(r => r.x.some(a => a[1] > 0)) && refs.some(r => r.edge_attr.some(e => e[1] > 0)),
      'the excerpt has chirality and bond directions',
    );
    assert.equal(await checkGraphFeatures(refs, false), 30, 'bond direction indices (1 vs 2) match on every molecule');
  });

  it("featurizes them exactly as MolCLR's fine-tuning code does (AddHs)", async () => {
    const refs = excerpt('reference_with_hs.jsonl');
    assert.equal(refs.length, 30);
    assert.equal(await checkGraphFeatures(refs, true), 30);
  });
});

describe('MolCLR GCN (published weights)', () => {
  const models: Model[] = [];
  after(async () => {
    for (const m of models) await m.dispose();
  });

  it('featurizes the 200 reference molecules exactly as MolCLR does', { skip: MOLCLR_SKIP }, async () => {
    const refs = readMolclrReference();
    assert.equal(refs.length, 200);
    const exact = await checkGraphFeatures(refs, false);
    assert.equal(exact, 200, 'bond direction indices (1 vs 2) match on every molecule');
  });

  it('reproduces the 200 reference embeddings (h and out) within 5e-4', { skip: MOLCLR_SKIP }, async () => {
    const refs = readMolclrReference();
    for (const output of ['h', 'out'] as const) {
      const model = await Model.load(molclrModelDir({ output }), { device: 'cpu' });
      models.push(model);
      const run = await model.run(
        refs.map(r => r.smiles),
        { batchSize: 17 },
      );
      assert.deepEqual(run.issues, []);
      let worst = 0;
      run.results.forEach((r, i) => {
        worst = Math.max(worst, maxAbsDiff(r!.embedding, refs[i][output]));
      });
      assert.ok(worst < TOLERANCE, `max |Δ${output}| = ${worst}`);
    }
  });

  it('reproduces the AddHs (fine-tuning) featurization and embeddings', { skip: MOLCLR_SKIP }, async () => {
    const refs = readMolclrReference('reference_with_hs.jsonl');
    await checkGraphFeatures(refs, true);
    const model = await Model.load(molclrModelDir({ hydrogens: 'explicit' }), { device: 'cpu' });
    models.push(model);
    const run = await model.run(
      refs.map(r => r.smiles),
      { batchSize: 64 },
    );
    let worst = 0;
    run.results.forEach((r, i) => {
      worst = Math.max(worst, maxAbsDiff(r!.embedding, refs[i].h));
    });
    assert.ok(worst < TOLERANCE, `max |Δh| = ${worst}`);
  });
});
