// Stage 7b: the shipped default model measured through MolML's own runtime (RDKit.js canonicalisation, tokenizer
// and input policy, onnxruntime-node, CPU) on every dataset's scaffold-split test rows (training/splits):
//   * the shipped weights' own test metrics (float32 file, the runtime's default batch size), on all test molecules
//     and on the "in-domain" ones (read whole: not truncated, no unknown token);
//   * the int8 variant against float32 at several batch sizes (int8 quantises activations per batch, so its
//     outputs depend on which molecules share a batch): embedding cosine, prediction differences, metric changes.
// Writes training/results/{shipped,int8}.{json,md} and the int8 summary into the manifest's variant.
//   MOLML_DATA=... node training/compare_precision.mjs [--batches 1,8,32] [--cache /tmp/molml-precision]
// Outputs of each (precision, batch size) run are kept in the cache folder; a rerun reuses them (--fresh: recompute).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { buildCoreBundle, root } from '../bench/core-bundle.mjs';

const modelDir = path.join(root, 'models/default');
if (!process.env.MOLML_DATA) {
  console.error('set MOLML_DATA to the folder holding moleculenet/');
  process.exit(2);
}
const { values: opts } = parseArgs({
  options: {
    batches: { type: 'string', default: '1,8,32' },
    cache: { type: 'string', default: '/tmp/molml-precision' },
    fresh: { type: 'boolean', default: false },
  },
});
const batches = opts.batches.split(',').map(Number);
const DEFAULT_BATCH = 32; // the runtime's batch size when neither the caller nor the manifest gives one
const dataDir = path.join(process.env.MOLML_DATA, 'moleculenet');
const bundle = await buildCoreBundle(
  'compare-precision',
  `export { Model } from './src/core/model/runtime'; export { readMoleculeFile } from './src/core/model/input-file'; export { rocAuc, rmse } from './src/common/learn/metrics';`,
  { external: ['onnxruntime-node'] },
);
const { Model, readMoleculeFile, rocAuc, rmse } = createRequire(import.meta.url)(bundle);

const manifestFile = path.join(modelDir, 'manifest.json');
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
const SMILES_COLUMN = { BACE: 'mol' };
const datasets = [...new Set(manifest.tasks.map(t => t.dataset))];
const colName = name => name.replace(/[^A-Za-z0-9_.-]+/g, '_');
const ortVersion = JSON.parse(
  fs.readFileSync(path.join(root, 'node_modules/onnxruntime-node/package.json'), 'utf8'),
).version;

// Test rows of every dataset, with their SMILES and labels per task.
const tests = [];
for (const dataset of datasets) {
  const split = JSON.parse(fs.readFileSync(path.join(root, 'training/splits', `${dataset}.json`), 'utf8'));
  const table = await readMoleculeFile(path.join(dataDir, split.file), SMILES_COLUMN[dataset] ?? 'smiles');
  const rows = split.test.map(i => table.rows[i]);
  const tasks = manifest.tasks.filter(t => t.dataset === dataset);
  const labels = tasks.map(t => {
    const col = table.columns.indexOf(t.source_column);
    return rows.map(r => {
      const v = r[col]?.trim();
      return v === '' || v === undefined || !Number.isFinite(Number(v)) ? undefined : Number(v);
    });
  });
  tests.push({ dataset, smiles: rows.map(r => r[table.smilesColumn]), tasks, labels });
}
const allSmiles = tests.flatMap(t => t.smiles);

