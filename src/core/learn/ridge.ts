// Ridge regression with an unpenalised intercept on a dense matrix (standardised embeddings), solved exactly: the
// D x D normal equations by Cholesky when there are at least as many samples as features, the n x n dual system
// otherwise. Sparse fingerprints go through ridge-path.ts instead, which never forms either matrix.
import { choleskySolve, gramCols, gramRows, matrix, tmul, type Matrix } from './linalg';
import { asDesign, type Design } from './design';

export interface LinearModel {
  weights: Float64Array;
  bias: number;
}

/** Fits one model per alpha, sharing the Gram matrix. */
export function fitRidge(x: Matrix, y: ArrayLike<number>, alphas: number[]): LinearModel[] {
  const { rows: n, cols: d } = x;
  const xMean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) xMean[c] += x.data[r * d + c] / n;
  let yMean = 0;
  for (let r = 0; r < n; r++) yMean += y[r] / n;
  const xc = matrix(n, d);
  for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) xc.data[r * d + c] = x.data[r * d + c] - xMean[c];
  const yc = Float64Array.from({ length: n }, (_, r) => y[r] - yMean);
  const primal = d <= n;
  const gram = primal ? gramCols(xc) : gramRows(xc);
  const rhs = primal ? tmul(xc, yc) : yc;
  return alphas.map(alpha => {
    const sol = choleskySolve(gram, rhs, alpha);
    const weights = primal ? sol : tmul(xc, sol);
    let bias = yMean;
    for (let c = 0; c < d; c++) bias -= weights[c] * xMean[c];
    return { weights, bias };
  });
}

export function predictLinear(m: LinearModel, x: Matrix | Design): Float64Array {
  const p = asDesign(x).mul(m.weights);
  for (let i = 0; i < p.length; i++) p[i] += m.bias;
  return p;
}
