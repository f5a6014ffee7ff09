// Regression and classification metrics, defined as in scikit-learn.

export function rmse(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i] - p[i]) ** 2;
  return Math.sqrt(s / y.length);
}

export function mae(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(y[i] - p[i]);
  return s / y.length;
}

export function r2(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i] / y.length;
  let res = 0,
    tot = 0;
  for (let i = 0; i < y.length; i++) {
    res += (y[i] - p[i]) ** 2;
    tot += (y[i] - mean) ** 2;
  }
  return tot === 0 ? NaN : 1 - res / tot;
}

/** Area under the ROC curve (Mann-Whitney U, ties counted half); NaN when a class is missing. */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const idx = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const ranks = new Float64Array(labels.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[idx[k]] = avg;
    i = j + 1;
  }
  let pos = 0,
    rankSum = 0;
  for (let i = 0; i < labels.length; i++)
    if (labels[i] === 1) {
      pos++;
      rankSum += ranks[i];
    }
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function accuracy(labels: ArrayLike<number>, proba: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < labels.length; i++) if ((proba[i] >= 0.5 ? 1 : 0) === labels[i]) ok++;
  return ok / labels.length;
}

export interface RegressionMetrics {
  rmse: number;
  mae: number;
  r2: number;
}
export interface ClassificationMetrics {
  rocAuc: number;
  accuracy: number;
}

export const regressionMetrics = (y: ArrayLike<number>, p: ArrayLike<number>): RegressionMetrics => ({
  rmse: rmse(y, p),
  mae: mae(y, p),
  r2: r2(y, p),
});
export const classificationMetrics = (y: ArrayLike<number>, p: ArrayLike<number>): ClassificationMetrics => ({
  rocAuc: rocAuc(y, p),
  accuracy: accuracy(y, p),
});
