// Loaded by main.ts once the custom elements are defined. Browser side of the results view: a sortable, filterable,
// virtualised table (only the rows in sight are in the DOM) with depictions fetched for the rows in sight, and
// plots of the shown rows. Every value is written with textContent or attributes, never as HTML.
import { connect } from '../common/bridge';
import {
  toWebviewShapes,
  type PlotSpec,
  type ResultsPayload,
  type ResultRow,
  type ToHost,
  type ToWebview,
} from '../../src/common/results/protocol';
import { DEFAULT_VIEW, viewRows, type ViewOptions } from '../../src/common/results/table-model';
import { numericColumn } from '../../src/common/results/plots';
import { histogramSvg, rocSvg, scatterSvg } from './plot-svg';
import { h } from '../dom';

const bridge = connect<ToHost, ToWebview, ViewOptions>(toWebviewShapes);
const ROW_HEIGHT = 84;
const OVERSCAN = 6;

const app = document.getElementById('app')!;
let payload: ResultsPayload | null = null;
let view: ViewOptions = { ...DEFAULT_VIEW, ...(bridge.getState() ?? {}) };
let shown: ResultRow[] = [];
const svgs = new Map<string, string | null>();
const requested = new Set<string>();
let smilesCol = -1;

const title = h('h2', { id: 'title' });
const subtitle = h('p', { id: 'subtitle', class: 'subtitle' });
const notes = h('ul', { id: 'notes', class: 'notes' });
const status = h('div', { id: 'status', role: 'status', 'aria-live': 'polite', class: 'status' });
const filter = h('vscode-textfield', {
  id: 'filter',
  placeholder: 'Filter rows (SMILES, values, flags)',
  'aria-label': 'Filter rows',
}) as HTMLElement & { value: string };
const flagged = h('vscode-checkbox', { id: 'flagged-only', label: 'Flagged rows only' }) as HTMLElement & {
  checked: boolean;
};
const count = h('span', { id: 'row-count', class: 'count' });
const exportButton = h('vscode-button', { id: 'export', secondary: '' }, 'Export CSV…');
const summary = h('div', { id: 'summary' });
const headerRow = h('div', { class: 'row header', role: 'row' });
const body = h('div', { class: 'body', role: 'rowgroup' });
const scroller = h(
  'div',
  { id: 'table', class: 'table', role: 'table', tabindex: '0' },
  h('div', { role: 'rowgroup', class: 'head' }, headerRow),
  body,
);
const plots = h('section', { id: 'plots', class: 'plots', 'aria-label': 'Plots' });
app.append(
  title,
  subtitle,
  notes,
  summary,
  h('div', { class: 'toolbar' }, filter, flagged, count, exportButton),
  status,
  scroller,
  h('h3', {}, 'Plots'),
  plots,
);
app.setAttribute('aria-busy', 'false');

function setView(next: Partial<ViewOptions>): void {
  view = { ...view, ...next };
  bridge.setState(view);
  refresh();
}

// Typing filters after a short pause, not on every keystroke.
let typing: ReturnType<typeof setTimeout> | undefined;
filter.addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(() => setView({ filter: filter.value }), 150);
});
flagged.addEventListener('change', () => setView({ flaggedOnly: flagged.checked }));
exportButton.addEventListener('click', () => bridge.post({ type: 'export', ...view }));
scroller.addEventListener('scroll', () => renderRows());
window.addEventListener('resize', () => renderRows());

