// The screen results view's one message protocol, defined by its schemas. The host checks every ToHost message with
// `toHostProblem`: the schema, then filters and sorts against the folder's columns and the bounds of pages,
// histograms and depiction requests.
import * as z from 'zod/mini';
import { field, messageProblem, protocol, type MessageOf } from '../messages';
import {
  filterProblem,
  sortProblem,
  MAX_BINS,
  MAX_PAGE_ROWS,
  type Histogram,
  type ScreenColumn,
  type ScreenFilter,
  type ScreenSort,
} from './query';

/** What the view shows above the table: the manifest in words and numbers. */
export interface ScreenSummary {
  /** The folder's name. */
  folder: string;
  /** The library file's name. */
  input: string;
  model: string;
  tasks: Array<{ name: string; kind: string; unit?: string }>;
  device: string;
  precision: string;
  /** Rows with predictions, and refused, in finished parts. */
  rows: number;
  refused: number;
  /** Data rows in the library, when counted. */
  inputRows: number | null;
  finished: boolean;
  updated: string;
  /** Files of refused rows (names within the folder). */
  refusedFiles: string[];
}

export const toHostShapes = protocol({
  ready: {},
  /** Rows `offset`..`offset + limit - 1` of the filtered, sorted table; answered by `page` with the same id. */
  page: {
    id: field.number,
    filters: field.object<ScreenFilter[]>(),
    sort: z.nullable(field.object<ScreenSort>()),
    offset: field.number,
    limit: field.number,
  },
  histogram: { id: field.number, column: field.string, bins: field.number, filters: field.object<ScreenFilter[]>() },
  /** Depictions of these SMILES (the rows in view), `width` pixels wide. */
  depict: { smiles: field.strings, width: field.number },
  /** Open a file of refused rows in the editor. */
  openRefused: { file: field.string },
});
export type ToHost = MessageOf<typeof toHostShapes>;

export interface DepictedSmiles {
  smiles: string;
  url?: string;
  error?: string;
}

export const toWebviewShapes = protocol({
  /** The folder (again after it changed: a screen still running finished another part). */
  init: { summary: field.object<ScreenSummary>(), columns: field.object<ScreenColumn[]>() },
  page: {
    id: field.number,
    offset: field.number,
    total: field.number,
    rows: field.object<Array<Array<number | string | null>>>(),
    millis: field.number,
  },
  histogram: { id: field.number, histogram: field.object<Histogram>(), millis: field.number },
  depictions: { items: field.object<DepictedSmiles[]>(), width: field.number },
  /** A request failed (id of the page or histogram asked for). */
  failed: { id: field.number, message: field.string },
  status: { text: field.string },
});
export type ToWebview = MessageOf<typeof toWebviewShapes>;

export const MAX_DEPICT_SMILES = 200;
const MAX_SMILES_LENGTH = 5000;

const count = (v: number, max: number) => Number.isInteger(v) && v >= 0 && v <= max;

/** Why a message from the view is refused, or null; `columns` are the folder's, `refusedFiles` its refused files. */
export function toHostProblem(
  raw: unknown,
  columns: readonly ScreenColumn[],
  refusedFiles: readonly string[],
): string | null {
  const problem = messageProblem(toHostShapes, raw);
  if (problem) return problem;
  const m = raw as ToHost;
  switch (m.type) {
    case 'page': {
      const p = filterProblem(m.filters, columns) ?? sortProblem(m.sort, columns);
      if (p) return `page: ${p}`;
      if (!count(m.offset, Number.MAX_SAFE_INTEGER)) return 'page: offset must be a whole number';
      return count(m.limit, MAX_PAGE_ROWS) ? null : `page: limit must be a whole number up to ${MAX_PAGE_ROWS}`;
    }
    case 'histogram': {
      const p = filterProblem(m.filters, columns);
      if (p) return `histogram: ${p}`;
      if (!columns.some(c => c.name === m.column && c.kind === 'number'))
        return 'histogram: column must be a number column';
      return Number.isInteger(m.bins) && m.bins >= 1 && m.bins <= MAX_BINS
        ? null
        : `histogram: bins must be from 1 to ${MAX_BINS}`;
    }
    case 'depict':
      if (m.smiles.length > MAX_DEPICT_SMILES) return `depict: at most ${MAX_DEPICT_SMILES} SMILES`;
      if (m.smiles.some(s => s.length > MAX_SMILES_LENGTH)) return 'depict: a SMILES is too long';
      return Number.isInteger(m.width) && m.width >= 60 && m.width <= 400
        ? null
        : 'depict: width must be an integer from 60 to 400';
    case 'openRefused':
      return refusedFiles.includes(m.file) ? null : 'openRefused: not a refused-rows file of this folder';
    default:
      return null;
  }
}

/** What the view persists with setState (restored when the panel comes back). */
export interface ScreenViewState {
  filters: ScreenFilter[];
  sort: ScreenSort | null;
  offset: number;
  histogramColumn: string;
}
