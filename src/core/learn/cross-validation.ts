// k-fold cross-validation of ridge (regression) and logistic (classification) heads, with the regularisation
// chosen from a small grid by the same folds, then a final fit on all rows. The fold models are kept: their
// spread is the ridge head's predictive uncertainty. Each fold also scores a baseline that ignores the molecules
// (the training folds' mean, or their share of positives), so that the metrics have something to be compared with.
//
// Features are a dense block (embeddings, standardised per fold), fingerprint bits (kept sparse), or both side by
// side. Dense-only heads are solved by Cholesky on the normal equations (ridge.ts); anything with fingerprint bits by
// one Lanczos tridiagonalisation per fold shared by the whole alpha grid (ridge-path.ts), never forming X densely.
import { matrix, type Matrix } from './linalg';
import { fitRidge, predictLinear, type LinearModel } from './ridge';
import { fitRidgePath } from './ridge-path';
import { fitLogistic, predictProba } from './logistic';
import { Blocks, DenseRows, type BitRows, type Design } from './design';
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
  /** Number of folds of a random split (ignored when `foldOf` is given). */
  folds: number;
  /** Standardise the dense block per fold (always done for a dense block beside fingerprint bits). */
  standardize: boolean;
  /** Ridge alphas or logistic C values to choose from. */
  grid?: number[];
  seed?: number;
  /** The fold of each row, 0..k-1 (scaffold groups: scaffoldFolds); default assignFolds, random. */
  foldOf?: Int32Array;
  /** Aborts between fits (the error is the signal's reason). */
  signal?: AbortSignal;
  /** Fits done of the total (one per fold, then the final fit). */
  onProgress?: (done: number, total: number) => void;
}

/** Features of the rows: a dense block, fingerprint bits, or both (the dense block first). */
export interface CvFeatures {
  dense?: Matrix;
  bits?: BitRows;
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
  /** Cross-validated metrics (of outOfFold). */
  metrics: RegressionMetrics | ClassificationMetrics;
  /** Folds used. */
  folds: number;
  /** The same folds scored by the training folds' mean label (regression) or positive share (classification). */
  baseline: RegressionMetrics | ClassificationMetrics;
  /** The final model on the rows it was fitted on: optimistic, for comparison only. */
  inSample: RegressionMetrics | ClassificationMetrics;
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

/**
 * Fold index per row with whole groups (Bemis–Murcko scaffolds) in one fold: groups from the largest down, each to
 * the fold with fewest rows so far (scikit-learn's GroupKFold). Throws when there are fewer groups than folds.
 */
export function groupFolds(groups: readonly string[], k: number): Int32Array {
  const members = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const list = members.get(g);
    if (list) list.push(i);
    else members.set(g, [i]);
  });
  if (members.size < k)
    throw new Error(`only ${members.size} distinct scaffolds for ${k} folds: use fewer folds or a random split`);
  const sizes = new Array<number>(k).fill(0);
  const folds = new Int32Array(groups.length);
  // Largest first; among equal sizes, the group seen first (Map keeps insertion order, sort is stable).
  for (const rows of [...members.values()].sort((a, b) => b.length - a.length)) {
    let f = 0;
    for (let j = 1; j < k; j++) if (sizes[j] < sizes[f]) f = j;
    for (const r of rows) folds[r] = f;
    sizes[f] += rows.length;
  }
  return folds;
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

/** The features of some rows as the solvers take them: a Matrix (dense only) or a Design (with bits). */
type Rows = Matrix | Design;

interface Prepared {
  standardization?: Standardization;
  /** The features of `rows`, transformed as the fit on the prepared rows saw them. */
  take(rows: number[]): Rows;
}

function subset(x: Matrix, rows: number[]): Matrix {
  const m = matrix(rows.length, x.cols);
  rows.forEach((r, i) => m.data.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), i * x.cols));
  return m;
}

/**
 * The transformation fitted on `rows`. With both blocks, the standardised dense block is scaled so that its total
 * variance equals the fingerprint bits' (Σ p(1-p)): the two kernels weigh the same whatever the embedding width, and
 * the bits keep their own scale, so the alpha grid means what it means for the fingerprint head.
 */
function prepare(x: CvFeatures, rows: number[], standardize: boolean): Prepared {
  const { dense, bits } = x;
  if (dense && !bits) {
    const s = standardize ? fitStandardization(subset(dense, rows)) : undefined;
    return { ...(s ? { standardization: s } : {}), take: r => applyStandardization(subset(dense, r), s) };
  }
  if (!dense) return { take: r => bits!.subset(r) };
  const s = fitStandardization(subset(dense, rows));
  const p = bits!.subset(rows).frequencies();
  let bitsVariance = 0;
  for (const f of p) bitsVariance += f * (1 - f);
  const varying = s.scale.filter((_, c) => s.scale[c] !== 1 || columnVaries(dense, rows, c)).length;
  const weight = varying ? Math.sqrt(bitsVariance / varying) : 1;
  const denseScale = { mean: s.mean, scale: s.scale.map(v => v / weight) };
  return {
    standardization: {
      mean: [...denseScale.mean, ...new Array<number>(bits!.cols).fill(0)],
      scale: [...denseScale.scale, ...new Array<number>(bits!.cols).fill(1)],
    },
    take: r => new Blocks([new DenseRows(applyStandardization(subset(dense, r), denseScale)), bits!.subset(r)]),
  };
}

