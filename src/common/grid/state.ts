// The molecule grid's state and the functions that change it, without the DOM: the data and its index, the query
// and what the host computed for it, the rows on display, focus and selection, the card layout and the window of
// cards in view. Functions that need the host's work return the messages to send; view.ts renders and posts them.
// The view owns the live selection; the host keeps its last copy per file (selectionChanged) and sends it with init.
import { unpackRows, type GridData, type PackedRows } from './data';
import { NUMBER } from '../dataset';
import { formatNumber } from '../format/number';
import {
  EMPTY_QUERY,
  GridIndex,
  PROPERTIES,
  PROPERTY_LABELS,
  UNKNOWN,
  applyQuery,
  sanitizeQuery,
  type Computed,
  type FieldKey,
  type GridQuery,
  type PropertyKey,
  type SimilarityMethod,
} from './query';
import type { EmbeddingStatus, ToHost, ToWebview, ViewState } from './protocol';

type Message<T extends ToWebview['type']> = Extract<ToWebview, { type: T }>;

export interface LintBadge {
  findings: Array<{ code: string; column: string; molecule: boolean }>;
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

export function createGridState(): GridState {
  return {
    fileName: '',
    sourceUri: '',
    totalRows: 0,
    embedding: { available: false, note: '' },
    query: EMPTY_QUERY,
    computed: { properties: {} },
    propertiesRequested: false,
    display: new Int32Array(0),
    positionOf: new Int32Array(0),
    pending: [],
    selection: new Set(),
    anchor: -1,
    focus: 0,
    pendingFocus: -1,
    followTop: false,
    sourceRow: -1,
    visibleColumns: null,
    cardSize: 180,
    smartsError: '',
    similarityError: '',
    progress: new Map(),
    badges: new Map(),
  };
}

// ---------- fields ----------
export function fieldLabel(s: GridState, key: FieldKey): string {
  if (key === 'row') return 'File order';
  if (key === 'similarity') return 'Similarity';
  if (key.startsWith('prop:')) return PROPERTY_LABELS[key.slice(5) as PropertyKey];
  return s.data?.columns[Number(key.slice(4))]?.name ?? key;
}

export function sortFields(s: GridState): FieldKey[] {
  return [
    'row',
    ...(s.data?.columns ?? []).map((_, i) => `col:${i}` as FieldKey),
    ...PROPERTIES.map(p => `prop:${p}` as FieldKey),
    'similarity',
  ];
}

/** Numeric fields for range filters; the first (the default) is a label column when there is one, never an identifier. */
export function numericFields(s: GridState): FieldKey[] {
  const columns = s.data?.columns ?? [];
  const numeric = (label: boolean) =>
    columns.flatMap((c, i) =>
      c.numeric && c.role !== 'id' && (c.role === 'label') === label ? [`col:${i}` as FieldKey] : [],
    );
  const cols = [...numeric(true), ...numeric(false)];
  return [...cols, ...PROPERTIES.map(p => `prop:${p}` as FieldKey), 'similarity'];
}

/** Columns shown on cards: the chosen ones, or by default labels and numeric columns (up to 3). */
export function shownColumns(s: GridState): number[] {
  const data = s.data;
  if (!data) return [];
  if (s.visibleColumns) return s.visibleColumns.filter(i => i < data.columns.length && i !== data.title);
  const preferred = data.columns.flatMap((c, i) =>
    i !== data.title && (c.role === 'label' || c.role === 'split') ? [i] : [],
  );
  return (
    preferred.length
      ? preferred
      : data.columns.flatMap((c, i) => (i !== data.title && c.role !== 'molecule' ? [i] : []))
  ).slice(0, 3);
}

export function setColumnShown(s: GridState, column: number, shown: boolean): void {
  const now = new Set(shownColumns(s));
  if (shown) now.add(column);
  else now.delete(column);
  s.visibleColumns = [...now].sort((a, b) => a - b);
}

/** Extra lines on a card beyond the chosen columns: a computed property or the similarity score when in use. */
export function extraFields(s: GridState): FieldKey[] {
  const q = s.query;
  const keys = new Set<FieldKey>();
  if (q.sort.key.startsWith('prop:') || q.sort.key === 'similarity') keys.add(q.sort.key);
  for (const r of q.ranges) if (r.key.startsWith('prop:') || r.key === 'similarity') keys.add(r.key);
  if (q.similarity) keys.add('similarity');
  return [...keys];
}

export function formatValue(s: GridState, key: FieldKey, row: number): string {
  const values =
    key === 'similarity' ? s.computed.similarity?.scores : s.computed.properties[key.slice(5) as PropertyKey];
  const v = values?.[row];
  if (v === undefined || Number.isNaN(v)) return '…';
  return formatNumber(v, key === 'similarity' ? 3 : 4);
}

/** A cell as a card shows it: plain numbers of a numeric column with a few significant digits (the file's text is
 *  in the tooltip), anything else as written (censored values such as `>10`, identifiers). */
export function cellText(s: GridState, column: number, value: string): string {
  return s.data?.columns[column]?.numeric && NUMBER.test(value.trim()) ? formatNumber(Number(value)) : value;
}

/** The SMARTS whose matches depictions highlight ('' while none or while it is invalid). */
export function highlightSmarts(s: GridState): string {
  return s.query.smarts && !s.smartsError ? s.query.smarts : '';
}

// ---------- query ----------
function usesProperties(q: GridQuery): boolean {
  return q.sort.key.startsWith('prop:') || q.ranges.some(r => r.key.startsWith('prop:'));
}

/** Sets the query and resets what the host computed for its old parts; returns the scans to ask the host for. */
export function setQuery(s: GridState, q: GridQuery): ToHost[] {
  const before = s.query;
  const out: ToHost[] = [];
  s.query = q;
  if (q.smarts !== before.smarts) {
    s.smartsError = '';
    if (q.smarts) {
      s.computed.smarts = { query: q.smarts, matches: new Uint8Array(s.totalRows).fill(UNKNOWN) };
      out.push({ type: 'smarts', smarts: q.smarts });
    } else s.computed.smarts = undefined;
  }
  const sim = q.similarity,
    old = before.similarity;
  if (sim && (sim.smiles !== old?.smiles || sim.method !== old?.method)) {
    s.similarityError = '';
    s.computed.similarity = { smiles: sim.smiles, method: sim.method, scores: new Float64Array(s.totalRows).fill(NaN) };
    out.push({ type: 'similarity', smiles: sim.smiles, method: sim.method });
  } else if (!sim) s.computed.similarity = undefined;
  if (usesProperties(q) && !s.propertiesRequested) {
    s.propertiesRequested = true;
    out.push({ type: 'computeProperties' });
  }
  return out;
}

/** The query after the similarity fields change: sorting by similarity follows the search being set or cleared. */
export function withSimilarity(q: GridQuery, smiles: string, method: SimilarityMethod, minText: string): GridQuery {
  const min = minText.trim() === '' ? 0 : Number(minText);
  const similarity = smiles ? { smiles, method, min: Number.isFinite(min) ? Math.min(1, Math.max(0, min)) : 0 } : null;
  const sort =
    smiles && q.sort.key === 'row'
      ? { key: 'similarity' as const, descending: true }
      : !smiles && q.sort.key === 'similarity'
        ? { key: 'row' as const, descending: false }
        : q.sort;
  return { ...q, similarity, sort };
}

/** The query with a range filter on `key` added (replacing one on the same key); unchanged when both ends are empty. */
export function withRange(q: GridQuery, key: FieldKey, minText: string, maxText: string): GridQuery {
  const parse = (t: string) => (t.trim() === '' || !Number.isFinite(Number(t)) ? null : Number(t));
  const min = parse(minText),
    max = parse(maxText);
  if (min === null && max === null) return q;
  return { ...q, ranges: [...q.ranges.filter(r => r.key !== key), { key, min, max }] };
}

export function withoutRange(q: GridQuery, i: number): GridQuery {
  return { ...q, ranges: q.ranges.filter((_, j) => j !== i) };
}

/**
 * Re-runs the query and places focus: on a row waiting to be focused once it is shown, on the best match while
 * following similarities, else on the same row as before when it still passes. Returns true when the focused row
 * came from `pendingFocus` (the view scrolls to it).
 */
export function recompute(s: GridState, keepFocusRow = true): boolean {
  if (!s.index) return false;
  const focusedRow = s.display[s.focus];
  const result = applyQuery(s.index, s.query, s.computed);
  s.display = result.rows;
  s.positionOf = new Int32Array(s.index.size).fill(-1);
  s.display.forEach((row, pos) => {
    s.positionOf[row] = pos;
  });
  s.pending = result.pending;
  if (s.pendingFocus >= 0 && s.positionOf[s.pendingFocus] >= 0) {
    s.focus = s.positionOf[s.pendingFocus];
    s.pendingFocus = -1;
    return true;
  }
  if (s.followTop) s.focus = 0;
  else if (keepFocusRow && focusedRow !== undefined) {
    const i = s.positionOf[focusedRow];
    s.focus = i >= 0 ? i : Math.min(s.focus, Math.max(0, s.display.length - 1));
  } else s.focus = 0;
  return false;
}

/** The status line's text (errors are shown apart). */
export function statusText(s: GridState): string {
  const loaded = s.data?.rows.length ?? 0;
  const loading = loaded < s.totalRows ? ` (loading ${Math.floor((100 * loaded) / s.totalRows)}%)` : '';
  let text = `${s.display.length} of ${s.totalRows} molecules${loading} · ${s.selection.size} selected`;
  for (const [kind, progress] of s.progress) text += ` · ${kind} ${progress}`;
  return text;
}

// ---------- messages from the host ----------
/**
 * Takes a new file (or the same file again after an edit: then query, selection and card choices stay). Query,
 * selection, columns, size and focus come from the message, else from the state the view saved. Returns the
 * query to set and the row to focus (-1 for none).
 */
export function initState(
  s: GridState,
  m: Message<'init'>,
  saved: Partial<ViewState> | undefined,
): { query: GridQuery; focusRow: number } {
  const sameFile = s.data !== undefined && s.fileName === m.file && s.totalRows === m.total;
  s.totalRows = m.total;
  s.data = m.data;
  s.index = new GridIndex(m.data);
  s.fileName = m.file;
  s.sourceUri = m.uri;
  s.embedding = m.embedding;
  s.computed = { properties: {} };
  s.propertiesRequested = false;
  s.progress.clear();
  const restoring = !sameFile && saved?.query;
  const incoming = Object.keys(m.query).length ? m.query : restoring ? saved.query : sameFile ? s.query : {};
  s.query = EMPTY_QUERY;
  if (!sameFile) {
    s.selection.clear();
    for (const r of m.selection) if (Number.isInteger(r) && r >= 0 && r < m.total) s.selection.add(r);
    s.anchor = -1;
    s.visibleColumns = Array.isArray(saved?.visibleColumns)
      ? saved.visibleColumns.filter(i => Number.isInteger(i) && i >= 0 && i < m.data.columns.length)
      : null;
    s.cardSize =
      typeof saved?.cardSize === 'number' && saved.cardSize >= 120 && saved.cardSize <= 400
        ? saved.cardSize
        : m.cardSize;
  }
  const query = sanitizeQuery(incoming, m.data);
  s.followTop = m.focusRow < 0 && Object.keys(m.query).length > 0 && query.similarity !== null;
  if (m.focusRow >= 0) s.sourceRow = m.focusRow;
  const focusRow =
    m.focusRow >= 0
      ? m.focusRow
      : !s.followTop && !sameFile && typeof saved?.focusRow === 'number'
        ? saved.focusRow
        : -1;
  return { query, focusRow };
}

/** Stores a part of computed values; false when it belongs to a query no longer asked. */
export function applyChunk(s: GridState, m: Message<'chunk'>): boolean {
  const n = s.totalRows;
  const label = m.kind === 'properties' ? 'properties' : m.kind === 'smarts' ? 'SMARTS' : 'similarity';
  if (m.kind === 'properties') {
    for (const [j, p] of PROPERTIES.entries()) {
      const arr = s.computed.properties[p] ?? new Float64Array(n).fill(NaN);
      for (let i = 0; i < m.count; i++) arr[m.start + i] = m.values[i * PROPERTIES.length + j] ?? NaN;
      s.computed.properties[p] = arr;
    }
  } else if (m.kind === 'smarts') {
    const smarts = s.computed.smarts;
    if (smarts?.query !== m.key) return false;
    for (let i = 0; i < m.count; i++) smarts.matches[m.start + i] = m.values[i] ?? UNKNOWN;
  } else {
    const sim = s.computed.similarity;
    if (!sim || `${sim.method}:${sim.smiles}` !== m.key) return false;
    for (let i = 0; i < m.count; i++) sim.scores[m.start + i] = m.values[i] ?? NaN;
  }
  if (m.done >= m.total) s.progress.delete(label);
  else s.progress.set(label, `${Math.floor((100 * m.done) / Math.max(1, m.total))}% computed`);
  return true;
}

/** Appends the next part of rows; false when it is not the part expected next. */
export function appendRows(s: GridState, start: number, rows: PackedRows): boolean {
  if (!s.data || start !== s.data.rows.length) return false;
  for (const r of unpackRows(rows, start)) s.data.rows.push(r);
  s.index = new GridIndex(s.data);
  return true;
}

/** Records a failed scan; true when the query must be re-run (an invalid SMARTS filters nothing). */
export function scanFailed(s: GridState, m: Message<'scanError'>): boolean {
  if (m.kind === 'smarts' && m.key === s.query.smarts) {
    s.smartsError = m.message;
    s.progress.delete('SMARTS');
    return true;
  }
  if (m.kind === 'similarity') {
    s.similarityError = m.message;
    s.progress.delete('similarity');
    return false;
  }
  s.progress.delete(m.kind);
  return false;
}

export function setBadges(s: GridState, rows: Message<'diagnostics'>['rows']): void {
  s.badges.clear();
  for (const r of Array.isArray(rows) ? rows : []) {
    if (typeof r?.row === 'number' && Array.isArray(r.findings))
      s.badges.set(r.row, {
        findings: r.findings.map(f => ({
          code: String(f?.code),
          column: String(f?.column ?? ''),
          molecule: !!f?.molecule,
        })),
        severity: String(r.severity),
        messages: (r.messages ?? []).map(String),
      });
  }
}

// ---------- focus and selection ----------
/** Moves focus to a display position (clamped); false when nothing is shown. */
export function setFocus(s: GridState, pos: number): boolean {
  if (!s.display.length) return false;
  s.followTop = false;
  s.focus = Math.max(0, Math.min(s.display.length - 1, pos));
  return true;
}

/** `only`: this card alone; `toggle`: add or remove it; `range`: add every card from the anchor to it. */
export function select(s: GridState, pos: number, mode: 'only' | 'toggle' | 'range'): boolean {
  const row = s.display[pos];
  if (row === undefined) return false;
  if (mode === 'only') {
    s.selection.clear();
    s.selection.add(row);
    s.anchor = pos;
  } else if (mode === 'toggle') {
    if (s.selection.has(row)) s.selection.delete(row);
    else s.selection.add(row);
    s.anchor = pos;
  } else {
    const from = Math.min(s.anchor < 0 ? pos : s.anchor, pos),
      to = Math.max(s.anchor < 0 ? pos : s.anchor, pos);
    for (let p = from; p <= to; p++) s.selection.add(s.display[p]);
  }
  return true;
}

export function selectAllShown(s: GridState): void {
  for (const r of s.display) s.selection.add(r);
}
export function clearSelection(s: GridState): void {
  s.selection.clear();
}

/** The selection in display order, then selected rows the query hides (in file order). */
export function selectedRows(s: GridState): number[] {
  const inOrder = [...s.display].filter(r => s.selection.has(r));
  const hidden = [...s.selection].filter(r => s.positionOf[r] < 0).sort((a, b) => a - b);
  return [...inOrder, ...hidden];
}

/** What Copy takes: the selection, or the focused card when nothing is selected. */
export function rowsToCopy(s: GridState): number[] {
  return s.selection.size ? selectedRows(s) : s.display.length ? [s.display[s.focus]] : [];
}

/** The state saved with the webview (restored on reload); the selection is the host's to keep. */
export function viewState(s: GridState, scrollTop: number): ViewState {
  return {
    uri: s.sourceUri,
    query: s.query,
    visibleColumns: s.visibleColumns,
    cardSize: s.cardSize,
    focusRow: s.display[s.focus] ?? -1,
    scrollTop,
  };
}

// ---------- layout and the window of cards in view ----------
export const GAP = 8;
const LINE = 18;

export interface Layout {
  columnsPerRow: number;
  cardHeight: number;
  /** Height of all card lines, gaps included. */ height: number;
}

/** A card's padding and border, both sides together (webview/grid/grid.css). */
export const CARD_INSET = 10;

/** The width depictions are drawn at: the card's inner width, where they are shown at the size drawn, so that their
 *  atom labels have the size they were drawn at (see depict in src/core/chem/describe.ts). */
export function depictionWidth(s: GridState): number {
  return s.cardSize - CARD_INSET;
}

export function gridLayout(s: GridState, width: number): Layout {
  const columnsPerRow = Math.max(1, Math.floor((width - GAP) / (s.cardSize + GAP)));
  const lines = 1 + shownColumns(s).length + extraFields(s).length + 1;
  const cardHeight = Math.round(s.cardSize * 0.8) + lines * LINE + 12;
  return { columnsPerRow, cardHeight, height: Math.ceil(s.display.length / columnsPerRow) * (cardHeight + GAP) + GAP };
}

/** Where the card at display position `pos` sits. */
export function cardPosition(s: GridState, l: Layout, pos: number): { x: number; y: number } {
  const col = pos % l.columnsPerRow,
    line = Math.floor(pos / l.columnsPerRow);
  return { x: GAP + col * (s.cardSize + GAP), y: GAP + line * (l.cardHeight + GAP) };
}

/** Display positions [from, to) of the cards in a viewport, with a line more on each side. */
export function visibleRange(s: GridState, l: Layout, scrollTop: number, viewHeight: number): [number, number] {
  const lineHeight = l.cardHeight + GAP;
  const first = Math.max(0, Math.floor(scrollTop / lineHeight) - 1);
  const last = Math.ceil((scrollTop + viewHeight) / lineHeight) + 1;
  return [first * l.columnsPerRow, Math.min(s.display.length, last * l.columnsPerRow)];
}

/** The scroll offset that brings the focused card into view (unchanged when it is in view). */
export function scrollToFocus(s: GridState, l: Layout, scrollTop: number, viewHeight: number): number {
  const top = cardPosition(s, l, s.focus).y;
  if (top < scrollTop) return top - GAP;
  if (top + l.cardHeight > scrollTop + viewHeight) return top + l.cardHeight - viewHeight + GAP;
  return scrollTop;
}

/** How far a navigation key moves focus, in display positions; undefined for other keys. */
export function keyMove(key: string, l: Layout, viewHeight: number): number | undefined {
  const page = Math.max(1, Math.floor(viewHeight / (l.cardHeight + GAP))) * l.columnsPerRow;
  const moves: Record<string, number> = {
    ArrowRight: 1,
    ArrowLeft: -1,
    ArrowDown: l.columnsPerRow,
    ArrowUp: -l.columnsPerRow,
    PageDown: page,
    PageUp: -page,
  };
  return moves[key];
}
