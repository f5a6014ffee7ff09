// Small dense linear algebra for the linear heads: row-major Float64Array matrices.

export type Matrix = { rows: number; cols: number; data: Float64Array };

export function matrix(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function fromRows(rows: ArrayLike<number>[]): Matrix {
  const cols = rows.length ? rows[0].length : 0;
  const m = matrix(rows.length, cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new Error(`row ${i} has ${r.length} values, expected ${cols}`);
    m.data.set(r, i * cols);
  });
  return m;
}

/** AᵀA (cols x cols), symmetric. */
export function gramCols(a: Matrix): Matrix {
  const { rows, cols, data } = a;
  const g = matrix(cols, cols);
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let i = 0; i < cols; i++) {
      const v = data[off + i];
      if (v === 0) continue;
      const gi = i * cols;
      for (let j = i; j < cols; j++) g.data[gi + j] += v * data[off + j];
    }
  }
  for (let i = 0; i < cols; i++) for (let j = 0; j < i; j++) g.data[i * cols + j] = g.data[j * cols + i];
  return g;
}

/** AAᵀ (rows x rows), symmetric. */
export function gramRows(a: Matrix): Matrix {
  const { rows, cols, data } = a;
  const g = matrix(rows, rows);
  for (let i = 0; i < rows; i++) {
    for (let j = i; j < rows; j++) {
      let s = 0;
      for (let k = 0, oi = i * cols, oj = j * cols; k < cols; k++) s += data[oi + k] * data[oj + k];
      g.data[i * rows + j] = s;
      g.data[j * rows + i] = s;
    }
  }
  return g;
}

/** Aᵀv. */
export function tmul(a: Matrix, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.cols);
  for (let r = 0; r < a.rows; r++) {
    const x = v[r];
    if (x === 0) continue;
    for (let c = 0, off = r * a.cols; c < a.cols; c++) out[c] += a.data[off + c] * x;
  }
  return out;
}

/** Av. */
export function mul(a: Matrix, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.rows);
  for (let r = 0; r < a.rows; r++) {
    let s = 0;
    for (let c = 0, off = r * a.cols; c < a.cols; c++) s += a.data[off + c] * v[c];
    out[r] = s;
  }
  return out;
}

/** Solves (S + ridge·I) x = b for symmetric positive definite S by Cholesky; S is not modified. */
export function choleskySolve(s: Matrix, b: ArrayLike<number>, ridge = 0): Float64Array {
  const n = s.rows;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = s.data[i * n + j] + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(sum > 0)) throw new Error('matrix is not positive definite (increase the regularisation)');
        l[i * n + i] = Math.sqrt(sum);
      } else l[i * n + j] = sum / l[j * n + j];
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * y[k];
    y[i] = sum / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
    x[i] = sum / l[i * n + i];
  }
  return x;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** y += a·x. */
export function axpy(a: number, x: ArrayLike<number>, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}
