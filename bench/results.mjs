// Results view benchmark: how long the host takes to build a predictions payload for a large file, its size as
// posted to the webview, the view's filter and sort (the same functions the view runs on each keystroke), the plot
// numbers, and depicting one screen of molecules. Writes bench/results/results.json and results.md.   node bench/results.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCoreBundle, root } from './core-bundle.mjs';

const b = await loadCoreBundle(
  'results-bench',
  `export { predictPayload } from './src/extension/results/payloads';
  export { viewRows } from './src/common/results/table-model'; export { histogram, regressionFit, numericColumn } from './src/common/results/plots';
  export { rdkit } from './src/core/chem/rdkit'; export { describeSmiles } from './src/core/chem/describe';
  export { readMoleculeFile, smilesOf } from './src/core/model/input-file';`,
  { external: ['onnxruntime-node'] },
);

const esol = b.smilesOf(
  b.readMoleculeFile(path.join(root, 'test/fixtures/data/moleculenet/esol_delaney-processed.csv')),
);
const N = 50_000;
const smiles = Array.from({ length: N }, (_, i) => esol[i % esol.length]);
const rnd = (() => {
  let s = 1;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
})();
const measured = smiles.map(() => (rnd() * 8 - 6).toFixed(3));
const molecules = {
  fileName: 'big.csv',
  smiles,
  rowNumbers: smiles.map((_, i) => i + 1),
  columns: ['smiles', 'logS'],
  cells: smiles.map((s, i) => [s, measured[i]]),
};
const outcome = {
  kind: 'predict',
  warnings: [],
  adSimilarity: smiles.map(() => rnd()),
  columns: [
    {
      task: 'logS',
      type: 'regression',
      source: 'head',
      values: smiles.map(() => rnd() * 8 - 6),
      uncertainty: smiles.map(() => rnd()),
    },
  ],
  issues: Array.from({ length: 500 }, (_, k) => ({
    index: k * 100,
    input: smiles[k * 100],
    reason: 'token "Br" is not in the vocabulary',
  })),
};
const time = (fn, reps = 5) => {
  fn();
  const t = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
};

/** @type {{ columns: { key: string }[], rows: { values: unknown[] }[] }} */
let payload;
const results = { rows: N, machine: `${os.cpus()[0].model} (${os.cpus().length} cores), node ${process.version}` };
results.buildPayloadMs = time(() => {
  payload = b.predictPayload(molecules, outcome, { model: 'bench', head: 'bench.head.json', headLabel: 'logS' });
});
results.payloadJsonMB = JSON.stringify(payload).length / 1e6;
results.serializeMs = time(() => JSON.stringify(payload));
results.filterMs = time(() =>
  b.viewRows(payload.columns, payload.rows, {
    filter: 'c1ccccc1 cl',
    flaggedOnly: false,
    sortKey: '',
    descending: false,
  }),
);
results.sortMs = time(() =>
  b.viewRows(payload.columns, payload.rows, { filter: '', flaggedOnly: false, sortKey: 'pred:logS', descending: true }),
);
const pred = payload.columns.findIndex(c => c.key === 'pred:logS'),
  meas = payload.columns.findIndex(c => c.key === 'measured:logS');
results.plotsMs = time(() => {
  const p = b.numericColumn(payload.rows.map(r => r.values[pred]));
  const m = b.numericColumn(payload.rows.map(r => r.values[meas]));
  b.histogram(p);
  b.regressionFit(m, p);
});
const rd = await b.rdkit();
const screen = esol.slice(0, 30);
results.depictScreenMs = time(
  () => screen.forEach(s => b.describeSmiles(rd, s, { imageSize: 160, inchikey: false })),
  3,
);

const round = v => (typeof v === 'number' ? Number(v.toFixed(2)) : v);
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(
  path.join(root, 'bench/results/results.json'),
  JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, round(v)])), null, 1) + '\n',
);
fs.writeFileSync(
  path.join(root, 'bench/results/results.md'),
  `# Results view benchmark (${N} rows)

${results.machine}; medians of 5 runs (depiction: 3).

| step | value |
|---|---|
| build the predictions payload on the host | ${round(results.buildPayloadMs)} ms |
| payload size as JSON | ${round(results.payloadJsonMB)} MB |
| JSON serialisation of the payload | ${round(results.serializeMs)} ms |
| filter (two words over every cell) | ${round(results.filterMs)} ms |
| sort by a prediction | ${round(results.sortMs)} ms |
| histogram + predicted vs. measured numbers | ${round(results.plotsMs)} ms |
| depict one screen (30 ESOL molecules, 160 px) | ${round(results.depictScreenMs)} ms |

The table keeps only the rows in sight in the page (about 10 of ${N}), so scrolling costs the same at any size.
`,
);
console.log(results);
