// Loaded by main.ts once the custom elements are defined. Browser side of the molecule grid: the state and its
// changes are in state.ts (filters and sort run there with the pure functions of src/common/grid); this module renders
// them and wires events. RDKit work (depictions, properties, SMARTS, similarity) is asked of the host. Only the cards
// in view are in the DOM. Every value from the file is written with textContent or as an attribute, and depictions
// only as `data:image/svg+xml;base64,` image sources.
import type { FieldKey, GridQuery, SimilarityMethod } from '../../src/common/grid/query';
import { SVG_DATA_URL, type DepictionItem } from '../../src/common/grid/worker-protocol';
import { LruCache } from '../../src/common/lru';
import { connect } from '../common/bridge';
import { h } from '../dom';
import {
  toWebviewShapes,
  MAX_DEPICT_ROWS,
  type ExportFormat,
  type ToHost,
  type ToWebview,
  type ViewState,
} from '../../src/common/grid/protocol';
import * as st from '../../src/common/grid/state';

const bridge = connect<ToHost, ToWebview, ViewState>(toWebviewShapes);
const post = (m: ToHost) => bridge.post(m);

type TextField = HTMLElement & { value: string };
type Select = HTMLElement & { value: string };
type Checkbox = HTMLElement & { checked: boolean };

const s = st.createGridState();
const saved = bridge.getState();

