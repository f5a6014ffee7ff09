// The numbers behind the results view's plots (drawn as inline SVG by plot-svg.ts): histogram bins, ROC points,
// regression statistics. Pure, so the unit tests check them directly.
import { r2, rmse, rocAuc } from '../learn/metrics';

export interface Histogram {
  edges: number[];
  counts: number[];
}

/** Equal-width bins over the finite values: Sturges' rule (at least 1, at most 40 bins). */
export function histogram(values: Array<number | null | undefined>, bins?: number): Histogram {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (!xs.length) return { edges: [], counts: [] };
  let lo = Infinity,
    hi = -Infinity;
  for (const x of xs) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  const k = Math.max(1, Math.min(40, bins ?? Math.ceil(Math.log2(xs.length) + 1)));
  if (hi === lo) return { edges: [lo - 0.5, lo + 0.5], counts: [xs.length] };
  const width = (hi - lo) / k;
  const edges = Array.from({ length: k + 1 }, (_, i) => (i === k ? hi : lo + i * width));
  const counts = new Array<number>(k).fill(0);
  // The last bin is closed on the right so the maximum is counted.
  for (const x of xs) counts[Math.min(k - 1, Math.floor((x - lo) / width))]++;
  return { edges, counts };
}

export interface RocCurve {
  points: Array<{ fpr: number; tpr: number }>;
  auc: number;
  positives: number;
  negatives: number;
}

/** ROC points at every distinct score threshold (ties move diagonally), from (0,0) to (1,1). */
export function rocCurve(
  labels: Array<number | null | undefined>,
  scores: Array<number | null | undefined>,
): RocCurve | undefined {
  const pairs: Array<{ y: number; s: number }> = [];
  labels.forEach((y, i) => {
    const s = scores[i];
    if ((y === 0 || y === 1) && typeof s === 'number' && Number.isFinite(s)) pairs.push({ y, s });
  });
  const positives = pairs.filter(p => p.y === 1).length,
    negatives = pairs.length - positives;
  if (!positives || !negatives) return undefined;
  pairs.sort((a, b) => b.s - a.s);
  const points = [{ fpr: 0, tpr: 0 }];
  let tp = 0,
    fp = 0;
  for (let i = 0; i < pairs.length;) {
    let j = i;
    while (j < pairs.length && pairs[j].s === pairs[i].s) {
      if (pairs[j].y === 1) tp++;
      else fp++;
      j++;
    }
    points.push({ fpr: fp / negatives, tpr: tp / positives });
    i = j;
  }
  return {
    points,
    auc: rocAuc(
      pairs.map(p => p.y),
      pairs.map(p => p.s),
    ),
    positives,
    negatives,
  };
}

export interface RegressionFit {
  n: number;
  r2: number;
  rmse: number;
  min: number;
  max: number;
  points: Array<{ x: number; y: number }>;
}

/** Predicted against measured over the rows that have both. */
export function regressionFit(
  measured: Array<number | null | undefined>,
  predicted: Array<number | null | undefined>,
): RegressionFit | undefined {
  const points: Array<{ x: number; y: number }> = [];
  measured.forEach((x, i) => {
    const y = predicted[i];
    if (typeof x === 'number' && Number.isFinite(x) && typeof y === 'number' && Number.isFinite(y))
      points.push({ x, y });
  });
  if (points.length < 2) return undefined;
  const xs = points.map(p => p.x),
    ys = points.map(p => p.y);
  return {
    n: points.length,
    r2: r2(xs, ys),
    rmse: rmse(xs, ys),
    min: Math.min(...xs, ...ys),
    max: Math.max(...xs, ...ys),
    points,
  };
}

/** Numeric values of a cell column (strings that parse as numbers count; anything else is missing). */
export function numericColumn(values: Array<string | number | null>): Array<number | null> {
  return values.map(v =>
    typeof v === 'number'
      ? v
      : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
        ? Number(v)
        : null,
  );
}
