// L2-regularised logistic regression, the objective of scikit-learn's LogisticRegression(C):
// C · Σ log-loss + ½‖w‖², intercept unpenalised; minimised by L-BFGS (cost per step O(n·D), fine for D = 2048).
import { axpy, dot as dotp, type Matrix } from './linalg';
import { asDesign, type Design } from './design';
import type { LinearModel } from './ridge';

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
/** log(1 + e^z) without overflow. */
const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

export function fitLogistic(
  features: Matrix | Design,
  y: ArrayLike<number>,
  C: number,
  options: { maxIter?: number; tol?: number } = {},
): LinearModel {
  const x = asDesign(features);
  const d = x.cols,
    n = x.rows;
  const maxIter = options.maxIter ?? 500,
    tol = options.tol ?? 1e-7;
  // Parameters: weights then bias.
  const f = (p: Float64Array): { value: number; grad: Float64Array } => {
    const w = p.subarray(0, d),
      b = p[d];
    const z = x.mul(w);
    let loss = 0;
    const r = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const zi = z[i] + b;
      loss += softplus(zi) - y[i] * zi;
      r[i] = C * (sigmoid(zi) - y[i]);
    }
    const gw = x.tmul(r);
    let gb = 0,
      reg = 0;
    for (let i = 0; i < n; i++) gb += r[i];
    for (let j = 0; j < d; j++) {
      gw[j] += w[j];
      reg += w[j] * w[j];
    }
    const grad = new Float64Array(d + 1);
    grad.set(gw);
    grad[d] = gb;
    return { value: C * loss + 0.5 * reg, grad };
  };
  const p = lbfgs(f, new Float64Array(d + 1), maxIter, tol);
  return { weights: p.slice(0, d), bias: p[d] };
}

export function predictProba(m: LinearModel, x: Matrix | Design): Float64Array {
  const z = asDesign(x).mul(m.weights);
  return z.map(v => sigmoid(v + m.bias));
}

/** Limited-memory BFGS with a backtracking (Armijo) line search; stops on the gradient's max-norm. */
function lbfgs(
  f: (p: Float64Array) => { value: number; grad: Float64Array },
  p0: Float64Array,
  maxIter: number,
  tol: number,
): Float64Array {
  const m = 10;
  const s: Float64Array[] = [],
    yv: Float64Array[] = [],
    rho: number[] = [];
  let p = p0,
    cur = f(p);
  for (let iter = 0; iter < maxIter; iter++) {
    if (maxAbs(cur.grad) < tol) break;
    // Two-loop recursion: direction = -H·g.
    const q = Float64Array.from(cur.grad);
    const alpha: number[] = [];
    for (let i = s.length - 1; i >= 0; i--) {
      alpha[i] = rho[i] * dotp(s[i], q);
      axpy(-alpha[i], yv[i], q);
    }
    const gamma = s.length
      ? dotp(s[s.length - 1], yv[yv.length - 1]) / dotp(yv[yv.length - 1], yv[yv.length - 1])
      : 1 / Math.max(1, maxAbs(cur.grad));
    for (let i = 0; i < q.length; i++) q[i] *= gamma;
    for (let i = 0; i < s.length; i++) {
      const beta = rho[i] * dotp(yv[i], q);
      axpy(alpha[i] - beta, s[i], q);
    }
    const dir = q.map(v => -v);
    let slope = dotp(cur.grad, dir);
    if (slope >= 0) {
      for (let i = 0; i < dir.length; i++) dir[i] = -cur.grad[i];
      slope = dotp(cur.grad, dir);
      s.length = yv.length = rho.length = 0;
    }
    let step = 1,
      next = p,
      nextVal = cur;
    for (let k = 0; k < 50; k++) {
      next = p.map((v, i) => v + step * dir[i]);
      nextVal = f(next);
      if (nextVal.value <= cur.value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    const sk = next.map((v, i) => v - p[i]);
    const yk = nextVal.grad.map((v, i) => v - cur.grad[i]);
    const sy = dotp(sk, yk);
    if (sy > 1e-12) {
      s.push(sk);
      yv.push(yk);
      rho.push(1 / sy);
      if (s.length > m) {
        s.shift();
        yv.shift();
        rho.shift();
      }
    }
    const improvement = cur.value - nextVal.value;
    p = next;
    cur = nextVal;
    if (improvement >= 0 && improvement < 1e-14 * Math.max(1, Math.abs(cur.value))) break;
  }
  return p;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
