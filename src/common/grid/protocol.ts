// The molecule grid's one message protocol, defined by its schemas. The host validates every ToHost message with
// `toHostProblem`: the schema check, then the bounds of row lists and the allowed values of enumerations.
import * as z from 'zod/mini';
import { field, messageProblem, protocol, type MessageOf } from '../messages';
import type { GridData, PackedRows } from './data';
import type { GridQuery, SimilarityMethod } from './query';
import type { DepictionItem, ScanKind } from './worker-protocol';

export type ExportFormat = 'csv' | 'smiles';

export interface EmbeddingStatus {
  available: boolean;
  note: string;
}

export const toHostShapes = protocol({
  ready: {},
  /** Depictions of these row positions, `width` pixels wide, with `smarts` matches highlighted ('' for none). */
  depict: { rows: field.object<number[]>(), width: field.number, smarts: field.string },
  computeProperties: {},
  smarts: { smarts: field.string },
  similarity: { smiles: field.string, method: field.string },
  /** Select the row's lines in the source editor. */
  reveal: { row: field.number },
  selectionChanged: { rows: field.object<number[]>() },
  export: { rows: field.object<number[]>(), format: field.string },
  copy: { rows: field.object<number[]>(), format: field.string },
});
/** Row lists and enumerations are checked further by `toHostProblem`. */
export type ToHost = MessageOf<typeof toHostShapes>;

const scanKind = z.enum(['properties', 'smarts', 'similarity'] satisfies ScanKind[], {
  error: 'properties, smarts or similarity',
});

/** A row's lint findings. `column` names the column a code is about ('' when none); `molecule` marks the molecule's. */
export interface DiagnosticRow {
  row: number;
  findings: Array<{ code: string; column: string; molecule: boolean }>;
  severity: string;
  messages: string[];
}

export const toWebviewShapes = protocol({
  /** The file's grid; `data.rows` holds the first rows only when `total` is larger: the rest follow in `rows`. */
  init: {
    uri: field.string,
    file: field.string,
    data: field.object<GridData>(),
    total: field.number,
    selection: field.object<number[]>(),
    focusRow: field.number,
    query: field.object<Partial<GridQuery>>(),
    embedding: field.object<EmbeddingStatus>(),
    cardSize: field.number,
  },
  rows: { start: field.number, rows: field.object<PackedRows>() },
  depictions: { items: field.object<DepictionItem[]>(), width: field.number, smarts: field.string },
  chunk: {
    kind: scanKind,
    key: field.string,
    start: field.number,
    count: field.number,
    values: field.object<Array<number | null>>(),
    done: field.number,
    total: field.number,
  },
  scanError: { kind: scanKind, key: field.string, message: field.string },
  /** Lint findings per row position: each code with the column it is about, and the worst severity. */
  diagnostics: { rows: field.object<Array<DiagnosticRow>>() },
  /** The cursor moved to this row in the source editor. */
  highlightRow: { row: field.number },
  status: { text: field.string },
});
export type ToWebview = MessageOf<typeof toWebviewShapes>;

export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'smiles'];
export const SIMILARITY_METHODS: readonly SimilarityMethod[] = ['ecfp', 'embedding'];
/** Rows one depiction request may name (a screen of cards, with read-ahead). */
export const MAX_DEPICT_ROWS = 400;
/** Rows a selection, export or copy may name. */
export const MAX_SELECTION_ROWS = 1_000_000;

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
      if (!rowList(m.rows, rowCount, MAX_DEPICT_ROWS))
        return `depict: rows must be at most ${MAX_DEPICT_ROWS} row positions below ${rowCount}`;
      if (!Number.isInteger(m.width) || m.width < 60 || m.width > 600)
        return 'depict: width must be an integer from 60 to 600';
      return m.smarts.length > 2000 ? 'depict: smarts is too long' : null;
    case 'reveal':
      return Number.isInteger(m.row) && m.row >= 0 && m.row < rowCount
        ? null
        : `reveal: row must be a row position below ${rowCount}`;
    case 'selectionChanged':
    case 'export':
    case 'copy':
      if (!rowList(m.rows, rowCount, MAX_SELECTION_ROWS))
        return `${m.type}: rows must be row positions below ${rowCount}`;
      if (m.type !== 'selectionChanged' && !(EXPORT_FORMATS as readonly string[]).includes(m.format))
        return `${m.type}: format must be one of ${EXPORT_FORMATS.join(', ')}`;
      return null;
    case 'similarity':
      if (!(SIMILARITY_METHODS as readonly string[]).includes(m.method))
        return `similarity: method must be one of ${SIMILARITY_METHODS.join(', ')}`;
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
  /** Column indexes shown on cards. */
  visibleColumns: number[] | null;
  cardSize: number;
  focusRow: number;
  scrollTop: number;
}
