// A trained head (molml-head/1 JSON): a linear model on embeddings, on ECFP or on both, with what prediction needs to
// be honest about itself: the model it was trained on, its standardisation, cross-validated metrics beside a
// baseline and the in-sample fit, fold models for an uncertainty, and the training set's fingerprints for an
// applicability-domain similarity. Fields added since the first heads are optional, so older heads still load.
import * as z from 'zod';
import type { Fingerprint } from '../similarity/ecfp';
import { maxTanimoto } from '../similarity/top-k';
import { dot } from './linalg';
import { standardizeRow, type Standardization } from './standardize';
import type { CvResult, TaskType } from './cross-validation';
import type { ModelIdentity } from '../model/cache';
import { issueLines } from '../schema-issues';

const finite = z.number().finite();
const numbers = z.array(finite);
const ecfpSettings = { radius: z.literal(2), nBits: z.literal(2048) };
const modelIdentity = z.object({
  id: z.string(),
  version: z.string(),
  sha256: z.string(),
}) satisfies z.ZodType<ModelIdentity>;

const fragmentsInput = z.object({ fragments: z.enum(['all', 'largest']) }).optional();

export const headFeatures = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('embedding'),
      model: modelIdentity,
      /**
       * What the model was fed when the head was trained: the whole SMILES or the largest fragment. Absent in heads
       * written before it was recorded: those were trained on largest fragments wherever the model's vocabulary had
       * no fragment separator.
       */
      input: fragmentsInput,
    }),
    z.object({ kind: z.literal('ecfp'), ...ecfpSettings }),
    /** The embedding, then the 2048 fingerprint bits, as one feature vector. */
    z.object({ kind: z.literal('embedding+ecfp'), model: modelIdentity, input: fragmentsInput, ...ecfpSettings }),
  ],
  {
    error:
      'must be { kind: "ecfp", radius: 2, nBits: 2048 }, { kind: "embedding", model: { id, version, sha256 } } or { kind: "embedding+ecfp", model, radius: 2, nBits: 2048 }',
  },
);
export type HeadFeatures = z.infer<typeof headFeatures>;

const metricSet = z.record(z.string(), finite);

/** How the head was validated (see docs/train.md). */
export const headValidation = z.object({
  /** "scaffold": whole Bemis–Murcko scaffolds per fold; "random": shuffled (stratified for classification). */
  split: z.enum(['scaffold', 'random']),
  folds: z.number().int().min(2),
  /** Labelled rows used, and labelled rows refused (unparsable SMILES, or refused by the model). */
  rows: z.object({ used: z.number().int(), refused: z.number().int() }),
  /** Out-of-fold metrics of the chosen hyperparameter (the same numbers as `metrics`). */
  crossValidated: metricSet,
  /** The same folds predicted by the training folds' mean label (regression) or positive share (classification). */
  baseline: z.object({ predictor: z.enum(['mean', 'prior']), metrics: metricSet }),
  /** The final model on its own training rows: optimistic, not an estimate of performance. */
  inSample: metricSet,
});
export type HeadValidation = z.infer<typeof headValidation>;

/** A molml-head/1 file; other fields are ignored. */
const headFile = z.object({
  format: z.literal('molml-head/1'),
  task: z.object({ name: z.string(), type: z.enum(['regression', 'classification'] satisfies TaskType[]) }),
  features: headFeatures,
  method: z.enum(['ridge', 'logistic']),
  hyperparameter: z.union([z.object({ alpha: finite }), z.object({ C: finite })]),
  standardization: z.object({ mean: numbers, scale: numbers }).nullable() satisfies z.ZodType<Standardization | null>,
  weights: numbers.min(1),
  bias: finite,
  /** Ridge: the cross-validation fold models; the spread of their predictions is reported as uncertainty. */
  ensemble: z.object({ weights: z.array(numbers), bias: numbers }).optional(),
  metrics: z.object({ folds: finite, rows: finite }).catchall(finite),
  validation: headValidation.optional(),
  training: z.object({ file: z.string().optional(), label: z.string(), created: z.string() }),
  /** Nearest-neighbour Tanimoto to these (base64 packed Morgan r2/2048) is the applicability-domain similarity. */
  applicability: z.object({ kind: z.literal('ecfp-tanimoto-nn'), ...ecfpSettings, fingerprints: z.array(z.string()) }),
});
export type HeadFile = z.infer<typeof headFile>;

