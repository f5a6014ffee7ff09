// Loaded by main.ts once the custom elements are defined. Browser side of the "Chemical Pre-trained Models" view. The catalog is bundled; search, filters and the
// comparison run here with the same pure functions the tests check. Every value is written with textContent or
// attributes (never as HTML). Actions that touch the editor (links, clipboard, citations) are posted to the host.
import { surveyData } from '../../src/common/survey/catalog';
import {
  EMPTY_QUERY,
  FACETS,
  displayName,
  facetCounts,
  sanitizeQuery,
  search,
  type Query,
  type SortOrder,
} from '../../src/common/survey/query';
import { explainReference, explainTag } from '../../src/common/survey/taxonomy';
import { benchmarkTasks, compare, formatValue, rowLabel, rowsForReference } from '../../src/common/survey/benchmarks';
import { taskOf, type OwnMetrics } from '../../src/common/survey/ownMetrics';
import type { BenchmarkRow, Facet, LinkKind } from '../../src/common/survey/types';
import { LINK_KINDS } from '../../src/common/survey/types';
import { connect } from '../common/bridge';
import {
  toWebviewShapes,
  type Tab,
  type ToHost,
  type ToWebview,
  type ViewState,
} from '../../src/common/survey/protocol';
import { h } from '../dom';

const bridge = connect<ToHost, ToWebview, ViewState>(toWebviewShapes);
const { taxonomy, benchmarks, runnable } = surveyData;
const refs = surveyData.catalog.references;
const byId = new Map(refs.map(r => [r.id, r]));
const tasks = benchmarkTasks(benchmarks);

const FACET_TITLES: Record<Facet, string> = {
  scope: 'Scope',
  descriptor: 'Molecular descriptor',
  architecture: 'Architecture',
  strategy: 'Pre-training strategy',
  application: 'Application',
  year: 'Year',
};
const LINK_TITLES: Record<LinkKind, string> = { paper: 'Paper', arxiv: 'arXiv', code: 'Code', doi: 'DOI' };

function restore(): ViewState {
  const s = bridge.getState();
  const selected = typeof s?.selected === 'string' && byId.has(s.selected) ? s.selected : null;
  return {
    query: sanitizeQuery(s?.query ?? EMPTY_QUERY),
    selected,
    tab: s?.tab === 'compare' ? 'compare' : 'browse',
    compareTasks: Array.isArray(s?.compareTasks)
      ? s.compareTasks.filter(t => tasks.includes(t))
      : ['BBBP', 'Tox21', 'HIV'],
    openFacets: Array.isArray(s?.openFacets) ? s.openFacets.filter(f => (FACETS as readonly string[]).includes(f)) : [],
  };
}

let state = restore();
let ownMetrics: OwnMetrics | null = null;
const save = () => bridge.setState(state);

// ---------- layout ----------
const app = document.getElementById('app')!;
const statusLine = h('div', { id: 'status', role: 'status', 'aria-live': 'polite', class: 'status' });
const searchField = h('vscode-textfield', {
  id: 'search',
  placeholder: 'Search title, model, author, venue',
  'aria-label': 'Search references',
}) as HTMLElement & { value: string };
const sortSelect = h(
  'vscode-single-select',
  { id: 'sort', 'aria-label': 'Sort order' },
  h('vscode-option', { value: 'year-desc' }, 'Newest first'),
  h('vscode-option', { value: 'year-asc' }, 'Oldest first'),
  h('vscode-option', { value: 'name' }, 'Name A–Z'),
) as HTMLElement & { value: string };
const resultCount = h('span', { id: 'result-count', class: 'count', 'aria-live': 'polite' });
const clearButton = h('vscode-button', { id: 'clear-filters', secondary: true }, 'Clear filters');
const compareButton = h(
  'vscode-button',
  { id: 'open-compare', secondary: true, title: 'Compare published benchmark numbers in an editor tab' },
  'Compare…',
);
compareButton.addEventListener('click', () => post({ type: 'openComparison' }));
const facetsBox = h('div', { id: 'facets', class: 'facets' });
// In a narrow side bar the facet groups fold behind one "Filters" toggle so the results stay in view; wider, they show.
const filtersToggle = h('button', { id: 'filters-toggle', class: 'link', 'aria-controls': 'facets' }, 'Filters');
function setFiltersOpen(open: boolean): void {
  filtersToggle.setAttribute('aria-expanded', String(open));
  facetsBox.hidden = !open;
}
setFiltersOpen(window.matchMedia('(min-width: 480px)').matches);
filtersToggle.addEventListener('click', () => setFiltersOpen(filtersToggle.getAttribute('aria-expanded') !== 'true'));
const results = h('ul', {
  id: 'results',
  role: 'listbox',
  'aria-label': 'References',
  tabindex: '0',
  class: 'results',
});
const listPane = h(
  'section',
  { id: 'list-pane', 'aria-label': 'Browse references' },
  h('div', { class: 'toolbar' }, searchField),
  h('div', { class: 'toolbar' }, sortSelect, compareButton),
  h('div', { class: 'toolbar' }, filtersToggle, resultCount, clearButton),
  facetsBox,
  results,
);
const detailPane = h('section', { id: 'detail', 'aria-label': 'Reference detail', hidden: true });
const comparePane = h('section', { id: 'compare', 'aria-label': 'Compare benchmark numbers', hidden: true });
app.append(listPane, detailPane, comparePane, statusLine);
app.removeAttribute('aria-busy');

