// Loaded by main.ts once the custom elements are defined. Browser side of the screen results view: the folder's
// summary, a filter builder (column, operator, value), a table that shows one page of rows at a time (sorted by a
// click on a column's header), and a histogram of a chosen column. Every query runs on the host; the view holds one
// page. Depictions are asked for only for the rows scrolled into view. Values from the folder are written with
// textContent or as attributes, depictions only as `data:image/svg+xml;base64,` image sources.
import { connect } from '../common/bridge';
import { h } from '../dom';
import { LruCache } from '../../src/common/lru';
import { SVG_DATA_URL } from '../../src/common/grid/worker-protocol';
import {
  describeFilter,
  parseFilterValue,
  NUMBER_OPS,
  TEXT_OPS,
  type Histogram,
  type ScreenColumn,
  type ScreenFilter,
  type ScreenSort,
} from '../../src/common/screen/query';
import {
  toWebviewShapes,
  MAX_DEPICT_SMILES,
  type ScreenSummary,
  type ScreenViewState,
  type ToHost,
  type ToWebview,
} from '../../src/common/screen/protocol';
import { binsSvg } from '../results/plot-svg';

type Cell = number | string | null;
type TextField = HTMLElement & { value: string };
type Select = HTMLElement & { value: string };

const bridge = connect<ToHost, ToWebview, ScreenViewState>(toWebviewShapes);
const post = (m: ToHost) => bridge.post(m);

const PAGE_ROWS = 100;
const DEPICTION_WIDTH = 120;
const HISTOGRAM_BINS = 40;

const saved = bridge.getState();
let summary: ScreenSummary | undefined;
let columns: ScreenColumn[] = [];
let filters: ScreenFilter[] = saved?.filters ?? [];
let sort: ScreenSort | null = saved?.sort ?? null;
let offset = saved?.offset ?? 0;
let histogramColumn = saved?.histogramColumn ?? '';
let total = 0;
let rows: Cell[][] = [];
/** One counter for pages and histograms: a `failed` answer names either. */
let requestId = 0;
let pageId = 0;
let histogramId = 0;

function save(): void {
  bridge.setState({ filters, sort, offset, histogramColumn });
}

