// A trained head (molml-head/1 JSON): a linear model on embeddings or ECFP, with what prediction needs to be
// honest about itself: the model it was trained on, its standardisation, cross-validated metrics, fold models
// for an uncertainty, and the training set's fingerprints for an applicability-domain similarity.
import type { Fingerprint } from '../similarity/ecfp';
import { maxTanimoto } from '../similarity/top-k';
import { dot } from './linalg';
import { standardizeRow, type Standardization } from './standardize';
import type { CvResult, TaskType } from './cross-validation';
import type { ModelIdentity } from '../model/cache';

export type HeadFeatures =
  | { kind: 'embedding'; model: ModelIdentity }
  | { kind: 'ecfp'; radius: 2; nBits: 2048 };

export interface HeadFile {
  format: 'molml-head/1';
  task: { name: string; type: TaskType };
  features: HeadFeatures;
  method: 'ridge' | 'logistic';
  hyperparameter: { alpha: number } | { C: number };
  standardization: Standardization | null;
  weights: number[];
  bias: number;
  /** Ridge: the cross-validation fold models; the spread of their predictions is reported as uncertainty. */
  ensemble?: { weights: number[][]; bias: number[] };
  metrics: { folds: number; rows: number } & Record<string, number>;
  training: { file?: string; label: string; created: string };
  /** Nearest-neighbour Tanimoto to these (base64 packed Morgan r2/2048) is the applicability-domain similarity. */
  applicability: { kind: 'ecfp-tanimoto-nn'; radius: 2; nBits: 2048; fingerprints: string[] };
}

const round = (v: number) => Number(v.toPrecision(8));

export function buildHead(cv: CvResult, args: {
  taskName: string; task: TaskType; features: HeadFeatures; folds: number; rows: number; label: string; file?: string; trainingFingerprints: Fingerprint[];
}): HeadFile {
  return {
    format: 'molml-head/1',
    task: { name: args.taskName, type: args.task },
    features: args.features,
    method: cv.method,
    hyperparameter: cv.hyperparameter,
    standardization: cv.standardization ? { mean: cv.standardization.mean.map(round), scale: cv.standardization.scale.map(round) } : null,
    weights: Array.from(cv.model.weights, round),
    bias: round(cv.model.bias),
    ...(cv.ensemble ? { ensemble: { weights: cv.ensemble.map(m => Array.from(m.weights, round)), bias: cv.ensemble.map(m => round(m.bias)) } } : {}),
    metrics: { folds: args.folds, rows: args.rows, ...cv.metrics },
    training: { ...(args.file ? { file: args.file } : {}), label: args.label, created: new Date().toISOString() },
    applicability: { kind: 'ecfp-tanimoto-nn', radius: 2, nBits: 2048, fingerprints: args.trainingFingerprints.map(f => Buffer.from(f).toString('base64')) },
  };
}

export interface HeadPrediction { value: number; uncertainty?: number; adSimilarity: number }

export class Head {
  private readonly training: Fingerprint[];
  constructor(readonly file: HeadFile) {
    this.training = file.applicability.fingerprints.map(b => new Uint8Array(Buffer.from(b, 'base64')));
  }

  get dimension(): number { return this.file.weights.length; }

  /** `features`: the raw embedding or unpacked fingerprint bits; `fp`: the molecule's fingerprint (for AD). */
  predict(features: ArrayLike<number>, fp: Fingerprint | undefined): HeadPrediction {
    if (features.length !== this.dimension) throw new Error(`the head expects ${this.dimension} features, got ${features.length}`);
    const z = standardizeRow(features, this.file.standardization ?? undefined);
    const link = (v: number) => this.file.task.type === 'classification' ? 1 / (1 + Math.exp(-v)) : v;
    const value = link(dot(this.file.weights, z) + this.file.bias);
    const out: HeadPrediction = { value, adSimilarity: fp ? maxTanimoto(fp, this.training) : NaN };
    const e = this.file.ensemble;
    if (e && e.weights.length > 1) {
      const preds = e.weights.map((w, i) => dot(w, z) + e.bias[i]);
      const mean = preds.reduce((a, b) => a + b, 0) / preds.length;
      out.uncertainty = Math.sqrt(preds.reduce((a, p) => a + (p - mean) ** 2, 0) / preds.length);
    }
    return out;
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const numbers = (v: unknown, n?: number) => Array.isArray(v) && v.every(x => typeof x === 'number' && Number.isFinite(x)) && (n === undefined || v.length === n);

/** Checks a parsed head file; messages name the field. */
export function validateHead(json: unknown): { ok: true; value: HeadFile } | { ok: false; issues: string[] } {
  const issues: string[] = [];
  if (!isObj(json)) return { ok: false, issues: ['must be a JSON object'] };
  if (json.format !== 'molml-head/1') issues.push(`format: must be "molml-head/1" (got ${JSON.stringify(json.format)})`);
  const task = json.task;
  if (!isObj(task) || typeof task.name !== 'string' || !['regression', 'classification'].includes(task.type as string)) issues.push('task: must be { name, type: "regression" | "classification" }');
  const f = json.features;
  if (!isObj(f) || !(f.kind === 'ecfp' || (f.kind === 'embedding' && isObj(f.model) && typeof f.model.id === 'string' && typeof f.model.version === 'string'))) {
    issues.push('features: must be { kind: "ecfp" } or { kind: "embedding", model: { id, version, sha256 } }');
  }
  if (!numbers(json.weights) || (json.weights as number[]).length === 0) issues.push('weights: must be an array of numbers');
  const d = Array.isArray(json.weights) ? json.weights.length : 0;
  if (typeof json.bias !== 'number') issues.push('bias: must be a number');
  if (json.standardization !== null && json.standardization !== undefined) {
    const s = json.standardization;
    if (!isObj(s) || !numbers(s.mean, d) || !numbers(s.scale, d)) issues.push(`standardization: must be null or { mean, scale } with ${d} numbers each`);
  }
  if (json.ensemble !== undefined) {
    const e = json.ensemble;
    if (!isObj(e) || !Array.isArray(e.weights) || !e.weights.every(w => numbers(w, d)) || !numbers(e.bias, Array.isArray(e.weights) ? e.weights.length : 0)) issues.push('ensemble: must be { weights: number[][], bias: number[] } matching the weights');
  }
  const ad = json.applicability;
  if (!isObj(ad) || ad.kind !== 'ecfp-tanimoto-nn' || !Array.isArray(ad.fingerprints) || !ad.fingerprints.every(s => typeof s === 'string')) issues.push('applicability: must be { kind: "ecfp-tanimoto-nn", fingerprints: base64[] }');
  return issues.length ? { ok: false, issues } : { ok: true, value: json as unknown as HeadFile };
}
