// The default model in onnxruntime-node against the same model in PyTorch eager, CPU, one thread each, same run and
// same inputs: the first 1,000 HIV molecules, RDKit-canonicalised and tokenised once (bench/model_torch.py), sorted by
// length and batched identically on both sides; the float32 file and, when the manifest lists one, the int8 variant.
// Then the real CLI end to end: `molml embed` on all of HIV, with the default precision (auto) and with fp32.
// Writes bench/results/model-vs-torch.json and .md.
//   node bench/model-vs-torch.mjs [--python /usr/bin/python3] [--skip-cli]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { benchData } from './data.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const argv = process.argv.slice(2);
const python = argv.includes('--python') ? argv[argv.indexOf('--python') + 1] : '/usr/bin/python3';
const skipCli = argv.includes('--skip-cli');
const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node');
const ortVersion = JSON.parse(
  fs.readFileSync(path.join(root, 'node_modules/onnxruntime-node/package.json'), 'utf8'),
).version;

const hiv = benchData('moleculenet/hiv_HIV.csv');
const modelDir = path.join(root, 'models/default');
const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, 'manifest.json'), 'utf8'));
const [idsName, maskName] = manifest.input.tensors.map(t => t.name);
const REPEATS = 3;
const N = 1000;
const cases = [
  { name: 'single', molecules: 200, batch: 1 },
  { name: 'batch32', molecules: N, batch: 32 },
];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-vs-torch-'));
const tokensPath = path.join(tmp, 'tokens.json');
execFileSync(python, [path.join(root, 'bench/model_torch.py'), 'tokenize', hiv, String(N), tokensPath], {
  stdio: 'inherit',
});
const tokens = JSON.parse(fs.readFileSync(tokensPath, 'utf8'));
fs.writeFileSync(tokensPath, JSON.stringify({ input_ids: tokens.input_ids, cases }));
const ids = tokens.input_ids;

// Length-sorted batches, right-padded with [PAD] = 0 and mask 0 (same order as bench/model_torch.py).
function batches(list, size) {
  const order = list.map((_, i) => i).sort((a, b) => list[a].length - list[b].length || a - b);
  const out = [];
  for (let s = 0; s < order.length; s += size) {
    const chunk = order.slice(s, s + size).map(i => list[i]);
    const L = Math.max(...chunk.map(c => c.length));
    const a = new BigInt64Array(chunk.length * L);
    const m = new BigInt64Array(chunk.length * L);
    chunk.forEach((c, j) =>
      c.forEach((t, k) => {
        a[j * L + k] = BigInt(t);
        m[j * L + k] = 1n;
      }),
    );
    out.push({
      [idsName]: new ort.Tensor('int64', a, [chunk.length, L]),
      [maskName]: new ort.Tensor('int64', m, [chunk.length, L]),
    });
  }
  return out;
}

const median = a => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const load = () => os.loadavg().map(x => Math.round(x * 100) / 100);

const int8File = manifest.variants?.find(v => v.precision === 'int8')?.name;
/** @type {import('onnxruntime-node').InferenceSession.SessionOptions} */
const sessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
};
const sessions = { fp32: await ort.InferenceSession.create(path.join(modelDir, manifest.file.name), sessionOptions) };
if (int8File) sessions.int8 = await ort.InferenceSession.create(path.join(modelDir, int8File), sessionOptions);
const loadBefore = load();
// Rounds alternate ONNX and PyTorch so that load from other processes falls on both sides alike.
const onnxBy = { fp32: {}, int8: {} };
const onnx = onnxBy.fp32;
const torchRuns = [];
const caseBatches = cases.map(c => batches(ids.slice(0, c.molecules), c.batch));
for (const session of Object.values(sessions))
  for (const bs of caseBatches) for (const feeds of bs.slice(0, 3)) await session.run(feeds); // warm-up
for (let r = 0; r < REPEATS; r++) {
  for (const [precision, session] of Object.entries(sessions)) {
    for (const [ci, c] of cases.entries()) {
      const t0 = performance.now();
      for (const feeds of caseBatches[ci]) await session.run(feeds);
      (onnxBy[precision][c.name] ??= { molecules: c.molecules, batch: c.batch, seconds: [] }).seconds.push(
        (performance.now() - t0) / 1000,
      );
    }
  }
  const py = spawnSync(python, [path.join(root, 'bench/model_torch.py'), 'bench', tokensPath, '1'], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (py.status !== 0) throw new Error(`model_torch.py failed: ${py.stderr}`);
  torchRuns.push(JSON.parse(py.stdout.trim().split('\n').pop()));
}
for (const session of Object.values(sessions)) await session.release();
const torch = { ...torchRuns[0] };
for (const c of cases) torch[c.name] = { ...torchRuns[0][c.name], seconds: torchRuns.map(t => t[c.name].seconds[0]) };
const loadAfterModels = load();

const rows = cases.map(c => {
  const o = c.molecules / median(onnx[c.name].seconds);
  const t = c.molecules / median(torch[c.name].seconds);
  const oBest = c.molecules / Math.min(...onnx[c.name].seconds);
  const tBest = c.molecules / Math.min(...torch[c.name].seconds);
  const r1 = x => Math.round(x * 10) / 10;
  const i8 = onnxBy.int8[c.name] ? c.molecules / median(onnxBy.int8[c.name].seconds) : null;
  return {
    case: c.name,
    molecules: c.molecules,
    batch: c.batch,
    onnxMolPerS: r1(o),
    torchMolPerS: r1(t),
    ratio: Math.round((o / t) * 100) / 100,
    onnxBestMolPerS: r1(oBest),
    torchBestMolPerS: r1(tBest),
    ratioBest: Math.round((oBest / tBest) * 100) / 100,
    ...(i8 ? { onnxInt8MolPerS: r1(i8), ratioInt8: Math.round((i8 / t) * 100) / 100 } : {}),
  };
});

/** `molml embed` on all of HIV, timed from outside. */
function embedHiv(extra) {
  const out = path.join(tmp, 'hiv-emb.npy');
  fs.rmSync(out, { force: true });
  const lb = load();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'embed', hiv, '--out', out, ...extra], {
    encoding: 'utf8',
  });
  const seconds = (performance.now() - t0) / 1000;
  const header = fs.existsSync(out) ? fs.readFileSync(out).subarray(0, 256).toString('latin1') : '';
  const shape = /'shape': \((\d+), (\d+)\)/.exec(header);
  const done = /embedded (\d+) of (\d+) molecules with (\S+(?: \(int8\))?)/.exec(r.stderr);
  const csvRows = fs.readFileSync(hiv, 'utf8').trim().split('\n').length - 1;
  return {
    command: `node dist/cli.js embed $MOLML_DATA/moleculenet/hiv_HIV.csv --out hiv-emb.npy${extra.length ? ' ' + extra.join(' ') : ''}`,
    model: done ? done[3] : null,
    exitCode: r.status,
    seconds: Math.round(seconds * 10) / 10,
    csvRows,
    outputRows: shape ? Number(shape[1]) : null,
    dim: shape ? Number(shape[2]) : null,
    embedded: done ? Number(done[1]) : null,
    skippedWithMessage: done ? Number(done[2]) - Number(done[1]) : null,
    molPerS: Math.round((csvRows / seconds) * 10) / 10,
    goalSeconds: 120,
    loadavgBefore: lb,
    loadavgAfter: load(),
    stderrTail: r.stderr.trim().split('\n').slice(-3),
  };
}
const cliRuns = skipCli ? [] : [embedHiv([]), embedHiv(['--precision', 'fp32'])];
const cli = cliRuns[0] ?? null;