/** Whether column `c` takes more than one value on `rows` (fitStandardization gives constant columns scale 1). */
function columnVaries(x: Matrix, rows: number[], c: number): boolean {
  const first = x.data[rows[0] * x.cols + c];
  return rows.some(r => x.data[r * x.cols + c] !== first);
}

function fitAll(task: TaskType, x: Rows, y: number[], grid: number[]): LinearModel[] {
  if (task === 'classification') return grid.map(C => fitLogistic(x, y, C));
  return 'data' in x ? fitRidge(x, y, grid) : fitRidgePath(x, y, grid);
}

function predict(task: TaskType, m: LinearModel, x: Rows): Float64Array {
  return task === 'regression' ? predictLinear(m, x) : predictProba(m, x);
}

const metricsOf = (task: TaskType, y: ArrayLike<number>, p: ArrayLike<number>) =>
  task === 'regression' ? regressionMetrics(y, p) : classificationMetrics(y, p);

/** Lets the event loop run (a cancel message, a progress report) and stops when `signal` has aborted. */
async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  await new Promise<void>(resolve => setImmediate(resolve));
  signal?.throwIfAborted();
}

export async function crossValidate(features: Matrix | CvFeatures, y: number[], options: CvOptions): Promise<CvResult> {
  const x: CvFeatures = 'data' in features ? { dense: features } : features;
  const { task, standardize } = options;
  if (y.length < 4) throw new Error(`too few labelled molecules to cross-validate (${y.length})`);
  if (task === 'classification' && (y.every(v => v === 1) || y.every(v => v === 0)))
    throw new Error('classification needs labels of both classes (0 and 1)');
  const grid = options.grid ?? (task === 'regression' ? RIDGE_ALPHAS : LOGISTIC_CS);
  const folds =
    options.foldOf ?? assignFolds(y, Math.max(2, Math.min(options.folds, y.length)), task, options.seed ?? 0);
  const k = Math.max(...folds) + 1;
  const oof = grid.map(() => new Float64Array(y.length));
  const baselineOof = new Float64Array(y.length);
  const foldFits: { models: LinearModel[]; standardization?: Standardization }[] = [];
  options.onProgress?.(0, k + 1);
  for (let f = 0; f < k; f++) {
    await checkpoint(options.signal);
    const train: number[] = [],
      test: number[] = [];
    folds.forEach((fold, i) => (fold === f ? test : train).push(i));
    const prepared = prepare(x, train, standardize);
    const yTrain = train.map(i => y[i]);
    const models = fitAll(task, prepared.take(train), yTrain, grid);
    const xTest = prepared.take(test);
    models.forEach((m, g) =>
      predict(task, m, xTest).forEach((p, j) => {
        oof[g][test[j]] = p;
      }),
    );
    const mean = yTrain.reduce((a, b) => a + b, 0) / yTrain.length;
    for (const i of test) baselineOof[i] = mean;
    foldFits.push({ models, ...(prepared.standardization ? { standardization: prepared.standardization } : {}) });
    options.onProgress?.(f + 1, k + 1);
  }
  const score = (p: Float64Array) =>
    task === 'regression' ? -regressionMetrics(y, p).rmse : classificationMetrics(y, p).rocAuc;
  let best = 0;
  grid.forEach((_, g) => {
    if (score(oof[g]) > score(oof[best])) best = g;
  });
  await checkpoint(options.signal);
  const all = y.map((_, i) => i);
  const prepared = prepare(x, all, standardize);
  const s = prepared.standardization;
  const xAll = prepared.take(all);
  const [model] = fitAll(task, xAll, y, [grid[best]]);
  options.onProgress?.(k + 1, k + 1);
  return {
    method: task === 'regression' ? 'ridge' : 'logistic',
    hyperparameter: task === 'regression' ? { alpha: grid[best] } : { C: grid[best] },
    ...(s ? { standardization: s } : {}),
    model,
    ...(task === 'regression'
      ? { ensemble: foldFits.map(f => restandardize(f.models[best], f.standardization, s)) }
      : {}),
    outOfFold: oof[best],
    metrics: metricsOf(task, y, oof[best]),
    folds: k,
    baseline: metricsOf(task, y, baselineOof),
    inSample: metricsOf(task, y, predict(task, model, xAll)),
  };
}
