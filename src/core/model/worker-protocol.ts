// Messages between the editor and the model worker thread (src/workers/model-worker.ts). Plain data only: the
// worker loads models and RDKit, the editor reads files and shows results.
import type { DeviceRequest } from './providers';
import type { PrecisionRequest } from './runtime';
import type { HeadFile } from '../learn/head';
import type { TaskType } from '../learn/cross-validation';
import type { FeatureChoice, PredictionColumn, SimilaritySection, SplitKind } from './tasks';
import type { Fragments, MoleculeResult, PreflightIssue } from './runtime';

export interface ModelSpec {
  directory: string;
  device: DeviceRequest;
  precision?: PrecisionRequest;
  batchSize?: number;
  cacheDirectory?: string;
  /** onnxruntime intra-op threads (default: its own choice). */ threads?: number;
  /** Overrides the model's fragment policy for this run (RunOptions.fragments). */
  fragments?: Fragments;
}

export type Job =
  | { kind: 'predict'; smiles: string[]; model?: ModelSpec; head?: { name: string; file: HeadFile } }
  | { kind: 'embed'; smiles: string[]; model: ModelSpec; format: 'csv' | 'npy' }
  /** Model.run itself: one shard of a data-parallel run (sharded.ts). */
  | { kind: 'vectors'; smiles: string[]; model: ModelSpec }
  | { kind: 'similar'; query: string; smiles: string[]; top: number; model?: ModelSpec }
  | {
      kind: 'train';
      smiles: string[];
      labels: (number | undefined)[];
      task: TaskType;
      folds: number;
      /** Default: scaffold. */
      split?: SplitKind;
      features: FeatureChoice;
      label: string;
      file: string;
      model?: ModelSpec;
    }
  /** Depictions (SVG) for the results view; null where RDKit cannot draw the molecule. */
  | { kind: 'depict'; smiles: string[]; size: number };

/** What the model in use turned out to be (sent once per job that loaded or reused one). */
export interface LoadedModel {
  label: string;
  directory: string;
  device: string;
  deviceNote?: string;
}

/** `device`: where the model of this job ran (absent when only an ECFP head predicted). */
export interface PredictOutcome {
  kind: 'predict';
  columns: PredictionColumn[];
  adSimilarity?: (number | undefined)[];
  issues: PreflightIssue[];
  warnings: string[];
  /** Per row: why the model read it only in part (truncated, unknown tokens) or not as written; scored anyway. */
  rowWarnings?: (string | undefined)[];
  device?: string;
}
export interface EmbedOutcome {
  kind: 'embed';
  data: Uint8Array;
  embedded: number;
  dim: number;
  issues: PreflightIssue[];
}
export interface SimilarOutcome {
  kind: 'similar';
  sections: SimilaritySection[];
  issues: PreflightIssue[];
  modelNote?: string;
}
export interface TrainCandidateSummary {
  name: string;
  features: 'embedding' | 'ecfp' | 'embedding+ecfp';
  method: string;
  hyperparameter: number;
  rows: number[];
  /** Cross-validated (out-of-fold) metrics. */
  metrics: Record<string, number>;
  /** The same folds predicted by the training folds' mean (regression) or positive share (classification). */
  baselineMetrics: Record<string, number>;
  /** The final model on its own training rows (optimistic). */
  inSampleMetrics: Record<string, number>;
  outOfFold: number[];
}
export interface TrainOutcome {
  kind: 'train';
  task: TaskType;
  split: SplitKind;
  folds: number;
  /** Labelled rows used by every candidate, and labelled rows refused. */
  rows: { used: number; refused: number };
  candidates: TrainCandidateSummary[];
  best: number;
  head: HeadFile;
  issues: PreflightIssue[];
}
export interface DepictOutcome {
  kind: 'depict';
  svgs: (string | null)[];
}
export interface VectorsOutcome {
  kind: 'vectors';
  results: (MoleculeResult | undefined)[];
  issues: PreflightIssue[];
  device: string;
  deviceNote?: string;
}
export type Outcome = PredictOutcome | EmbedOutcome | SimilarOutcome | TrainOutcome | DepictOutcome | VectorsOutcome;

/**
 * Calls to the model worker (src/core/worker-rpc.ts): a job, with progress as molecules done out of the total, or,
 * with `fitting` (training), cross-validation fits done of the candidate's total.
 */
export type ModelCalls = {
  run: { params: Job; result: Outcome; progress: { done: number; total: number; fitting?: string } };
};

export type ModelNotes = {
  /** Settings changed: release loaded models so the next job loads them with the new settings. */
  reset: Record<string, never>;
};

export type ModelEvents = {
  /** A job loaded (or reused) this model. */
  model: LoadedModel;
};
