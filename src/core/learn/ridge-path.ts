// Ridge regression (unpenalised intercept) for a whole grid of alphas from one Lanczos tridiagonalisation of the
// centred Gram operator, which touches the features only through X·v and Xᵀ·u: on sparse fingerprints a product
// costs about 2·(on-bits) operations instead of n·2048, and the D x D (or n x n) matrix is never formed.
//
// The Krylov space of (G + αI) is the same for every α, so one basis Q (G·Q = Q·T + residual) serves the whole grid:
// each α costs one tridiagonal solve (T + αI) z = ‖b‖e₁ and x = Q·z. Full re-orthogonalisation keeps Q orthonormal, so
// the iteration is exact once T spans the solution; it stops when every α's solution error is provably below
// `tolerance` (‖x − x*‖ ≤ ‖residual‖ / α, the residual being |β_k·z_k|) or when the space is exhausted.
import type { Design } from './design';
import { axpy, dot } from './linalg';
import type { LinearModel } from './ridge';

export interface RidgePathOptions {
  /** Relative error bound on each solution (default 1e-12). */
  tolerance?: number;
}

/** One model per alpha, equal (to `tolerance`) to the exact ridge solution with a centred intercept. */
export function fitRidgePath(
  x: Design,
  y: ArrayLike<number>,
  alphas: readonly number[],
  options: RidgePathOptions = {},
): LinearModel[] {
  const n = x.rows,
    d = x.cols;
  const mean = x.tmul(new Float64Array(n).fill(1 / n));
  let yMean = 0;
  for (let r = 0; r < n; r++) yMean += y[r] / n;
  const yc = Float64Array.from({ length: n }, (_, r) => y[r] - yMean);
  /** Xc·v with Xc = X − 1·meanᵀ. */
  const cmul = (v: Float64Array) => {
    const u = x.mul(v);
    const s = dot(mean, v);
    for (let r = 0; r < n; r++) u[r] -= s;
    return u;
  };
  /** Xcᵀ·u. */
  const ctmul = (u: Float64Array) => {
    const t = x.tmul(u);
    let s = 0;
    for (let r = 0; r < n; r++) s += u[r];
    for (let c = 0; c < d; c++) t[c] -= mean[c] * s;
    return t;
  };
  // The smaller of the primal (D x D, XcᵀXc) and dual (n x n, XcXcᵀ) systems: same non-zero spectrum.
  const primal = d <= n;
  const solutions = shiftedLanczos(
    primal ? v => ctmul(cmul(v)) : c => cmul(ctmul(c)),
    primal ? ctmul(yc) : yc,
    alphas,
    options.tolerance ?? 1e-12,
  );
  return solutions.map(s => {
    const weights = primal ? s : ctmul(s);
    return { weights, bias: yMean - dot(weights, mean) };
  });
}

/** Solves (A + s·I) x = b for each shift s, A symmetric positive semi-definite given as a product. */
function shiftedLanczos(
  apply: (v: Float64Array) => Float64Array,
  b: Float64Array,
  shifts: readonly number[],
  tolerance: number,
): Float64Array[] {
  const m = b.length;
  const bNorm = Math.sqrt(dot(b, b));
  if (bNorm === 0) return shifts.map(() => new Float64Array(m));
  const basis: Float64Array[] = [];
  const diag: number[] = [],
    off: number[] = [];
  let q = b.map(v => v / bNorm);
  let tNorm = 0;
  const converged = shifts.map(() => false);
  let z: Float64Array[] = [];
  for (let k = 0; k < m; k++) {
    basis.push(q);
    const v = apply(q);
    const a = dot(q, v);
    axpy(-a, q, v);
    if (k > 0) axpy(-off[k - 1], basis[k - 1], v);
    // Twice is enough (Kahan–Parlett): the basis stays orthonormal to rounding.
    for (let pass = 0; pass < 2; pass++) for (const p of basis) axpy(-dot(p, v), p, v);
    diag.push(a);
    const beta = Math.sqrt(dot(v, v));
    tNorm = Math.max(tNorm, Math.abs(a) + beta + (k > 0 ? off[k - 1] : 0));
    const exhausted = beta <= 1e-14 * tNorm || k === m - 1;
    if (exhausted || k % 4 === 3) {
      z = shifts.map(s => tridiagonalSolve(diag, off, s, bNorm));
      shifts.forEach((s, i) => {
        const zn = Math.sqrt(dot(z[i], z[i]));
        converged[i] = (beta * Math.abs(z[i][k])) / s <= tolerance * zn;
      });
      if (exhausted || converged.every(Boolean)) break;
    }
    off.push(beta);
    q = v.map(x => x / beta);
  }
  return z.map(zi => {
    const x = new Float64Array(m);
    zi.forEach((c, j) => axpy(c, basis[j], x));
    return x;
  });
}

/** (T + s·I) z = r·e₁ for the symmetric tridiagonal T (diagonal `d`, off-diagonal `e`); positive definite for s > 0. */
function tridiagonalSolve(d: readonly number[], e: readonly number[], s: number, r: number): Float64Array {
  const k = d.length;
  const c = new Float64Array(k),
    z = new Float64Array(k);
  let denom = d[0] + s;
  z[0] = r / denom;
  for (let i = 1; i < k; i++) {
    c[i - 1] = e[i - 1] / denom;
    denom = d[i] + s - e[i - 1] * c[i - 1];
    z[i] = (-e[i - 1] * z[i - 1]) / denom;
  }
  for (let i = k - 2; i >= 0; i--) z[i] -= c[i] * z[i + 1];
  return z;
}