// ---------- browse ----------
function setQuery(q: Query): void {
  state = { ...state, query: q };
  save();
  renderList();
}

function renderFacets(): void {
  const active = FACETS.reduce((n, f) => n + (state.query.filters[f]?.length ?? 0), 0);
  filtersToggle.textContent = active ? `Filters (${active})` : 'Filters';
  clearButton.hidden = active === 0;
  // Re-rendering replaces the checkboxes: give focus back to the one that had it (keyboard users stay in place).
  const focused = facetsBox.contains(document.activeElement) ? document.activeElement?.id : undefined;
  facetsBox.replaceChildren(
    ...FACETS.map(facet => {
      const selected = state.query.filters[facet] ?? [];
      const values = facetCounts(taxonomy, refs, state.query, facet);
      const group = h('vscode-collapsible', {
        title: selected.length ? `${FACET_TITLES[facet]} (${selected.length})` : FACET_TITLES[facet],
        'data-facet': facet,
        open: state.openFacets.includes(facet),
      });
      group.addEventListener('vsc-collapsible-toggle', (e: Event) => {
        const open = (e as CustomEvent<{ open: boolean }>).detail.open;
        state = {
          ...state,
          openFacets: open ? [...new Set([...state.openFacets, facet])] : state.openFacets.filter(f => f !== facet),
        };
        save();
      });
      const list = h('div', { class: 'facet-values', role: 'group', 'aria-label': FACET_TITLES[facet] });
      for (const v of values) {
        if (v.count === 0 && !selected.includes(v.id)) continue;
        const id = `f-${facet}-${v.id}`;
        const box = h('vscode-checkbox', {
          id,
          label: `${v.label} (${v.count})`,
          'data-value': v.id,
          checked: selected.includes(v.id),
          title: v.description,
        }) as HTMLElement & { checked: boolean };
        box.style.setProperty('--depth', String(v.depth));
        box.addEventListener('change', () => {
          const now = new Set(state.query.filters[facet] ?? []);
          if (box.checked) now.add(v.id);
          else now.delete(v.id);
          setQuery({ ...state.query, filters: { ...state.query.filters, [facet]: [...now] } });
        });
        list.append(box);
      }
      group.append(list);
      return group;
    }),
  );
  if (focused) document.getElementById(focused)?.focus();
}

let activeIndex = 0;
function renderList(): void {
  const found = search(taxonomy, refs, state.query);
  resultCount.textContent = `${found.length} of ${refs.length}`;
  renderFacets();
  activeIndex = Math.min(activeIndex, Math.max(0, found.length - 1));
  results.replaceChildren(
    ...found.map((r, i) => {
      const run = runnable[r.id];
      const li = h(
        'li',
        {
          role: 'option',
          id: `r-${r.id}`,
          'data-id': r.id,
          'aria-selected': i === activeIndex ? 'true' : 'false',
          class: 'result',
        },
        h('span', { class: 'name' }, displayName(r)),
        run ? h('vscode-badge', { variant: 'counter', class: `run ${run.how}`, title: run.reason }, 'runnable') : null,
        h('span', { class: 'meta' }, `${r.venue} · ${r.year}`),
        r.model ? h('span', { class: 'title' }, r.title) : null,
      );
      li.addEventListener('click', () => {
        activeIndex = i;
        openDetail(r.id);
      });
      return li;
    }),
  );
  results.setAttribute('aria-activedescendant', found[activeIndex] ? `r-${found[activeIndex].id}` : '');
  if (found.length === 0)
    results.append(
      h('li', { class: 'empty', role: 'presentation' }, 'No reference matches. Clear a filter or shorten the search.'),
    );
}

