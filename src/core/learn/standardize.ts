// Column standardisation (population standard deviation, as scikit-learn's StandardScaler); constant columns keep scale 1.
import { matrix, type Matrix } from './linalg';

export interface Standardization {
  mean: number[];
  scale: number[];
}

export function fitStandardization(x: Matrix): Standardization {
  const mean = new Array<number>(x.cols).fill(0);
  const sq = new Array<number>(x.cols).fill(0);
  for (let r = 0; r < x.rows; r++) for (let c = 0; c < x.cols; c++) mean[c] += x.data[r * x.cols + c];
  for (let c = 0; c < x.cols; c++) mean[c] /= x.rows;
  for (let r = 0; r < x.rows; r++)
    for (let c = 0; c < x.cols; c++) {
      const d = x.data[r * x.cols + c] - mean[c];
      sq[c] += d * d;
    }
  const scale = sq.map(s => {
    const sd = Math.sqrt(s / x.rows);
    return sd > 1e-12 ? sd : 1;
  });
  return { mean, scale };
}

export function applyStandardization(x: Matrix, s: Standardization | undefined): Matrix {
  if (!s) return x;
  const out = matrix(x.rows, x.cols);
  for (let r = 0; r < x.rows; r++)
    for (let c = 0; c < x.cols; c++) out.data[r * x.cols + c] = (x.data[r * x.cols + c] - s.mean[c]) / s.scale[c];
  return out;
}

export function standardizeRow(v: ArrayLike<number>, s: Standardization | undefined): Float64Array {
  const out = Float64Array.from(v as ArrayLike<number>);
  if (s) for (let c = 0; c < out.length; c++) out[c] = (out[c] - s.mean[c]) / s.scale[c];
  return out;
}
