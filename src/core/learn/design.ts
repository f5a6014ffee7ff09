// Feature matrices that the linear heads only multiply by, so that fingerprints stay sparse: the on-bits of each
// row (about 50 of 2048 for ECFP4), a dense block (embeddings), or blocks side by side.
import { mul, tmul, type Matrix } from './linalg';
import type { Fingerprint } from '../similarity/ecfp';

export interface Design {
  readonly rows: number;
  readonly cols: number;
  /** X·v (one value per row). */
  mul(v: ArrayLike<number>): Float64Array;
  /** Xᵀ·u (one value per column). */
  tmul(u: ArrayLike<number>): Float64Array;
  /** The given rows, in that order. */
  subset(rows: readonly number[]): Design;
  /** Row `r` as a dense vector. */
  row(r: number): Float64Array;
}

/** Rows of 0/1 features stored as the indices of their ones (CSR without values); `weight` is the value of a one. */
export class BitRows implements Design {
  constructor(
    readonly cols: number,
    private readonly offsets: Int32Array,
    private readonly indices: Int32Array,
    readonly weight = 1,
  ) {}

  get rows(): number {
    return this.offsets.length - 1;
  }

  /** Packed fingerprints (bit b of byte i is column 8i + b, as fingerprintBits unpacks them). */
  static fromFingerprints(fps: readonly Fingerprint[]): BitRows {
    const offsets = new Int32Array(fps.length + 1);
    const indices: number[] = [];
    fps.forEach((fp, r) => {
      for (let i = 0; i < fp.length; i++) {
        const byte = fp[i];
        if (byte) for (let b = 0; b < 8; b++) if ((byte >> b) & 1) indices.push(i * 8 + b);
      }
      offsets[r + 1] = indices.length;
    });
    return new BitRows(fps.length ? fps[0].length * 8 : 0, offsets, Int32Array.from(indices));
  }

  withWeight(weight: number): BitRows {
    return new BitRows(this.cols, this.offsets, this.indices, weight);
  }

  /** Fraction of rows with each column set. */
  frequencies(): Float64Array {
    const f = new Float64Array(this.cols);
    for (let k = 0; k < this.indices.length; k++) f[this.indices[k]] += 1;
    for (let c = 0; c < this.cols; c++) f[c] /= Math.max(1, this.rows);
    return f;
  }

  mul(v: ArrayLike<number>): Float64Array {
    const { offsets, indices, weight } = this;
    const out = new Float64Array(this.rows);
    for (let r = 0; r < out.length; r++) {
      let s = 0;
      for (let k = offsets[r]; k < offsets[r + 1]; k++) s += v[indices[k]];
      out[r] = s * weight;
    }
    return out;
  }

  tmul(u: ArrayLike<number>): Float64Array {
    const { offsets, indices, weight } = this;
    const out = new Float64Array(this.cols);
    for (let r = 0; r < this.rows; r++) {
      const x = u[r] * weight;
      if (x !== 0) for (let k = offsets[r]; k < offsets[r + 1]; k++) out[indices[k]] += x;
    }
    return out;
  }

  subset(rows: readonly number[]): BitRows {
    const offsets = new Int32Array(rows.length + 1);
    let nnz = 0;
    rows.forEach((r, i) => (offsets[i + 1] = nnz += this.offsets[r + 1] - this.offsets[r]));
    const indices = new Int32Array(nnz);
    rows.forEach((r, i) => indices.set(this.indices.subarray(this.offsets[r], this.offsets[r + 1]), offsets[i]));
    return new BitRows(this.cols, offsets, indices, this.weight);
  }

  row(r: number): Float64Array {
    const out = new Float64Array(this.cols);
    for (let k = this.offsets[r]; k < this.offsets[r + 1]; k++) out[this.indices[k]] = this.weight;
    return out;
  }
}

/** A dense row-major matrix as a Design. */
export class DenseRows implements Design {
  constructor(readonly m: Matrix) {}
  get rows(): number {
    return this.m.rows;
  }
  get cols(): number {
    return this.m.cols;
  }

  mul(v: ArrayLike<number>): Float64Array {
    return mul(this.m, v);
  }

  tmul(u: ArrayLike<number>): Float64Array {
    return tmul(this.m, u);
  }

  subset(rows: readonly number[]): DenseRows {
    const { cols, data } = this.m;
    const out = new Float64Array(rows.length * cols);
    rows.forEach((r, i) => out.set(data.subarray(r * cols, (r + 1) * cols), i * cols));
    return new DenseRows({ rows: rows.length, cols, data: out });
  }

  row(r: number): Float64Array {
    return this.m.data.slice(r * this.m.cols, (r + 1) * this.m.cols);
  }
}

/** Blocks side by side (same rows): columns of the first block, then of the second, ... */
export class Blocks implements Design {
  readonly cols: number;
  constructor(readonly blocks: readonly Design[]) {
    this.cols = blocks.reduce((a, b) => a + b.cols, 0);
  }
  get rows(): number {
    return this.blocks[0]?.rows ?? 0;
  }

  mul(v: ArrayLike<number>): Float64Array {
    const out = new Float64Array(this.rows);
    const all = v instanceof Float64Array ? v : Float64Array.from(v);
    let off = 0;
    for (const b of this.blocks) {
      const part = b.mul(all.subarray(off, off + b.cols));
      for (let r = 0; r < out.length; r++) out[r] += part[r];
      off += b.cols;
    }
    return out;
  }

  tmul(u: ArrayLike<number>): Float64Array {
    const out = new Float64Array(this.cols);
    let off = 0;
    for (const b of this.blocks) {
      out.set(b.tmul(u), off);
      off += b.cols;
    }
    return out;
  }

  subset(rows: readonly number[]): Blocks {
    return new Blocks(this.blocks.map(b => b.subset(rows)));
  }

  row(r: number): Float64Array {
    const out = new Float64Array(this.cols);
    let off = 0;
    for (const b of this.blocks) {
      out.set(b.row(r), off);
      off += b.cols;
    }
    return out;
  }
}

/** A Matrix as a Design (a Design as it is). */
export function asDesign(x: Matrix | Design): Design {
  return 'data' in x ? new DenseRows(x) : x;
}
