// What a trained head records about how it was validated, read leniently: heads written by other MolML versions
// keep these facts in different places or not at all, and the report says "not recorded" rather than guess.
// Pure (plain JSON in, plain data out).

export const METRIC_TITLES: Record<string, string> = {
  rmse: 'RMSE',
  mae: 'MAE',
  r2: 'R²',
  rocAuc: 'ROC AUC',
  accuracy: 'Accuracy',
};

/** Which way is better, for the view's "best" mark. */
export const LOWER_IS_BETTER = new Set(['rmse', 'mae']);

export function metricKeys(task: 'regression' | 'classification'): string[] {
  return task === 'regression' ? ['rmse', 'mae', 'r2'] : ['rocAuc', 'accuracy'];
}

export interface RecordedFacts {
  folds: number | null;
  split: 'random' | 'scaffold' | null;
  rowsUsed: number | null;
  rowsRefused: number | null;
  /** Metrics of a mean predictor (regression) or class prior (classification) scored in the same folds. */
  baseline: { name: string; metrics: Record<string, number | null> } | null;
  inSample: Record<string, number | null> | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first of `paths` (dotted) that holds a value `accept` takes. */
function first<T>(root: unknown, paths: string[], accept: (v: unknown) => T | null): T | null {
  for (const p of paths) {
    let v: unknown = root;
    for (const part of p.split('.')) v = isObj(v) ? v[part] : undefined;
    const got = v === undefined ? null : accept(v);
    if (got !== null) return got;
  }
  return null;
}

const count = (v: unknown): number | null =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : Array.isArray(v) ? v.length : null;

const split = (v: unknown): 'random' | 'scaffold' | null => {
  const s = isObj(v) ? (v.kind ?? v.type ?? v.name) : v;
  if (typeof s !== 'string') return null;
  return /scaffold/i.test(s) ? 'scaffold' : /random|shuffle|stratif/i.test(s) ? 'random' : null;
};

/** The metric values of an object (rmse, r2, rocAuc, ...), in either camelCase or snake_case. */
function metricsOf(v: unknown): Record<string, number | null> | null {
  const m = isObj(v) && isObj(v.metrics) ? v.metrics : v;
  if (!isObj(m)) return null;
  const out: Record<string, number | null> = {};
  const aliases: Record<string, string[]> = {
    rmse: ['rmse', 'RMSE'],
    mae: ['mae', 'MAE'],
    r2: ['r2', 'R2', 'r_squared'],
    rocAuc: ['rocAuc', 'roc_auc', 'auc', 'rocauc'],
    accuracy: ['accuracy', 'acc'],
  };
  for (const [key, names] of Object.entries(aliases)) {
    const hit = names.find(n => typeof m[n] === 'number');
    if (hit) out[key] = Number.isFinite(m[hit] as number) ? (m[hit] as number) : null;
  }
  return Object.keys(out).length ? out : null;
}

function baseline(v: unknown): RecordedFacts['baseline'] {
  const metrics = metricsOf(v);
  if (!metrics) return null;
  const name = isObj(v) && typeof (v.name ?? v.kind) === 'string' ? String(v.name ?? v.kind) : '';
  return { name, metrics };
}

/** Reads what a head file (molml-head/1 JSON) records about its validation. */
export function recordedFacts(head: unknown): RecordedFacts {
  return {
    folds: first(
      head,
      ['validation.folds', 'training.folds', 'metrics.folds', 'cv.folds', 'validation.k', 'training.k'],
      v => (typeof v === 'number' && Number.isInteger(v) && v >= 2 ? v : null),
    ),
    split: first(head, ['validation.split', 'training.split', 'cv.split', 'split', 'metrics.split'], split),
    rowsUsed: first(head, ['validation.rows', 'training.rows', 'training.rowsUsed', 'metrics.rows'], count),
    rowsRefused: first(
      head,
      ['validation.refused', 'training.refused', 'training.rowsRefused', 'metrics.refused', 'metrics.rowsRefused'],
      count,
    ),
    baseline: first(
      head,
      ['validation.baseline', 'training.baseline', 'metrics.baseline', 'cv.baseline', 'baseline'],
      baseline,
    ),
    inSample: first(
      head,
      [
        'validation.inSample',
        'training.inSample',
        'metrics.inSample',
        'inSample',
        'metrics.in_sample',
        'training.in_sample',
      ],
      metricsOf,
    ),
  };
}

/** The baseline's name when the head gives none: what a model must beat to have learnt anything. */
export function baselineName(task: 'regression' | 'classification'): string {
  return task === 'regression' ? 'Mean of the training folds' : 'Class prior of the training folds';
}