/** One run of the whole test set: per molecule the embedding, the predictions and the runtime's warnings. */
async function outputs(precision, batchSize, fragments) {
  const file = path.join(opts.cache, `${precision}-b${batchSize}${fragments ? `-${fragments}` : ''}.json`);
  if (!opts.fresh && fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const model = await Model.load(modelDir, { device: 'cpu', precision });
  const t0 = performance.now();
  const run = await model.run(allSmiles, { batchSize, ...(fragments ? { fragments } : {}) });
  const seconds = (performance.now() - t0) / 1000;
  await model.dispose();
  const out = {
    precision,
    batchSize,
    seconds,
    results: run.results.map(r =>
      r
        ? {
            embedding: Array.from(r.embedding),
            predictions: r.predictions,
            ...(r.warnings ? { warnings: r.warnings } : {}),
            ...(r.note ? { note: r.note } : {}),
          }
        : null,
    ),
    issues: run.issues.map(i => ({ index: i.index, reason: i.reason })),
  };
  fs.mkdirSync(opts.cache, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(out));
  process.stderr.write(`${precision} batch ${batchSize}: ${allSmiles.length} molecules in ${seconds.toFixed(0)} s\n`);
  return out;
}

/** Per dataset: the test metric over its tasks (mean ROC-AUC x100, or RMSE) on the rows `keep` accepts. */
function metrics(run, keep = () => true) {
  let offset = 0;
  const out = {};
  for (const t of tests) {
    const perTask = t.tasks
      .map((task, k) => {
        const y = [],
          p = [];
        t.smiles.forEach((_, i) => {
          const r = run.results[offset + i];
          if (t.labels[k][i] === undefined || !r || !keep(r)) return;
          y.push(t.labels[k][i]);
          p.push(r.predictions[colName(task.name)]);
        });
        if (task.type === 'regression') return y.length ? rmse(y, p) : undefined;
        return y.includes(0) && y.includes(1) ? 100 * rocAuc(y, p) : undefined;
      })
      .filter(x => x !== undefined);
    const rows = t.smiles.filter((_, i) => run.results[offset + i] && keep(run.results[offset + i])).length;
    out[t.dataset] = {
      metric: t.tasks[0].type === 'regression' ? 'RMSE' : 'ROC-AUC x100',
      value: perTask.reduce((a, b) => a + b, 0) / perTask.length,
      molecules: rows,
    };
    offset += t.smiles.length;
  }
  return out;
}

const inDomain = r => !r.warnings?.length;
const fp32 = await outputs('fp32', DEFAULT_BATCH);

// ---- the shipped weights' own row
let offset = 0;
const shippedRows = tests.map(t => {
  const slice = fp32.results.slice(offset, offset + t.smiles.length);
  const issues = fp32.issues.filter(i => i.index >= offset && i.index < offset + t.smiles.length);
  offset += t.smiles.length;
  const flagged = kind => slice.filter(r => r?.warnings?.some(w => w.startsWith(kind))).length;
  return {
    dataset: t.dataset,
    test_molecules: t.smiles.length,
    refused: issues.length,
    refusal_reasons: [...new Set(issues.map(i => i.reason))],
    truncated: flagged('truncated'),
    with_unknown_tokens: flagged('unknown token'),
    multi_fragment: t.smiles.filter((_, i) => slice[i] && slice[i].warnings?.some(w => w.includes('"."'))).length,
    out_of_domain: slice.filter(r => r && !inDomain(r)).length,
    training_value: t.tasks[0].dataset_test_metric?.shipped_weights_value,
  };
});
const all = metrics(fp32),
  scored = metrics(fp32, inDomain);
for (const r of shippedRows) {
  r.metric = all[r.dataset].metric;
  r.all = all[r.dataset].value;
  r.all_molecules = all[r.dataset].molecules;
  r.in_domain = scored[r.dataset].value;
  r.in_domain_molecules = scored[r.dataset].molecules;
}
// What predicting salts on their largest fragment (MolML's earlier behaviour) would change, per dataset.
const parents = await outputs('fp32', DEFAULT_BATCH, 'largest');
offset = 0;
for (const [k, t] of tests.entries()) {
  let changed = 0,
    largest = 0;
  for (let i = offset; i < offset + t.smiles.length; i++) {
    const a = fp32.results[i],
      b = parents.results[i];
    if (!a || !b || !b.note) continue;
    changed++;
    for (const task of t.tasks)
      largest = Math.max(largest, Math.abs(a.predictions[colName(task.name)] - b.predictions[colName(task.name)]));
  }
  const m = metrics(parents)[t.dataset];
  Object.assign(shippedRows[k], { largest_fragment: { molecules_changed: changed, max_abs_change: largest, metric: m.value } });
  offset += t.smiles.length;
}
const measuredWith = `MolML runtime (input policy of the manifest: ${JSON.stringify(manifest.input.policy)}), onnxruntime-node ${ortVersion}, CPU, batch size ${DEFAULT_BATCH}, ${new Date().toISOString().slice(0, 10)}`;
fs.mkdirSync(path.join(root, 'training/results'), { recursive: true });
fs.writeFileSync(
  path.join(root, 'training/results/shipped.json'),
  JSON.stringify({ model: `${manifest.id}@${manifest.version}`, file: manifest.file.name, measured_with: measuredWith, datasets: shippedRows }, null, 1) + '\n',
);
const f = (x, d = 3) => (x === undefined || x === null ? '' : x.toFixed(d));
const fm = (r, v) => (v === undefined ? '' : r.metric === 'RMSE' ? f(v, 3) : f(v, 2));
fs.writeFileSync(
  path.join(root, 'training/results/shipped.md'),
  [
    '# The shipped weights on the test splits (through MolML)',
    '',
    `Written by \`node training/compare_precision.mjs\`; ${measuredWith}. \`models/default/model.onnx\` (seed 0 of the`,
    'multi-task runs, float32) on the test rows of each scaffold split (`training/splits`), fed as in training: the',
    'whole SMILES, salts included, over-long SMILES truncated to 126 tokens and unknown tokens (among them the',
    'fragment separator `.`) read as `[UNK]`. MolML flags those rows (`model_warning`). "All" scores every test',
    'molecule (what the training code scored); "in-domain" only the rows the model read whole. "Training" is the value',
    "the training code computed in PyTorch for the same weights; it differs where RDKit.js writes a molecule's",
    'canonical SMILES differently from RDKit 2022.09.',
    '',
    '| dataset | metric | test molecules | all | in-domain | in-domain molecules | truncated | with [UNK] (of which multi-fragment) | refused | training (PyTorch) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...shippedRows.map(
      r =>
        `| ${r.dataset} | ${r.metric} | ${r.test_molecules} | ${fm(r, r.all)} | ${fm(r, r.in_domain)} | ${r.in_domain_molecules} | ${r.truncated} | ${r.with_unknown_tokens} (${r.multi_fragment}) | ${r.refused} | ${fm(r, r.training_value)} |`,
    ),
    '',
    '## Salts: the whole SMILES (as trained) against the largest fragment',
    '',
    'The same weights run on the largest fragment of every multi-fragment test molecule (what MolML did before the',
    "manifest's input policy said `fragments: all`). Largest change of any task's prediction (task units or probability):",
    '',
    '| dataset | molecules whose input changes | largest prediction change | test metric on largest fragments | on whole SMILES |',
    '|---|---:|---:|---:|---:|',
    ...shippedRows.map(
      r =>
        `| ${r.dataset} | ${r.largest_fragment.molecules_changed} | ${f(r.largest_fragment.max_abs_change)} | ${fm(r, r.largest_fragment.metric)} | ${fm(r, r.all)} |`,
    ),
    '',
  ].join('\n'),
);
process.stderr.write(
  shippedRows.map(r => `${r.dataset}: ${r.metric} all ${fm(r, r.all)}, in-domain ${fm(r, r.in_domain)}`).join('\n') + '\n',
);

