#!/usr/bin/env node
// Column roles on every CSV under MOLML_DATA: which columns MolML takes for identifiers and which for labels, checked
// against the task and identifier columns that the data sets' own documentation names (test/fixtures/data/SOURCES.md).
// Writes bench/results/column-roles.md and .json.   MOLML_DATA=/path/to/data node bench/column-roles.mjs
import fs from 'node:fs';
import path from 'node:path';
import { loadCoreBundle, root } from './core-bundle.mjs';
import { benchData } from './data.mjs';

const { readText } = await loadCoreBundle('column-roles', "export { readText } from './src/core/io';");

// The columns each data set documents as its tasks (labels) and as record identifiers. Files not listed are reported
// without a verdict.
const TRUTH = {
  'bace.csv': { labels: ['Class', 'pIC50'], identifiers: ['CID'] },
  'bace_raw_1554rows_with_split_duplicates.csv': { labels: ['Class', 'pIC50'], identifiers: ['CID'] },
  'bbbp_BBBP.csv': { labels: ['p_np'], identifiers: ['num', 'name'] },
  'chembl_hERG_activities_raw.csv': { labels: ['standard_value'], identifiers: ['molregno', 'mol_chembl_id'] },
  'clintox.csv': { labels: ['FDA_APPROVED', 'CT_TOX'], identifiers: [] },
  'clintox_deepchem_raw.csv': { labels: ['FDA_APPROVED', 'CT_TOX'], identifiers: [] },
  'esol_delaney-processed.csv': { labels: ['measured log solubility in mols per litre'], identifiers: ['Compound ID'] },
  'freesolv_SAMPL.csv': { labels: ['expt'], identifiers: ['iupac'] },
  'freesolv_SAMPL_deepchem_raw.csv': { labels: ['expt'], identifiers: ['iupac'] },
  'hiv_HIV.csv': { labels: ['HIV_active'], identifiers: [] },
  'hiv_deepchem_raw_crlf.csv': { labels: ['HIV_active'], identifiers: [] },
  'lipophilicity.csv': { labels: ['exp'], identifiers: ['CMPD_CHEMBLID'] },
  'sweetlead_deepchem.csv': { labels: ['task'], identifiers: [] },
  'tox21.csv': {
    labels:
      'NR-AR,NR-AR-LBD,NR-AhR,NR-Aromatase,NR-ER,NR-ER-LBD,NR-PPAR-gamma,SR-ARE,SR-ATAD5,SR-HSE,SR-MMP,SR-p53'.split(
        ',',
      ),
    identifiers: ['mol_id'],
  },
  'tox21_deepchem_raw.csv': {
    labels:
      'NR-AR,NR-AR-LBD,NR-AhR,NR-Aromatase,NR-ER,NR-ER-LBD,NR-PPAR-gamma,SR-ARE,SR-ATAD5,SR-HSE,SR-MMP,SR-p53'.split(
        ',',
      ),
    identifiers: ['mol_id'],
  },
};
// SIDER: every column but the SMILES is a task.
const SIDER_LABELS = names => names.filter(n => n !== 'smiles');

function csvFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(e =>
      e.isDirectory() ? csvFiles(path.join(dir, e.name)) : /\.csv$/i.test(e.name) ? [path.join(dir, e.name)] : [],
    )
    .sort();
}

const dataDir = benchData();
const files = csvFiles(dataDir);
const report = [];
let idExpected = 0,
  idFound = 0,
  labelExpected = 0,
  labelKept = 0,
  identifiersTakenAsLabels = 0;
for (const file of files) {
  const base = path.basename(file);
  const table = readText(fs.readFileSync(file, 'utf8'), 'csv');
  const c = table.columns;
  const role = i =>
    i === c.molecule
      ? 'molecule'
      : c.identifiers.includes(i)
        ? 'identifier'
        : i === c.split
          ? 'split'
          : (c.labels.find(l => l.index === i)?.kind ?? 'other') === 'other'
            ? 'other'
            : `label (${c.labels.find(l => l.index === i).kind})`;
  const columns = c.names.map((name, i) => ({ name, role: role(i) }));
  const truth = base === 'sider.csv' ? { labels: SIDER_LABELS(c.names), identifiers: [] } : TRUTH[base];
  const entry = { file: path.relative(dataDir, file), rows: table.rows.length, columns };
  if (truth) {
    const roleOf = name => columns.find(x => x.name === name)?.role ?? 'missing';
    entry.missedIdentifiers = truth.identifiers.filter(n => roleOf(n) !== 'identifier');
    entry.lostLabels = truth.labels.filter(n => !roleOf(n).startsWith('label'));
    entry.identifiersAsLabels = columns.filter(
      x => x.role.startsWith('label') && truth.identifiers.includes(x.name),
    ).length;
    idExpected += truth.identifiers.length;
    idFound += truth.identifiers.length - entry.missedIdentifiers.length;
    labelExpected += truth.labels.length;
    labelKept += truth.labels.length - entry.lostLabels.length;
    identifiersTakenAsLabels += entry.identifiersAsLabels;
  }
  report.push(entry);
}

const summary = { files: files.length, idExpected, idFound, labelExpected, labelKept, identifiersTakenAsLabels };
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(
  path.join(root, 'bench/results/column-roles.json'),
  JSON.stringify({ summary, report }, null, 2) + '\n',
);

const md = [
  '# Column roles',
  '',
  `Every CSV under MOLML_DATA (${files.length} files), read by \`readText\` (src/core/io; roles from`,
  '`src/core/io/column-roles.ts`). Checked against the task and identifier columns that each data set documents',
  '(test/fixtures/data/SOURCES.md). Regenerate: `MOLML_DATA=/path/to/data node bench/column-roles.mjs`.',
  '',
  `- identifier columns recognised: **${idFound} of ${idExpected}**`,
  `- documented labels kept as labels: **${labelKept} of ${labelExpected}**`,
  `- identifier columns taken for labels: **${identifiersTakenAsLabels}**`,
  '',
  'Descriptor tables (BACE: 590 descriptor columns) keep their first three candidate label columns only, as before;',
  'the other descriptors are listed as `other`. Three of them (the SMT and GMT topological indices and HDPI: unique',
  'integers of five digits and more) are taken for identifiers, and `canvasUID` rightly so; none is a label either way.',
  '',
];
for (const e of report) {
  md.push(`## ${e.file} (${e.rows} rows)`, '');
  if (e.missedIdentifiers) {
    md.push(
      `identifiers missed: ${e.missedIdentifiers.length ? e.missedIdentifiers.join(', ') : 'none'}; labels lost: ${e.lostLabels.length ? e.lostLabels.join(', ') : 'none'}`,
      '',
    );
  } else md.push('(no documented task columns)', '');
  const shown = e.columns.length > 40 ? e.columns.slice(0, 12) : e.columns;
  md.push('| column | role |', '|---|---|', ...shown.map(x => `| ${x.name.replace(/\|/g, '\\|')} | ${x.role} |`));
  if (shown.length < e.columns.length) {
    const counts = {};
    for (const x of e.columns.slice(12)) counts[x.role] = (counts[x.role] ?? 0) + 1;
    md.push(
      `| … ${e.columns.length - 12} more | ${Object.entries(counts)
        .map(([r, n]) => `${n} ${r}`)
        .join(', ')} |`,
    );
  }
  md.push('');
}
fs.writeFileSync(path.join(root, 'bench/results/column-roles.md'), md.join('\n'));
console.log(JSON.stringify(summary));
