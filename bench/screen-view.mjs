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

const open = await timed(() => b.ScreenTable.open(dir));
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
table.close();

const load = os.loadavg()[0].toFixed(1);
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const when = new Date().toISOString().slice(0, 10);
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(
  path.join(root, 'bench/results/screen-view.json'),
  JSON.stringify({ date: when, cpu, cores: os.availableParallelism(), load, ...result }, null, 1) + '\n',
);
const ms = v => `${Math.round(v)} ms`;
const md = `# Screen results view benchmark (${total.toLocaleString('en-US')} rows)

${cpu}, ${os.availableParallelism()} cores (load average ${load} at the end: other work shared the cores), Node ${process.version}, DuckDB through @duckdb/node-api, ${when}.
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
| page halfway down a sort of all rows (builds the full ordering once) | ${ms(result.sortDeepFirstMs)} |
| further pages anywhere in that sort | ${ms(result.sortDeepNextMs)} |
| histogram, 50 bins, filtered | ${ms(result.histogramMs)} |
| histogram, 50 bins, all rows | ${ms(result.histogramUnfilteredMs)} |

Pages in the library order read only the part files holding them (the manifest gives each part's row count), so
they cost the same anywhere in the folder. A sorted or filtered order serves its first ${(10_000).toLocaleString('en-US')} rows with a
top-N query; further down, one sort of (row, key) builds a table of row numbers, and every later page is a range of
it plus a lookup in the parts holding those rows. Counts are cached per filter. The queries run in DuckDB's own
threads: the extension host's event loop is free meanwhile.
`;
fs.writeFileSync(path.join(root, 'bench/results/screen-view.md'), md);
console.log(md);
