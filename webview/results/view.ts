// Loaded by main.ts once the custom elements are defined. Browser side of the results view: a sortable, filterable,
// virtualised table (only the rows in sight are in the DOM) with depictions fetched for the rows in sight, a task
// picker that shows one dataset's tasks at a time (the tasks that concern the file first), plots of the shown rows
// and tasks, and the training report. Every value is written with textContent or attributes, never as HTML.
import { connect } from '../common/bridge';
import {
  OUT_OF_DOMAIN_FLAG,
  toWebviewShapes,
  type PlotSpec,
  type ResultColumn,
  type ResultsPayload,
  type ResultRow,
  type ToHost,
  type ToWebview,
} from '../../src/common/results/protocol';
import { DEFAULT_VIEW, viewRows, type ViewOptions } from '../../src/common/results/table-model';
import { numericColumn } from '../../src/common/results/plots';
import { defaultGroup, taskGroups, visibleColumns, type TaskGroup } from '../../src/common/results/task-groups';
import { formatNumber, formatProbability } from '../../src/common/results/format';
import { histogramSvg, rocSvg, scatterSvg } from './plot-svg';
import { renderReport } from './report';
import { h } from '../dom';

/** A refused row has no predictions; a row scored out of domain has them, with a caveat. */
function flagText(flag: string): string {
  return flag.startsWith(OUT_OF_DOMAIN_FLAG)
    ? `Out of domain: ${flag.slice(OUT_OF_DOMAIN_FLAG.length)}`
    : `Refused: ${reasonText(flag)}`;
}

interface State extends ViewOptions {
  /** The task group picked (TaskGroup.id). */
  group?: string;
}

const bridge = connect<ToHost, ToWebview, State>(toWebviewShapes);
const ROW_HEIGHT = 84;
const OVERSCAN = 6;
/** Histograms for this many shown tasks at most. */
const MAX_HISTOGRAMS = 8;

const app = document.getElementById('app')!;
let payload: ResultsPayload | null = null;
let state: State = { ...DEFAULT_VIEW, ...(bridge.getState() ?? {}) };
let shown: ResultRow[] = [];
let groups: TaskGroup[] = [];
let group: TaskGroup | undefined;
/** Indexes of the payload's columns in view, in order. */
let visible: number[] = [];
const svgs = new Map<string, string | null>();
const requested = new Set<string>();
let smilesCol = -1;

const title = h('h2', { id: 'title' });
const subtitle = h('p', { id: 'subtitle', class: 'subtitle' });
const notes = h('ul', { id: 'notes', class: 'notes' });
const status = h('div', { id: 'status', role: 'status', 'aria-live': 'polite', class: 'status' });
const report = h('section', { id: 'report', class: 'report', 'aria-label': 'Training report' });
const groupPicker = h('select', { id: 'task-group', 'aria-label': 'Tasks to show' });
const groupLabel = h('label', { class: 'group-picker', hidden: true }, 'Tasks ', groupPicker);
const groupHint = h('p', { id: 'task-hint', class: 'hint', hidden: true });
const filter = h('vscode-textfield', {
  id: 'filter',
  placeholder: 'Filter rows (SMILES, values, reasons)',
  'aria-label': 'Filter rows',
}) as HTMLElement & { value: string };
const flagged = h('vscode-checkbox', { id: 'flagged-only', label: 'Flagged rows only' }) as HTMLElement & {
  checked: boolean;
};
const count = h('span', { id: 'row-count', class: 'count' });
const exportButton = h(
  'vscode-button',
  { id: 'export', secondary: '', title: 'Every task, filtered and sorted as shown' },
  'Export CSV…',
);
const summary = h('div', { id: 'summary' });
const headerRow = h('div', { class: 'row header', role: 'row' });
const body = h('div', { class: 'body', role: 'rowgroup' });
const scroller = h(
  'div',
  { id: 'table', class: 'table', role: 'table', tabindex: '0' },
  h('div', { role: 'rowgroup', class: 'head' }, headerRow),
  body,
);
const tableHeading = h('h3', { id: 'table-heading', hidden: true });
const plotsHeading = h('h3', {}, 'Plots');
const plotNote = h('p', { class: 'hint', hidden: true });
const plots = h('section', { id: 'plots', class: 'plots', 'aria-label': 'Plots' });
app.append(
  title,
  subtitle,
  notes,
  report,
  summary,
  tableHeading,
  h('div', { class: 'toolbar' }, groupLabel, filter, flagged, count, exportButton),
  groupHint,
  status,
  scroller,
  plotsHeading,
  plotNote,
  plots,
);
app.setAttribute('aria-busy', 'false');

