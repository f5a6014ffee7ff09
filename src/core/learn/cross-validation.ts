// k-fold cross-validation of ridge (regression) and logistic (classification) heads, with the regularisation
// chosen from a small grid by the same folds, then a final fit on all rows. The fold models are kept: their
// spread is the ridge head's predictive uncertainty.
import { matrix, type Matrix } from './linalg';
import { fitRidge, predictLinear, type LinearModel } from './ridge';
import { fitLogistic, predictProba } from './logistic';
import { applyStandardization, fitStandardization, type Standardization } from './standardize';
import {
  regressionMetrics,
  classificationMetrics,
  type RegressionMetrics,
  type ClassificationMetrics,
} from '../../common/learn/metrics';

export type TaskType = 'regression' | 'classification';

export interface CvOptions {
  task: TaskType;
  folds: number;
  standardize: boolean;
  /** Ridge alphas or logistic C values to choose from. */
  grid?: number[];
  seed?: number;
}

export interface CvResult {
  method: 'ridge' | 'logistic';
  hyperparameter: { alpha: number } | { C: number };
  standardization?: Standardization;
  model: LinearModel;
  /** Fold models expressed on the final standardisation (ridge only). */
  ensemble?: LinearModel[];
  /** Out-of-fold predictions at the chosen hyperparameter. */
  outOfFold: Float64Array;
  metrics: RegressionMetrics | ClassificationMetrics;
}

export const RIDGE_ALPHAS = [0.1, 1, 10, 100, 1000];
export const LOGISTIC_CS = [0.01, 0.1, 1];

/** Deterministic PRNG (mulberry32) so folds are reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fold index per row: shuffled; stratified by class for classification so each fold sees both classes. */
export function assignFolds(y: ArrayLike<number>, k: number, task: TaskType, seed = 0): Int32Array {
  const rnd = random(seed);
  const folds = new Int32Array(y.length);
  const groups: number[][] = task === 'classification' ? [[], []] : [[]];
  for (let i = 0; i < y.length; i++) groups[task === 'classification' ? (y[i] === 1 ? 1 : 0) : 0].push(i);
  let next = 0;
  for (const g of groups) {
    for (let i = g.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [g[i], g[j]] = [g[j], g[i]];
    }
    for (const i of g) folds[i] = next++ % k;
  }
  return folds;
}

function subset(x: Matrix, rows: number[]): Matrix {
  const m = matrix(rows.length, x.cols);
  rows.forEach((r, i) => m.data.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), i * x.cols));
  return m;
}

function fitAll(task: TaskType, x: Matrix, y: number[], grid: number[]): LinearModel[] {
  return task === 'regression' ? fitRidge(x, y, grid) : grid.map(C => fitLogistic(x, y, C));
}

function predict(task: TaskType, m: LinearModel, x: Matrix): Float64Array {
  return task === 'regression' ? predictLinear(m, x) : predictProba(m, x);
}

/** Re-expresses a model fitted on standardisation `from` for inputs standardised by `to`. */
function restandardize(
  m: LinearModel,
  from: Standardization | undefined,
  to: Standardization | undefined,
): LinearModel {
  if (!from && !to) return m;
  const d = m.weights.length;
  const weights = new Float64Array(d);
  let bias = m.bias;
  for (let c = 0; c < d; c++) {
    const fs = from?.scale[c] ?? 1,
      fm = from?.mean[c] ?? 0,
      ts = to?.scale[c] ?? 1,
      tm = to?.mean[c] ?? 0;
    weights[c] = (m.weights[c] * ts) / fs;
    bias += (m.weights[c] * (tm - fm)) / fs;
  }
  return { weights, bias };
}

export function crossValidate(x: Matrix, y: number[], options: CvOptions): CvResult {
  const { task, standardize } = options;
  const k = Math.max(2, Math.min(options.folds, y.length));
  if (y.length < 4) throw new Error(`too few labelled molecules to cross-validate (${y.length})`);
  if (task === 'classification' && (y.every(v => v === 1) || y.every(v => v === 0)))
    throw new Error('classification needs labels of both classes (0 and 1)');
  const grid = options.grid ?? (task === 'regression' ? RIDGE_ALPHAS : LOGISTIC_CS);
  const folds = assignFolds(y, k, task, options.seed ?? 0);
  const oof = grid.map(() => new Float64Array(y.length));
  const foldFits: { models: LinearModel[]; standardization?: Standardization }[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [],
      test: number[] = [];
    folds.forEach((fold, i) => (fold === f ? test : train).push(i));
    const xTrain = subset(x, train);
    const s = standardize ? fitStandardization(xTrain) : undefined;
    const models = fitAll(
      task,
      applyStandardization(xTrain, s),
      train.map(i => y[i]),
      grid,
    );
    const xTest = applyStandardization(subset(x, test), s);
    models.forEach((m, g) =>
      predict(task, m, xTest).forEach((p, j) => {
        oof[g][test[j]] = p;
      }),
    );
    foldFits.push({ models, ...(s ? { standardization: s } : {}) });
  }
  const score = (p: Float64Array) =>
    task === 'regression' ? -regressionMetrics(y, p).rmse : classificationMetrics(y, p).rocAuc;
  let best = 0;
  grid.forEach((_, g) => {
    if (score(oof[g]) > score(oof[best])) best = g;
  });
  const s = standardize ? fitStandardization(x) : undefined;
  const [model] = fitAll(task, applyStandardization(x, s), y, [grid[best]]);
  const metrics = task === 'regression' ? regressionMetrics(y, oof[best]) : classificationMetrics(y, oof[best]);
  return {
    method: task === 'regression' ? 'ridge' : 'logistic',
    hyperparameter: task === 'regression' ? { alpha: grid[best] } : { C: grid[best] },
    ...(s ? { standardization: s } : {}),
    model,
    ...(task === 'regression'
      ? { ensemble: foldFits.map(f => restandardize(f.models[best], f.standardization, s)) }
      : {}),
    outOfFold: oof[best],
    metrics,
  };
}
