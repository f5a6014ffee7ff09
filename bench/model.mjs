// Model runtime benchmark: session creation, featurization and CPU throughput (molecules/s) single and batched,
// on the published MolCLR GCN (from MOLML_MOLCLR_DIR, when set) and on the default model when this checkout has one.
// Writes bench/results/model.json and model.md.   npm run bench:model
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchTmp as tmp, loadCoreBundle, root } from './core-bundle.mjs';
import { molclrModelDir } from './data.mjs';

const { Model, createSession, readMoleculeFile, smilesOf } = await loadCoreBundle(
  'model-bench',
  `export { Model } from './src/core/model/runtime';
  export { createSession } from './src/core/model/providers'; export { readMoleculeFile, smilesOf } from './src/core/model/input-file';`,
  { external: ['onnxruntime-node'] },
);
const ortVersion = JSON.parse(
  fs.readFileSync(path.join(root, 'node_modules/onnxruntime-node/package.json'), 'utf8'),
).version;

const esol = smilesOf(readMoleculeFile(path.join(root, 'test/fixtures/data/moleculenet/esol_delaney-processed.csv')));

const models = [];
const molclrDir = molclrModelDir(path.join(tmp, 'graph-model'));
if (molclrDir) models.push({ name: 'MolCLR GCN (graph, 5x300, h 512-d)', dir: molclrDir });
const defaultDir = path.join(root, 'models/default');
if (fs.existsSync(path.join(defaultDir, 'manifest.json'))) {
  models.push({ name: 'default model (SMILES transformer), fp32', dir: defaultDir, precision: 'fp32' });
  const int8 = JSON.parse(fs.readFileSync(path.join(defaultDir, 'manifest.json'), 'utf8')).variants?.find(
    v => v.precision === 'int8',
  );
  if (int8) models.push({ name: 'default model, int8 variant', dir: defaultDir, precision: 'int8', onnx: int8.name });
}

const median = a => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const time = async fn => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

const results = [];
for (const m of models) {
  const onnx = m.onnx ?? JSON.parse(fs.readFileSync(path.join(m.dir, 'manifest.json'), 'utf8')).onnx ?? 'model.onnx';
  const onnxPath = path.resolve(m.dir, onnx);
  const create = [];
  for (let i = 0; i < 5; i++) {
    const s = await createSession(onnxPath, 'cpu');
    create.push(s.createMs);
    await s.session.release();
  }
  // Each measurement gets a fresh model so that nothing comes from the cache.
  const fresh = () => Model.load(m.dir, { device: 'cpu', precision: m.precision ?? 'fp32' });
  let model = await fresh();
  await model.run(esol.slice(0, 8)); // warm-up: RDKit module, first session run
  await model.dispose();
  model = await fresh();
  const pre = await model.preflight(esol);
  const preMs = await time(() => model.preflight(esol));
  await model.dispose();
  const single = esol.slice(0, 200);
  model = await fresh();
  const singleMs = await time(() => model.run(single, { batchSize: 1 }));
  await model.dispose();
  const batched = {};
  for (const bs of [8, 32, 128]) {
    model = await fresh();
    batched[bs] = await time(() => model.run(esol, { batchSize: bs }));
    if (bs === 128) batched.cached = await time(() => model.run(esol, { batchSize: bs }));
    await model.dispose();
  }
  const accepted = pre.accepted.length;
  results.push({
    model: m.name,
    molecules: esol.length,
    accepted,
    sessionCreateMs: Number(median(create).toFixed(1)),
    featurizeMolPerS: Math.round(esol.length / (preMs / 1000)),
    singleMolPerS: Math.round(single.length / (singleMs / 1000)),
    batch8MolPerS: Math.round(esol.length / (batched[8] / 1000)),
    batch32MolPerS: Math.round(esol.length / (batched[32] / 1000)),
    batch128MolPerS: Math.round(esol.length / (batched[128] / 1000)),
    cachedMolPerS: Math.round(esol.length / (batched.cached / 1000)),
  });
}

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  loadAverage1m: Number(os.loadavg()[0].toFixed(1)),
  node: process.version,
  onnxruntime: ortVersion,
  platform: `${process.platform}-${process.arch}`,
  date: new Date().toISOString(),
};
const out = { machine, data: 'ESOL (MoleculeNet, 1128 SMILES), test/fixtures/data/moleculenet', results };
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench/results/model.json'), JSON.stringify(out, null, 2) + '\n');
const md = [
  '# Model runtime benchmark (CPU)',
  '',
  `${machine.cpu}, ${machine.cores} cores (load average ${machine.loadAverage1m} while measuring: other work shared the cores), Node ${machine.node}, onnxruntime-node ${machine.onnxruntime}, ${machine.date.slice(0, 10)}.`,
  'End to end through `Model.run` (RDKit parse, featurization, ONNX inference), a fresh model per row so nothing is cached;',
  'single = batch size 1 on the first 200 molecules; featurize = pre-flight only (RDKit + featurizer/tokenizer).',
  '',
  '| model | session create (ms) | featurize (mol/s) | single (mol/s) | batch 8 (mol/s) | batch 32 (mol/s) | batch 128 (mol/s) | cached (mol/s) |',
  '|---|---|---|---|---|---|---|---|',
  ...results.map(
    r =>
      `| ${r.model} | ${r.sessionCreateMs} | ${r.featurizeMolPerS} | ${r.singleMolPerS} | ${r.batch8MolPerS} | ${r.batch32MolPerS} | ${r.batch128MolPerS} | ${r.cachedMolPerS} |`,
  ),
  '',
  results.length < 2 ? 'The default model was not present in this checkout (models/default); rerun once it is.' : '',
].join('\n');
fs.writeFileSync(path.join(root, 'bench/results/model.md'), md + '\n');
console.log(md);
