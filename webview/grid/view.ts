// Loaded by main.ts once the custom elements are defined. Browser side of the molecule grid: filters and sort run
// here with the pure functions of src/shared/grid; RDKit work (depictions, properties, SMARTS, similarity) is asked of
// the host. Only the cards in view are in the DOM. Every value from the file is written with textContent or as an
// attribute, and depictions only as `data:image/svg+xml;base64,` image sources.
import { unpackRows, type GridData } from '../../src/shared/grid/data';
import {
  EMPTY_QUERY, GridIndex, PROPERTIES, PROPERTY_LABELS, UNKNOWN, applyQuery, sanitizeQuery,
  type Computed, type FieldKey, type GridQuery, type PropertyKey, type SimilarityMethod,
} from '../../src/shared/grid/query';
import { SVG_DATA_URL, type DepictionItem } from '../../src/shared/grid/worker-protocol';
import { connect } from '../shared/bridge';
import { toWebviewShapes, MAX_DEPICT_ROWS, type EmbeddingStatus, type ExportFormat, type ToHost, type ToWebview, type ViewState } from '../../src/shared/grid/protocol';

const bridge = connect<ToHost, ToWebview, ViewState>(toWebviewShapes);
const post = (m: ToHost) => bridge.post(m);

type TextField = HTMLElement & { value: string };
type Select = HTMLElement & { value: string };
type Checkbox = HTMLElement & { checked: boolean };

/** Creates an element with attributes and children; strings become text nodes. */
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string | boolean>, ...children: Array<Node | string | null>): HTMLElementTagNameMap[K];
function h(tag: string, attrs?: Record<string, string | boolean>, ...children: Array<Node | string | null>): HTMLElement;
function h(tag: string, attrs: Record<string, string | boolean> = {}, ...children: Array<Node | string | null>): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== false) el.setAttribute(k, v === true ? '' : v);
  for (const c of children) if (c !== null) el.append(c);
  return el;
}

// ---------- state ----------
let data: GridData | undefined;
let index: GridIndex | undefined;
let fileName = '';
/** The source file's URI: saved with the state so that a restored window reopens the grid on it. */
let sourceUri = '';
/** Rows in the file; `data.rows` fills up to it as parts arrive. */
let totalRows = 0;
/** A row to focus once its part has arrived. */
let pendingFocus = -1;
/** Opened for a molecule not found as written: focus stays on the best match while similarities arrive. */
let followTop = false;
let embedding: EmbeddingStatus = { available: false, note: '' };
let query: GridQuery = EMPTY_QUERY;
let computed: Computed = { properties: {} };
let display: Int32Array = new Int32Array(0);
/** Display position of each row, -1 when filtered out. */
let positionOf: Int32Array = new Int32Array(0);
let pending: string[] = [];
const selection = new Set<number>();
let anchor = -1;
/** Position in `display` of the focused card. */
let focus = 0;
let sourceRow = -1;
let visibleColumns: number[] | null = null;
let cardSize = 180;
let propertiesRequested = false;
let smartsError = '';
let similarityError = '';
const progress = new Map<string, string>();
const badges = new Map<number, { codes: string[]; severity: string; messages: string[] }>();

const saved = bridge.getState();

function save(): void {
  if (!data) return;
  bridge.setState({
    uri: sourceUri, query, selection: [...selection], visibleColumns, cardSize,
    focusRow: display[focus] ?? -1, scrollTop: grid.scrollTop,
  });
}
let selectionTimer: ReturnType<typeof setTimeout> | undefined;
function selectionChanged(): void {
  save();
  clearTimeout(selectionTimer);
  selectionTimer = setTimeout(() => post({ type: 'selectionChanged', rows: [...selection] }), 250);
  renderStatus();
  renderCards(true);
}

// Milestones since the page started (ms), kept on #app for the benchmark: script start, data received, first cards,
// first depiction.
const timings: Record<string, number> = {};
function mark(name: string): void {
  if (timings[name]) return;
  timings[name] = Math.round(performance.now());
  document.getElementById('app')!.dataset.timings = JSON.stringify(timings);
}
mark('script');