function moveActive(delta: number): void {
  const items = [...results.querySelectorAll<HTMLElement>('li[role=option]')];
  if (items.length === 0) return;
  items[activeIndex]?.setAttribute('aria-selected', 'false');
  activeIndex = Math.max(0, Math.min(items.length - 1, activeIndex + delta));
  const it = items[activeIndex]!;
  it.setAttribute('aria-selected', 'true');
  results.setAttribute('aria-activedescendant', it.id);
  it.scrollIntoView({ block: 'nearest' });
}

results.addEventListener('keydown', e => {
  const pages = Math.max(1, Math.floor(results.clientHeight / 40));
  const keys: Record<string, () => void> = {
    ArrowDown: () => moveActive(1),
    ArrowUp: () => moveActive(-1),
    PageDown: () => moveActive(pages),
    PageUp: () => moveActive(-pages),
    Home: () => moveActive(-Infinity),
    End: () => moveActive(Infinity),
    Enter: () => {
      const id = results.querySelectorAll<HTMLElement>('li[role=option]')[activeIndex]?.dataset.id;
      if (id) openDetail(id);
    },
  };
  const k = keys[e.key];
  if (k) {
    e.preventDefault();
    k();
  }
});

searchField.addEventListener('input', () => {
  activeIndex = 0;
  setQuery({ ...state.query, text: searchField.value });
});
sortSelect.addEventListener('change', () => setQuery({ ...state.query, sort: sortSelect.value as SortOrder }));
clearButton.addEventListener('click', () => setQuery({ ...state.query, filters: {} }));

// ---------- detail ----------
function post(m: ToHost): void {
  bridge.post(m);
}

function benchmarkTable(rows: BenchmarkRow[]): HTMLElement {
  const used = tasks.filter(t => rows.some(r => t in r.values));
  const table = h(
    'table',
    { class: 'bench' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Model'),
        ...used.map(t =>
          h(
            'th',
            {
              scope: 'col',
              title: `${benchmarks.datasets[t]?.metric ?? ''}${benchmarks.datasets[t]?.higherIsBetter ? ' (higher is better)' : ' (lower is better)'}`,
            },
            t,
          ),
        ),
        h('th', { scope: 'col' }, 'Source'),
      ),
    ),
  );
  const body = h('tbody');
  for (const r of rows) {
    const source = `${r.paper}, ${r.table}; ${r.reportedBy}`;
    body.append(
      h(
        'tr',
        { class: r.confidence === 'medium' ? 'medium' : '' },
        h(
          'th',
          { scope: 'row' },
          rowLabel(r),
          r.confidence === 'medium'
            ? h('span', { class: 'flag', title: 'Not yet re-checked against the paper' }, ' *')
            : null,
        ),
        ...used.map(t => h('td', {}, formatValue(r.values[t]))),
        h('td', { class: 'source' }, source, ...r.notes.map(n => h('div', { class: 'note' }, n))),
      ),
    );
  }
  table.append(body);
  return table;
}

function protocolBlock(protocol: string): HTMLElement {
  const p = benchmarks.protocols[protocol];
  return h(
    'p',
    { class: 'protocol' },
    h('strong', {}, `Protocol ${protocol}`),
    ` (${p?.split ?? 'unknown'} split): ${p?.description ?? ''}`,
  );
}

