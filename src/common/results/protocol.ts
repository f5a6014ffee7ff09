// The results view's one message protocol, defined by its schemas. The host validates every ToHost message with
// `toHostShapes` (and checks that row numbers and SMILES refer to the results it sent); the view checks ToWebview with
// `toWebviewShapes`.
import { field, protocol, type MessageOf } from '../messages';
import type { Relevance } from './task-groups';

/** How a column is shown and what plots it feeds. */
export type ColumnRole = 'row' | 'smiles' | 'id' | 'prediction' | 'uncertainty' | 'measured' | 'ad' | 'score' | 'text';

export interface ResultColumn {
  key: string;
  title: string;
  role: ColumnRole;
  /** Numeric columns sort and filter as numbers. */
  numeric: boolean;
  /** For predictions: the task's type (classification values are probabilities). */
  task?: 'regression' | 'classification';
  /** Extra words for the header's tooltip (units, source). */
  description?: string;
  /** Prediction and uncertainty columns: the task they belong to. */
  taskName?: string;
  /** The task's dataset: the view groups tasks by it. */
  dataset?: string;
  /** The task's name for the header, shorter than `title` (no dataset prefix). */
  name?: string;
  /** Unit of the values, shown under the name. */
  unit?: string;
  /** Prediction columns: why the task concerns this file, if it does (its tasks are shown first). */
  relevance?: Relevance;
  /** Measured columns: the tasks whose predictions they are measurements of. */
  measures?: string[];
}

export interface ResultRow {
  /** Position in the results (what the view sends back). */
  id: number;
  /** 1-based data row in the source file (or the molecule's number for text sources). */
  row: number;
  /** One value per column; null where there is none. */
  values: Array<string | number | null>;
  /** Why the pre-flight check refused this molecule. */
  flag?: string;
}

/** Set on plots whose metrics are not a fair test: the molecules were (or may have been) in the training data. */
export interface InSample {
  /** 'yes': the molecules were trained on; 'possibly': they may come from the model's training data. */
  kind: 'yes' | 'possibly';
  reason: string;
}

export type PlotSpec =
  | { kind: 'histogram'; column: string; title: string }
  /** Predicted (y) against measured (x), with R² and RMSE. */
  | { kind: 'scatter'; x: string; y: string; title: string; inSample?: InSample }
  /** ROC of a probability column against a 0/1 column. */
  | { kind: 'roc'; score: string; label: string; title: string; inSample?: InSample };

/** One row of the training report's comparison: a candidate head, or the baseline every head must beat. */
export interface CandidateRow {
  name: string;
  /** What the name leaves out: the model behind the embeddings, the fingerprint's settings. */
  detail?: string;
  kind: 'candidate' | 'baseline';
  method: string;
  /** The regularisation chosen by cross-validation ("alpha = 10"), empty for the baseline. */
  regularisation: string;
  rows: number | null;
  /** Cross-validated (out-of-fold) metrics by key; null where not computed. */
  metrics: Record<string, number | null>;
  chosen: boolean;
}

/** What a training run did, for the training report; null fields were not recorded by the head. */
export interface TrainingReport {
  label: string;
  task: 'regression' | 'classification';
  /** k of the k-fold cross-validation. */
  folds: number | null;
  split: 'random' | 'scaffold' | null;
  rowsUsed: number | null;
  rowsRefused: number | null;
  /** Metric keys (rmse, mae, r2, rocAuc, accuracy) in the order of the table's columns. */
  metrics: string[];
  candidates: CandidateRow[];
  /** The chosen head's metrics on the rows it was fitted on: optimistic, shown apart and labelled. */
  inSample: Record<string, number | null> | null;
  savedTo?: string;
}

export interface ResultsPayload {
  title: string;
  /** One line under the title: source file, model and device. */
  subtitle: string;
  columns: ResultColumn[];
  rows: ResultRow[];
  plots: PlotSpec[];
  /** A small table of numbers (e.g. cross-validated metrics per feature set). */
  summary?: { headers: string[]; rows: string[][]; caption: string };
  /** Training runs: the report shown above the table. */
  report?: TrainingReport;
  notes: string[];
}

/** How a row the model scored but read only in part is flagged (it is not refused: it has predictions). */
export const OUT_OF_DOMAIN_FLAG = 'scored, out of domain: ';

export const toHostShapes = protocol({
  ready: {},
  /** Show a result row in its source file. */
  reveal: { id: field.number },
  /** Save the rows as CSV, filtered and sorted as the view shows them (the host applies the same view). */
  export: { filter: field.string, flaggedOnly: field.boolean, sortKey: field.string, descending: field.boolean },
  /** Depictions for these SMILES (visible rows). */
  depict: { smiles: field.strings },
});
export type ToHost = MessageOf<typeof toHostShapes>;

export const toWebviewShapes = protocol({
  results: { payload: field.object<ResultsPayload>() },
  depictions: { svgs: field.object<Record<string, string | null>>() },
  status: { text: field.string },
});
export type ToWebview = MessageOf<typeof toWebviewShapes>;
