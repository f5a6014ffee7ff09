// Outliers in a numeric label column (MOL204; docs/rules/MOL204.md explains the choice). Two tests:
// - a skew-adjusted robust z-score: distance from the median in units of that side's own spread, estimated from the
//   10th or 90th percentile, so a long ordinary tail (solubilities, potencies) widens its own side instead of
//   being flagged, while the other side stays tight;
// - an order-of-magnitude gap: on positive values, a handful sitting at least two decades beyond all the others
//   (a ×1000 unit slip) even when the log scale makes their z-score look modest.

export interface Outlier {
  /** Position in the values given. */
  index: number;
  /** Robust z-score on the side of the median the value lies on (on log10 when `log`). */
  z: number;
  reason: 'far' | 'magnitude-gap';
}

export interface OutlierScan {
  outliers: Outlier[];
  /** Whether the column was judged on log10 (positive values spanning more than two decades in their middle 90%). */
  log: boolean;
  median: number;
}

/** A normal distribution's 90th percentile in standard deviations: (P90 - median) / 1.2816 estimates sigma. */
const Z90 = 1.2815516;
/** A gap of at least this many decades, with at most GAP_SHARE of the values beyond it, is a unit slip. */
const GAP_DECADES = 2;
const GAP_SHARE = 0.01;

/** Linear interpolation between order statistics (type 7, as numpy and R by default). */
function quantile(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

export function findOutliers(values: number[], threshold: number): OutlierScan {
  const n = values.length;
  const raw = Float64Array.from(values).sort();
  // Potencies and concentrations span orders of magnitude: judge them on a log scale. The middle 90% decides, so
  // that a slip does not itself switch the scale.
  const log = raw[0] > 0 && quantile(raw, 0.95) / quantile(raw, 0.05) > 100;
  const xs = log ? values.map(Math.log10) : values;
  const sorted = log ? Float64Array.from(xs).sort() : raw;
  const med = quantile(sorted, 0.5);
  const left = (med - quantile(sorted, 0.1)) / Z90;
  const right = (quantile(sorted, 0.9) - med) / Z90;
  // A side packed at the median (a cap, a detection limit) gets at least a quarter of the two spreads together.
  const floor = (left + right) / 4;
  const scaleLeft = Math.max(left, floor);
  const scaleRight = Math.max(right, floor);
  const outliers: Outlier[] = [];
  const flagged = new Set<number>();
  if (scaleLeft > 0 && scaleRight > 0) {
    for (let i = 0; i < n; i++) {
      const d = xs[i] - med;
      const z = d < 0 ? -d / scaleLeft : d / scaleRight;
      if (z > threshold) {
        outliers.push({ index: i, z, reason: 'far' });
        flagged.add(i);
      }
    }
  }
  if (raw[0] > 0) {
    for (const i of magnitudeGap(values)) {
      if (flagged.has(i)) continue;
      const d = Math.log10(values[i]) - (log ? med : Math.log10(Math.abs(med) || 1));
      outliers.push({ index: i, z: Math.abs(d), reason: 'magnitude-gap' });
    }
  }
  outliers.sort((a, b) => a.index - b.index);
  return { outliers, log, median: med };
}

/** Positive values that sit at least GAP_DECADES beyond all the others, when they are few (either end). */
function magnitudeGap(values: number[]): number[] {
  const order = values.map((v, i) => ({ v: Math.log10(v), i })).sort((a, b) => a.v - b.v);
  const most = Math.max(1, Math.floor(GAP_SHARE * order.length));
  const out: number[] = [];
  // High end: the largest gap among the top `most + 1` values.
  for (let k = 1; k <= most && k < order.length; k++) {
    const j = order.length - k;
    if (order[j].v - order[j - 1].v >= GAP_DECADES) {
      for (let m = j; m < order.length; m++) out.push(order[m].i);
      break;
    }
  }
  for (let k = 1; k <= most && k < order.length; k++) {
    if (order[k].v - order[k - 1].v >= GAP_DECADES) {
      for (let m = 0; m < k; m++) out.push(order[m].i);
      break;
    }
  }
  return out;
}