// ---- int8 against float32, per batch size
const perBatch = [];
for (const b of batches) {
  // float32 at the default batch size: its outputs do not depend on the batch size beyond float32 rounding.
  const a = fp32;
  const q = await outputs('int8', b);
  const cos = [];
  const maxDiff = { regression: 0, classification: 0 };
  a.results.forEach((x, i) => {
    const y = q.results[i];
    if (!x || !y) return;
    let dot = 0,
      xx = 0,
      yy = 0;
    for (let k = 0; k < x.embedding.length; k++) {
      dot += x.embedding[k] * y.embedding[k];
      xx += x.embedding[k] ** 2;
      yy += y.embedding[k] ** 2;
    }
    cos.push(dot / Math.sqrt(xx * yy));
    for (const t of manifest.tasks) {
      const n = colName(t.name);
      maxDiff[t.type] = Math.max(maxDiff[t.type], Math.abs(x.predictions[n] - y.predictions[n]));
    }
  });
  cos.sort((p, r) => p - r);
  const mA = metrics(a),
    mQ = metrics(q),
    mQin = metrics(q, inDomain),
    mAin = metrics(a, inDomain);
  perBatch.push({
    batch_size: b,
    molecules: cos.length,
    seconds: { fp32: a.seconds, int8: q.seconds },
    embedding_cosine: { min: cos[0], median: cos[cos.length >> 1], mean: cos.reduce((p, r) => p + r, 0) / cos.length },
    max_abs_prediction_difference: maxDiff,
    datasets: datasets.map(d => ({
      dataset: d,
      metric: mA[d].metric,
      fp32: mA[d].value,
      int8: mQ[d].value,
      change: mQ[d].value - mA[d].value,
      in_domain_change: mQin[d].value - mAin[d].value,
    })),
  });
}
const largest = (rows, key) =>
  rows.reduce((w, r) => (Math.abs(r[key]) > Math.abs(w[key] ?? 0) ? r : w), {});