function save(): void {
  if (s.data) bridge.setState(st.viewState(s, grid.scrollTop));
}
let selectionTimer: ReturnType<typeof setTimeout> | undefined;
function selectionChanged(): void {
  clearTimeout(selectionTimer);
  selectionTimer = setTimeout(() => post({ type: 'selectionChanged', rows: [...s.selection] }), 250);
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
const textField = h('vscode-textfield', {
  id: 'search',
  placeholder: 'Search all columns',
  'aria-label': 'Search all columns',
}) as TextField;
const smartsField = h('vscode-textfield', {
  id: 'smarts',
  placeholder: 'SMARTS substructure, e.g. c1ccncc1',
  'aria-label': 'SMARTS substructure',
}) as TextField;
const simField = h('vscode-textfield', {
  id: 'similar',
  placeholder: 'Similar to SMILES',
  'aria-label': 'Similar to SMILES',
}) as TextField;
const simMethod = h(
  'vscode-single-select',
  { id: 'similarity-method', 'aria-label': 'Similarity method' },
  h('vscode-option', { value: 'ecfp' }, 'ECFP4 Tanimoto'),
  h('vscode-option', { value: 'embedding' }, 'Embedding cosine'),
) as Select;
const simMin = h('vscode-textfield', {
  id: 'similarity-min',
  class: 'narrow',
  placeholder: 'min 0–1',
  'aria-label': 'Minimum similarity',
}) as TextField;
const simNote = h('span', { id: 'similarity-note', class: 'note' });
const sortSelect = h('vscode-single-select', { id: 'sort', 'aria-label': 'Sort by' }) as Select;
const sortDir = h(
  'vscode-button',
  { id: 'sort-direction', secondary: true, 'aria-label': 'Sort direction' },
  'Ascending',
);
const rangeField = h('vscode-single-select', { id: 'range-field', 'aria-label': 'Range filter field' }) as Select;
const rangeMin = h('vscode-textfield', {
  id: 'range-min',
  class: 'narrow',
  placeholder: 'min',
  'aria-label': 'Range minimum',
}) as TextField;
const rangeMax = h('vscode-textfield', {
  id: 'range-max',
  class: 'narrow',
  placeholder: 'max',
  'aria-label': 'Range maximum',
}) as TextField;
const rangeAdd = h('vscode-button', { id: 'range-add', secondary: true }, 'Add range');
const chips = h('div', { id: 'ranges', class: 'chips', 'aria-label': 'Range filters' });
const columnList = h('div', { class: 'column-list', role: 'group', 'aria-label': 'Columns shown on cards' });
const columnsBox = h('details', { class: 'popover columns', id: 'columns' }, h('summary', {}, 'Columns'), columnList);
const sizeSelect = h(
  'vscode-single-select',
  { id: 'card-size', 'aria-label': 'Card size' },
  h('vscode-option', { value: '140' }, 'Small'),
  h('vscode-option', { value: '180' }, 'Medium'),
  h('vscode-option', { value: '240' }, 'Large'),
  h('vscode-option', { value: '320' }, 'Extra large'),
) as Select;
const selectAll = h('vscode-button', { id: 'select-all', secondary: true }, 'Select all matching');
const clearSel = h('vscode-button', { id: 'clear-selection', secondary: true }, 'Clear selection');
const exportCsv = h('vscode-button', { id: 'export-csv' }, 'Export CSV…');
const exportSmi = h('vscode-button', { id: 'export-smiles', secondary: true }, 'Export SMILES…');
const copySmi = h('vscode-button', { id: 'copy-smiles', secondary: true }, 'Copy SMILES');
const statusLine = h('div', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' });
const spacer = h('div', { id: 'spacer' });
const grid = h(
  'div',
  { id: 'grid', role: 'listbox', 'aria-multiselectable': 'true', 'aria-label': 'Molecules', tabindex: '0' },
  spacer,
);

// One toolbar row at usual widths; its groups wrap as wholes when narrow. Rarer controls (ranges, columns, selection
// actions) open from the row as small popovers.
const popover = (id: string, label: string, ...content: Node[]) =>
  h('details', { class: 'popover', id }, h('summary', {}, label), h('div', { class: 'popover-body' }, ...content));
const selectionBox = popover('selection-actions', 'Selection', selectAll, clearSel, exportCsv, exportSmi, copySmi);
const rangeBox = popover('range', 'Range', rangeField, rangeMin, rangeMax, rangeAdd);
app.append(
  h(
    'div',
    { class: 'toolbar' },
    h('div', { class: 'group grow' }, textField, smartsField),
    h('div', { class: 'group grow' }, simField, simMethod, simMin, simNote),
    h('div', { class: 'group' }, h('label', { for: 'sort' }, 'Sort'), sortSelect, sortDir),
    h(
      'div',
      { class: 'group' },
      rangeBox,
      columnsBox,
      h('label', { for: 'card-size' }, 'Size'),
      sizeSelect,
      selectionBox,
    ),
    chips,
  ),
  statusLine,
  grid,
);
// A popover closes when another opens or the user acts elsewhere.
for (const d of [rangeBox, columnsBox, selectionBox])
  d.addEventListener('toggle', () => {
    if (d.open) for (const other of [rangeBox, columnsBox, selectionBox]) if (other !== d) other.open = false;
  });
grid.addEventListener('pointerdown', () => {
  for (const d of [rangeBox, columnsBox, selectionBox]) d.open = false;
});

// ---------- fields ----------
function options(select: Select, keys: FieldKey[], value: string): void {
  select.replaceChildren(...keys.map(k => h('vscode-option', { value: k }, st.fieldLabel(s, k))));
  select.value = value;
}

// ---------- query ----------
function setQuery(q: GridQuery): void {
  for (const m of st.setQuery(s, q)) post(m);
  save();
  recompute();
}

let recomputeTimer: ReturnType<typeof setTimeout> | undefined;
/** Re-runs the query soon (scan results arrive in many chunks). */
function recomputeSoon(): void {
  if (recomputeTimer) return;
  recomputeTimer = setTimeout(() => {
    recomputeTimer = undefined;
    recompute();
  }, 150);
}

function recompute(keepFocusRow = true): void {
  if (!s.index) return;
  if (st.recompute(s, keepFocusRow)) {
    layout();
    grid.scrollTop = Math.max(0, st.cardPosition(s, lay, s.focus).y - st.GAP);
  }
  layout();
  renderStatus();
  renderCards(true);
}

function renderStatus(): void {
  if (!s.data) return;
  const parts: Node[] = [document.createTextNode(st.statusText(s))];
  if (s.smartsError) parts.push(document.createTextNode(' · '), h('span', { class: 'error' }, s.smartsError));
  if (s.similarityError) parts.push(document.createTextNode(' · '), h('span', { class: 'error' }, s.similarityError));
  statusLine.replaceChildren(...parts);
  statusLine.dataset.count = String(s.display.length);
  statusLine.dataset.pending = s.pending.join(' ');
}

function renderRanges(): void {
  chips.replaceChildren(
    ...s.query.ranges.map((r, i) => {
      const remove = h('button', { 'aria-label': `Remove range on ${st.fieldLabel(s, r.key)}`, title: 'Remove' }, '×');
      remove.addEventListener('click', () => {
        setQuery(st.withoutRange(s.query, i));
        renderRanges();
      });
      return h(
        'span',
        { class: 'chip', 'data-key': r.key },
        `${r.min ?? '−∞'} ≤ ${st.fieldLabel(s, r.key)} ≤ ${r.max ?? '∞'}`,
        remove,
      );
    }),
  );
}

function renderColumnChooser(): void {
  const data = s.data;
  if (!data) return;
  const shown = st.shownColumns(s);
  columnList.replaceChildren(
    ...data.columns
      .map((c, i) => {
        if (i === data.title) return null;
        const box = h('vscode-checkbox', {
          label: c.name,
          'data-column': String(i),
          checked: shown.includes(i),
        }) as Checkbox;
        box.addEventListener('change', () => {
          st.setColumnShown(s, i, box.checked);
          save();
          layout();
          renderCards(true);
        });
        return box;
      })
      .filter((b): b is Checkbox => b !== null),
  );
}

// ---------- virtual grid ----------
let lay: st.Layout = { columnsPerRow: 1, cardHeight: 0, height: 0 };

function layout(): void {
  lay = st.gridLayout(s, grid.clientWidth);
  spacer.style.height = `${lay.height}px`;
}

/** Card elements in view, by display position. */
const cards = new Map<number, HTMLElement>();
/** Depictions received, by row, width and highlighted SMARTS: several screens' worth. */
const depictions = new LruCache<string, DepictionItem>(6000);
const requested = new Set<string>();
const depictionKey = (row: number) => `${row}\u0000${st.depictionWidth(s)}\u0000${st.highlightSmarts(s)}`;
const visibleRange = () => st.visibleRange(s, lay, grid.scrollTop, grid.clientHeight);

function buildCard(pos: number): HTMLElement {
  const d = s.data!;
  const row = s.display[pos];
  const r = d.rows[row];
  const title = d.title >= 0 ? (r.values[d.title] ?? '') : '';
  const card = h('div', {
    class: 'card',
    role: 'option',
    id: `card-${row}`,
    'data-row': String(row),
    'data-line': String(r.line + 1),
    'aria-selected': s.selection.has(row) ? 'true' : 'false',
    'aria-label': title || `row ${row + 1}`,
  });
  const dep = depictions.get(depictionKey(row)) ?? depictions.get(`${row}\u0000${st.depictionWidth(s)}\u0000`);
  if (dep?.url && dep.url.startsWith(SVG_DATA_URL)) {
    const img = h('img', {
      class: 'depiction',
      alt: title ? `structure of ${title}` : 'structure',
      draggable: 'false',
    });
    img.decoding = 'async';
    img.src = dep.url;
    card.append(img);
    if (!timings.firstDepiction) mark('firstDepiction');
  } else card.append(h('div', { class: `placeholder${dep?.error ? ' invalid' : ''}` }, dep?.error ?? ''));
  // Lint findings sit on what they are about: the molecule's on the depiction, a column's beside that column's value
  // (or, when the column is not shown, naming it).
  const lint = s.badges.get(row);
  const badge = (f: { code: string; column: string }, text: string) =>
    h(
      'span',
      { class: `badge lint ${lint!.severity}`, 'data-column': f.column, title: lint!.messages.join('\n') },
      text,
    );
  const onMolecule = lint?.findings.filter(f => f.molecule) ?? [];
  if (onMolecule.length)
    card.append(h('div', { class: 'badges on-molecule' }, ...onMolecule.map(f => badge(f, f.code))));
  card.append(h('div', { class: 'title', title }, title || `row ${row + 1}`));
  const shown = st.shownColumns(s);
  for (const c of shown) {
    const value = r.values[c] ?? '';
    const name = d.columns[c].name;
    const here = lint?.findings.filter(f => !f.molecule && f.column === name) ?? [];
    card.append(
      h(
        'div',
        { class: 'field', title: `${name}: ${value}` },
        ...here.map(f => badge(f, f.code)),
        h('span', { class: 'name' }, `${name}: `),
        st.cellText(s, c, value),
      ),
    );
  }
  for (const key of st.extraFields(s))
    card.append(
      h(
        'div',
        { class: 'field' },
        h('span', { class: 'name' }, `${st.fieldLabel(s, key)}: `),
        st.formatValue(s, key, row),
      ),
    );
  const b = h('div', { class: 'badges' });
  const shownNames = new Set(shown.map(c => d.columns[c].name));
  for (const f of lint?.findings ?? [])
    if (!f.molecule && !shownNames.has(f.column)) b.append(badge(f, f.column ? `${f.code} · ${f.column}` : f.code));
  if (dep?.matched) b.append(h('span', { class: 'badge match' }, 'match'));
  card.append(b);
  card.classList.toggle('focused', pos === s.focus);
  card.classList.toggle('source-row', row === s.sourceRow);
  const at = st.cardPosition(s, lay, pos);
  card.style.width = `${s.cardSize}px`;
  card.style.height = `${lay.cardHeight}px`;
  card.style.transform = `translate(${at.x}px, ${at.y}px)`;
  return card;
}

let frame = 0;
function renderCards(rebuild = false): void {
  if (!s.data) return;
  if (rebuild) {
    for (const c of cards.values()) c.remove();
    cards.clear();
  }
  const [from, to] = visibleRange();
  for (const [pos, c] of cards)
    if (pos < from || pos >= to) {
      c.remove();
      cards.delete(pos);
    }
  const missing: number[] = [];
  const fragment = document.createDocumentFragment();
  for (let pos = from; pos < to; pos++) {
    const row = s.display[pos];
    if (!depictions.has(depictionKey(row)) && !requested.has(depictionKey(row))) missing.push(row);
    if (cards.has(pos)) continue;
    const card = buildCard(pos);
    cards.set(pos, card);
    fragment.append(card);
  }
  grid.append(fragment);
  const active = s.display.length ? `card-${s.display[s.focus]}` : '';
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
  if (!s.data) return;
  let rows = missing;
  if (!rows) {
    const [from, to] = visibleRange();
    rows = [];
    for (let pos = from; pos < to; pos++) {
      const key = depictionKey(s.display[pos]);
      if (!depictions.has(key) && !requested.has(key)) rows.push(s.display[pos]);
    }
  }
  while (inFlight < DEPICT_PIPELINE && rows.length) {
    const part = rows.splice(0, Math.min(DEPICT_BATCH, MAX_DEPICT_ROWS));
    const keys = part.map(depictionKey);
    for (const k of keys) requested.add(k);
    batches.push(keys);
    inFlight++;
    post({ type: 'depict', rows: part, width: st.depictionWidth(s), smarts: st.highlightSmarts(s) });
  }
  // A lost answer must not stall the pipeline.
  clearTimeout(depictTimeout);
  if (inFlight)
    depictTimeout = setTimeout(() => {
      inFlight = 0;
      batches.length = 0;
      requested.clear();
      requestDepictions();
    }, 20000);
}

grid.addEventListener(
  'scroll',
  () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      renderCards();
      saveSoon();
    });
  },
  { passive: true },
);
let saveTimer: ReturnType<typeof setTimeout> | undefined;
function saveSoon(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(save, 300);
}
new ResizeObserver(() => {
  layout();
  renderCards(true);
}).observe(grid);

