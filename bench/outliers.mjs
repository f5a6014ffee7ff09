#!/usr/bin/env node
// MOL204 (label outliers) on real label columns: false positives per 1,000 rows on the MoleculeNet regression tasks
// (and other real numeric labels), and recall on 20 injected errors (×1000 unit slips, sign flips, shifted decimals),
// for the rule in src/core/lint/outliers.ts and for the median/MAD rule it replaced.
// Writes bench/results/outliers.md and .json.   MOLML_DATA=/path/to/data node bench/outliers.mjs
import fs from 'node:fs';
import path from 'node:path';
import { loadCoreBundle, root } from './core-bundle.mjs';
import { benchData } from './data.mjs';

const { readText, findOutliers, DEFAULT_CONFIG } = await loadCoreBundle(
  'outliers',
  "export { readText } from './src/core/io'; export { findOutliers } from './src/core/lint/outliers'; export { DEFAULT_CONFIG } from './src/core/lint/config';",
);
const Z = DEFAULT_CONFIG.outlierZ;

/** The rule before: median/MAD robust z on log10 when positive and max/min > 1000. */
function madRule(values, threshold) {
  const positive = values.every(v => v > 0);
  const log = positive && Math.max(...values) / Math.min(...values) > 1000;
  const xs = log ? values.map(Math.log10) : values;
  const sorted = [...xs].sort((a, b) => a - b);
  const med = (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
  const dev = xs.map(x => Math.abs(x - med)).sort((a, b) => a - b);
  const mad = (dev[(dev.length - 1) >> 1] + dev[dev.length >> 1]) / 2;
  if (!(mad > 0)) return [];
  return xs.flatMap((x, i) => (Math.abs(x - med) / (1.4826 * mad) > threshold ? [i] : []));
}
const newRule = (values, threshold) => findOutliers(values, threshold).outliers.map(o => o.index);

// The MoleculeNet regression tasks (test/fixtures/data/SOURCES.md), then other real numeric labels.
const COLUMNS = [
  ['moleculenet/esol_delaney-processed.csv', 'measured log solubility in mols per litre', 'MoleculeNet'],
  ['moleculenet/freesolv_SAMPL.csv', 'expt', 'MoleculeNet'],
  ['moleculenet/lipophilicity.csv', 'exp', 'MoleculeNet'],
  ['moleculenet/bace.csv', 'pIC50', 'MoleculeNet'],
  ['dirty/chembl_hERG_activities_raw.csv', 'standard_value', 'other'],
  ['moleculenet/freesolv_SAMPL.csv', 'calc', 'other'],
  ['moleculenet/esol_delaney-processed.csv', 'Molecular Weight', 'other'],
];
const committedAdme = path.join(root, 'test/fixtures/data/dirty/biogen_adme_public_first246.csv');

function columnValues(file, column) {
  const table = readText(fs.readFileSync(file, 'utf8'), 'csv');
  const c = table.columns.names.indexOf(column);
  return table.rows
    .map(r => r.cells[c]?.text.trim())
    .filter(t => t !== undefined && /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(t))
    .map(Number);
}

const columns = COLUMNS.map(([rel, name, group]) => ({
  file: rel,
  name,
  group,
  values: columnValues(benchData(rel), name),
}));
for (const name of ['LOG SOLUBILITY PH 6.8 (ug/mL)', 'LOG HLM_CLint (mL/min/kg)', 'LOG MDR1-MDCK ER (B-A/A-B)'])
  columns.push({
    file: 'test fixture biogen_adme_public_first246.csv',
    name,
    group: 'other',
    values: columnValues(committedAdme, name),
  });

const fp = columns.map(c => ({
  file: c.file,
  column: c.name,
  group: c.group,
  rows: c.values.length,
  before: madRule(c.values, Z).length,
  after: newRule(c.values, Z).length,
}));
const per1000 = (group, key) => {
  const g = fp.filter(f => f.group === group);
  return (1000 * g.reduce((a, f) => a + f[key], 0)) / g.reduce((a, f) => a + f.rows, 0);
};

// 20 injected errors, one at a time into a clean column (a seeded generator picks the rows): 7 ×1000 unit slips,
// 7 sign flips, 6 decimal points shifted by one place (×10 or ÷10).
let seed = 20240601;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
const targets = columns.filter(c => c.group === 'MoleculeNet');
const kinds = [
  ...Array(7).fill(['×1000 unit slip', v => v * 1000]),
  ...Array(7).fill(['sign flip', v => -v]),
  ...Array(3).fill(['decimal shifted right (×10)', v => v * 10]),
  ...Array(3).fill(['decimal shifted left (÷10)', v => v / 10]),
];
const injected = kinds.map(([kind, apply], k) => {
  const c = targets[k % targets.length];
  // A row whose value changes visibly under the error (not 0, and for sign flips not within 0.5 of 0).
  let i;
  do i = Math.floor(random() * c.values.length);
  while (c.values[i] === 0 || (kind === 'sign flip' && Math.abs(c.values[i]) < 0.5));
  const values = [...c.values];
  const original = values[i];
  values[i] = apply(original);
  return {
    kind,
    file: c.file,
    column: c.name,
    row: i,
    original,
    injected: values[i],
    before: madRule(values, Z).includes(i),
    after: newRule(values, Z).includes(i),
  };
});
const recall = key => injected.filter(x => x[key]).length;
const byKind = [...new Set(injected.map(x => x.kind))].map(kind => {
  const g = injected.filter(x => x.kind === kind);
  return { kind, n: g.length, before: g.filter(x => x.before).length, after: g.filter(x => x.after).length };
});

const summary = {
  outlierZ: Z,
  fpPer1000MoleculeNet: { before: per1000('MoleculeNet', 'before'), after: per1000('MoleculeNet', 'after') },
  fpPer1000Other: { before: per1000('other', 'before'), after: per1000('other', 'after') },
  recall: { n: injected.length, before: recall('before'), after: recall('after') },
};
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(
  path.join(root, 'bench/results/outliers.json'),
  JSON.stringify({ summary, fp, injected, byKind }, null, 2) + '\n',
);
const f1 = x => x.toFixed(2);
const md = [
  '# Label outliers (MOL204)',
  '',
  'Produced by `MOLML_DATA=/path/to/data node bench/outliers.mjs` (full files from MOLML_DATA, plus the committed',
  `ADME fixture). Threshold \`outlierZ\` = ${Z}. *before*: median/MAD robust z (log10 when positive and max/min > 1000);`,
  '*after*: skew-adjusted robust z plus the order-of-magnitude gap test (src/core/lint/outliers.ts, docs/rules/MOL204.md).',
  '',
  '## False positives (every flag on these real, unmodified columns counts as one)',
  '',
  `- MoleculeNet regression label columns: **${f1(summary.fpPer1000MoleculeNet.after)} per 1,000 rows** (before: ${f1(summary.fpPer1000MoleculeNet.before)})`,
  `- other real numeric labels: ${f1(summary.fpPer1000Other.after)} per 1,000 rows (before: ${f1(summary.fpPer1000Other.before)})`,
  '',
  '| file | column | rows | flagged before | flagged after |',
  '|---|---|---|---|---|',
  ...fp.map(f => `| ${f.file} | ${f.column} | ${f.rows} | ${f.before} | ${f.after} |`),
  '',
  '## Recall on 20 injected errors',
  '',
  `Each error is injected alone into one MoleculeNet column at a row drawn by a seeded generator. Caught: **${summary.recall.after} of ${injected.length}** (before: ${summary.recall.before}).`,
  '',
  '| kind | injected | caught before | caught after |',
  '|---|---|---|---|',
  ...byKind.map(k => `| ${k.kind} | ${k.n} | ${k.before} | ${k.after} |`),
  '',
  '| kind | column | original | injected | caught before | caught after |',
  '|---|---|---|---|---|---|',
  ...injected.map(
    x =>
      `| ${x.kind} | ${x.column} | ${x.original} | ${+x.injected.toPrecision(6)} | ${x.before ? 'yes' : 'no'} | ${x.after ? 'yes' : 'no'} |`,
  ),
  '',
];
fs.writeFileSync(path.join(root, 'bench/results/outliers.md'), md.join('\n'));
console.log(JSON.stringify(summary));
