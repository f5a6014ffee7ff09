// Training benchmark: the ECFP ridge cross-validation of `molml train` (5 folds, alphas 0.1..1000, Morgan r2/2048
// bits kept sparse) against scikit-learn's Ridge on the same fingerprints, folds and alpha grid, in the same run, on
// MoleculeNet Lipophilicity (4,200 molecules, logD7.4). Also times the fingerprints and the Bemis–Murcko scaffolds.
// Writes bench/results/train.json and train.md.   MOLML_DATA=... node bench/train.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { benchTmp, loadCoreBundle, root } from './core-bundle.mjs';
import { benchData } from './data.mjs';

const file = benchData('moleculenet', 'lipophilicity.csv');
const core = await loadCoreBundle(
  'train-bench',
  `export { readMoleculeFile, smilesOf } from './src/core/model/input-file';
  export { fingerprints } from './src/core/model/tasks';
  export { BitRows } from './src/core/learn/design';
  export { crossValidate, assignFolds, RIDGE_ALPHAS } from './src/core/learn/cross-validation';
  export { mapWithRdkit } from './src/core/chem/rdkit';
  export { murckoScaffold } from './src/core/chem/scaffold';`,
  { external: ['onnxruntime-node'] },
);
const table = await core.readMoleculeFile(file);
const smiles = core.smilesOf(table);
const col = table.columns.indexOf('exp');
const y = table.rows.map(r => Number(r[col]));
const seconds = async fn => {
  const t0 = performance.now();
  const value = await fn();
  return { value, s: (performance.now() - t0) / 1000 };
};

const fp = await seconds(() => core.fingerprints(smiles));
const fps = fp.value.fps;
if (fps.some(f => !f)) throw new Error('a Lipophilicity molecule did not parse');
const scaffolds = await seconds(() => core.mapWithRdkit(smiles, (rd, s) => core.murckoScaffold(rd, s.trim())));
const bits = core.BitRows.fromFingerprints(fps);
const folds = core.assignFolds(y, 5, 'regression', 0);
const runs = [];
let cv;
for (let i = 0; i < 3; i++) {
  const r = await seconds(() =>
    core.crossValidate({ bits }, y, { task: 'regression', folds: 5, standardize: false, foldOf: folds }),
  );
  runs.push(r.s);
  cv = r.value;
}
const molml = [...runs].sort((a, b) => a - b)[1];

const input = path.join(benchTmp, 'train-bench-input.json');
fs.writeFileSync(
  input,
  JSON.stringify({
    cols: 2048,
    y,
    folds: Array.from(folds),
    alphas: core.RIDGE_ALPHAS,
    onBits: fps.map((_, r) => {
      const row = bits.row(r);
      const on = [];
      row.forEach((v, c) => v && on.push(c));
      return on;
    }),
  }),
);
const sk = JSON.parse(execFileSync('/usr/bin/python3', [path.join(root, 'bench/train_sklearn.py'), input]).toString());
let err = 0,
  scale = 0;
cv.outOfFold.forEach((p, i) => {
  err = Math.max(err, Math.abs(p - sk.oof[i]));
  scale = Math.max(scale, Math.abs(sk.oof[i]));
});

const result = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`,
  node: process.version,
  sklearn: sk.sklearn,
  data: 'MoleculeNet Lipophilicity (lipophilicity.csv, 4,200 molecules, label exp = logD7.4)',
  folds: 5,
  alphas: core.RIDGE_ALPHAS,
  fingerprintsSeconds: fp.s,
  scaffoldsSeconds: scaffolds.s,
  molmlCvSeconds: molml,
  molmlCvRuns: runs,
  sklearnCvSeconds: sk.seconds,
  ratio: molml / sk.seconds,
  alpha: { molml: cv.hyperparameter.alpha, sklearn: sk.alpha },
  oofMaxRelativeDifference: err / scale,
  cvRmse: cv.metrics.rmse,
};
fs.writeFileSync(path.join(root, 'bench/results/train.json'), JSON.stringify(result, null, 2) + '\n');
const md = [
  '# Training benchmark (CPU)',
  '',
  `${result.machine}, Node ${result.node}, scikit-learn ${result.sklearn} (Debian python3-sklearn), ${result.date}.`,
  `${result.data}: Morgan radius 2, 2048 bits; 5 random folds (the same for both), ridge alphas ${result.alphas.join(', ')},`,
  'the alpha with the lowest out-of-fold RMSE, then the fit on all rows. MolML keeps the bits sparse and solves every',
  'alpha of a fold from one Lanczos basis (src/core/learn/ridge-path.ts); scikit-learn fits Ridge (dense X, its',
  'default solver) once per fold and alpha, as GridSearchCV does. Median of 3 MolML runs.',
  '',
  '| step | MolML (s) | scikit-learn (s) | ratio |',
  '|---|---|---|---|',
  `| ridge CV, 5 folds x 5 alphas + final fit | ${molml.toFixed(2)} | ${sk.seconds.toFixed(2)} | ${result.ratio.toFixed(2)} |`,
  `| fingerprints (RDKit wasm, 4,200 molecules) | ${fp.s.toFixed(2)} | | |`,
  `| Bemis–Murcko scaffolds (RDKit wasm) | ${scaffolds.s.toFixed(2)} | | |`,
  '',
  `Same alpha chosen: ${result.alpha.molml === result.alpha.sklearn ? 'yes' : 'no'} (MolML ${result.alpha.molml}, scikit-learn ${result.alpha.sklearn}); ` +
    `largest out-of-fold prediction difference ${result.oofMaxRelativeDifference.toExponential(1)} (relative to the largest prediction); CV RMSE ${result.cvRmse.toFixed(3)}.`,
  '',
];
fs.writeFileSync(path.join(root, 'bench/results/train.md'), md.join('\n'));
console.log(md.join('\n'));