// ---------- layout ----------
const app = document.getElementById('app')!;
const title = h('h2', { id: 'title' });
const modelLine = h('div', { id: 'model', class: 'note' });
const progressLine = h('div', { id: 'progress' });
const filterColumn = h('vscode-single-select', { id: 'filter-column', 'aria-label': 'Filter column' }) as Select;
const filterOp = h('vscode-single-select', { id: 'filter-op', class: 'op', 'aria-label': 'Filter operator' }) as Select;
const filterValue = h('vscode-textfield', {
  id: 'filter-value',
  placeholder: 'value',
  'aria-label': 'Filter value',
}) as TextField;
const filterAdd = h('vscode-button', { id: 'filter-add', secondary: true }, 'Add filter');
const chips = h('div', { id: 'filters', class: 'chips', 'aria-label': 'Filters' });
const histSelect = h('vscode-single-select', { id: 'histogram-column', 'aria-label': 'Histogram column' }) as Select;
const histBox = h('div', { id: 'histogram', class: 'histogram' });
const first = h('vscode-button', { id: 'page-first', secondary: true, 'aria-label': 'First page' }, '«');
const prev = h('vscode-button', { id: 'page-prev', secondary: true, 'aria-label': 'Previous page' }, '‹');
const next = h('vscode-button', { id: 'page-next', secondary: true, 'aria-label': 'Next page' }, '›');
const last = h('vscode-button', { id: 'page-last', secondary: true, 'aria-label': 'Last page' }, '»');
const pageLabel = h('span', { id: 'page-label', class: 'page-label', role: 'status', 'aria-live': 'polite' });
const gotoField = h('vscode-textfield', {
  id: 'goto',
  class: 'narrow',
  placeholder: 'go to #',
  'aria-label': 'Go to result number',
}) as TextField;
const headRow = h('tr');
const body = h('tbody', { id: 'rows' });
const tableWrap = h(
  'div',
  { id: 'table', class: 'table-wrap', tabindex: '0' },
  h('table', { class: 'rows' }, h('thead', {}, headRow), body),
);
const statusLine = h('div', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' });

app.append(
  h('header', { class: 'summary' }, title, modelLine, progressLine),
  h('div', { class: 'toolbar' }, h('label', {}, 'Filter'), filterColumn, filterOp, filterValue, filterAdd, chips),
  h(
    'div',
    { class: 'toolbar' },
    h('label', {}, 'Histogram'),
    histSelect,
    h('span', { class: 'spacer' }),
    first,
    prev,
    pageLabel,
    next,
    last,
    gotoField,
  ),
  histBox,
  tableWrap,
  statusLine,
);
app.removeAttribute('aria-busy');

// ---------- formatting ----------
const int = (n: number) => n.toLocaleString('en-US');
function formatCell(v: Cell, column: ScreenColumn): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (column.name === 'row' || Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

function setStatus(text: string, error = false): void {
  statusLine.replaceChildren(error ? h('span', { class: 'error' }, text) : text);
}

// ---------- summary ----------
function renderSummary(): void {
  if (!summary) return;
  const s = summary;
  title.textContent = `Screen of ${s.input}`;
  const tasks = s.tasks.map(t => `${t.name}${t.unit ? ` (${t.unit})` : ''}`).join(', ');
  modelLine.textContent = [
    `Model: ${s.model}`,
    tasks ? `tasks: ${tasks}` : '',
    s.device && `${s.device}${s.precision ? `, ${s.precision}` : ''}`,
    `folder ${s.folder}`,
  ]
    .filter(Boolean)
    .join(' · ');
  const done = s.rows + s.refused;
  const parts: Array<Node | string> = [
    h('strong', {}, s.finished ? 'Finished' : 'Not finished'),
    ` · ${int(s.rows)} molecules predicted`,
    s.inputRows ? ` · ${int(done)} of ${int(s.inputRows)} rows done` : ` · ${int(done)} rows done`,
    ` · ${int(s.refused)} refused`,
  ];
  for (const f of s.refusedFiles) {
    const link = h('a', { href: '#', class: 'refused-link', 'data-file': f }, f);
    link.addEventListener('click', e => {
      e.preventDefault();
      post({ type: 'openRefused', file: f });
    });
    parts.push(' ', link);
  }
  if (!s.finished && s.updated) parts.push(` · updated ${s.updated.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}`);
  progressLine.replaceChildren(...parts);
}

// ---------- filters ----------
function option(value: string, label = value): HTMLElement {
  return h('vscode-option', { value }, label);
}

function renderFilterControls(): void {
  const chosen = filterColumn.value;
  filterColumn.replaceChildren(...columns.map(c => option(c.name)));
  filterColumn.value = columns.some(c => c.name === chosen)
    ? chosen
    : ((columns.find(c => c.name.startsWith('pred_')) ?? columns[0])?.name ?? '');
  renderOps();
  const numbers = columns.filter(c => c.kind === 'number');
  histSelect.replaceChildren(option('', 'none'), ...numbers.map(c => option(c.name)));
  if (!numbers.some(c => c.name === histogramColumn)) histogramColumn = '';
  histSelect.value = histogramColumn;
}

function renderOps(): void {
  const c = columns.find(x => x.name === filterColumn.value);
  const ops = c?.kind === 'text' ? TEXT_OPS : NUMBER_OPS;
  filterOp.replaceChildren(...ops.map(o => option(o)));
  filterOp.value = c?.kind === 'text' ? 'contains' : '>=';
}

function renderChips(): void {
  chips.replaceChildren(
    ...filters.map((f, i) => {
      const remove = h('button', { type: 'button', 'aria-label': `Remove filter ${describeFilter(f)}` }, '×');
      remove.addEventListener('click', () => {
        filters = filters.filter((_, j) => j !== i);
        changed();
      });
      return h('span', { class: 'chip' }, describeFilter(f), remove);
    }),
  );
}

function addFilter(): void {
  const c = columns.find(x => x.name === filterColumn.value);
  if (!c) return;
  const value = parseFilterValue(c, filterValue.value);
  if (value === null) {
    setStatus(`${c.name} is a number column: type a number to compare with.`, true);
    return;
  }
  filters = [...filters, { column: c.name, op: filterOp.value as ScreenFilter['op'], value }];
  filterValue.value = '';
  changed();
}

/** Filters or sort changed: back to the first page, new histogram. */
function changed(): void {
  offset = 0;
  renderChips();
  renderHead();
  requestPage();
  requestHistogram();
  save();
}

// ---------- table ----------
function renderHead(): void {
  headRow.replaceChildren(
    h('th', { class: 'structure' }, 'Structure'),
    ...columns.map(c => {
      const state = sort?.column === c.name ? (sort.descending ? 'descending' : 'ascending') : 'none';
      const th = h(
        'th',
        { 'aria-sort': state, class: c.kind, title: 'Sort by this column (ascending, descending, none)' },
        h(
          'button',
          { type: 'button', class: 'sort' },
          c.name,
          state === 'none' ? '' : state === 'ascending' ? ' ▲' : ' ▼',
        ),
      );
      th.querySelector('button')!.addEventListener('click', () => {
        sort =
          sort?.column !== c.name
            ? { column: c.name, descending: c.name.startsWith('pred_') }
            : sort.descending === c.name.startsWith('pred_')
              ? { column: c.name, descending: !sort.descending }
              : null;
        changed();
      });
      return th;
    }),
  );
}

/** The SMILES a row is drawn from: canonical when the folder has it. */
function smilesIndex(): number {
  const canonical = columns.findIndex(c => c.name === 'canonical_smiles');
  return canonical >= 0 ? canonical : columns.findIndex(c => c.name === 'smiles');
}

const depictions = new LruCache<string, { url?: string; error?: string }>(2000);
const wanted = new Set<string>();
let inFlight = 0;
let depictTimer: ReturnType<typeof setTimeout> | undefined;

function showDepiction(img: HTMLImageElement, smiles: string): boolean {
  const d = depictions.get(smiles);
  if (!d) return false;
  if (d.url?.startsWith(SVG_DATA_URL)) {
    img.src = d.url;
    img.alt = smiles;
    img.classList.remove('pending');
  } else {
    img.replaceWith(h('span', { class: 'depiction error', title: d.error ?? '' }, d.error ?? 'not drawn'));
  }
  return true;
}

const observer = new IntersectionObserver(
  entries => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      const img = e.target as HTMLImageElement;
      observer.unobserve(img);
      const smiles = img.dataset.smiles ?? '';
      if (!showDepiction(img, smiles)) wanted.add(smiles);
    }
    scheduleDepict();
  },
  { root: tableWrap, rootMargin: '200px 0px' },
);