// ---------- selection and focus ----------
function setFocus(pos: number, scroll = true): void {
  const old = cards.get(s.focus);
  if (!st.setFocus(s, pos)) return;
  old?.classList.remove('focused');
  if (scroll) grid.scrollTop = st.scrollToFocus(s, lay, grid.scrollTop, grid.clientHeight);
  renderCards();
  cards.get(s.focus)?.classList.add('focused');
  grid.setAttribute('aria-activedescendant', `card-${s.display[s.focus]}`);
  saveSoon();
}

function select(pos: number, mode: 'only' | 'toggle' | 'range'): void {
  if (st.select(s, pos, mode)) selectionChanged();
}

grid.addEventListener('click', e => {
  const card = (e.target as HTMLElement).closest<HTMLElement>('.card');
  if (!card) return;
  const row = Number(card.dataset.row);
  const pos = s.positionOf[row] ?? -1;
  if (pos < 0) return;
  setFocus(pos, false);
  if (e.shiftKey) select(pos, 'range');
  else if (e.ctrlKey || e.metaKey) select(pos, 'toggle');
  else {
    select(pos, 'only');
    post({ type: 'reveal', row });
  }
  grid.focus();
});

grid.addEventListener('keydown', e => {
  if (!s.display.length) return;
  const move = st.keyMove(e.key, lay, grid.clientHeight);
  if (move !== undefined) {
    e.preventDefault();
    setFocus(s.focus + move);
    if (e.shiftKey) select(s.focus, 'range');
  } else if (e.key === 'Home' || e.key === 'End') {
    e.preventDefault();
    setFocus(e.key === 'Home' ? 0 : s.display.length - 1);
  } else if (e.key === ' ') {
    e.preventDefault();
    select(s.focus, e.shiftKey ? 'range' : 'toggle');
  } else if (e.key === 'Enter') {
    e.preventDefault();
    post({ type: 'reveal', row: s.display[s.focus] });
  } else if (e.key === 'a' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    selectAllMatching();
  } else if (e.key === 'Escape') {
    st.clearSelection(s);
    selectionChanged();
  }
});

