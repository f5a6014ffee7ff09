// Prepares everything the GPU check needs on a GPU machine that has no Node, no RDKit and no network:
// bench/tmp/gpu-bundle/ with an xz'd Node binary, onnxruntime-node (libonnxruntime.so.1 xz'd), Debian's Vulkan
// loader unpacked, the models, and the molecules already featurized here (so the GPU side needs onnxruntime only).
//   node bench/gpu/prepare.mjs        (then run bench/gpu/run-gpu-check.sh on the GPU machine)
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { molclrModelDir } from '../data.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const out = path.join(root, 'bench/tmp/gpu-bundle');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const sh = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], ...opts });
const xz = (src, dst) => fs.writeFileSync(dst, sh('xz', ['-T2', '-6', '-c', src], { maxBuffer: 1 << 30 }));

// 1. Node and onnxruntime-node (this platform's binding only).
xz(process.execPath, path.join(out, 'node.xz'));
const ortSrc = path.join(root, 'node_modules/onnxruntime-node');
const ortDst = path.join(out, 'node_modules/onnxruntime-node');
fs.cpSync(path.join(ortSrc, 'dist'), path.join(ortDst, 'dist'), { recursive: true });
fs.copyFileSync(path.join(ortSrc, 'package.json'), path.join(ortDst, 'package.json'));
const bin = 'bin/napi-v6/linux/x64';
fs.mkdirSync(path.join(ortDst, bin), { recursive: true });
fs.copyFileSync(path.join(ortSrc, bin, 'onnxruntime_binding.node'), path.join(ortDst, bin, 'onnxruntime_binding.node'));
xz(path.join(ortSrc, bin, 'libonnxruntime.so.1'), path.join(ortDst, bin, 'libonnxruntime.so.1.xz'));
fs.cpSync(path.join(root, 'node_modules/onnxruntime-common'), path.join(out, 'node_modules/onnxruntime-common'), {
  recursive: true,
});

// 2. The Vulkan loader (WebGPU runs on Vulkan through Dawn), from Debian's libvulkan1 package.
const debDir = path.join(root, 'bench/tmp');
let deb = ['/var/cache/apt/archives', debDir].flatMap(d =>
  fs.existsSync(d)
    ? fs
        .readdirSync(d)
        .filter(f => /^libvulkan1_.*_amd64\.deb$/.test(f))
        .map(f => path.join(d, f))
    : [],
)[0];
if (!deb) {
  sh('apt-get', ['download', 'libvulkan1'], { cwd: debDir });
  deb = path.join(
    debDir,
    fs.readdirSync(debDir).find(f => f.startsWith('libvulkan1_')),
  );
}
sh('dpkg-deb', ['-x', deb, path.join(out, 'vulkan')]);

// 3. Models and featurized molecules (ESOL), through the same runtime the extension uses.
const bundle = path.join(root, 'bench/tmp/gpu-prepare.js');
await esbuild.build({
  stdin: {
    contents: `export { Model } from './src/core/model/runtime'; export { readMoleculeFile, smilesOf } from './src/core/model/input-file';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: bundle,
  external: ['onnxruntime-node'],
  logLevel: 'warning',
});
const { Model, readMoleculeFile, smilesOf } = createRequire(import.meta.url)(bundle);
const smiles = smilesOf(readMoleculeFile(path.join(root, 'test/fixtures/data/moleculenet/esol_delaney-processed.csv')));
const models = [];
const candidates = [];
const molclrDir = molclrModelDir(path.join(root, 'bench/tmp/graph-model'));
if (molclrDir) candidates.push(molclrDir);
if (fs.existsSync(path.join(root, 'models/default/manifest.json'))) candidates.push(path.join(root, 'models/default'));
const { buildFeeds } = createRequire(import.meta.url)(
  await (async () => {
    const f = path.join(root, 'bench/tmp/gpu-feeds.js');
    await esbuild.build({
      entryPoints: [path.join(root, 'src/core/model/feeds.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: f,
      external: ['onnxruntime-node'],
      logLevel: 'warning',
    });
    return f;
  })(),
);
for (const dir of candidates) {
  const model = await Model.load(dir, { device: 'cpu', precision: 'fp32' });
  const { accepted } = await model.preflight(smiles);
  const batchSize = model.manifest.preferredBatchSize ?? 32;
  const sorted = [...accepted].sort((a, b) => a.size - b.size);
  const serialize = group =>
    Object.fromEntries(
      Object.entries(
        buildFeeds(
          model.manifest.input,
          group.map(p => p.features),
        ),
      ).map(([name, t]) => [name, { dims: t.dims, data: Array.from(t.data, Number) }]),
    );
  const batches = [];
  for (let i = 0; i < sorted.length; i += batchSize) batches.push(serialize(sorted.slice(i, i + batchSize)));
  const singles = sorted.slice(0, 100).map(p => serialize([p]));
  const file = `${model.manifest.id}.onnx`;
  fs.copyFileSync(model.onnxPath, path.join(out, file));
  models.push({
    id: model.manifest.id,
    version: model.manifest.version,
    onnx: file,
    output: model.manifest.outputs.embedding,
    molecules: sorted.length,
    batchSize,
    batches,
    singles,
  });
  await model.dispose();
}
fs.writeFileSync(path.join(out, 'inputs.json'), JSON.stringify({ data: 'ESOL (MoleculeNet)', models }));
sh('xz', ['-T2', '-6', path.join(out, 'inputs.json')]);
fs.copyFileSync(path.join(root, 'bench/gpu/gpu-check.mjs'), path.join(out, 'gpu-check.mjs'));
const size = sh('du', ['-sh', out]).toString().split('\t')[0];
console.log(`bench/tmp/gpu-bundle ready (${size}): ${models.map(m => `${m.id} ${m.molecules} molecules`).join(', ')}`);
