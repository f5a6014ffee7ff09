// The molecule grid's one message protocol. The host validates every ToHost message with `toHostProblem`: the
// shared shape check, then the bounds of row lists and the allowed values of enumerations.
import { messageProblem, type Shapes } from '../messages';
import type { GridData, PackedRows } from './data';
import type { GridQuery, SimilarityMethod } from './query';
import type { DepictionItem, ScanKind } from './worker-protocol';

export type ExportFormat = 'csv' | 'smiles';

export type ToHost =
  | { type: 'ready' }
  /** Depictions of these row positions, `width` pixels wide, with `smarts` matches highlighted ('' for none). */
  | { type: 'depict'; rows: number[]; width: number; smarts: string }
  | { type: 'computeProperties' }
  | { type: 'smarts'; smarts: string }
  | { type: 'similarity'; smiles: string; method: string }
  /** Select the row's lines in the source editor. */
  | { type: 'reveal'; row: number }
  | { type: 'selectionChanged'; rows: number[] }
  | { type: 'export'; rows: number[]; format: string }
  | { type: 'copy'; rows: number[]; format: string };

export interface EmbeddingStatus { available: boolean; note: string }

export type ToWebview =
  /** The file's grid; `data.rows` holds the first rows only when `total` is larger: the rest follow in `rows`. */
  | { type: 'init'; uri: string; file: string; data: GridData; total: number; selection: number[]; focusRow: number; query: Partial<GridQuery>; embedding: EmbeddingStatus; cardSize: number }
  | { type: 'rows'; start: number; rows: PackedRows }
  | { type: 'depictions'; items: DepictionItem[]; width: number; smarts: string }
  | { type: 'chunk'; kind: ScanKind; key: string; start: number; count: number; values: Array<number | null>; done: number; total: number }
  | { type: 'scanError'; kind: ScanKind; key: string; message: string }
  /** Lint findings per row position: codes and the worst severity. */
  | { type: 'diagnostics'; rows: Array<{ row: number; codes: string[]; severity: string; messages: string[] }> }
  /** The cursor moved to this row in the source editor. */
  | { type: 'highlightRow'; row: number }
  | { type: 'status'; text: string };

export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'smiles'];
export const SIMILARITY_METHODS: readonly SimilarityMethod[] = ['ecfp', 'embedding'];
/** Rows one depiction request may name (a screen of cards, with read-ahead). */
export const MAX_DEPICT_ROWS = 400;
/** Rows a selection, export or copy may name. */
export const MAX_SELECTION_ROWS = 1_000_000;

export const toHostShapes: Shapes<ToHost> = {
  ready: {},
  depict: { rows: 'object', width: 'number', smarts: 'string' },
  computeProperties: {},
  smarts: { smarts: 'string' },
  similarity: { smiles: 'string', method: 'string' },
  reveal: { row: 'number' },
  selectionChanged: { rows: 'object' },
  export: { rows: 'object', format: 'string' },
  copy: { rows: 'object', format: 'string' },
};

export const toWebviewShapes: Shapes<ToWebview> = {
  init: { uri: 'string', file: 'string', data: 'object', total: 'number', selection: 'object', focusRow: 'number', query: 'object', embedding: 'object', cardSize: 'number' },
  rows: { start: 'number', rows: 'object' },
  depictions: { items: 'object', width: 'number', smarts: 'string' },
  chunk: { kind: 'string', key: 'string', start: 'number', count: 'number', values: 'object', done: 'number', total: 'number' },
  scanError: { kind: 'string', key: 'string', message: 'string' },
  diagnostics: { rows: 'object' },
  highlightRow: { row: 'number' },
  status: { text: 'string' },
};

function rowList(v: unknown, rowCount: number, max: number): boolean {
  return Array.isArray(v) && v.length <= max && v.every(r => Number.isInteger(r) && r >= 0 && r < rowCount);
}

/**
 * Why a message from the grid webview is refused, or null. `rowCount` bounds every row position (the webview
 * can name only rows of the file it shows).
 */
export function toHostProblem(raw: unknown, rowCount: number): string | null {
  const problem = messageProblem(toHostShapes, raw);
  if (problem) return problem;
  const m = raw as ToHost;
  switch (m.type) {
    case 'depict':
      if (!rowList(m.rows, rowCount, MAX_DEPICT_ROWS)) return `depict: rows must be at most ${MAX_DEPICT_ROWS} row positions below ${rowCount}`;
      if (!Number.isInteger(m.width) || m.width < 60 || m.width > 600) return 'depict: width must be an integer from 60 to 600';
      return m.smarts.length > 2000 ? 'depict: smarts is too long' : null;
    case 'reveal':
      return Number.isInteger(m.row) && m.row >= 0 && m.row < rowCount ? null : `reveal: row must be a row position below ${rowCount}`;
    case 'selectionChanged':
    case 'export':
    case 'copy':
      if (!rowList(m.rows, rowCount, MAX_SELECTION_ROWS)) return `${m.type}: rows must be row positions below ${rowCount}`;
      if (m.type !== 'selectionChanged' && !(EXPORT_FORMATS as readonly string[]).includes(m.format)) return `${m.type}: format must be one of ${EXPORT_FORMATS.join(', ')}`;
      return null;
    case 'similarity':
      if (!(SIMILARITY_METHODS as readonly string[]).includes(m.method)) return `similarity: method must be one of ${SIMILARITY_METHODS.join(', ')}`;
      return m.smiles.length > 2000 ? 'similarity: smiles is too long' : null;
    case 'smarts':
      return m.smarts.length > 2000 ? 'smarts: too long' : null;
    default:
      return null;
  }
}

/** What the view persists with setState (restored on reload and by the panel serializer). */
export interface ViewState {
  /** The source file (URI string): the serializer reopens it. */
  uri: string;
  query: GridQuery;
  selection: number[];
  /** Column indexes shown on cards. */
  visibleColumns: number[] | null;
  cardSize: number;
  focusRow: number;
  scrollTop: number;
}
