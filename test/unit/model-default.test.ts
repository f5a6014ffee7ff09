// The shipped default model (models/default, written by the training exporter) against the reference vectors
// computed in PyTorch beside it. Skipped until the model is in the checkout.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Model } from '../../src/core/model/runtime';
import { maxAbsDiff, REPO } from './model-fixtures';

const DIR = path.join(REPO, 'models/default');
const present = fs.existsSync(path.join(DIR, 'manifest.json')) && fs.existsSync(path.join(DIR, 'reference.jsonl'));

interface Reference {
  smiles: string;
  canonical_smiles: string;
  input_ids: number[];
  truncated: boolean;
  embedding: number[];
  predictions: Record<string, number>;
}

describe('default model', { skip: present ? false : 'models/default is not in this checkout' }, () => {
  let model: Model;
  after(async () => {
    await model?.dispose();
  });

  it('reproduces the reference embeddings and predictions; refuses what training truncated or mapped to [UNK]', async () => {
    model = await Model.load(DIR, { device: 'cpu', precision: 'fp32' });
    assert.equal(model.precision, 'fp32');
    const input = model.manifest.input;
    assert.equal(input.kind, 'smiles');
    const unk = input.kind === 'smiles' ? input.tokenizer.specialTokens.unk : undefined;
    const refs = fs
      .readFileSync(path.join(DIR, 'reference.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(l => JSON.parse(l) as Reference);
    // The canonical SMILES the model was trained on (RDKit 2022.09); our RDKit may write a few differently.
    const run = await model.run(refs.map(r => r.canonical_smiles));
    let compared = 0,
      worstEmbedding = 0,
      worstPrediction = 0;
    refs.forEach((ref, i) => {
      const r = run.results[i];
      const issue = run.issues.find(x => x.index === i);
      if (ref.canonical_smiles.includes('.')) {
        // Salts and mixtures run on their parent fragment (the vocabulary has no '.'), unless that too is refused.
        assert.ok(r ? /largest fragment/.test(r.note ?? '') : issue, ref.canonical_smiles);
        return;
      }
      const reasons = [
        ...(ref.truncated ? ['too long', 'too large'] : []),
        ...(unk !== undefined && ref.input_ids.includes(unk) ? ['unknown token'] : []),
      ];
      if (reasons.length) {
        assert.match(issue?.reason ?? '', new RegExp(reasons.join('|')), ref.canonical_smiles);
        return;
      }
      assert.ok(r, `${ref.canonical_smiles}: ${issue?.reason}`);
      if (r.key !== ref.canonical_smiles) return;
      compared++;
      worstEmbedding = Math.max(worstEmbedding, maxAbsDiff(r.embedding, ref.embedding));
      for (const [name, value] of Object.entries(ref.predictions)) {
        const ours = r.predictions[name.replace(/[^A-Za-z0-9_.-]+/g, '_')];
        assert.ok(ours !== undefined, `task ${name} missing`);
        worstPrediction = Math.max(worstPrediction, Math.abs(ours - value) / Math.max(1, Math.abs(value)));
      }
    });
    assert.ok(compared >= refs.length * 0.8, `compared ${compared} of ${refs.length}`);
    assert.ok(worstEmbedding < 1e-3, `max |Δembedding| = ${worstEmbedding}`);
    assert.ok(worstPrediction < 1e-3, `max relative |Δprediction| = ${worstPrediction}`);
  });

  it('predicts a salt on its parent fragment and says so', async () => {
    model ??= await Model.load(DIR, { device: 'cpu', precision: 'fp32' });
    // Isoproterenol hydrochloride and the free base, as written in ClinTox.
    const run = await model.run(['CC(C)NCC(O)c1ccc(O)c(O)c1.Cl', 'CC(C)NCC(O)c1ccc(O)c(O)c1']);
    const [salt, base] = run.results;
    assert.ok(salt && base, JSON.stringify(run.issues));
    assert.equal(salt.key, base.key);
    assert.match(salt.note ?? '', /largest fragment CC\(C\)NCC\(O\)c1ccc\(O\)c\(O\)c1/);
    assert.equal(base.note, undefined);
    assert.deepEqual(salt.predictions, base.predictions);
  });

  it('runs its int8 variant on the CPU by default, close to float32 on the reference molecules', async () => {
    const refs = fs
      .readFileSync(path.join(DIR, 'reference.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(l => JSON.parse(l) as Reference)
      .filter(r => !r.canonical_smiles.includes('.'));
    const int8 = await Model.load(DIR, { device: 'cpu' });
    const fp32 = await Model.load(DIR, { device: 'cpu', precision: 'fp32' });
    try {
      assert.equal(int8.precision, 'int8');
      assert.match(int8.label, /@0\.1\.0 \(int8\)$/);
      assert.notEqual(int8.identity.sha256, fp32.identity.sha256, 'the two files are cached apart');
      const smiles = refs.map(r => r.canonical_smiles);
      const [a, b] = [await fp32.run(smiles), await int8.run(smiles)];
      let worstCosine = 1,
        compared = 0,
        changed = 0;
      a.results.forEach((x, i) => {
        const y = b.results[i];
        assert.equal(!!x, !!y, 'both precisions refuse the same molecules');
        if (!x || !y) return;
        compared++;
        let dot = 0,
          xx = 0,
          yy = 0;
        x.embedding.forEach((v, k) => {
          dot += v * y.embedding[k];
          xx += v * v;
          yy += y.embedding[k] ** 2;
        });
        worstCosine = Math.min(worstCosine, dot / Math.sqrt(xx * yy));
        if (x.embedding.some((v, k) => v !== y.embedding[k])) changed++;
      });
      assert.ok(compared > 200, `compared ${compared}`);
      assert.ok(changed > compared / 2, 'int8 really runs another file');
      assert.ok(worstCosine > 0.999, `min cosine ${worstCosine}`);
    } finally {
      await int8.dispose();
      await fp32.dispose();
    }
  });
});