function setState(next: Partial<State>): void {
  state = { ...state, ...next };
  bridge.setState(state);
}

function setView(next: Partial<ViewOptions>): void {
  setState(next);
  refresh();
}

// Typing filters after a short pause, not on every keystroke.
let typing: ReturnType<typeof setTimeout> | undefined;
filter.addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(() => setView({ filter: filter.value }), 150);
});
flagged.addEventListener('change', () => setView({ flaggedOnly: flagged.checked }));
exportButton.addEventListener('click', () =>
  bridge.post({
    type: 'export',
    filter: state.filter,
    flaggedOnly: state.flaggedOnly,
    sortKey: state.sortKey,
    descending: state.descending,
  }),
);
groupPicker.addEventListener('change', () => {
  setState({ group: groupPicker.value });
  layout();
});
scroller.addEventListener('scroll', () => renderRows());
window.addEventListener('resize', () => renderRows());

function render(p: ResultsPayload): void {
  payload = p;
  smilesCol = p.columns.findIndex(c => c.role === 'smiles');
  title.textContent = p.title;
  subtitle.textContent = p.subtitle;
  notes.replaceChildren(...p.notes.map(n => h('li', {}, n)));
  filter.value = state.filter;
  flagged.checked = state.flaggedOnly;
  report.replaceChildren(...(p.report ? renderReport(p.report) : []));
  report.hidden = !p.report;
  tableHeading.textContent = p.report ? 'Out-of-fold predictions' : '';
  tableHeading.hidden = !p.report;
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
  groups = taskGroups(p.columns);
  groupPicker.replaceChildren(
    ...groups.map(g =>
      h('option', { value: g.id }, `${g.label} (${g.tasks.length} ${g.tasks.length === 1 ? 'task' : 'tasks'})`),
    ),
  );
  groupLabel.hidden = groups.length < 2;
  layout();
}

/** What the picked group shows, said in words under the toolbar. */
function groupHintText(g: TaskGroup | undefined): string {
  if (!g || !payload) return '';
  const total = payload.columns.filter(c => c.role === 'prediction' && c.taskName !== undefined).length;
  const of = g.tasks.length < total ? `${g.tasks.length} of ${total} tasks` : `all ${total} tasks`;
  if (g.id !== 'relevant') {
    const anyRelevant = groups.some(x => x.id === 'relevant');
    return anyRelevant
      ? `Showing ${of} (${g.label}).`
      : `Showing ${of} (${g.label}): no task matched a column of this file; pick a dataset above.`;
  }
  const why = new Map<string, string[]>();
  for (const c of payload.columns)
    if (c.role === 'prediction' && c.taskName && c.relevance && g.tasks.includes(c.taskName))
      why.set(c.relevance, [...(why.get(c.relevance) ?? []), c.name ?? c.taskName]);
  const reasons: Record<string, string> = {
    head: 'the trained head',
    chosen: 'asked for',
    measured: 'measured in this file',
    related: 'named by a column of this file',
  };
  return `Showing ${of}: ${[...why].map(([r, names]) => `${names.join(', ')} (${reasons[r]})`).join('; ')}. Pick a dataset or All tasks for the others.`;
}

