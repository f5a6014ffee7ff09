// Fingerprint ridge cross-validation (sparse bits, one Lanczos basis per fold for the whole alpha grid) against
// scikit-learn's Ridge in the same folds (test/fixtures/model-learn/make_ridge_cv.py) and against the dense Cholesky
// solver it replaced for fingerprints; scaffold folds against RDKit's MurckoScaffold; the combined head.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BitRows, Blocks, DenseRows } from '../../src/core/learn/design';
import { fitRidgePath } from '../../src/core/learn/ridge-path';
import { fitRidge, predictLinear } from '../../src/core/learn/ridge';
import { fromRows, type Matrix } from '../../src/core/learn/linalg';
import { crossValidate, groupFolds, type CvResult } from '../../src/core/learn/cross-validation';
import { buildHead, Head, validateHead } from '../../src/core/learn/head';
import { rdkit } from '../../src/core/chem/rdkit';
import { murckoScaffold } from '../../src/core/chem/scaffold';
import { REPO } from './model-fixtures';

interface Fixture {
  smiles: string[];
  y: number[];
  onBits: number[][];
  folds: number[];
  alphas: number[];
  oof: number[][];
  bestAlpha: number;
  final: { intercept: number; pred: number[] };
  scaffolds: string[];
}
const fx = JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/model-learn/ridge-cv.json'), 'utf8')) as Fixture;
const foldOf = Int32Array.from(fx.folds);

/** Bits as rows of on-bit indices, optionally folded onto fewer columns (so that there are more rows than columns). */
function bitRows(width = 2048): BitRows {
  const offsets = new Int32Array(fx.onBits.length + 1);
  const indices: number[] = [];
  fx.onBits.forEach((bits, r) => {
    indices.push(...[...new Set(bits.map(b => b % width))].sort((a, b) => a - b));
    offsets[r + 1] = indices.length;
  });
  return new BitRows(width, offsets, Int32Array.from(indices));
}
function dense(bits: BitRows): Matrix {
  return fromRows(Array.from({ length: bits.rows }, (_, r) => bits.row(r)));
}

/** Largest |a - b| relative to the largest |b|. */
function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let err = 0,
    scale = 0;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return err / scale;
}

describe('fingerprint ridge cross-validation', () => {
  it('equals scikit-learn Ridge in the same folds: every alpha, the chosen alpha, the final fit', async () => {
    const bits = bitRows();
    for (let f = 0; f < 5; f++) {
      const train = fx.folds.flatMap((g, i) => (g === f ? [] : [i]));
      const test = fx.folds.flatMap((g, i) => (g === f ? [i] : []));
      const models = fitRidgePath(
        bits.subset(train),
        train.map(i => fx.y[i]),
        fx.alphas,
      );
      models.forEach((m, g) => {
        const p = predictLinear(m, bits.subset(test));
        const err = relError(
          p,
          test.map(i => fx.oof[g][i]),
        );
        assert.ok(err < 1e-8, `fold ${f}, alpha ${fx.alphas[g]}: ${err}`);
      });
    }
    const cv = await crossValidate({ bits }, fx.y, { task: 'regression', folds: 5, standardize: false, foldOf });
    assert.deepEqual(cv.hyperparameter, { alpha: fx.bestAlpha });
    assert.ok(relError(cv.outOfFold, fx.oof[fx.alphas.indexOf(fx.bestAlpha)]) < 1e-8);
    assert.ok(relError(predictLinear(cv.model, bits), fx.final.pred) < 1e-8);
    assert.ok(Math.abs(cv.model.bias - fx.final.intercept) < 1e-8 * Math.abs(fx.final.intercept));
  });

  for (const [what, width] of [
    ['more columns than rows (dual)', 2048],
    ['more rows than columns (primal)', 64],
  ] as const) {
    it(`equals the dense Cholesky solver, ${what}`, async () => {
      const bits = bitRows(width);
      const options = { task: 'regression', folds: 5, standardize: false, foldOf } as const;
      const fast = await crossValidate({ bits }, fx.y, options);
      const reference = await crossValidate(dense(bits), fx.y, options);
      assert.deepEqual(fast.hyperparameter, reference.hyperparameter);
      assert.ok(relError(fast.outOfFold, reference.outOfFold) < 1e-8);
      assert.ok(relError(fast.model.weights, reference.model.weights) < 1e-8);
      fast.ensemble!.forEach((m, i) => assert.ok(relError(m.weights, reference.ensemble![i].weights) < 1e-8));
      assert.ok(
        Math.abs((fast.metrics as { rmse: number }).rmse - (reference.metrics as { rmse: number }).rmse) < 1e-9,
      );
      // Every alpha, not only the chosen one.
      const x = dense(bits);
      const old = fitRidge(x, fx.y, fx.alphas);
      fitRidgePath(bits, fx.y, fx.alphas).forEach((m, g) =>
        assert.ok(relError(predictLinear(m, bits), predictLinear(old[g], x)) < 1e-8, `alpha ${fx.alphas[g]}`),
      );
    });
  }

  it('reports folds, a mean baseline in the same folds and the in-sample fit; progress and cancel', async () => {
    const seen: string[] = [];
    const cv = await crossValidate({ bits: bitRows() }, fx.y, {
      task: 'regression',
      folds: 5,
      standardize: false,
      foldOf,
      onProgress: (done, total) => seen.push(`${done}/${total}`),
    });
    assert.deepEqual(seen, ['0/6', '1/6', '2/6', '3/6', '4/6', '5/6', '6/6']);
    assert.equal(cv.folds, 5);
    const baseline = new Float64Array(fx.y.length);
    for (let f = 0; f < 5; f++) {
      const train = fx.y.filter((_, i) => fx.folds[i] !== f);
      const mean = train.reduce((a, b) => a + b, 0) / train.length;
      fx.folds.forEach((g, i) => g === f && (baseline[i] = mean));
    }
    const rmse = Math.sqrt(fx.y.reduce((a, v, i) => a + (v - baseline[i]) ** 2, 0) / fx.y.length);
    assert.ok(Math.abs((cv.baseline as { rmse: number }).rmse - rmse) < 1e-12);
    const m = cv.metrics as { rmse: number };
    assert.ok((cv.inSample as { rmse: number }).rmse < m.rmse && m.rmse < rmse);
    const stop = new AbortController();
    stop.abort(new Error('stopped by the test'));
    await assert.rejects(
      crossValidate({ bits: bitRows() }, fx.y, {
        task: 'regression',
        folds: 5,
        standardize: false,
        signal: stop.signal,
      }),
      /stopped by the test/,
    );
  });

  it('logistic regression on sparse bits equals the dense fit', async () => {
    const labels = fx.y.map(v => (v > -3 ? 1 : 0));
    const bits = bitRows();
    const options = { task: 'classification' as const, folds: 5, standardize: false, foldOf, grid: [0.1] };
    const fast = await crossValidate({ bits }, labels, options);
    const reference = await crossValidate(dense(bits), labels, options);
    assert.ok(relError(fast.outOfFold, reference.outOfFold) < 1e-9);
  });
});