const bound = (metric, key = 'change') =>
  Math.max(...perBatch.flatMap(p => p.datasets.filter(d => (d.metric === 'RMSE') === (metric === 'RMSE')).map(d => Math.abs(d[key]))));
const agreement = {
  measured_with: `MolML runtime, onnxruntime-node ${ortVersion}, CPU, ${new Date().toISOString().slice(0, 10)}`,
  batch_sizes: batches,
  default_batch_size: DEFAULT_BATCH,
  bounds: {
    roc_auc_x100: bound('ROC-AUC x100'),
    rmse: bound('RMSE'),
    in_domain_roc_auc_x100: bound('ROC-AUC x100', 'in_domain_change'),
    in_domain_rmse: bound('RMSE', 'in_domain_change'),
    embedding_cosine_min: Math.min(...perBatch.map(p => p.embedding_cosine.min)),
    max_abs_prediction_difference: {
      regression: Math.max(...perBatch.map(p => p.max_abs_prediction_difference.regression)),
      classification: Math.max(...perBatch.map(p => p.max_abs_prediction_difference.classification)),
    },
  },
  per_batch_size: perBatch,
};
fs.writeFileSync(path.join(root, 'training/results/int8.json'), JSON.stringify(agreement, null, 1) + '\n');
const sign = x => (x >= 0 ? '+' : '') + x.toFixed(3);
fs.writeFileSync(
  path.join(root, 'training/results/int8.md'),
  [
    '# int8 variant vs float32 (default model), per batch size',
    '',
    `Written by \`node training/compare_precision.mjs\`; ${agreement.measured_with}. Every test row of each dataset's`,
    'scaffold split, fed as in training (see `shipped.md`), through the same runtime for both files, at each batch size.',
    'int8 quantises activations per batch (the runtime batches molecules sorted by length), so its outputs, and the',
    `metrics below, depend on the batch size. Each int8 run is compared with float32 at batch size ${DEFAULT_BATCH} (float32`,
    'outputs do not depend on the batch size beyond float32 rounding: padding is masked).',
    '',
    `Measured bounds over batch sizes ${batches.join(', ')} (the CLI's and the editor's default is ${DEFAULT_BATCH}): |int8 - float32| test metric`,
    `at most ${f(agreement.bounds.roc_auc_x100)} ROC-AUC x100 and ${f(agreement.bounds.rmse)} RMSE on all test molecules`,
    `(${f(agreement.bounds.in_domain_roc_auc_x100)} and ${f(agreement.bounds.in_domain_rmse)} on the in-domain ones); embedding cosine ≥ ${f(agreement.bounds.embedding_cosine_min, 5)};`,
    `largest prediction difference ${f(agreement.bounds.max_abs_prediction_difference.regression)} (regression, task units), ${f(agreement.bounds.max_abs_prediction_difference.classification)} (probability).`,
    '',
    '| batch size | min cosine | max Δ regression | max Δ probability | ' + datasets.join(' | ') + ' |',
    '|---:|---:|---:|---:|' + datasets.map(() => '---:').join('|') + '|',
    ...perBatch.map(
      p =>
        `| ${p.batch_size} | ${f(p.embedding_cosine.min, 5)} | ${f(p.max_abs_prediction_difference.regression)} | ${f(p.max_abs_prediction_difference.classification)} | ` +
        p.datasets.map(d => sign(d.change)).join(' | ') +
        ' |',
    ),
    '',
    'Dataset columns: int8 − float32 test metric (ROC-AUC x100 for classification, RMSE for ESOL, FreeSolv, Lipophilicity;',
    'for RMSE a positive change is worse). Absolute values per batch size:',
    '',
    '| batch size | dataset | metric | float32 | int8 | int8 − float32 | same, in-domain rows |',
    '|---:|---|---|---:|---:|---:|---:|',
    ...perBatch.flatMap(p =>
      p.datasets.map(
        d => `| ${p.batch_size} | ${d.dataset} | ${d.metric} | ${f(d.fp32)} | ${f(d.int8)} | ${sign(d.change)} | ${sign(d.in_domain_change)} |`,
      ),
    ),
    '',
  ].join('\n'),
);
// The shipped weights' own test metrics, beside the training code's (3-seed means and seed 0 in PyTorch).
manifest.metrics ??= {};
manifest.metrics.shipped_molml = {
  what: 'the shipped model.onnx through the MolML runtime on each scaffold-split test set (training/results/shipped.md)',
  measured_with: measuredWith,
  datasets: Object.fromEntries(
    shippedRows.map(r => [
      r.dataset,
      {
        metric: r.metric,
        all: Number(r.all.toFixed(4)),
        all_molecules: r.all_molecules,
        in_domain: Number(r.in_domain.toFixed(4)),
        in_domain_molecules: r.in_domain_molecules,
        test_molecules: r.test_molecules,
      },
    ]),
  ),
};
const variant = manifest.variants?.find(v => v.precision === 'int8');
if (variant) {
  const worst = largest(
    perBatch.flatMap(p => p.datasets.map(d => ({ ...d, batch_size: p.batch_size }))),
    'change',
  );
  variant.agreement = {
    batch_sizes: batches,
    embedding_cosine_min: Number(agreement.bounds.embedding_cosine_min.toFixed(5)),
    max_abs_prediction_difference: {
      regression: Number(agreement.bounds.max_abs_prediction_difference.regression.toFixed(4)),
      classification: Number(agreement.bounds.max_abs_prediction_difference.classification.toFixed(4)),
    },
    max_abs_test_metric_change: {
      roc_auc_x100: Number(agreement.bounds.roc_auc_x100.toFixed(3)),
      rmse: Number(agreement.bounds.rmse.toFixed(4)),
    },
    largest_test_metric_change: {
      dataset: worst.dataset,
      metric: worst.metric,
      batch_size: worst.batch_size,
      change: Number(worst.change.toFixed(3)),
    },
    details: 'training/results/int8.md',
  };
}
fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 1));
console.log("wrote training/results/{shipped,int8}.{json,md} and the manifest's metrics.shipped_molml and int8 agreement");