/** Columns, header and plots for the picked task group. */
function layout(): void {
  const p = payload;
  if (!p) return;
  group = defaultGroup(groups, state.group);
  if (group) groupPicker.value = group.id;
  groupHint.textContent = groupHintText(group);
  groupHint.hidden = groups.length < 2;
  visible = visibleColumns(p.columns, group);
  // Sized for a view beside the editor: the molecule takes what the values leave, values never below their minimum.
  // A value column is at least as wide as its header's longest word, so no word breaks in two.
  const longestWord = (c: ResultColumn) => Math.max(...(c.name ?? c.title).split(/\s+/).map(w => w.length));
  const width = (c: ResultColumn) =>
    c.role === 'smiles' ? 180 : c.role === 'row' ? 40 : Math.max(84, Math.ceil(longestWord(c) * 9.5 + 16));
  const template = visible
    .map(i => p.columns[i])
    .map(c => (c.role === 'smiles' ? 'minmax(180px, 3fr)' : c.role === 'row' ? '40px' : `minmax(${width(c)}px, 1fr)`))
    .join(' ');
  scroller.style.setProperty('--columns', template);
  // Many tasks make the table wider than the view: rows and header share one minimum width and scroll sideways.
  scroller.style.setProperty('--min-width', `${visible.reduce((w, i) => w + width(p.columns[i]), 0)}px`);
  headerRow.replaceChildren(...visible.map(i => headerCell(p.columns[i])));
  refresh();
}

function headerCell(c: ResultColumn): HTMLElement {
  const detail = [
    c.role === 'prediction' && group?.id !== `dataset:${c.dataset}` ? c.dataset : '',
    c.role === 'measured' ? 'measured' : '',
    c.unit,
  ]
    .filter(Boolean)
    .join(' · ');
  const button = h(
    'button',
    { class: 'sort', 'data-key': c.key, title: c.description ?? c.title },
    h('span', { class: 'name' }, c.name ?? c.title),
    detail ? h('span', { class: 'unit' }, detail) : null,
  );
  button.addEventListener('click', () =>
    setView({
      sortKey: c.key,
      descending: state.sortKey === c.key ? !state.descending : c.role === 'prediction' || c.role === 'score',
    }),
  );
  return h('div', { role: 'columnheader', class: `cell ${c.numeric ? 'num' : ''} role-${c.role}` }, button);
}

function refresh(): void {
  if (!payload) return;
  shown = viewRows(payload.columns, payload.rows, state);
  count.textContent = `${shown.length} of ${payload.rows.length} rows`;
  for (const cell of headerRow.querySelectorAll<HTMLElement>('[role=columnheader]')) {
    const key = cell.querySelector('button')?.dataset.key;
    if (key === state.sortKey) cell.setAttribute('aria-sort', state.descending ? 'descending' : 'ascending');
    else cell.removeAttribute('aria-sort');
  }
  body.style.height = `${shown.length * ROW_HEIGHT}px`;
  renderRows();
  renderPlots();
}

/** A cell's text: probabilities with two decimals, other numbers to three significant digits. */
function cellText(c: ResultColumn, v: string | number | null): string {
  if (v === null) return '';
  if (typeof v !== 'number') return v;
  if (c.role === 'row' || (c.role === 'measured' && Number.isInteger(v))) return String(v);
  if (c.role === 'prediction' && c.task === 'classification') return formatProbability(v);
  return formatNumber(v, c.role === 'uncertainty' || c.role === 'ad' ? 2 : 3);
}

/** A refusal reason without the model's name in front ("m@1 (int8): too long" reads "too long"): the view names the model. */
function reasonText(flag: string): string {
  return flag.replace(/^[^\s:]+@[^\s:]+(?: \([^)]*\))?: /, '');
}

function moleculeCell(r: ResultRow, missing: string[]): HTMLElement {
  const smiles = String(r.values[smilesCol] ?? '');
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
  else {
    cell.append(h('span', { class: 'depiction placeholder' }, svg === null ? 'no depiction' : ''));
    if (svg === undefined && !requested.has(smiles)) missing.push(smiles);
  }
  cell.append(
    h(
      'div',
      { class: 'molecule-text' },
      h('span', { class: 'smiles', title: smiles }, smiles),
      r.flag ? h('span', { class: 'flag', title: r.flag }, flagText(r.flag)) : null,
    ),
  );
  return cell;
}

