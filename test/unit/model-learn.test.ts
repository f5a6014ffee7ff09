// Ridge, logistic regression and metrics against scikit-learn 1.2 on real ESOL data (fixture written by
// test/fixtures/model-learn/make_sklearn.py); cross-validation, heads, similarity helpers on real molecules.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fromRows } from '../../src/core/learn/linalg';
import { fitRidge, predictLinear } from '../../src/core/learn/ridge';
import { fitLogistic, predictProba } from '../../src/core/learn/logistic';
import { rmse, mae, r2, rocAuc } from '../../src/common/learn/metrics';
import { fitStandardization, applyStandardization } from '../../src/core/learn/standardize';
import { crossValidate, assignFolds } from '../../src/core/learn/cross-validation';
import { buildHead, Head, validateHead } from '../../src/core/learn/head';
import { rdkit } from '../../src/core/chem/rdkit';
import { ecfp, tanimoto, fingerprintBits, popcount } from '../../src/core/similarity/ecfp';
import { tanimotoTopK, cosineTopK, cosine } from '../../src/core/similarity/top-k';
import { LEARN_FIXTURE } from './model-fixtures';

interface Fixture {
  X: number[][];
  y: number[];
  labels: number[];
  F: string[];
  scaler: { mean: number[]; scale: number[] };
  ridge_desc: { alpha: number; coef: number[]; intercept: number; pred: number[] };
  ridge_fp: { alpha: number; coef: number[]; intercept: number; pred: number[] };
  logistic_desc: { C: number; coef: number[]; intercept: number; proba: number[] };
  logistic_fp: { C: number; coef: number[]; intercept: number; proba: number[] };
  metrics: { rmse: number; mae: number; r2: number; auc_scores: number[]; auc: number };
}
const fx = JSON.parse(fs.readFileSync(LEARN_FIXTURE, 'utf8')) as Fixture;
const F = fromRows(fx.F.map(s => Array.from(s, c => Number(c))));
const X = fromRows(fx.X);

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string) {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++)
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
}

describe('linear models vs scikit-learn', () => {
  it('standardises like StandardScaler', () => {
    const s = fitStandardization(X);
    close(s.mean, fx.scaler.mean, 1e-9, 'mean');
    close(s.scale, fx.scaler.scale, 1e-9, 'scale');
  });

  it('ridge, more samples than features (normal equations)', () => {
    const Z = applyStandardization(X, fitStandardization(X));
    const [m] = fitRidge(Z, fx.y, [fx.ridge_desc.alpha]);
    close(m.weights, fx.ridge_desc.coef, 1e-8, 'coef');
    close([m.bias], [fx.ridge_desc.intercept], 1e-8, 'intercept');
    close(predictLinear(m, Z), fx.ridge_desc.pred, 1e-8, 'pred');
  });

  it('ridge, more features than samples (dual system)', () => {
    const [m] = fitRidge(F, fx.y.slice(0, 60), [fx.ridge_fp.alpha]);
    close(m.weights, fx.ridge_fp.coef, 1e-8, 'coef');
    close(predictLinear(m, F), fx.ridge_fp.pred, 1e-8, 'pred');
  });

  it('logistic regression (L2, C) on descriptors and on fingerprint bits', () => {
    const Z = applyStandardization(X, fitStandardization(X));
    const m = fitLogistic(Z, fx.labels, fx.logistic_desc.C, { tol: 1e-9, maxIter: 2000 });
    close(m.weights, fx.logistic_desc.coef, 1e-5, 'coef');
    close([m.bias], [fx.logistic_desc.intercept], 1e-5, 'intercept');
    close(predictProba(m, Z), fx.logistic_desc.proba, 1e-5, 'proba');
    const mf = fitLogistic(F, fx.labels.slice(0, 60), fx.logistic_fp.C, { tol: 1e-9, maxIter: 2000 });
    close(predictProba(mf, F), fx.logistic_fp.proba, 1e-5, 'proba fp');
  });

  it('metrics: RMSE, MAE, R² and ROC-AUC with ties', () => {
    const p = fx.ridge_desc.pred;
    close(
      [rmse(fx.y, p), mae(fx.y, p), r2(fx.y, p)],
      [fx.metrics.rmse, fx.metrics.mae, fx.metrics.r2],
      1e-10,
      'regression',
    );
    close([rocAuc(fx.labels, fx.metrics.auc_scores)], [fx.metrics.auc], 1e-12, 'auc');
    assert.ok(Number.isNaN(rocAuc([1, 1], [0.2, 0.3])));
  });
});