function scheduleDepict(): void {
  clearTimeout(depictTimer);
  depictTimer = setTimeout(flushDepict, 30);
}

function flushDepict(): void {
  if (!wanted.size || inFlight >= 2) return;
  const batch = [...wanted].slice(0, Math.min(MAX_DEPICT_SMILES, 40));
  for (const s of batch) wanted.delete(s);
  inFlight++;
  post({ type: 'depict', smiles: batch, width: DEPICTION_WIDTH });
  if (wanted.size) scheduleDepict();
}

function onDepictions(items: Array<{ smiles: string; url?: string; error?: string }>): void {
  inFlight = Math.max(0, inFlight - 1);
  for (const it of items) depictions.set(it.smiles, it.url ? { url: it.url } : { error: it.error ?? 'not drawn' });
  for (const img of body.querySelectorAll<HTMLImageElement>('img.depiction.pending')) {
    const s = img.dataset.smiles ?? '';
    if (items.some(it => it.smiles === s)) showDepiction(img, s);
  }
  scheduleDepict();
  if (!body.querySelector('img.depiction.pending')) app.dataset.depicted = String(pageId);
}

function renderRows(): void {
  observer.disconnect();
  wanted.clear();
  const si = smilesIndex();
  body.replaceChildren(
    ...rows.map((r, i) => {
      const smiles = si >= 0 ? String(r[si] ?? '') : '';
      const img = h('img', {
        class: 'depiction pending',
        width: String(DEPICTION_WIDTH),
        height: String(Math.round(DEPICTION_WIDTH * 0.8)),
        alt: '',
        'data-smiles': smiles,
      }) as HTMLImageElement;
      const tr = h(
        'tr',
        { 'data-index': String(offset + i + 1) },
        h('td', { class: 'structure' }, smiles ? img : ''),
        ...columns.map((c, j) => h('td', { class: c.kind, title: String(r[j] ?? '') }, formatCell(r[j], c))),
      );
      if (smiles && !showDepiction(img, smiles)) observer.observe(img);
      return tr;
    }),
  );
  if (!rows.length)
    body.append(
      h('tr', {}, h('td', { colspan: String(columns.length + 1), class: 'empty' }, 'No rows match the filters.')),
    );
  tableWrap.scrollTop = 0;
}

function renderPager(): void {
  const end = Math.min(total, offset + rows.length);
  pageLabel.textContent = total ? `${int(offset + 1)}–${int(end)} of ${int(total)}` : '0 of 0';
  const atStart = offset === 0,
    atEnd = offset + PAGE_ROWS >= total;
  for (const [b, off] of [
    [first, atStart],
    [prev, atStart],
    [next, atEnd],
    [last, atEnd],
  ] as const)
    b.toggleAttribute('disabled', off);
}