function openDetail(id: string, focus = true): void {
  const ref = byId.get(id);
  if (!ref) return;
  state = { ...state, selected: id, tab: 'browse' };
  save();
  listPane.hidden = true;
  detailPane.hidden = false;
  const back = h('vscode-button', { id: 'back', secondary: true }, '← All references');
  back.addEventListener('click', closeDetail);
  const heading = h('h2', { id: 'detail-title', tabindex: '-1' }, ref.title);
  const authors =
    ref.authorsStatus === 'verified'
      ? h('p', { class: 'authors' }, ref.authors.join(', '))
      : h(
          'p',
          { class: 'authors missing' },
          'Author list not verified against a source; it is left out here and in BibTeX.',
        );
  const facts = h(
    'dl',
    { class: 'facts' },
    h('dt', {}, 'Model'),
    h('dd', {}, ref.model ?? '—'),
    h('dt', {}, 'Venue'),
    h('dd', {}, `${ref.venue}, ${ref.year}${ref.pages ? `, pp. ${ref.pages}` : ''}`),
    ...(ref.pretrainingData.length
      ? [
          h('dt', {}, 'Pre-training data'),
          h('dd', {}, ref.pretrainingData.map(d => (d.size ? `${d.dataset} (${d.size})` : d.dataset)).join('; ')),
        ]
      : []),
    h('dt', {}, 'Architecture'),
    h(
      'dd',
      {},
      ref.tags.architecture
        .map(a => {
          const family = explainTag(taxonomy, 'architecture', a.family).label;
          return a.kind ? `${a.kind} (${family})` : family;
        })
        .join('; ') || '—',
    ),
  );
  const run = runnable[ref.id];
  const badge = run
    ? h(
        'div',
        { class: `runnable ${run.how}`, id: 'runnable' },
        h(
          'vscode-badge',
          { variant: 'default' },
          run.how === 'shipped-encoder' ? 'Runnable in MolML (shipped encoder)' : 'Runnable in MolML (your ONNX file)',
        ),
        h('p', {}, h('strong', {}, run.label + '. '), run.reason),
      )
    : null;
  const links = h('div', { class: 'links', role: 'group', 'aria-label': 'Links' });
  for (const kind of LINK_KINDS) {
    const url = ref.links[kind];
    if (!url) continue;
    const b = h('vscode-button', { class: 'link', 'data-kind': kind, title: url }, `Open ${LINK_TITLES[kind]}`);
    b.addEventListener('click', () => post({ type: 'openLink', id: ref.id, url }));
    links.append(b);
  }
  if (!links.childElementCount) links.append(h('span', { class: 'missing' }, 'No link recorded for this entry.'));
  const actions = h('div', { class: 'actions', role: 'group', 'aria-label': 'Cite' });
  for (const [label, type] of [
    ['Copy BibTeX', 'copyBibtex'],
    ['Copy citation', 'copyCitation'],
    ['Insert citation', 'insertCitation'],
  ] as const) {
    const b = h('vscode-button', { secondary: true, 'data-action': type }, label);
    b.addEventListener('click', () => post({ type, id: ref.id }));
    actions.append(b);
  }
  const tags = h(
    'ul',
    { class: 'tags', 'aria-label': 'Taxonomy tags' },
    ...explainReference(taxonomy, ref).map(t =>
      h(
        'li',
        {},
        h('span', { class: `tag ${t.facet}` }, `${FACET_TITLES[t.facet]}: ${t.label}`),
        ' ',
        h('span', { class: 'explain' }, t.description),
      ),
    ),
  );
  const basis = h(
    'p',
    { class: 'basis' },
    ref.tagBasis === 'survey'
      ? 'Tags follow how the survey discusses this work (the placement has not yet been re-checked against the survey text).'
      : "Tags were assigned by applying the survey's definitions (the survey does not place this work itself).",
  );
  const rows = rowsForReference(benchmarks, ref);
  const bench = h('div', { class: 'bench-block' }, h('h3', {}, 'Published benchmark numbers'));
  if (rows.length === 0) bench.append(h('p', { class: 'missing' }, 'No benchmark numbers recorded for this work.'));
  for (const protocol of [...new Set(rows.map(r => r.protocol))]) {
    bench.append(protocolBlock(protocol), benchmarkTable(rows.filter(r => r.protocol === protocol)));
  }
  if (rows.some(r => r.confidence === 'medium'))
    bench.append(h('p', { class: 'note' }, "* not yet re-checked against the paper's table."));
  detailPane.replaceChildren(
    ...[back, heading, authors, facts, badge, links, actions, h('h3', {}, 'Taxonomy'), tags, basis, bench].filter(
      n => n !== null,
    ),
  );
  if (focus) heading.focus();
}

function closeDetail(): void {
  const id = state.selected;
  state = { ...state, selected: null };
  save();
  detailPane.hidden = true;
  listPane.hidden = false;
  renderList();
  const items = [...results.querySelectorAll<HTMLElement>('li[role=option]')];
  const i = items.findIndex(li => li.dataset.id === id);
  if (i >= 0) {
    activeIndex = 0;
    moveActive(i);
  }
  results.focus();
}

detailPane.addEventListener('keydown', e => {
  if (e.key === 'Escape') {
    e.preventDefault();
    closeDetail();
  }
});

