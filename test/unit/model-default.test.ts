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

interface Reference { smiles: string; canonical_smiles: string; input_ids: number[]; truncated: boolean; embedding: number[]; predictions: Record<string, number> }

describe('default model', { skip: present ? false : 'models/default is not in this checkout' }, () => {
  let model: Model;
  after(async () => { await model?.dispose(); });

  it('reproduces the reference embeddings and predictions; refuses what training truncated or mapped to [UNK]', async () => {
    model = await Model.load(DIR, { device: 'cpu' });
    const input = model.manifest.input;
    assert.equal(input.kind, 'smiles');
    const unk = input.kind === 'smiles' ? input.tokenizer.specialTokens.unk : undefined;
    const refs = fs.readFileSync(path.join(DIR, 'reference.jsonl'), 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l) as Reference);
    // The canonical SMILES the model was trained on (RDKit 2022.09); our RDKit may write a few differently.
    const run = await model.run(refs.map(r => r.canonical_smiles));
    let compared = 0, worstEmbedding = 0, worstPrediction = 0;
    refs.forEach((ref, i) => {
      const r = run.results[i];
      const issue = run.issues.find(x => x.index === i);
      const reasons = [...(ref.truncated ? ['too long'] : []), ...(unk !== undefined && ref.input_ids.includes(unk) ? ['unknown token'] : [])];
      if (reasons.length) { assert.match(issue?.reason ?? '', new RegExp(reasons.join('|')), ref.canonical_smiles); return; }
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
});