function selectAllMatching(): void {
  st.selectAllShown(s);
  selectionChanged();
}
selectAll.addEventListener('click', selectAllMatching);
clearSel.addEventListener('click', () => {
  st.clearSelection(s);
  selectionChanged();
});

const exportAs = (format: ExportFormat) => () => post({ type: 'export', rows: st.selectedRows(s), format });
exportCsv.addEventListener('click', exportAs('csv'));
exportSmi.addEventListener('click', exportAs('smiles'));
copySmi.addEventListener('click', () => post({ type: 'copy', rows: st.rowsToCopy(s), format: 'smiles' }));

// ---------- toolbar events ----------
let textTimer: ReturnType<typeof setTimeout> | undefined;
textField.addEventListener('input', () => {
  clearTimeout(textTimer);
  textTimer = setTimeout(() => setQuery({ ...s.query, text: textField.value }), 120);
});
let smartsTimer: ReturnType<typeof setTimeout> | undefined;
smartsField.addEventListener('input', () => {
  clearTimeout(smartsTimer);
  smartsTimer = setTimeout(() => setQuery({ ...s.query, smarts: smartsField.value.trim() }), 400);
});
function similarityFromFields(): void {
  setQuery(st.withSimilarity(s.query, simField.value.trim(), simMethod.value as SimilarityMethod, simMin.value));
  sortSelect.value = s.query.sort.key;
  renderSortDirection();
}
let simTimer: ReturnType<typeof setTimeout> | undefined;
for (const f of [simField, simMin])
  f.addEventListener('input', () => {
    clearTimeout(simTimer);
    simTimer = setTimeout(similarityFromFields, 400);
  });