// ---------- compare ----------
function renderCompare(): void {
  const chosen = state.compareTasks;
  const picker = h(
    'div',
    { class: 'task-picker', role: 'group', 'aria-label': 'Tasks to compare' },
    ...tasks.map(t => {
      const d = benchmarks.datasets[t];
      const box = h('vscode-checkbox', {
        id: `task-${t}`,
        label: `${t} (${d?.metric ?? ''})`,
        'data-task': t,
        checked: chosen.includes(t),
      }) as HTMLElement & { checked: boolean };
      box.addEventListener('change', () => {
        state = { ...state, compareTasks: tasks.filter(x => (x === t ? box.checked : state.compareTasks.includes(x))) };
        save();
        renderCompare();
        document.getElementById(`task-${t}`)?.focus();
      });
      return box;
    }),
  );
  const ours = h('div', { class: 'ours', id: 'ours' }, h('h3', {}, "MolML's shipped model (ours)"));
  if (!ownMetrics) ours.append(h('p', { class: 'missing' }, 'Loading…'));
  else if (!ownMetrics.available)
    ours.append(
      h('p', { class: 'missing', id: 'ours-missing' }, `Our own numbers: not available (${ownMetrics.reason}).`),
    );
  else {
    const m = ownMetrics;
    const cells = chosen.map(t => {
      const hit = m.metrics.find(x => taskOf(x.dataset, tasks) === t);
      return h('td', {}, hit ? formatValue(hit) + (hit.metric ? ` ${hit.metric}` : '') : 'not measured');
    });
    ours.append(
      h(
        'p',
        {},
        h('strong', {}, `${m.model} — measured by MolML, not published. `),
        m.protocol ? `Protocol: ${m.protocol}. ` : 'Protocol not stated in the manifest. ',
        'Compare with caution: the published protocols below differ in split, seeds and fine-tuning.',
      ),
      h(
        'table',
        { class: 'bench ours-table' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Model'), ...chosen.map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, h('tr', { class: 'ours-row' }, h('th', { scope: 'row' }, `${m.model} (ours)`), ...cells)),
      ),
    );
  }
  const groups = compare(benchmarks, chosen);
  const published = h('div', { id: 'published' });
  if (chosen.length === 0) published.append(h('p', { class: 'missing' }, 'Pick at least one task.'));
  for (const g of groups) {
    const used = chosen.filter(t => g.rows.some(r => t in r.values));
    // The best mean of each task within this protocol (never across protocols).
    const best = new Map(
      used.map(t => {
        const means = g.rows.map(r => r.values[t]?.mean).filter((v): v is number => v !== undefined);
        return [t, benchmarks.datasets[t]?.higherIsBetter === false ? Math.min(...means) : Math.max(...means)];
      }),
    );
    const table = h(
      'table',
      { class: 'bench', 'data-protocol': g.protocol },
      h('caption', {}, `${g.protocol} (${g.split})`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Model'),
          ...used.map(t => h('th', { scope: 'col' }, `${t} ${benchmarks.datasets[t]?.higherIsBetter ? '↑' : '↓'}`)),
          h('th', { scope: 'col' }, 'Source'),
        ),
      ),
      h(
        'tbody',
        {},
        ...g.rows.map(r =>
          h(
            'tr',
            { class: r.kind.startsWith('baseline') ? 'baseline' : '' },
            h(
              'th',
              { scope: 'row' },
              rowLabel(r),
              r.confidence === 'medium'
                ? h('span', { class: 'flag', title: 'Not yet re-checked against the paper' }, ' *')
                : null,
            ),
            ...used.map(t =>
              h('td', { class: best.get(t) === r.values[t]?.mean ? 'best' : '' }, formatValue(r.values[t])),
            ),
            h('td', { class: 'source' }, `${r.paper}, ${r.table} (${r.reportedBy})`),
          ),
        ),
      ),
    );
    published.append(h('div', { class: 'protocol-group' }, h('p', { class: 'protocol' }, g.description), table));
  }
  comparePane.replaceChildren(
    h(
      'p',
      { class: 'lead' },
      'Numbers are comparable only within one protocol table; the best value of each task in a table is bold. ROC-AUC ×100 (↑ higher is better); RMSE as printed (↓ lower is better). * = not yet re-checked against the paper.',
    ),
    picker,
    ours,
    h('h3', {}, 'Published numbers'),
    published,
  );
}

/** The editor tab shows the comparison alone; the side view browses and opens the tab for it. */
function showTab(tab: Tab): void {
  state = { ...state, tab };
  save();
  comparePane.hidden = tab !== 'compare';
  listPane.hidden = tab === 'compare' || state.selected !== null;
  detailPane.hidden = tab === 'compare' || state.selected === null;
}

// ---------- messages ----------
bridge.onMessage(m => {
  switch (m.type) {
    case 'ownMetrics':
      ownMetrics = m.metrics;
      renderCompare();
      break;
    case 'reveal':
      showTab('browse');
      openDetail(m.id);
      break;
    case 'showTab':
      showTab(m.tab === 'compare' ? 'compare' : 'browse');
      break;
    case 'status':
      statusLine.textContent = m.text;
      break;
  }
});

// ---------- start ----------
searchField.value = state.query.text;
sortSelect.value = state.query.sort;
renderList();
renderCompare();
if (state.selected) openDetail(state.selected, false);
bridge.post({ type: 'ready' });
