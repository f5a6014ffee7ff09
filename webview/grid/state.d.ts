import { type GridData, type PackedRows } from '../../src/shared/grid/data';
import {
  GridIndex,
  type Computed,
  type FieldKey,
  type GridQuery,
  type SimilarityMethod,
} from '../../src/shared/grid/query';
import type { EmbeddingStatus, ToHost, ToWebview, ViewState } from '../../src/shared/grid/protocol';
type Message<T extends ToWebview['type']> = Extract<
  ToWebview,
  {
    type: T;
  }
>;
export interface LintBadge {
  codes: string[];
  severity: string;
  messages: string[];
}
export interface GridState {
  data?: GridData;
  index?: GridIndex;
  fileName: string;
  /** The source file's URI: saved with the view state so that a restored window reopens the grid on it. */
  sourceUri: string;
  /** Rows in the file; `data.rows` fills up to it as parts arrive. */
  totalRows: number;
  embedding: EmbeddingStatus;
  query: GridQuery;
  computed: Computed;
  propertiesRequested: boolean;
  /** Rows that pass the query, in display order, and the display position of each row (-1 when filtered out). */
  display: Int32Array;
  positionOf: Int32Array;
  /** Parts of the query still being computed. */
  pending: string[];
  selection: Set<number>;
  /** Display position a shift-selection extends from. */
  anchor: number;
  /** Display position of the focused card. */
  focus: number;
  /** A row to focus once its part has arrived. */
  pendingFocus: number;
  /** Opened for a molecule not found as written: focus stays on the best match while similarities arrive. */
  followTop: boolean;
  /** The row under the cursor in the source editor. */
  sourceRow: number;
  visibleColumns: number[] | null;
  cardSize: number;
  smartsError: string;
  similarityError: string;
  /** Scans under way: label → progress text. */
  progress: Map<string, string>;
  badges: Map<number, LintBadge>;
}
export declare function createGridState(): GridState;
export declare function fieldLabel(s: GridState, key: FieldKey): string;
export declare function sortFields(s: GridState): FieldKey[];
export declare function numericFields(s: GridState): FieldKey[];
/** Columns shown on cards: the chosen ones, or by default labels and numeric columns (up to 3). */
export declare function shownColumns(s: GridState): number[];
export declare function setColumnShown(s: GridState, column: number, shown: boolean): void;
/** Extra lines on a card beyond the chosen columns: a computed property or the similarity score when in use. */
export declare function extraFields(s: GridState): FieldKey[];
export declare function formatValue(s: GridState, key: FieldKey, row: number): string;
/** The SMARTS whose matches depictions highlight ('' while none or while it is invalid). */
export declare function highlightSmarts(s: GridState): string;
/** Sets the query and resets what the host computed for its old parts; returns the scans to ask the host for. */
export declare function setQuery(s: GridState, q: GridQuery): ToHost[];
/** The query after the similarity fields change: sorting by similarity follows the search being set or cleared. */
export declare function withSimilarity(
  q: GridQuery,
  smiles: string,
  method: SimilarityMethod,
  minText: string,
): GridQuery;
/** The query with a range filter on `key` added (replacing one on the same key); unchanged when both ends are empty. */
export declare function withRange(q: GridQuery, key: FieldKey, minText: string, maxText: string): GridQuery;
export declare function withoutRange(q: GridQuery, i: number): GridQuery;
/**
 * Re-runs the query and places focus: on a row waiting to be focused once it is shown, on the best match while
 * following similarities, else on the same row as before when it still passes. Returns true when the focused row
 * came from `pendingFocus` (the view scrolls to it).
 */
export declare function recompute(s: GridState, keepFocusRow?: boolean): boolean;
/** The status line's text (errors are shown apart). */
export declare function statusText(s: GridState): string;
/**
 * Takes a new file (or the same file again after an edit: then query, selection and card choices stay). Query,
 * selection, columns, size and focus come from the message, else from the state the view saved. Returns the
 * query to set and the row to focus (-1 for none).
 */
export declare function initState(
  s: GridState,
  m: Message<'init'>,
  saved: Partial<ViewState> | undefined,
): {
  query: GridQuery;
  focusRow: number;
};
/** Stores a part of computed values; false when it belongs to a query no longer asked. */
export declare function applyChunk(s: GridState, m: Message<'chunk'>): boolean;
/** Appends the next part of rows; false when it is not the part expected next. */
export declare function appendRows(s: GridState, start: number, rows: PackedRows): boolean;
/** Records a failed scan; true when the query must be re-run (an invalid SMARTS filters nothing). */
export declare function scanFailed(s: GridState, m: Message<'scanError'>): boolean;
export declare function setBadges(s: GridState, rows: Message<'diagnostics'>['rows']): void;
/** Moves focus to a display position (clamped); false when nothing is shown. */
export declare function setFocus(s: GridState, pos: number): boolean;
/** `only`: this card alone; `toggle`: add or remove it; `range`: add every card from the anchor to it. */
export declare function select(s: GridState, pos: number, mode: 'only' | 'toggle' | 'range'): boolean;
export declare function selectAllShown(s: GridState): void;
export declare function clearSelection(s: GridState): void;
/** The selection in display order, then selected rows the query hides (in file order). */
export declare function selectedRows(s: GridState): number[];
/** What Copy takes: the selection, or the focused card when nothing is selected. */
export declare function rowsToCopy(s: GridState): number[];
/** The state saved with the webview (restored on reload); the selection is the host's to keep. */
export declare function viewState(s: GridState, scrollTop: number): ViewState;
export declare const GAP = 8;
export interface Layout {
  columnsPerRow: number;
  cardHeight: number; /** Height of all card lines, gaps included. */
  height: number;
}
export declare function gridLayout(s: GridState, width: number): Layout;
/** Where the card at display position `pos` sits. */
export declare function cardPosition(
  s: GridState,
  l: Layout,
  pos: number,
): {
  x: number;
  y: number;
};
/** Display positions [from, to) of the cards in a viewport, with a line more on each side. */
export declare function visibleRange(s: GridState, l: Layout, scrollTop: number, viewHeight: number): [number, number];
/** The scroll offset that brings the focused card into view (unchanged when it is in view). */
export declare function scrollToFocus(s: GridState, l: Layout, scrollTop: number, viewHeight: number): number;
/** How far a navigation key moves focus, in display positions; undefined for other keys. */
export declare function keyMove(key: string, l: Layout, viewHeight: number): number | undefined;
export {};