simMethod.addEventListener('change', similarityFromFields);
sortSelect.addEventListener('change', () => {
  setQuery({ ...s.query, sort: { ...s.query.sort, key: sortSelect.value as FieldKey } });
});
function renderSortDirection(): void {
  sortDir.textContent = s.query.sort.descending ? 'Descending' : 'Ascending';
}
sortDir.addEventListener('click', () => {
  setQuery({ ...s.query, sort: { ...s.query.sort, descending: !s.query.sort.descending } });
  renderSortDirection();
});
rangeAdd.addEventListener('click', () => {
  const q = st.withRange(s.query, rangeField.value as FieldKey, rangeMin.value, rangeMax.value);
  if (q === s.query) return;
  setQuery(q);
  rangeMin.value = '';
  rangeMax.value = '';
  renderRanges();
});
sizeSelect.addEventListener('change', () => {
  s.cardSize = Number(sizeSelect.value) || 180;
  save();
  layout();
  renderCards(true);
});

// ---------- messages ----------
function init(m: Extract<ToWebview, { type: 'init' }>): void {
  mark('init');
  const sameFile = s.data !== undefined && s.fileName === m.file && s.totalRows === m.total;
  depictions.clear();
  requested.clear();
  batches.length = 0;
  inFlight = 0;
  const { query: q, focusRow } = st.initState(s, m, saved);
  document.title = `Molecules: ${m.file}`;
  options(sortSelect, st.sortFields(s), 'row');
  options(rangeField, st.numericFields(s), st.numericFields(s)[0]);
  sizeSelect.value = String(s.cardSize);
  simMethod
    .querySelector<HTMLElement>('vscode-option[value="embedding"]')
    ?.toggleAttribute('disabled', !s.embedding.available);
  simNote.textContent = s.embedding.available ? '' : s.embedding.note;
  renderColumnChooser();
  textField.value = q.text;
  smartsField.value = q.smarts;
  simField.value = q.similarity?.smiles ?? '';
  simMin.value = q.similarity && q.similarity.min > 0 ? String(q.similarity.min) : '';
  simMethod.value = q.similarity?.method ?? 'ecfp';
  setQuery(q);
  sortSelect.value = q.sort.key;
  renderSortDirection();
  renderRanges();
  const pos = focusRow >= 0 ? (s.positionOf[focusRow] ?? -1) : -1;
  if (pos >= 0) setFocus(pos);
  else if (focusRow >= m.data.rows.length) s.pendingFocus = focusRow;
  else if (!sameFile && typeof saved?.scrollTop === 'number') grid.scrollTop = saved.scrollTop;
  app.removeAttribute('aria-busy');
  renderCards(true);
  save();
}

