// Head comparison: embedding-only, ECFP and embedding + ECFP heads (the three candidates of `molml train`) in the same
// 5-fold Bemis–Murcko scaffold cross-validation, on the nine MoleculeNet sets under MOLML_DATA, with the bundled
// model (models/default) on the CPU. One task per set; sets over CAP molecules are subsampled (every k-th row, so
// the result is reproducible) to keep CPU time reasonable. Writes bench/results/heads.json and heads.md.
//   MOLML_DATA=... node bench/heads.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCoreBundle, root } from './core-bundle.mjs';
import { benchData } from './data.mjs';

const CAP = Number(process.env.HEADS_CAP ?? 1200);
const SETS = [
  { name: 'ESOL', file: 'esol_delaney-processed.csv', label: 'measured log solubility in mols per litre' },
  { name: 'FreeSolv', file: 'freesolv_SAMPL.csv', label: 'expt' },
  { name: 'Lipophilicity', file: 'lipophilicity.csv', label: 'exp' },
  { name: 'BBBP', file: 'bbbp_BBBP.csv', label: 'p_np' },
  { name: 'BACE', file: 'bace.csv', label: 'Class', smilesColumn: 'mol' },
  { name: 'ClinTox', file: 'clintox.csv', label: 'CT_TOX' },
  { name: 'Tox21', file: 'tox21.csv', label: 'SR-p53' },
  { name: 'SIDER', file: 'sider.csv', label: 'Hepatobiliary disorders' },
  { name: 'HIV', file: 'hiv_HIV.csv', label: 'HIV_active' },
];

const core = await loadCoreBundle(
  'heads-bench',
  `export { Model } from './src/core/model/runtime';
  export { readMoleculeFile, smilesOf } from './src/core/model/input-file';
  export { trainHeads, parseLabels, inferTask } from './src/core/model/tasks';`,
  { external: ['onnxruntime-node'] },
);
const out = path.join(root, 'bench/results/heads.json');
// HEADS_REPORT_ONLY=1 writes heads.md again from heads.json.
const reportOnly = process.env.HEADS_REPORT_ONLY === '1';
const model = await core.Model.load(path.join(root, 'models/default'), { device: 'cpu' });
const results = reportOnly ? JSON.parse(fs.readFileSync(out, 'utf8')).results : [];
for (const set of reportOnly ? [] : SETS) {
  const table = await core.readMoleculeFile(benchData('moleculenet', set.file), set.smilesColumn);
  const col = table.columns.indexOf(set.label);
  const allSmiles = core.smilesOf(table);
  const cells = table.rows.map(r => r[col]);
  // Labelled rows only, then every k-th of them.
  const labelled = cells.flatMap((c, i) => (c.trim() === '' ? [] : [i]));
  const step = Math.max(1, Math.ceil(labelled.length / CAP));
  const rows = labelled.filter((_, j) => j % step === 0);
  const smiles = rows.map(i => allSmiles[i]);
  const { labels } = core.parseLabels(
    rows.map(i => cells[i]),
    smiles,
  );
  const task = core.inferTask(labels);
  const t0 = performance.now();
  const r = await core.trainHeads({ smiles, labels, task, folds: 5, split: 'scaffold', features: 'auto', model });
  const metric = task === 'regression' ? 'rmse' : 'rocAuc';
  const entry = {
    set: set.name,
    label: set.label,
    task,
    metric,
    rows: r.rows,
    subsample:
      step > 1 ? `every ${step}th of ${labelled.length} labelled rows` : `all ${labelled.length} labelled rows`,
    baseline: r.best.cv.baseline[metric],
    candidates: r.candidates.map(c => ({
      name: c.features.kind,
      [metric]: c.cv.metrics[metric],
      hyperparameter: 'alpha' in c.cv.hyperparameter ? c.cv.hyperparameter.alpha : c.cv.hyperparameter.C,
    })),
    best: r.best.features.kind,
    seconds: (performance.now() - t0) / 1000,
  };
  results.push(entry);
  console.log(JSON.stringify(entry));
  fs.writeFileSync(out, JSON.stringify({ cap: CAP, results }, null, 2) + '\n');
}
await model.dispose();

const fmt = v => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
const md = [
  '# Heads: embedding, ECFP and both (scaffold CV)',
  '',
  `${os.cpus()[0]?.model ?? 'CPU'}, ${os.cpus().length} cores (shared), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  `The three candidates of \`molml train\` (trainHeads) with the bundled model (${model.label}) on the CPU: 5-fold`,
  'Bemis–Murcko scaffold cross-validation, the same folds and rows for every candidate, ridge (RMSE, lower is',
  'better) or L2 logistic regression (ROC AUC, higher is better) with the regularisation chosen in the same folds.',
  `One task per set; sets with more than ${CAP} labelled rows are subsampled to every k-th labelled row. Baseline: the`,
  "training folds' mean (regression) or positive share (classification) in the same folds.",
  '',
  'The bundled model was fine-tuned on these nine sets with scaffold splits (models/default/manifest.json), so its',
  'embedding has seen these molecules and their labels: the embedding and combined columns are optimistic here, the',
  'ECFP column is not. No public activity-cliff set (such as MoleculeACE) is in the data folder, so none is reported.',
  '',
  '| set | task | metric | rows (refused) | baseline | embedding | ECFP | embedding + ECFP | best |',
  '|---|---|---|---|---|---|---|---|---|',
  ...results.map(e => {
    const m = name => fmt(e.candidates.find(c => c.name === name)?.[e.metric]);
    return `| ${e.set} | ${e.label} | ${e.metric} | ${e.rows.used} (${e.rows.refused}) | ${fmt(e.baseline)} | ${m('embedding')} | ${m('ecfp')} | ${m('embedding+ecfp')} | ${e.best} |`;
  }),
  '',
  'Subsampling: ' +
    results.map(e => `${e.set} ${e.subsample.replace(/every (\d+)th of/, '1 in $1 of')}`).join('; ') +
    '.',
  '',
];
fs.writeFileSync(path.join(root, 'bench/results/heads.md'), md.join('\n'));
console.log(md.join('\n'));