const result = {
  date: new Date().toISOString(),
  node: process.version,
  onnxruntimeNode: ortVersion,
  torch: torch.torch,
  cpu: os.cpus()[0]?.model,
  cpus: os.cpus().length,
  threadsEach: 1,
  repeats: REPEATS,
  statistic: 'median',
  inputs: {
    dataset: 'MoleculeNet HIV (first rows, RDKit canonical SMILES)',
    molecules: ids.length,
    skippedUnparsable: tokens.skipped,
    sortedByLength: true,
  },
  torchReproducesReference: torch.reference,
  loadavg: { beforeModels: loadBefore, afterModels: loadAfterModels },
  rows,
  raw: { onnx, onnxInt8: onnxBy.int8, torch: { single: torch.single, batch32: torch.batch32 } },
  cli: cliRuns,
};
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench/results/model-vs-torch.json'), JSON.stringify(result, null, 1) + '\n');

const md = [
  '# Default model: onnxruntime-node vs PyTorch eager (CPU)',
  '',
  `${result.date.slice(0, 10)}, ${result.cpu} (${result.cpus} cores), one thread each; onnxruntime-node ${ortVersion} (graph optimisation 'all'), PyTorch ${torch.torch} eager (inference_mode).`,
  `Same run, same inputs: ${ids.length} HIV molecules tokenised once, sorted by length, batched identically; ${REPEATS} rounds alternating ONNX and PyTorch, median (best in brackets).`,
  `PyTorch weights are the ONNX file's initializers loaded strictly into the training module; it reproduces reference.jsonl (max abs diff ${torch.reference.max_abs_diff.toExponential(1)} over ${torch.reference.count} molecules).`,
  `Load average (1/5/15 min) ${loadBefore.join(' / ')} before, ${loadAfterModels.join(' / ')} after: the machine was shared with other work, so absolute numbers are pessimistic; the ratio is the comparison.`,
  '',
  `int8: the manifest's int8 variant (${int8File ?? 'none'}; training/results/int8.md gives its agreement with float32), same inputs and rounds.`,
  '',
  '| case | molecules | batch | ONNX fp32 mol/s | ONNX int8 mol/s | PyTorch mol/s | fp32 / PyTorch | int8 / PyTorch |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    r =>
      `| ${r.case} | ${r.molecules} | ${r.batch} | ${r.onnxMolPerS} (${r.onnxBestMolPerS}) | ${r.onnxInt8MolPerS ?? ''} | ${r.torchMolPerS} (${r.torchBestMolPerS}) | ${r.ratio}x (${r.ratioBest}x) | ${r.ratioInt8 ? r.ratioInt8 + 'x' : ''} |`,
  ),
  '',
];
if (cliRuns.length) {
  md.push(
    '## End to end: `molml embed` on HIV',
    '',
    `RDKit canonicalisation, pre-flight, inference, .npy written; ${cli.csvRows} rows; goal < 120 s. One run each, back to back.`,
    '',
    '| command | model | seconds | rows/s | embedded | refused (per-row message) | load average before / after |',
    '|---|---|---:|---:|---:|---:|---|',
    ...cliRuns.map(
      c =>
        `| \`${c.command.replace('$MOLML_DATA/moleculenet/', '')}\` | ${c.model} | ${c.seconds} | ${c.molPerS} | ${c.embedded} | ${c.skippedWithMessage} | ${c.loadavgBefore[0]} / ${c.loadavgAfter[0]} |`,
    ),
    '',
    `Exit code ${cli.exitCode}: some rows are refused (too long, unknown token, unparsable), each named on stderr; the .npy has ${cli.outputRows} x ${cli.dim} rows (NaN for those).`,
    '',
  );
}
fs.writeFileSync(path.join(root, 'bench/results/model-vs-torch.md'), md.join('\n'));
fs.rmSync(tmp, { recursive: true, force: true });
console.log(md.join('\n'));