// ---------- layout ----------
const app = document.getElementById('app')!;
const textField = h('vscode-textfield', { id: 'search', placeholder: 'Search all columns', 'aria-label': 'Search all columns' }) as TextField;
const smartsField = h('vscode-textfield', { id: 'smarts', placeholder: 'SMARTS substructure, e.g. c1ccncc1', 'aria-label': 'SMARTS substructure' }) as TextField;
const simField = h('vscode-textfield', { id: 'similar', placeholder: 'Similar to SMILES', 'aria-label': 'Similar to SMILES' }) as TextField;
const simMethod = h('vscode-single-select', { id: 'similarity-method', 'aria-label': 'Similarity method' },
  h('vscode-option', { value: 'ecfp' }, 'ECFP4 Tanimoto'),
  h('vscode-option', { value: 'embedding' }, 'Embedding cosine')) as Select;
const simMin = h('vscode-textfield', { id: 'similarity-min', class: 'narrow', placeholder: 'min 0–1', 'aria-label': 'Minimum similarity' }) as TextField;
const simNote = h('span', { id: 'similarity-note', class: 'note' });
const sortSelect = h('vscode-single-select', { id: 'sort', 'aria-label': 'Sort by' }) as Select;
const sortDir = h('vscode-button', { id: 'sort-direction', secondary: true, 'aria-label': 'Sort direction' }, 'Ascending');
const rangeField = h('vscode-single-select', { id: 'range-field', 'aria-label': 'Range filter field' }) as Select;
const rangeMin = h('vscode-textfield', { id: 'range-min', class: 'narrow', placeholder: 'min', 'aria-label': 'Range minimum' }) as TextField;
const rangeMax = h('vscode-textfield', { id: 'range-max', class: 'narrow', placeholder: 'max', 'aria-label': 'Range maximum' }) as TextField;
const rangeAdd = h('vscode-button', { id: 'range-add', secondary: true }, 'Add range');
const chips = h('div', { id: 'ranges', class: 'chips', 'aria-label': 'Range filters' });
const columnList = h('div', { class: 'column-list', role: 'group', 'aria-label': 'Columns shown on cards' });
const columnsBox = h('details', { class: 'columns', id: 'columns' }, h('summary', {}, 'Columns'), columnList);
const sizeSelect = h('vscode-single-select', { id: 'card-size', 'aria-label': 'Card size' },
  h('vscode-option', { value: '140' }, 'Small'), h('vscode-option', { value: '180' }, 'Medium'),
  h('vscode-option', { value: '240' }, 'Large'), h('vscode-option', { value: '320' }, 'Extra large')) as Select;