const round = (v: number) => Number(v.toPrecision(8));

export function buildHead(
  cv: CvResult,
  args: {
    taskName: string;
    task: TaskType;
    features: HeadFeatures;
    folds: number;
    rows: number;
    split: 'scaffold' | 'random';
    /** Labelled rows that could not be used. */
    refused: number;
    label: string;
    file?: string;
    trainingFingerprints: Fingerprint[];
  },
): HeadFile {
  return {
    format: 'molml-head/1',
    task: { name: args.taskName, type: args.task },
    features: args.features,
    method: cv.method,
    hyperparameter: cv.hyperparameter,
    standardization: cv.standardization
      ? { mean: cv.standardization.mean.map(round), scale: cv.standardization.scale.map(round) }
      : null,
    weights: Array.from(cv.model.weights, round),
    bias: round(cv.model.bias),
    ...(cv.ensemble
      ? {
          ensemble: {
            weights: cv.ensemble.map(m => Array.from(m.weights, round)),
            bias: cv.ensemble.map(m => round(m.bias)),
          },
        }
      : {}),
    metrics: { folds: args.folds, rows: args.rows, ...cv.metrics },
    validation: {
      split: args.split,
      folds: args.folds,
      rows: { used: args.rows, refused: args.refused },
      crossValidated: { ...cv.metrics },
      baseline: { predictor: args.task === 'regression' ? 'mean' : 'prior', metrics: { ...cv.baseline } },
      inSample: { ...cv.inSample },
    },
    training: { ...(args.file ? { file: args.file } : {}), label: args.label, created: new Date().toISOString() },
    applicability: {
      kind: 'ecfp-tanimoto-nn',
      radius: 2,
      nBits: 2048,
      fingerprints: args.trainingFingerprints.map(f => Buffer.from(f).toString('base64')),
    },
  };
}

export interface HeadPrediction {
  value: number;
  uncertainty?: number;
  adSimilarity: number;
}

export class Head {
  private readonly training: Fingerprint[];
  constructor(readonly file: HeadFile) {
    this.training = file.applicability.fingerprints.map(b => new Uint8Array(Buffer.from(b, 'base64')));
  }

  get dimension(): number {
    return this.file.weights.length;
  }

  /** `features`: the raw embedding or unpacked fingerprint bits; `fp`: the molecule's fingerprint (for AD). */
  predict(features: ArrayLike<number>, fp: Fingerprint | undefined): HeadPrediction {
    if (features.length !== this.dimension)
      throw new Error(`the head expects ${this.dimension} features, got ${features.length}`);
    const z = standardizeRow(features, this.file.standardization ?? undefined);
    const link = (v: number) => (this.file.task.type === 'classification' ? 1 / (1 + Math.exp(-v)) : v);
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

/** Checks a parsed head file: its fields, then that the vectors match the weights; messages name the field. */
export function validateHead(json: unknown): { ok: true; value: HeadFile } | { ok: false; issues: string[] } {
  const parsed = headFile.safeParse(json);
  if (!parsed.success) return { ok: false, issues: issueLines(parsed.error) };
  const head = parsed.data,
    d = head.weights.length,
    issues: string[] = [];
  const { standardization: s, ensemble: e } = head;
  if (s && (s.mean.length !== d || s.scale.length !== d))
    issues.push(`standardization: must have ${d} numbers in mean and in scale, as many as the weights`);
  if (e && (e.bias.length !== e.weights.length || e.weights.some(w => w.length !== d)))
    issues.push(`ensemble: must have one bias per model and ${d} weights per model`);
  return issues.length ? { ok: false, issues } : { ok: true, value: head };
}
