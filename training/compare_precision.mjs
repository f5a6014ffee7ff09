// Stage 7b: how far the int8 variant of the default model is from float32, measured through MolML's own runtime
// (RDKit.js canonicalisation, tokenizer, onnxruntime-node) on every dataset's scaffold-split test rows:
// embedding cosine, prediction differences, and each dataset's test metric (ROC-AUC x100 mean over its tasks,
// or RMSE) for both precisions. Writes training/results/int8.{json,md} and the summary into the manifest's variant.
//   node training/compare_precision.mjs   (after training/quantize.py; reads $MOLML_DATA/moleculenet)
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modelDir = path.join(root, 'models/default');
if (!process.env.MOLML_DATA) { console.error('set MOLML_DATA to the folder holding moleculenet/'); process.exit(2); }
const dataDir = path.join(process.env.MOLML_DATA, 'moleculenet');
const bundle = path.join(root, 'training/runs/compare-precision.js');
fs.mkdirSync(path.dirname(bundle), { recursive: true });
await esbuild.build({
  stdin: {
    contents: `export { Model } from './src/core/model/runtime'; export { readMoleculeFile } from './src/core/model/input-file'; export { rocAuc, rmse } from './src/common/learn/metrics';`,
    resolveDir: root, loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, external: ['onnxruntime-node'], logLevel: 'warning',
});
fs.copyFileSync(path.join(root, 'node_modules/@rdkit/rdkit/dist/RDKit_minimal.wasm'), path.join(path.dirname(bundle), 'RDKit_minimal.wasm'));
const { Model, readMoleculeFile, rocAuc, rmse } = createRequire(import.meta.url)(bundle);

const manifestFile = path.join(modelDir, 'manifest.json');
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
const SMILES_COLUMN = { BACE: 'mol' };
const models = { fp32: await Model.load(modelDir, { device: 'cpu', precision: 'fp32' }), int8: await Model.load(modelDir, { device: 'cpu', precision: 'int8' }) };

const datasets = [...new Set(manifest.tasks.map(t => t.dataset))];
const rows = [];
let cosines = [], maxDiff = { regression: 0, classification: 0 };
for (const dataset of datasets) {
  const split = JSON.parse(fs.readFileSync(path.join(root, 'training/splits', `${dataset}.json`), 'utf8'));
  const table = readMoleculeFile(path.join(dataDir, split.file), SMILES_COLUMN[dataset] ?? 'smiles');
  const test = split.test.map(i => table.rows[i]);
  const smiles = test.map(r => r[table.smilesColumn]);
  const runs = { fp32: await models.fp32.run(smiles), int8: await models.int8.run(smiles) };
  // Task names as the runtime exposes them (column-safe).
  const tasks = manifest.tasks.filter(t => t.dataset === dataset).map(t => ({ ...t, name: t.name.replace(/[^A-Za-z0-9_.-]+/g, '_') }));
  const metric = {};
  for (const precision of ['fp32', 'int8']) {
    const perTask = tasks.map(t => {
      const col = table.columns.indexOf(t.source_column);
      const y = [], p = [];
      test.forEach((r, i) => {
        const v = r[col]?.trim();
        const res = runs[precision].results[i];
        if (v === '' || v === undefined || !Number.isFinite(Number(v)) || !res) return;
        y.push(Number(v)); p.push(res.predictions[t.name]);
      });
      if (t.type === 'regression') return rmse(y, p);
      return y.includes(0) && y.includes(1) ? 100 * rocAuc(y, p) : undefined;
    }).filter(x => x !== undefined);
    metric[precision] = perTask.reduce((a, b) => a + b, 0) / perTask.length;
  }
  let n = 0;
  runs.fp32.results.forEach((a, i) => {
    const b = runs.int8.results[i];
    if (!a || !b) return;
    n++;
    let dot = 0, aa = 0, bb = 0;
    for (let k = 0; k < a.embedding.length; k++) { dot += a.embedding[k] * b.embedding[k]; aa += a.embedding[k] ** 2; bb += b.embedding[k] ** 2; }
    cosines.push(dot / Math.sqrt(aa * bb));
    for (const t of tasks) maxDiff[t.type] = Math.max(maxDiff[t.type], Math.abs(a.predictions[t.name] - b.predictions[t.name]));
  });
  const kind = tasks[0].type === 'regression' ? 'RMSE' : 'ROC-AUC x100';
  const shipped = tasks[0].dataset_test_metric?.shipped_weights_value;
  rows.push({ dataset, molecules: n, metric: kind, fp32: metric.fp32, int8: metric.int8, training_value: shipped });
  process.stderr.write(`${dataset}: ${kind} fp32 ${metric.fp32.toFixed(3)}, int8 ${metric.int8.toFixed(3)} (${n} molecules)\n`);
}
cosines.sort((a, b) => a - b);
const agreement = {
  molecules: cosines.length,
  embedding_cosine: { min: cosines[0], median: cosines[cosines.length >> 1], mean: cosines.reduce((a, b) => a + b, 0) / cosines.length },
  max_abs_prediction_difference: maxDiff,
  test_metrics: rows,
  measured_with: `MolML runtime, onnxruntime-node ${JSON.parse(fs.readFileSync(path.join(root, 'node_modules/onnxruntime-node/package.json'), 'utf8')).version}, CPU, ${new Date().toISOString().slice(0, 10)}`,
};
fs.mkdirSync(path.join(root, 'training/results'), { recursive: true });
fs.writeFileSync(path.join(root, 'training/results/int8.json'), JSON.stringify(agreement, null, 1) + '\n');
const f = (x, d = 3) => x === undefined || x === null ? '' : x.toFixed(d);
fs.writeFileSync(path.join(root, 'training/results/int8.md'), [
  '# int8 variant vs float32 (default model)', '',
  `Written by \`node training/compare_precision.mjs\`; ${agreement.measured_with}. Test rows of each dataset's scaffold split, through`,
  'the same runtime (RDKit.js canonicalisation, tokenizer) for both files. The float32 ONNX column differs slightly from the',
  "training value (PyTorch, RDKit 2022.09 canonical SMILES) where RDKit.js writes a molecule's SMILES differently or refuses it.", '',
  `Embedding cosine over ${agreement.molecules} molecules: min ${f(agreement.embedding_cosine.min, 5)}, median ${f(agreement.embedding_cosine.median, 6)}, mean ${f(agreement.embedding_cosine.mean, 6)}.`,
  `Largest prediction difference: ${f(maxDiff.regression)} (regression, task units), ${f(maxDiff.classification)} (classification probability).`, '',
  '| dataset | test molecules | metric | float32 ONNX | int8 ONNX | int8 - float32 | training (PyTorch) |', '|---|---:|---|---:|---:|---:|---:|',
  ...rows.map(r => `| ${r.dataset} | ${r.molecules} | ${r.metric} | ${f(r.fp32)} | ${f(r.int8)} | ${f(r.int8 - r.fp32)} | ${f(r.training_value)} |`), '',
].join('\n'));
const variant = manifest.variants?.find(v => v.precision === 'int8');
if (variant) {
  variant.agreement = {
    embedding_cosine_min: Number(agreement.embedding_cosine.min.toFixed(5)), embedding_cosine_mean: Number(agreement.embedding_cosine.mean.toFixed(6)),
    max_abs_prediction_difference: { regression: Number(maxDiff.regression.toFixed(4)), classification: Number(maxDiff.classification.toFixed(4)) },
    largest_test_metric_change: rows.reduce((w, r) => Math.abs(r.int8 - r.fp32) > Math.abs(w.change) ? { dataset: r.dataset, metric: r.metric, change: Number((r.int8 - r.fp32).toFixed(3)) } : w, { change: 0 }),
    details: 'training/results/int8.md',
  };
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 1));
}
console.log('wrote training/results/int8.md' + (variant ? ' and the manifest variant\'s agreement' : ''));