const selectAll = h('vscode-button', { id: 'select-all', secondary: true }, 'Select all matching');
const clearSel = h('vscode-button', { id: 'clear-selection', secondary: true }, 'Clear selection');
const exportCsv = h('vscode-button', { id: 'export-csv' }, 'Export CSV…');
const exportSmi = h('vscode-button', { id: 'export-smiles', secondary: true }, 'Export SMILES…');
const copySmi = h('vscode-button', { id: 'copy-smiles', secondary: true }, 'Copy SMILES');
const statusLine = h('div', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' });
const spacer = h('div', { id: 'spacer' });
const grid = h('div', { id: 'grid', role: 'listbox', 'aria-multiselectable': 'true', 'aria-label': 'Molecules', tabindex: '0' }, spacer);

app.append(
  h('div', { class: 'toolbar' }, textField, smartsField),
  h('div', { class: 'toolbar' }, simField, simMethod, simMin, simNote),
  h('div', { class: 'toolbar' }, h('label', { for: 'sort' }, 'Sort'), sortSelect, sortDir, h('label', { for: 'range-field' }, 'Range'), rangeField, rangeMin, rangeMax, rangeAdd, chips),
  h('div', { class: 'toolbar' }, columnsBox, h('label', { for: 'card-size' }, 'Size'), sizeSelect, selectAll, clearSel, exportCsv, exportSmi, copySmi),
  statusLine, grid,
);

// ---------- fields ----------
function fieldLabel(key: FieldKey): string {
  if (key === 'row') return 'File order';
  if (key === 'similarity') return 'Similarity';
  if (key.startsWith('prop:')) return PROPERTY_LABELS[key.slice(5) as PropertyKey];
  return data?.columns[Number(key.slice(4))]?.name ?? key;
}

function numericFields(): FieldKey[] {
  const cols = (data?.columns ?? []).flatMap((c, i) => c.numeric ? [`col:${i}` as FieldKey] : []);
  return [...cols, ...PROPERTIES.map(p => `prop:${p}` as FieldKey), 'similarity'];
}

function options(select: Select, keys: FieldKey[], value: string): void {
  select.replaceChildren(...keys.map(k => h('vscode-option', { value: k }, fieldLabel(k))));
  select.value = value;
}

function usesProperties(): boolean {
  return query.sort.key.startsWith('prop:') || query.ranges.some(r => r.key.startsWith('prop:'));
}

// ---------- query ----------
function setQuery(q: GridQuery): void {
  const before = query;
  query = q;
  if (q.smarts !== before.smarts) {
    smartsError = '';
    if (q.smarts) { computed.smarts = { query: q.smarts, matches: new Uint8Array(totalRows).fill(UNKNOWN) }; post({ type: 'smarts', smarts: q.smarts }); }
    else computed.smarts = undefined;
  }
  const sim = q.similarity, old = before.similarity;
  if (sim && (sim.smiles !== old?.smiles || sim.method !== old?.method)) {
    similarityError = '';
    computed.similarity = { smiles: sim.smiles, method: sim.method, scores: new Float64Array(totalRows).fill(NaN) };
    post({ type: 'similarity', smiles: sim.smiles, method: sim.method });
  } else if (!sim) computed.similarity = undefined;
  if (usesProperties() && !propertiesRequested) { propertiesRequested = true; post({ type: 'computeProperties' }); }
  save();
  recompute();
}

let recomputeTimer: ReturnType<typeof setTimeout> | undefined;
/** Re-runs the query soon (scan results arrive in many chunks). */
function recomputeSoon(): void {
  if (recomputeTimer) return;
  recomputeTimer = setTimeout(() => { recomputeTimer = undefined; recompute(); }, 150);
}

function recompute(keepFocusRow = true): void {
  if (!index) return;
  const focusedRow = display[focus];
  const result = applyQuery(index, query, computed);
  display = result.rows;
  positionOf = new Int32Array(index.size).fill(-1);
  display.forEach((row, pos) => { positionOf[row] = pos; });
  pending = result.pending;
  if (pendingFocus >= 0 && positionOf[pendingFocus] >= 0) {
    focus = positionOf[pendingFocus];
    pendingFocus = -1;
    layout();
    const top = GAP + Math.floor(focus / columnsPerRow) * (cardHeight + GAP);
    grid.scrollTop = Math.max(0, top - GAP);
  } else if (followTop) {
    focus = 0;
  } else if (keepFocusRow && focusedRow !== undefined) {
    const i = positionOf[focusedRow];
    focus = i >= 0 ? i : Math.min(focus, Math.max(0, display.length - 1));
  } else focus = 0;
  layout();
  renderStatus();
  renderCards(true);
}

function renderStatus(): void {
  if (!data) return;
  const loading = data.rows.length < totalRows ? ` (loading ${Math.floor((100 * data.rows.length) / totalRows)}%)` : '';
  const parts: Node[] = [document.createTextNode(`${display.length} of ${totalRows} molecules${loading} · ${selection.size} selected`)];
  for (const [kind, text] of progress) parts.push(document.createTextNode(` · ${kind} ${text}`));
  if (smartsError) parts.push(document.createTextNode(' · '), h('span', { class: 'error' }, smartsError));
  if (similarityError) parts.push(document.createTextNode(' · '), h('span', { class: 'error' }, similarityError));
  statusLine.replaceChildren(...parts);
  statusLine.dataset.count = String(display.length);
  statusLine.dataset.pending = pending.join(' ');
}

function renderRanges(): void {
  chips.replaceChildren(...query.ranges.map((r, i) => {
    const remove = h('button', { 'aria-label': `Remove range on ${fieldLabel(r.key)}`, title: 'Remove' }, '×');
    remove.addEventListener('click', () => { const ranges = query.ranges.filter((_, j) => j !== i); setQuery({ ...query, ranges }); renderRanges(); });
    return h('span', { class: 'chip', 'data-key': r.key }, `${r.min ?? '−∞'} ≤ ${fieldLabel(r.key)} ≤ ${r.max ?? '∞'}`, remove);
  }));
}

function renderColumnChooser(): void {
  if (!data) return;
  const shown = shownColumns();
  columnList.replaceChildren(...data.columns.map((c, i) => {
    if (i === data!.title) return null;
    const box = h('vscode-checkbox', { label: c.name, 'data-column': String(i), checked: shown.includes(i) }) as Checkbox;
    box.addEventListener('change', () => {
      const now = new Set(shownColumns());
      if (box.checked) now.add(i); else now.delete(i);
      visibleColumns = [...now].sort((a, b) => a - b);
      save(); layout(); renderCards(true);
    });
    return box;
  }).filter((b): b is Checkbox => b !== null));
}

/** Columns shown on cards: the chosen ones, or by default labels and numeric columns (up to 3). */
function shownColumns(): number[] {
  if (!data) return [];
  if (visibleColumns) return visibleColumns.filter(i => i < data!.columns.length && i !== data!.title);
  const preferred = data.columns.flatMap((c, i) => i !== data!.title && (c.role === 'label' || c.role === 'split') ? [i] : []);
  return (preferred.length ? preferred : data.columns.flatMap((c, i) => i !== data!.title && c.role !== 'molecule' ? [i] : [])).slice(0, 3);
}

// ---------- virtual grid ----------
const GAP = 8;
const LINE = 18;
let columnsPerRow = 1;
let cardHeight = 0;

/** Extra lines on a card beyond the chosen columns: a computed property or the similarity score when in use. */
function extraFields(): FieldKey[] {
  const keys = new Set<FieldKey>();
  if (query.sort.key.startsWith('prop:') || query.sort.key === 'similarity') keys.add(query.sort.key);
  for (const r of query.ranges) if (r.key.startsWith('prop:') || r.key === 'similarity') keys.add(r.key);
  if (query.similarity) keys.add('similarity');
  return [...keys];
}

function layout(): void {
  const width = grid.clientWidth - GAP;
  columnsPerRow = Math.max(1, Math.floor(width / (cardSize + GAP)));
  const lines = 1 + shownColumns().length + extraFields().length + 1;
  cardHeight = Math.round(cardSize * 0.8) + lines * LINE + 12;
  spacer.style.height = `${Math.ceil(display.length / columnsPerRow) * (cardHeight + GAP) + GAP}px`;
}

/** Card elements in view, by display position. */
const cards = new Map<number, HTMLElement>();
const depictions = new Map<string, DepictionItem>();
const requested = new Set<string>();
const highlightSmarts = () => (query.smarts && !smartsError ? query.smarts : '');
const depictionKey = (row: number) => `${row}\u0000${cardSize}\u0000${highlightSmarts()}`;

function visibleRange(): [number, number] {
  const rowHeight = cardHeight + GAP;
  const first = Math.max(0, Math.floor(grid.scrollTop / rowHeight) - 1);
  const last = Math.ceil((grid.scrollTop + grid.clientHeight) / rowHeight) + 1;
  return [first * columnsPerRow, Math.min(display.length, last * columnsPerRow)];
}

function formatValue(key: FieldKey, row: number): string {
  const values = key === 'similarity' ? computed.similarity?.scores : computed.properties[key.slice(5) as PropertyKey];
  const v = values?.[row];
  if (v === undefined || Number.isNaN(v)) return '…';
  return Number.isInteger(v) ? String(v) : v.toFixed(key === 'similarity' ? 3 : 2);
}

function buildCard(pos: number): HTMLElement {
  const d = data!;
  const row = display[pos];
  const r = d.rows[row];
  const title = d.title >= 0 ? r.values[d.title] ?? '' : '';
  const card = h('div', {
    class: 'card', role: 'option', id: `card-${row}`, 'data-row': String(row), 'data-line': String(r.line + 1),
    'aria-selected': selection.has(row) ? 'true' : 'false', 'aria-label': title || `row ${row + 1}`,
  });
  const dep = depictions.get(depictionKey(row)) ?? depictions.get(`${row}\u0000${cardSize}\u0000`);
  if (dep?.url && dep.url.startsWith(SVG_DATA_URL)) {
    const img = h('img', { class: 'depiction', alt: title ? `structure of ${title}` : 'structure', draggable: 'false' });
    img.decoding = 'async';
    img.src = dep.url;
    card.append(img);
    if (!timings.firstDepiction) mark('firstDepiction');
  } else card.append(h('div', { class: `placeholder${dep?.error ? ' invalid' : ''}` }, dep?.error ?? ''));
  card.append(h('div', { class: 'title', title }, title || `row ${row + 1}`));
  for (const c of shownColumns()) {
    const value = r.values[c] ?? '';
    card.append(h('div', { class: 'field', title: `${d.columns[c].name}: ${value}` }, h('span', { class: 'name' }, `${d.columns[c].name}: `), value));
  }
  for (const key of extraFields()) card.append(h('div', { class: 'field' }, h('span', { class: 'name' }, `${fieldLabel(key)}: `), formatValue(key, row)));
  const b = h('div', { class: 'badges' });
  const lint = badges.get(row);
  if (lint) for (const code of lint.codes) b.append(h('span', { class: `badge lint ${lint.severity}`, title: lint.messages.join('\n') }, code));
  if (dep?.matched) b.append(h('span', { class: 'badge match' }, 'match'));
  card.append(b);
  card.classList.toggle('focused', pos === focus);
  card.classList.toggle('source-row', row === sourceRow);
  const col = pos % columnsPerRow, line = Math.floor(pos / columnsPerRow);
  card.style.width = `${cardSize}px`;
  card.style.height = `${cardHeight}px`;
  card.style.transform = `translate(${GAP + col * (cardSize + GAP)}px, ${GAP + line * (cardHeight + GAP)}px)`;
  return card;
}

let frame = 0;
function renderCards(rebuild = false): void {
  if (!data) return;
  if (rebuild) { for (const c of cards.values()) c.remove(); cards.clear(); }
  const [from, to] = visibleRange();
  for (const [pos, c] of cards) if (pos < from || pos >= to) { c.remove(); cards.delete(pos); }
  const missing: number[] = [];
  const fragment = document.createDocumentFragment();
  for (let pos = from; pos < to; pos++) {
    const row = display[pos];
    if (!depictions.has(depictionKey(row)) && !requested.has(depictionKey(row))) missing.push(row);
    if (cards.has(pos)) continue;
    const card = buildCard(pos);
    cards.set(pos, card);
    fragment.append(card);
  }
  grid.append(fragment);
  const active = display.length ? `card-${display[focus]}` : '';
  if (grid.getAttribute('aria-activedescendant') !== active) grid.setAttribute('aria-activedescendant', active);
  if (!timings.firstCards && cards.size) mark('firstCards');
  requestDepictions(missing);
}

/** Depiction requests in flight: at most DEPICT_PIPELINE batches, each of the cards in view at the time of asking,
 *  so that a fast scroll never queues drawings of cards already gone. */
let inFlight = 0;
const batches: string[][] = [];
const DEPICT_PIPELINE = 2;
const DEPICT_BATCH = 8;
let depictTimeout: ReturnType<typeof setTimeout> | undefined;
function requestDepictions(missing?: number[]): void {
  if (!data) return;
  let rows = missing;
  if (!rows) {
    const [from, to] = visibleRange();
    rows = [];
    for (let pos = from; pos < to; pos++) {
      const key = depictionKey(display[pos]);
      if (!depictions.has(key) && !requested.has(key)) rows.push(display[pos]);
    }
  }
  while (inFlight < DEPICT_PIPELINE && rows.length) {
    const part = rows.splice(0, Math.min(DEPICT_BATCH, MAX_DEPICT_ROWS));
    const keys = part.map(depictionKey);
    for (const k of keys) requested.add(k);
    batches.push(keys);
    inFlight++;
    post({ type: 'depict', rows: part, width: cardSize, smarts: highlightSmarts() });
  }
  // A lost answer must not stall the pipeline.
  clearTimeout(depictTimeout);
  if (inFlight) depictTimeout = setTimeout(() => { inFlight = 0; batches.length = 0; requested.clear(); requestDepictions(); }, 20000);
}

grid.addEventListener('scroll', () => {
  if (frame) return;
  frame = requestAnimationFrame(() => { frame = 0; renderCards(); saveSoon(); });
}, { passive: true });
let saveTimer: ReturnType<typeof setTimeout> | undefined;
function saveSoon(): void { clearTimeout(saveTimer); saveTimer = setTimeout(save, 300); }
new ResizeObserver(() => { layout(); renderCards(true); }).observe(grid);

// ---------- selection and focus ----------
function setFocus(pos: number, scroll = true): void {
  if (!display.length) return;
  followTop = false;
  const old = cards.get(focus);
  focus = Math.max(0, Math.min(display.length - 1, pos));
  old?.classList.remove('focused');
  if (scroll) {
    const top = GAP + Math.floor(focus / columnsPerRow) * (cardHeight + GAP);
    if (top < grid.scrollTop) grid.scrollTop = top - GAP;
    else if (top + cardHeight > grid.scrollTop + grid.clientHeight) grid.scrollTop = top + cardHeight - grid.clientHeight + GAP;
  }
  renderCards();
  cards.get(focus)?.classList.add('focused');
  grid.setAttribute('aria-activedescendant', `card-${display[focus]}`);
  saveSoon();
}

function select(pos: number, mode: 'only' | 'toggle' | 'range'): void {
  const row = display[pos];
  if (row === undefined) return;
  if (mode === 'only') { selection.clear(); selection.add(row); anchor = pos; }
  else if (mode === 'toggle') { if (selection.has(row)) selection.delete(row); else selection.add(row); anchor = pos; }
  else {
    const from = Math.min(anchor < 0 ? pos : anchor, pos), to = Math.max(anchor < 0 ? pos : anchor, pos);
    for (let p = from; p <= to; p++) selection.add(display[p]);
  }
  selectionChanged();
}

grid.addEventListener('click', e => {
  const card = (e.target as HTMLElement).closest<HTMLElement>('.card');
  if (!card) return;
  const row = Number(card.dataset.row);
  const pos = positionOf[row] ?? -1;
  if (pos < 0) return;
  setFocus(pos, false);
  if (e.shiftKey) select(pos, 'range');
  else if (e.ctrlKey || e.metaKey) select(pos, 'toggle');
  else { select(pos, 'only'); post({ type: 'reveal', row }); }
  grid.focus();
});

grid.addEventListener('keydown', e => {
  if (!display.length) return;
  const page = Math.max(1, Math.floor(grid.clientHeight / (cardHeight + GAP))) * columnsPerRow;
  const moves: Record<string, number> = {
    ArrowRight: 1, ArrowLeft: -1, ArrowDown: columnsPerRow, ArrowUp: -columnsPerRow, PageDown: page, PageUp: -page,
  };
  if (e.key in moves) {
    e.preventDefault();
    setFocus(focus + moves[e.key]);
    if (e.shiftKey) select(focus, 'range');
  } else if (e.key === 'Home' || e.key === 'End') {
    e.preventDefault(); setFocus(e.key === 'Home' ? 0 : display.length - 1);
  } else if (e.key === ' ') {
    e.preventDefault(); select(focus, e.shiftKey ? 'range' : 'toggle');
  } else if (e.key === 'Enter') {
    e.preventDefault(); post({ type: 'reveal', row: display[focus] });
  } else if (e.key === 'a' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault(); selectAllMatching();
  } else if (e.key === 'Escape') {
    selection.clear(); selectionChanged();
  }
});

function selectAllMatching(): void { for (const r of display) selection.add(r); selectionChanged(); }
selectAll.addEventListener('click', selectAllMatching);
clearSel.addEventListener('click', () => { selection.clear(); selectionChanged(); });

/** The selection in display order, or the focused card when nothing is selected. */
function chosenRows(): number[] {
  const inOrder = [...display].filter(r => selection.has(r));
  const hidden = [...selection].filter(r => positionOf[r] < 0).sort((a, b) => a - b);
  return [...inOrder, ...hidden];
}
const exportAs = (format: ExportFormat) => () => post({ type: 'export', rows: chosenRows(), format });
exportCsv.addEventListener('click', exportAs('csv'));
exportSmi.addEventListener('click', exportAs('smiles'));
copySmi.addEventListener('click', () => {
  const rows = selection.size ? chosenRows() : display.length ? [display[focus]] : [];
  post({ type: 'copy', rows, format: 'smiles' });
});

// ---------- toolbar events ----------
let textTimer: ReturnType<typeof setTimeout> | undefined;
textField.addEventListener('input', () => { clearTimeout(textTimer); textTimer = setTimeout(() => setQuery({ ...query, text: textField.value }), 120); });
let smartsTimer: ReturnType<typeof setTimeout> | undefined;
smartsField.addEventListener('input', () => { clearTimeout(smartsTimer); smartsTimer = setTimeout(() => setQuery({ ...query, smarts: smartsField.value.trim() }), 400); });
function similarityFromFields(): void {
  const smiles = simField.value.trim();
  const min = simMin.value.trim() === '' ? 0 : Number(simMin.value);
  const method = simMethod.value as SimilarityMethod;
  const similarity = smiles ? { smiles, method, min: Number.isFinite(min) ? Math.min(1, Math.max(0, min)) : 0 } : null;
  const sort = smiles && query.sort.key === 'row' ? { key: 'similarity' as const, descending: true }
    : !smiles && query.sort.key === 'similarity' ? { key: 'row' as const, descending: false } : query.sort;
  setQuery({ ...query, similarity, sort });
  sortSelect.value = query.sort.key;
  renderSortDirection();
}
let simTimer: ReturnType<typeof setTimeout> | undefined;
for (const f of [simField, simMin]) f.addEventListener('input', () => { clearTimeout(simTimer); simTimer = setTimeout(similarityFromFields, 400); });
simMethod.addEventListener('change', similarityFromFields);
sortSelect.addEventListener('change', () => { setQuery({ ...query, sort: { ...query.sort, key: sortSelect.value as FieldKey } }); });
function renderSortDirection(): void { sortDir.textContent = query.sort.descending ? 'Descending' : 'Ascending'; }
sortDir.addEventListener('click', () => { setQuery({ ...query, sort: { ...query.sort, descending: !query.sort.descending } }); renderSortDirection(); });
rangeAdd.addEventListener('click', () => {
  const parse = (s: string) => s.trim() === '' || !Number.isFinite(Number(s)) ? null : Number(s);
  const min = parse(rangeMin.value), max = parse(rangeMax.value);
  if (min === null && max === null) return;
  setQuery({ ...query, ranges: [...query.ranges.filter(r => r.key !== rangeField.value), { key: rangeField.value as FieldKey, min, max }] });
  rangeMin.value = ''; rangeMax.value = '';
  renderRanges();
});
sizeSelect.addEventListener('change', () => { cardSize = Number(sizeSelect.value) || 180; save(); layout(); renderCards(true); });

// ---------- messages ----------
function init(m: Extract<ToWebview, { type: 'init' }>): void {
  mark('init');
  const sameFile = data !== undefined && fileName === m.file && totalRows === m.total;
  totalRows = m.total;
  data = m.data;
  index = new GridIndex(data);
  fileName = m.file;
  sourceUri = m.uri;
  embedding = m.embedding;
  depictions.clear(); requested.clear(); batches.length = 0; inFlight = 0;
  computed = { properties: {} };
  propertiesRequested = false;
  progress.clear();
  const restoring = !sameFile && saved && saved.query;
  const incoming = Object.keys(m.query).length ? m.query : restoring ? saved.query : sameFile ? query : {};
  query = EMPTY_QUERY;
  if (!sameFile) {
    selection.clear();
    const restoredSelection = m.selection.length ? m.selection : (saved?.selection ?? []);
    for (const r of restoredSelection) if (Number.isInteger(r) && r >= 0 && r < totalRows) selection.add(r);
    visibleColumns = Array.isArray(saved?.visibleColumns) ? saved.visibleColumns.filter(i => Number.isInteger(i) && i >= 0 && i < data!.columns.length) : null;
    cardSize = typeof saved?.cardSize === 'number' && saved.cardSize >= 120 && saved.cardSize <= 400 ? saved.cardSize : m.cardSize;
  }
  document.title = `Molecules: ${m.file}`;
  options(sortSelect, ['row', ...(data.columns.map((_, i) => `col:${i}` as FieldKey)), ...PROPERTIES.map(p => `prop:${p}` as FieldKey), 'similarity'], 'row');
  options(rangeField, numericFields(), numericFields()[0]);
  sizeSelect.value = String(cardSize);
  simMethod.querySelector<HTMLElement>('vscode-option[value="embedding"]')?.toggleAttribute('disabled', !embedding.available);
  simNote.textContent = embedding.available ? '' : embedding.note;
  renderColumnChooser();
  const q = sanitizeQuery(incoming, data);
  textField.value = q.text; smartsField.value = q.smarts;
  simField.value = q.similarity?.smiles ?? ''; simMin.value = q.similarity && q.similarity.min > 0 ? String(q.similarity.min) : '';
  simMethod.value = q.similarity?.method ?? 'ecfp';
  setQuery(q);
  sortSelect.value = q.sort.key;
  renderSortDirection();
  renderRanges();
  followTop = m.focusRow < 0 && Object.keys(m.query).length > 0 && q.similarity !== null;
  const focusRow = m.focusRow >= 0 ? m.focusRow : !followTop && !sameFile && typeof saved?.focusRow === 'number' ? saved.focusRow : -1;
  const pos = focusRow >= 0 ? positionOf[focusRow] ?? -1 : -1;
  if (m.focusRow >= 0) sourceRow = m.focusRow;
  if (pos >= 0) setFocus(pos);
  else if (focusRow >= data.rows.length) pendingFocus = focusRow;
  else if (!sameFile && typeof saved?.scrollTop === 'number') grid.scrollTop = saved.scrollTop;
  app.removeAttribute('aria-busy');
  renderCards(true);
  save();
}

function applyChunk(m: Extract<ToWebview, { type: 'chunk' }>): void {
  if (!data) return;
  const n = totalRows;
  const label = m.kind === 'properties' ? 'properties' : m.kind === 'smarts' ? 'SMARTS' : 'similarity';
  if (m.kind === 'properties') {
    for (const [j, p] of PROPERTIES.entries()) {
      const arr = computed.properties[p] ?? new Float64Array(n).fill(NaN);
      for (let i = 0; i < m.count; i++) arr[m.start + i] = m.values[i * PROPERTIES.length + j] ?? NaN;
      computed.properties[p] = arr;
    }
  } else if (m.kind === 'smarts') {
    if (computed.smarts?.query !== m.key) return;
    for (let i = 0; i < m.count; i++) computed.smarts.matches[m.start + i] = m.values[i] ?? UNKNOWN;
  } else {
    const s = computed.similarity;
    if (!s || `${s.method}:${s.smiles}` !== m.key) return;
    for (let i = 0; i < m.count; i++) s.scores[m.start + i] = m.values[i] ?? NaN;
  }
  if (m.done >= m.total) progress.delete(label); else progress.set(label, `${Math.floor((100 * m.done) / Math.max(1, m.total))}% computed`);
  recomputeSoon();
}

bridge.onMessage(m => {
  switch (m.type) {
    case 'init': init(m); break;
    case 'depictions': {
      for (const item of Array.isArray(m.items) ? m.items : []) {
        if (typeof item?.row !== 'number') continue;
        const key = `${item.row}\u0000${m.width}\u0000${m.smarts}`;
        requested.delete(key);
        depictions.set(key, item);
        // Update the card in place when it is on screen.
        const pos = positionOf[item.row];
        const card = cards.get(pos);
        if (card && key === depictionKey(item.row)) { const fresh = buildCard(pos); card.replaceWith(fresh); cards.set(pos, fresh); }
      }
      if (depictions.size > 6000) for (const k of [...depictions.keys()].slice(0, 2000)) depictions.delete(k);
      inFlight = Math.max(0, inFlight - 1);
      // Answers come in request order: rows of the oldest batch without an answer may be asked again.
      for (const k of batches.shift() ?? []) requested.delete(k);
      requestDepictions();
      break;
    }
    case 'chunk': applyChunk(m); break;
    case 'rows':
      if (!data || m.start !== data.rows.length) break;
      try { for (const r of unpackRows(m.rows, m.start)) data.rows.push(r); } catch (e) { console.warn((e as Error).message); break; }
      index = new GridIndex(data);
      recomputeSoon();
      break;
    case 'scanError':
      if (m.kind === 'smarts' && m.key === query.smarts) { smartsError = m.message; progress.delete('SMARTS'); recompute(); }
      else if (m.kind === 'similarity') { similarityError = m.message; progress.delete('similarity'); renderStatus(); }
      else { progress.delete(m.kind); renderStatus(); }
      break;
    case 'diagnostics':
      badges.clear();
      for (const r of Array.isArray(m.rows) ? m.rows : []) if (typeof r?.row === 'number' && Array.isArray(r.codes)) badges.set(r.row, { codes: r.codes.map(String), severity: String(r.severity), messages: (r.messages ?? []).map(String) });
      renderCards(true);
      break;
    case 'highlightRow': {
      sourceRow = m.row;
      const pos = positionOf[m.row] ?? -1;
      if (pos >= 0) setFocus(pos);
      renderCards(true);
      break;
    }
    case 'status': statusLine.dataset.message = m.text; statusLine.textContent = m.text; setTimeout(renderStatus, 4000); break;
  }
});

post({ type: 'ready' });