/** Only the rows in sight (plus a margin) are in the DOM. */
function renderRows(): void {
  if (!payload) return;
  const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(shown.length, Math.ceil((scroller.scrollTop + scroller.clientHeight) / ROW_HEIGHT) + OVERSCAN);
  const rows: HTMLElement[] = [];
  const missing: string[] = [];
  for (let i = first; i < last; i++) {
    const r = shown[i];
    const cells = visible.map(c => {
      if (c === smilesCol) return moleculeCell(r, missing);
      const column = payload!.columns[c];
      const v = r.values[c];
      const text = cellText(column, v);
      return h(
        'div',
        {
          role: 'cell',
          class: `cell ${column.numeric ? 'num' : ''}`,
          ...(typeof v === 'number' && text !== String(v) ? { title: String(v) } : {}),
        },
        text,
      );
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

/** An axis label: the column's name with its unit. */
function axisLabel(key: string): string {
  const c = payload!.columns.find(x => x.key === key);
  if (!c) return key;
  const name = c.role === 'measured' ? `measured ${c.name ?? c.title}` : `predicted ${c.name ?? c.title}`;
  return c.unit && c.unit !== 'probability' ? `${name} (${c.unit})` : name;
}

/** The plots of the shown tasks: histograms of the first few, every predicted-vs-measured and ROC. */
function plotsInView(): PlotSpec[] {
  const keys = new Set(visible.map(i => payload!.columns[i].key));
  const order = (spec: PlotSpec) => visible.findIndex(i => payload!.columns[i].key === plotKey(spec));
  const inView = payload!.plots.filter(spec => keys.has(plotKey(spec))).sort((a, b) => order(a) - order(b));
  let histograms = 0;
  return inView.filter(spec => spec.kind !== 'histogram' || ++histograms <= MAX_HISTOGRAMS);
}

const plotKey = (spec: PlotSpec) =>
  spec.kind === 'histogram' ? spec.column : spec.kind === 'scatter' ? spec.y : spec.score;

function renderPlots(): void {
  const specs = plotsInView();
  const histograms = payload!.plots.filter(
    s => s.kind === 'histogram' && visible.some(i => payload!.columns[i].key === s.column),
  ).length;
  plotNote.hidden = histograms <= MAX_HISTOGRAMS;
  plotNote.textContent = `Histograms of the first ${MAX_HISTOGRAMS} of the ${histograms} tasks shown; sort the table by a task to see its values.`;
  plots.replaceChildren(
    ...specs.map((spec: PlotSpec) => {
      const figure = h('figure', { class: 'plot-figure', 'data-kind': spec.kind, 'data-column': plotKey(spec) });
      let drawn: SVGSVGElement | { svg: SVGSVGElement; caption: string } | string;
      if (spec.kind === 'histogram') drawn = histogramSvg(columnValues(spec.column), axisLabel(spec.column));
      else if (spec.kind === 'scatter')
        drawn = scatterSvg(columnValues(spec.x), columnValues(spec.y), axisLabel(spec.x), axisLabel(spec.y));
      else drawn = rocSvg(columnValues(spec.label), columnValues(spec.score));
      const caption = h('figcaption', {}, spec.title);
      const inSample = spec.kind !== 'histogram' ? spec.inSample : undefined;
      if (inSample)
        caption.append(
          ' ',
          h(
            'span',
            { class: `badge in-sample ${inSample.kind}`, title: inSample.reason },
            inSample.kind === 'yes' ? 'in-sample' : 'possibly in-sample',
          ),
        );
      if (typeof drawn === 'string') figure.append(caption, h('p', { class: 'empty' }, drawn));
      else if (drawn instanceof SVGSVGElement) figure.append(caption, drawn);
      else {
        figure.append(caption, drawn.svg, h('p', { class: 'stats' }, drawn.caption));
        if (inSample) figure.append(h('p', { class: 'in-sample-note' }, inSample.reason));
      }
      return figure;
    }),
  );
  plotsHeading.hidden = !specs.length;
}

bridge.onMessage(m => {
  if (m.type === 'results') render(m.payload);
  else if (m.type === 'depictions') {
    for (const [s, svg] of Object.entries(m.svgs)) svgs.set(s, svg);
    renderRows();
  } else status.textContent = m.text;
});
bridge.post({ type: 'ready' });
