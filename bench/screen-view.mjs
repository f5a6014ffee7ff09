// Screen results view benchmark: the queries the view runs on the extension host against a 10,000,000-row screen
// folder (200 parquet parts written with DuckDB from the committed ESOL molecules; kept in bench/tmp between runs).
// Each measure is the median of several runs, each with a filter value of its own so no cache answers it.
// Writes bench/results/screen-view.json and screen-view.md.   node bench/screen-view.mjs [rows]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { benchTmp, loadCoreBundle, root } from './core-bundle.mjs';

const ROWS = Number(process.argv[2] ?? 10_000_000);
const RUNS = 5;
const require = createRequire(import.meta.url);
const { writeScreenFolder } = require('../test/fixtures/screen-folder.cjs');
const b = await loadCoreBundle('screen-view-bench', `export { ScreenTable } from './src/core/screen/table';`, {
  external: ['@duckdb/node-api'],
});

const dir = path.join(benchTmp, `screen-${ROWS}`);
let generatedMs = null;
if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
  const t0 = performance.now();
  await writeScreenFolder(dir, { root, rows: ROWS });
  generatedMs = performance.now() - t0;
}
const bytes = fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed(fn) {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}
/** Median of RUNS calls of fn(i), in ms. */
async function med(fn) {
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push((await timed(() => fn(i))).ms);
  return median(times);
}

// SCREEN_THREADS=n: DuckDB threads (the table's default otherwise: the CPUs, at least 2 and at most 4).
const threads = process.env.SCREEN_THREADS ? Number(process.env.SCREEN_THREADS) : undefined;
const open = await timed(() => b.ScreenTable.open(dir, { threads }));
const table = open.value;
const total = await table.count([]);
const offsets = i => Math.floor(((i + 1) / (RUNS + 1)) * (total - 100));
const desc = { column: 'pred_solubility', descending: true };
const active = i => [{ column: 'pred_active', op: '>=', value: 0.5 + i / 100 }];
const result = {
  rows: total,
  parts: table.folder.manifest.parts.length,
  folderMB: +(bytes / 1e6).toFixed(1),
  openMs: open.ms,
  generatedMs,
  pageFirstMs: await med(() => table.page({ filters: [], sort: null, offset: 0, limit: 100 })),
  pageRandomMs: await med(i => table.page({ filters: [], sort: null, offset: offsets(i), limit: 100 })),
  countFilterMs: await med(i => table.count(active(i))),
  countCachedMs: await med(() => table.count(active(0))),
  sortTopMs: await med(i => table.page({ filters: active(i), sort: desc, offset: 0, limit: 100 })),
  sortTopUnfilteredMs: (await timed(() => table.page({ filters: [], sort: desc, offset: 0, limit: 100 }))).ms,
  filterSortTopMs: await med(i =>
    table.page({
      filters: [...active(i), { column: 'smiles', op: 'contains', value: 'N' }],
      sort: { column: 'ad_similarity', descending: false },
      offset: 0,
      limit: 100,
    }),
  ),
};
// Far down a sorted list: the first such page builds the full ordering, later pages read ranges of it.
result.sortDeepFirstMs = (
  await timed(() => table.page({ filters: [], sort: desc, offset: Math.floor(total / 2), limit: 100 }))
).ms;
result.sortDeepNextMs = await med(i => table.page({ filters: [], sort: desc, offset: offsets(i), limit: 100 }));
result.histogramMs = await med(i => table.histogram('pred_solubility', 50, active(i)));
result.histogramUnfilteredMs = (await timed(() => table.histogram('ad_similarity', 50, []))).ms;
// Pages of sorted or filtered orders by how they were found (top-N query, band, full ordering), where counted.
result.served = table.served ?? null;
table.close();

const load = os
  .loadavg()
  .map(x => x.toFixed(1))
  .join(' / ');
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const when = new Date().toISOString().slice(0, 10);
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(
  path.join(root, 'bench/results/screen-view.json'),
  JSON.stringify({ date: when, cpu, cores: os.availableParallelism(), load, ...result }, null, 1) + '\n',
);
const ms = v => `${Math.round(v)} ms`;
const served = result.served
  ? `${result.served.top} by top-N queries, ${result.served.band} from bands, ${result.served.ordering} from the full ordering`
  : 'not counted';
const md = `# Screen results view benchmark (${total.toLocaleString('en-US')} rows)

${cpu}, ${os.availableParallelism()} cores (load averages over 1 / 5 / 15 minutes at the end: ${load}; other work shares the cores), Node ${process.version}, DuckDB through @duckdb/node-api (${threads ?? 'default'} threads), ${when}.
Folder: ${result.parts} parquet parts, ${result.folderMB} MB, written by test/fixtures/screen-folder.cjs (ESOL molecules, predictions from the row number).
Medians of ${RUNS} runs; each run filters on a value of its own so no cached answer is measured (except where it says cached).

| query the view runs | time |
|---|---|
| open the folder (manifest, columns) | ${ms(result.openMs)} |
| first page, library order (100 rows) | ${ms(result.pageFirstMs)} |
| page at a random offset, library order | ${ms(result.pageRandomMs)} |
| count of a filter (\`pred_active >= x\`) | ${ms(result.countFilterMs)} |
| the same count again (cached) | ${ms(result.countCachedMs)} |
| first page sorted by a prediction, filtered | ${ms(result.sortTopMs)} |
| first page sorted by a prediction, all rows | ${ms(result.sortTopUnfilteredMs)} |
| first page, two filters (number and text) and a sort | ${ms(result.filterSortTopMs)} |
| page halfway down a sort of all rows (a band around it; the full ordering is sorted after it) | ${ms(result.sortDeepFirstMs)} |
| further pages anywhere in that sort (ranges of the full ordering, once sorted) | ${ms(result.sortDeepNextMs)} |
| histogram, 50 bins, filtered | ${ms(result.histogramMs)} |
| histogram, 50 bins, all rows | ${ms(result.histogramUnfilteredMs)} |

Every query is narrow first: it ranks and filters on the row number, the sort key and the filter columns only, and
then reads the page's 100 full rows from the part files holding them (the shard files give each part's first and last
row; parts are written in row groups of 10,000 rows, so DuckDB skips the others). Pages in the library order read
only the part files holding them. A sorted or filtered order serves its first ${(10_000).toLocaleString('en-US')} rows with a top-N
query. Further down, a sample of the sort key (taken once per order) places the page, and one narrow pass counts the
rows before a band of keys around it and collects the band in order (nearby pages are served from it); then one sort
of (row, key) builds the full ordering (a page outside the bands waits for it), and every later page is a range of it. Counts and histograms
are cached per filter; a histogram of every row takes its range from the parts' statistics (one pass). The queries
run in DuckDB's own threads: the extension host's event loop is free meanwhile.
Pages of sorted or filtered orders in this run: ${served}.
`;
fs.writeFileSync(path.join(root, 'bench/results/screen-view.md'), md);
console.log(md);