function render(p: ResultsPayload): void {
  payload = p;
  smilesCol = p.columns.findIndex(c => c.role === 'smiles');
  title.textContent = p.title;
  subtitle.textContent = p.subtitle;
  notes.replaceChildren(...p.notes.map(n => h('li', {}, n)));
  filter.value = view.filter;
  flagged.checked = view.flaggedOnly;
  summary.replaceChildren();
  if (p.summary) {
    const table = h(
      'table',
      { class: 'summary' },
      h('caption', {}, p.summary.caption),
      h('thead', {}, h('tr', {}, ...p.summary.headers.map(x => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, ...p.summary.rows.map(r => h('tr', {}, ...r.map(x => h('td', {}, x))))),
    );
    summary.append(table);
  }
  const template =
    p.columns
      .map(c => (c.role === 'smiles' ? 'minmax(180px, 2fr)' : c.role === 'row' ? '56px' : 'minmax(80px, 1fr)'))
      .join(' ') + ' minmax(120px, 2fr)';
  scroller.style.setProperty('--columns', template);
  // Many tasks make the table wider than the view: rows and header share one minimum width and scroll sideways.
  const minWidth = p.columns.reduce((w, c) => w + (c.role === 'smiles' ? 180 : c.role === 'row' ? 56 : 80), 120);
  scroller.style.setProperty('--min-width', `${minWidth}px`);
  headerRow.replaceChildren(
    ...p.columns.map(c => {
      const button = h('button', { class: 'sort', 'data-key': c.key, title: c.description ?? c.title }, c.title);
      button.addEventListener('click', () =>
        setView({
          sortKey: c.key,
          descending: view.sortKey === c.key ? !view.descending : c.role === 'prediction' || c.role === 'score',
        }),
      );
      return h('div', { role: 'columnheader', class: 'cell' }, button);
    }),
    h('div', { role: 'columnheader', class: 'cell' }, 'Pre-flight check'),
  );
  refresh();
}

function refresh(): void {
  if (!payload) return;
  shown = viewRows(payload.columns, payload.rows, view);
  count.textContent = `${shown.length} of ${payload.rows.length} rows`;
  for (const cell of headerRow.querySelectorAll<HTMLElement>('[role=columnheader]')) {
    const key = cell.querySelector('button')?.dataset.key;
    if (key === view.sortKey) cell.setAttribute('aria-sort', view.descending ? 'descending' : 'ascending');
    else cell.removeAttribute('aria-sort');
  }
  body.style.height = `${shown.length * ROW_HEIGHT}px`;
  renderRows();
  renderPlots();
}

const fmt = (v: string | number | null) =>
  v === null ? '' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : v;

/** Only the rows in sight (plus a margin) are in the DOM. */
function renderRows(): void {
  if (!payload) return;
  const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(shown.length, Math.ceil((scroller.scrollTop + scroller.clientHeight) / ROW_HEIGHT) + OVERSCAN);
  const rows: HTMLElement[] = [];
  const missing: string[] = [];
  for (let i = first; i < last; i++) {
    const r = shown[i];
    const cells = r.values.map((v, c) => {
      if (c !== smilesCol)
        return h('div', { role: 'cell', class: `cell ${payload!.columns[c].numeric ? 'num' : ''}` }, fmt(v));
      const smiles = String(v ?? '');
      const cell = h('div', { role: 'cell', class: 'cell molecule' });
      const svg = svgs.get(smiles);
      if (svg)
        cell.append(
          h('img', {
            class: 'depiction',
            alt: `structure of ${smiles}`,
            src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
          }),
        );
      else if (svg === undefined && !requested.has(smiles)) missing.push(smiles);
      cell.append(h('code', { class: 'smiles' }, smiles));
      return cell;
    });
    const row = h(
      'div',
      {
        role: 'row',
        class: `row${r.flag ? ' flagged' : ''}`,
        'data-id': String(r.id),
        'data-index': String(i),
        tabindex: i === first ? '0' : '-1',
        title: 'Click to show this row in its file',
      },
      ...cells,
      h('div', { role: 'cell', class: 'cell flag' }, r.flag ?? 'ok'),
    );
    row.style.transform = `translateY(${i * ROW_HEIGHT}px)`;
    row.addEventListener('click', () => bridge.post({ type: 'reveal', id: r.id }));
    row.addEventListener('keydown', e => {
      if (e.key === 'Enter') bridge.post({ type: 'reveal', id: r.id });
      else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        focusRow(i + (e.key === 'ArrowDown' ? 1 : -1));
        e.preventDefault();
      }
    });
    rows.push(row);
  }
  // Re-rendering (scrolling, depictions arriving) must not take keyboard focus away from a row.
  const active =
    document.activeElement instanceof HTMLElement && body.contains(document.activeElement)
      ? document.activeElement.dataset.index
      : undefined;
  body.replaceChildren(...rows);
  if (active !== undefined) body.querySelector<HTMLElement>(`[data-index="${active}"]`)?.focus({ preventScroll: true });
  if (missing.length) {
    for (const s of missing) requested.add(s);
    bridge.post({ type: 'depict', smiles: missing.slice(0, 200) });
  }
}

/** Moves keyboard focus to a shown row, scrolling it into the rendered window first. */
function focusRow(index: number): void {
  if (index < 0 || index >= shown.length) return;
  const top = index * ROW_HEIGHT;
  if (top < scroller.scrollTop || top + ROW_HEIGHT > scroller.scrollTop + scroller.clientHeight)
    scroller.scrollTop = Math.max(0, top - ROW_HEIGHT);
  renderRows();
  body.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus();
}

function columnValues(key: string): Array<number | null> {
  const c = payload!.columns.findIndex(x => x.key === key);
  return c < 0 ? [] : numericColumn(shown.map(r => r.values[c]));
}

function titleOf(key: string): string {
  return payload!.columns.find(c => c.key === key)?.title ?? key;
}

function renderPlots(): void {
  plots.replaceChildren(
    ...payload!.plots.map((spec: PlotSpec) => {
      const figure = h('figure', { class: 'plot-figure', 'data-kind': spec.kind });
      let drawn: SVGSVGElement | { svg: SVGSVGElement; caption: string } | string;
      if (spec.kind === 'histogram') drawn = histogramSvg(columnValues(spec.column), titleOf(spec.column));
      else if (spec.kind === 'scatter')
        drawn = scatterSvg(columnValues(spec.x), columnValues(spec.y), titleOf(spec.x), titleOf(spec.y));
      else drawn = rocSvg(columnValues(spec.label), columnValues(spec.score));
      const caption = h('figcaption', {}, spec.title);
      if (typeof drawn === 'string') figure.append(caption, h('p', { class: 'empty' }, drawn));
      else if (drawn instanceof SVGSVGElement) figure.append(caption, drawn);
      else figure.append(caption, drawn.svg, h('p', { class: 'stats' }, drawn.caption));
      return figure;
    }),
  );
}

bridge.onMessage(m => {
  if (m.type === 'results') render(m.payload);
  else if (m.type === 'depictions') {
    for (const [s, svg] of Object.entries(m.svgs)) svgs.set(s, svg);
    renderRows();
  } else status.textContent = m.text;
});
bridge.post({ type: 'ready' });