describe('cross-validation and heads', () => {
  it('assigns stratified, reproducible folds', () => {
    const a = assignFolds(fx.labels, 5, 'classification', 3);
    assert.deepEqual(a, assignFolds(fx.labels, 5, 'classification', 3));
    for (let f = 0; f < 5; f++) {
      const inFold = fx.labels.filter((_, i) => a[i] === f);
      assert.ok(inFold.includes(0) && inFold.includes(1));
    }
  });

  it('ridge CV picks an alpha, reports out-of-fold metrics and fold models whose spread is the uncertainty', async () => {
    const cv = await crossValidate(X, fx.y, { task: 'regression', folds: 5, standardize: true });
    assert.equal(cv.method, 'ridge');
    assert.equal(cv.ensemble!.length, 5);
    const m = cv.metrics as { rmse: number; r2: number };
    // Out-of-fold error is worse than the in-sample fit sklearn reported, but the descriptors still predict.
    assert.ok(m.rmse > fx.metrics.rmse * 0.9 && m.r2 > 0.5, JSON.stringify(m));
    const head = new Head(
      buildHead(cv, {
        taskName: 'logS',
        task: 'regression',
        features: { kind: 'ecfp', radius: 2, nBits: 2048 },
        folds: 5,
        rows: fx.y.length,
        split: 'random',
        refused: 0,
        label: 'logS',
        trainingFingerprints: [],
      }),
    );
    const p = head.predict(fx.X[0], undefined);
    assert.ok(p.uncertainty! > 0 && p.uncertainty! < 1);
    // Fold models re-expressed on the final standardisation predict what they predicted on their own.
    assert.ok(Math.abs(p.value - fx.y[0]) < 3);
  });

  it('logistic CV reports ROC-AUC; a head round-trips through JSON and validates', async () => {
    const cv = await crossValidate(X, fx.labels, { task: 'classification', folds: 5, standardize: true });
    assert.ok((cv.metrics as { rocAuc: number }).rocAuc > 0.8);
    const rd = await rdkit();
    const fp = (s: string) => (ecfp(rd, s) as { fp: Uint8Array }).fp;
    const file = buildHead(cv, {
      taskName: 'soluble',
      task: 'classification',
      features: { kind: 'ecfp', radius: 2, nBits: 2048 },
      folds: 5,
      rows: 120,
      split: 'random',
      refused: 0,
      label: 'soluble',
      trainingFingerprints: [fp('CCO'), fp('c1ccccc1')],
    });
    const parsed = validateHead(JSON.parse(JSON.stringify(file)));
    assert.ok(parsed.ok);
    const head = new Head(parsed.value);
    const p = head.predict(fx.X[3], fp('CCO'));
    assert.ok(p.value > 0 && p.value < 1);
    assert.equal(p.adSimilarity, 1);
    assert.equal(p.uncertainty, undefined);
    const bad = validateHead({ ...file, weights: 'x', applicability: {} });
    assert.equal(bad.ok, false);
    assert.deepEqual(
      (bad as { issues: string[] }).issues.map(i => i.split(':')[0]),
      ['weights', 'applicability.kind', 'applicability.radius', 'applicability.nBits', 'applicability.fingerprints'],
    );
    const mismatched = validateHead({ ...file, standardization: { mean: [0], scale: [1] } });
    assert.deepEqual((mismatched as { issues: string[] }).issues, [
      `standardization: must have ${file.weights.length} numbers in mean and in scale, as many as the weights`,
    ]);
  });
});

describe('similarity', () => {
  it('ECFP (Morgan r2/2048) Tanimoto and top-k over molecules', async () => {
    const rd = await rdkit();
    const smiles = ['CCO', 'CCCO', 'c1ccccc1', 'Oc1ccccc1', 'CC(=O)O', 'not a smiles'];
    const fps = smiles.map(s => {
      const r = ecfp(rd, s);
      return r.ok ? r.fp : undefined;
    });
    assert.equal(fps[5], undefined);
    assert.equal(fps[0]!.length * 8, 2048);
    assert.equal(
      popcount(fps[0]!),
      fingerprintBits(fps[0]!).reduce((a, b) => a + b, 0),
    );
    assert.equal(tanimoto(fps[2]!, fps[2]!), 1);
    const top = tanimotoTopK(fps[3]!, fps, 2);
    assert.deepEqual(
      top.map(t => t.index),
      [3, 2],
    );
    assert.ok(top[1].score > 0 && top[1].score < 1);
  });

  it('cosine top-k', () => {
    const top = cosineTopK([1, 0], [[0, 1], [2, 0.1], undefined, [-1, 0]], 3);
    assert.deepEqual(
      top.map(t => t.index),
      [1, 0, 3],
    );
    assert.ok(Math.abs(cosine([1, 2], [2, 4]) - 1) < 1e-12);
  });
});