function requestPage(): void {
  if (!columns.length) return;
  pageId = ++requestId;
  app.setAttribute('aria-busy', 'true');
  setStatus(sort || filters.length ? 'Querying…' : 'Reading…');
  post({ type: 'page', id: pageId, filters, sort, offset, limit: PAGE_ROWS });
}

function goTo(newOffset: number): void {
  const lastOffset = Math.max(0, Math.floor((total - 1) / PAGE_ROWS) * PAGE_ROWS);
  offset = Math.max(0, Math.min(lastOffset, newOffset));
  requestPage();
  save();
}

first.addEventListener('click', () => goTo(0));
prev.addEventListener('click', () => goTo(offset - PAGE_ROWS));
next.addEventListener('click', () => goTo(offset + PAGE_ROWS));
last.addEventListener('click', () => goTo(total));
gotoField.addEventListener('keydown', (e: KeyboardEvent) => {
  if (e.key !== 'Enter') return;
  const n = Number(gotoField.value.replace(/[,_\s]/g, ''));
  if (Number.isInteger(n) && n >= 1) goTo(Math.floor((n - 1) / PAGE_ROWS) * PAGE_ROWS);
});
tableWrap.addEventListener('keydown', (e: KeyboardEvent) => {
  if (e.key === 'PageDown' && tableWrap.scrollTop + tableWrap.clientHeight >= tableWrap.scrollHeight - 2) {
    e.preventDefault();
    goTo(offset + PAGE_ROWS);
  }
});
filterColumn.addEventListener('change', renderOps);
filterAdd.addEventListener('click', addFilter);
filterValue.addEventListener('keydown', (e: KeyboardEvent) => {
  if (e.key === 'Enter') addFilter();
});

// ---------- histogram ----------
function requestHistogram(): void {
  if (!histogramColumn) {
    histBox.replaceChildren();
    return;
  }
  histogramId = ++requestId;
  histBox.replaceChildren(h('span', { class: 'note' }, `Counting ${histogramColumn}…`));
  post({ type: 'histogram', id: histogramId, column: histogramColumn, bins: HISTOGRAM_BINS, filters });
}

function renderHistogram(hist: Histogram, millis: number): void {
  const edges = hist.bins.length ? [...hist.bins.map(b => b.from), hist.bins[hist.bins.length - 1].to] : [];
  const svg = binsSvg({ edges, counts: hist.bins.map(b => b.count) }, hist.column);
  const n = hist.bins.reduce((s, b) => s + b.count, 0);
  histBox.replaceChildren(
    typeof svg === 'string' ? h('span', { class: 'note' }, svg) : svg,
    h(
      'div',
      { class: 'note' },
      `${int(n)} values${hist.missing ? `, ${int(hist.missing)} missing` : ''} · ${Math.round(millis)} ms`,
    ),
  );
}

histSelect.addEventListener('change', () => {
  histogramColumn = histSelect.value;
  requestHistogram();
  save();
});

// ---------- messages ----------
bridge.onMessage(m => {
  switch (m.type) {
    case 'init': {
      const first = !summary;
      summary = m.summary;
      const names = (cs: ScreenColumn[]) => cs.map(c => `${c.name}:${c.kind}`).join();
      const columnsChanged = names(columns) !== names(m.columns);
      columns = m.columns;
      renderSummary();
      if (first || columnsChanged) {
        filters = filters.filter(f => columns.some(c => c.name === f.column));
        if (sort && !columns.some(c => c.name === sort!.column)) sort = null;
        renderFilterControls();
        renderChips();
        renderHead();
      }
      if (!columns.length) {
        setStatus('No part of this screen has finished yet.');
        body.replaceChildren();
        return;
      }
      requestPage();
      requestHistogram();
      break;
    }
    case 'page':
      if (m.id !== pageId) return;
      app.removeAttribute('aria-busy');
      rows = m.rows;
      total = m.total;
      offset = m.offset;
      renderRows();
      renderPager();
      setStatus(`${int(total)} rows${filters.length ? ' match' : ''} · page in ${Math.round(m.millis)} ms`);
      app.dataset.page = String(m.id);
      break;
    case 'histogram':
      if (m.id === histogramId) renderHistogram(m.histogram, m.millis);
      break;
    case 'depictions':
      onDepictions(m.items);
      break;
    case 'failed':
      if (m.id === pageId) app.removeAttribute('aria-busy');
      if (m.id === pageId || m.id === histogramId) setStatus(`Failed: ${m.message}`, true);
      break;
    case 'status':
      setStatus(m.text, m.text.startsWith('Failed'));
      break;
  }
});

post({ type: 'ready' });