bridge.onMessage(m => {
  switch (m.type) {
    case 'init':
      init(m);
      break;
    case 'depictions': {
      for (const item of Array.isArray(m.items) ? m.items : []) {
        if (typeof item?.row !== 'number') continue;
        const key = `${item.row}\u0000${m.width}\u0000${m.smarts}`;
        requested.delete(key);
        depictions.set(key, item);
        // Update the card in place when it is on screen.
        const pos = s.positionOf[item.row];
        const card = cards.get(pos);
        if (card && key === depictionKey(item.row)) {
          const fresh = buildCard(pos);
          card.replaceWith(fresh);
          cards.set(pos, fresh);
        }
      }
      inFlight = Math.max(0, inFlight - 1);
      // Answers come in request order: rows of the oldest batch without an answer may be asked again.
      for (const k of batches.shift() ?? []) requested.delete(k);
      requestDepictions();
      break;
    }
    case 'chunk':
      if (s.data && st.applyChunk(s, m)) recomputeSoon();
      break;
    case 'rows':
      try {
        if (st.appendRows(s, m.start, m.rows)) recomputeSoon();
      } catch (e) {
        console.warn((e as Error).message);
      }
      break;
    case 'scanError':
      if (st.scanFailed(s, m)) recompute();
      else renderStatus();
      break;
    case 'diagnostics':
      st.setBadges(s, m.rows);
      renderCards(true);
      break;
    case 'highlightRow': {
      s.sourceRow = m.row;
      const pos = s.positionOf[m.row] ?? -1;
      if (pos >= 0) setFocus(pos);
      renderCards(true);
      break;
    }
    case 'status':
      statusLine.dataset.message = m.text;
      statusLine.textContent = m.text;
      setTimeout(renderStatus, 4000);
      break;
  }
});

post({ type: 'ready' });
