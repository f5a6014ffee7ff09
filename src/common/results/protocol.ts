// The results view's one message protocol, defined by its schemas. The host validates every ToHost message with
// `toHostShapes` (and checks that row numbers and SMILES refer to the results it sent); the view checks ToWebview with
// `toWebviewShapes`.
import { field, protocol, type MessageOf } from '../messages';

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

export type PlotSpec =
  | { kind: 'histogram'; column: string; title: string }
  /** Predicted (y) against measured (x), with R² and RMSE. */
  | { kind: 'scatter'; x: string; y: string; title: string }
  /** ROC of a probability column against a 0/1 column. */
  | { kind: 'roc'; score: string; label: string; title: string };

export interface ResultsPayload {
  title: string;
  /** One line under the title: source file, model and device. */
  subtitle: string;
  columns: ResultColumn[];
  rows: ResultRow[];
  plots: PlotSpec[];
  /** A small table of numbers (e.g. cross-validated metrics per feature set). */
  summary?: { headers: string[]; rows: string[][]; caption: string };
  notes: string[];
}

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