describe('embedding and fingerprint together', () => {
  it('a combined head predicts from raw [embedding, bits] what the fit predicted', async () => {
    const bits = bitRows();
    // A real dense block: a few standardisable per-molecule numbers (on-bit count, label-free).
    const emb = fromRows(fx.onBits.map(b => [b.length, b.reduce((a, v) => a + v, 0) / b.length, b[0] ?? 0]));
    const cv: CvResult = await crossValidate({ dense: emb, bits }, fx.y, {
      task: 'regression',
      folds: 5,
      standardize: true,
      foldOf,
    });
    const file = buildHead(cv, {
      taskName: 'logS',
      task: 'regression',
      features: { kind: 'embedding+ecfp', model: { id: 'm', version: '1', sha256: 'x' }, radius: 2, nBits: 2048 },
      folds: cv.folds,
      rows: fx.y.length,
      split: 'random',
      refused: 0,
      label: 'logS',
      trainingFingerprints: [],
    });
    const parsed = validateHead(JSON.parse(JSON.stringify(file)));
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.equal(parsed.value.weights.length, 3 + 2048);
    assert.equal(parsed.value.validation!.baseline.predictor, 'mean');
    const head = new Head(parsed.value);
    const both = new Blocks([new DenseRows(emb), bits]);
    const fitted = predictLinear(cv.model, transformed(cv, emb, bits));
    for (const r of [0, 17, 299]) {
      const p = head.predict(both.row(r), undefined);
      assert.ok(Math.abs(p.value - fitted[r]) < 1e-5, `row ${r}: ${p.value} vs ${fitted[r]}`);
    }
  });
});

/** The rows as the final fit saw them: the head's standardisation applied to [embedding, bits]. */
function transformed(cv: CvResult, emb: Matrix, bits: BitRows): Matrix {
  const s = cv.standardization!;
  const raw = new Blocks([new DenseRows(emb), bits]);
  return fromRows(Array.from({ length: raw.rows }, (_, r) => raw.row(r).map((v, c) => (v - s.mean[c]) / s.scale[c])));
}

describe('scaffold folds', () => {
  it('Murcko scaffolds group the molecules as RDKit MurckoScaffold does', async () => {
    const rd = await rdkit();
    const ours = fx.smiles.map(s => murckoScaffold(rd, s));
    assert.ok(ours.every(s => s !== undefined));
    const partition = (keys: string[]) => keys.map(k => keys.indexOf(k));
    assert.deepEqual(partition(ours as string[]), partition(fx.scaffolds));
    assert.equal(ours[fx.scaffolds.indexOf('')], '', 'acyclic molecules have the empty scaffold');
    const same = ours.filter((s, i) => s === fx.scaffolds[i]).length;
    assert.ok(same / ours.length > 0.95, `${same} of ${ours.length} scaffold SMILES identical`);
  });

  it('keep each scaffold in one fold, balance fold sizes, and refuse fewer scaffolds than folds', () => {
    const folds = groupFolds(fx.scaffolds, 5);
    const foldOfScaffold = new Map<string, number>();
    fx.scaffolds.forEach((s, i) => {
      assert.equal(foldOfScaffold.get(s) ?? folds[i], folds[i], `scaffold ${s} split across folds`);
      foldOfScaffold.set(s, folds[i]);
    });
    const sizes = [0, 1, 2, 3, 4].map(f => folds.filter(x => x === f).length);
    const largest = Math.max(...[...new Set(fx.scaffolds)].map(s => fx.scaffolds.filter(x => x === s).length));
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= largest, JSON.stringify(sizes));
    assert.throws(() => groupFolds(['a', 'a', 'b', 'b'], 3), /only 2 distinct scaffolds for 3 folds/);
  });
});
