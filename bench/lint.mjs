#!/usr/bin/env node
// Lint benchmarks; results go to bench/results/lint.json and lint.md (each part replaces its own entry).
//   node bench/lint.mjs [hiv] [edit] [million]      (default: hiv edit)
// hiv:     the 41,127-row MoleculeNet HIV file through `molml lint` (2 worker threads, every rule, cross-row checks),
//          and the same checks in Python RDKit (bench/lint_rdkit.py) on the same file, same run.
// edit:    re-lint of the HIV file in the lint worker after a one-line edit (the editor's path), median of 11 edits.
// million: 1,000,000 rows built from the pre-training corpus (its first 25,000 molecules repeated, in a temp dir), linted by
//          the CLI streaming; wall time and peak RSS (all threads of the process).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Worker } from 'node:worker_threads';
import { loadCoreBundle, root } from './core-bundle.mjs';
import { benchData } from './data.mjs';

const HIV = benchData('moleculenet/hiv_HIV.csv');
const CLI = path.join(root, 'dist/cli.js');
const out = path.join(root, 'bench/results/lint.json');
const parts = process.argv.slice(2).length ? process.argv.slice(2) : ['hiv', 'edit'];
const results = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : {};
const machine = {
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  node: process.version,
  loadavg: os.loadavg().map(x => +x.toFixed(1)),
};

/** Runs a command, sampling its peak RSS from /proc; resolves with wall seconds, peak RSS and exit code. */
function measured(cmd, args, stdoutFile) {
  return new Promise(resolve => {
    const t0 = performance.now();
    const child = spawn(cmd, args, {
      stdio: ['ignore', stdoutFile ? fs.openSync(stdoutFile, 'w') : 'ignore', 'inherit'],
    });
    let peak = 0;
    const timer = setInterval(() => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
        if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024);
      } catch {
        /* exited */
      }
    }, 200);
    child.on('exit', code => {
      clearInterval(timer);
      resolve({ seconds: (performance.now() - t0) / 1000, peakRssBytes: peak, code });
    });
  });
}

async function hiv() {
  const rows = fs.readFileSync(HIV, 'utf8').trimEnd().split('\n').length - 1;
  const js = await measured(
    process.execPath,
    [CLI, 'lint', HIV, '--format', 'json', '--workers', '2'],
    path.join(os.tmpdir(), 'molml-bench-hiv.json'),
  );
  const report = JSON.parse(fs.readFileSync(path.join(os.tmpdir(), 'molml-bench-hiv.json'), 'utf8')).files[0];
  const py = spawnSync('/usr/bin/python3', [path.join(root, 'bench/lint_rdkit.py'), 'bench', HIV], {
    encoding: 'utf8',
  });
  const python = JSON.parse(py.stdout);
  results.hiv = {
    file: 'moleculenet/hiv_HIV.csv',
    rows,
    workers: 2,
    seconds: +js.seconds.toFixed(2),
    rowsPerSecond: Math.round(rows / js.seconds),
    peakRssMB: Math.round(js.peakRssBytes / 2 ** 20),
    findings: report.diagnostics.length,
    summary: report.summary,
    python: {
      rdkit: python.rdkit,
      seconds: +python.seconds.toFixed(2),
      rowsPerSecond: Math.round(python.rows_per_second),
      threads: 1,
    },
    jsOverPythonTime: +(js.seconds / python.seconds).toFixed(2),
    machine,
  };
}

const EDITS = 11;

async function edit() {
  // The editor applies the worker's deltas with the core's applyLintDelta; so does this measurement.
  const { applyLintDelta } = await loadCoreBundle(
    'lint-delta',
    "export { applyLintDelta } from './src/core/lint/delta';",
  );
  const text = fs.readFileSync(HIV, 'utf8');
  const worker = new Worker(path.join(root, 'dist/workers/lint-worker.js'));
  const next = () =>
    new Promise(resolve => {
      const on = m => {
        if (m.type === 'result' || m.type === 'failed') {
          worker.off('message', on);
          resolve(m);
        }
      };
      worker.on('message', on);
    });
  const uri = 'file:///bench/hiv.csv';
  let t0 = performance.now();
  let pending = next();
  worker.postMessage({ type: 'open', uri, fileName: 'hiv.csv', format: 'csv', version: 1, text, config: {} });
  const first = await pending;
  const firstSeconds = (performance.now() - t0) / 1000;
  let base = JSON.parse(first.result);
  const lines = text.split('\n');
  const times = [],
    sizes = [],
    workerMs = [];
  for (let i = 0; i < EDITS; i++) {
    const line = 20000 + i * 1000;
    const comma = lines[line].indexOf(',');
    // Replace the SMILES of one row by another row's (a new molecule for the cache, a new duplicate for the cross-row checks).
    const replacement = lines[100 + i].slice(0, lines[100 + i].indexOf(','));
    pending = next();
    t0 = performance.now();
    worker.postMessage({
      type: 'change',
      uri,
      version: 2 + i,
      changes: [{ startLine: line, startCharacter: 0, endLine: line, endCharacter: comma, text: replacement }],
    });
    const r = await pending;
    const parsed =
      r.type !== 'result'
        ? undefined
        : r.delta !== undefined
          ? applyLintDelta(base, JSON.parse(r.delta))
          : JSON.parse(r.result);
    times.push(performance.now() - t0);
    base = parsed;
    sizes.push(r.delta !== undefined ? `delta ${r.delta.length} B` : `full ${r.result.length} B`);
    workerMs.push(r.millis);
    if (!parsed?.diagnostics.some(d => d.line === line && d.code === 'MOL101'))
      throw new Error('the edit was not linted');
  }
  await worker.terminate();
  times.sort((a, b) => a - b);
  results.edit = {
    file: 'moleculenet/hiv_HIV.csv',
    rows: JSON.parse(first.result).rows,
    firstLintSeconds: +firstSeconds.toFixed(2),
    relintAfterOneLineEditMs: {
      median: +times[EDITS >> 1].toFixed(1),
      min: +times[0].toFixed(1),
      max: +times[EDITS - 1].toFixed(1),
      edits: EDITS,
    },
    workerMs: workerMs.map(x => +x.toFixed(1)),
    messages: sizes,
    findings: base.diagnostics.length,
    note: 'from posting the change to having every finding of the file back in the calling thread (parse of the edited line, cached molecule facts and findings, cross-row checks over the rows sharing a key with the edited row, label checks over all rows, the change to the previous result sent and applied)',
    machine,
  };
}

const DISTINCT = 25_000;

async function million() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-1m-'));
  const file = path.join(dir, 'million.smi');
  // RDKit analysis of a million distinct molecules takes far longer than this shared machine allows for one run:
  // the first DISTINCT corpus molecules, repeated, exercise the streaming, the duplicate index and the memory bound.
  const corpus = zlib
    .gunzipSync(fs.readFileSync(benchData('pretrain/pretrain_smiles.txt.gz')))
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .slice(0, DISTINCT);
  const lines = [];
  for (let i = 0; lines.length < 1_000_000; i++) lines.push(corpus[i % corpus.length]);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const run = await measured(
    process.execPath,
    [CLI, 'lint', file, '--format', 'text', '--workers', '2'],
    path.join(dir, 'out.txt'),
  );
  const summary = fs.readFileSync(path.join(dir, 'out.txt'), 'utf8').trimEnd().split('\n').pop();
  results.million = {
    rows: 1_000_000,
    unique: corpus.length,
    bytes: fs.statSync(file).size,
    workers: 2,
    exitCode: run.code,
    seconds: +run.seconds.toFixed(1),
    rowsPerSecond: Math.round(1_000_000 / run.seconds),
    peakRssMB: Math.round(run.peakRssBytes / 2 ** 20),
    summary: summary.replace(/^.*?: /, ''),
    machine,
  };
  fs.rmSync(dir, { recursive: true, force: true });
}

for (const part of parts) {
  if (part === 'hiv') await hiv();
  else if (part === 'edit') await edit();
  else if (part === 'million') await million();
  else throw new Error(`unknown part ${part}`);
  fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
}

const md = [
  '# Lint benchmarks',
  '',
  'Written by `npm run bench:lint` (bench/lint.mjs). Times are wall-clock on a shared 2-core machine; the load average at the start of each part is recorded.',
  '',
];
if (results.hiv) {
  const h = results.hiv;
  md.push(
    '## HIV (41,127 rows), every rule and cross-row check',
    '',
    '| | seconds | rows/s |',
    '|---|---|---|',
    `| molml lint (RDKit ${'wasm'}, ${h.workers} worker threads) | ${h.seconds} | ${h.rowsPerSecond} |`,
    `| same checks in Python RDKit ${h.python.rdkit} (1 thread) | ${h.python.seconds} | ${h.python.rowsPerSecond} |`,
    '',
    `JS/Python time ratio: ${h.jsOverPythonTime}. Peak RSS ${h.peakRssMB} MB. Load average at start: ${h.machine.loadavg.join(', ')}.`,
    '',
  );
}
if (results.edit) {
  const e = results.edit;
  md.push(
    '## Re-lint after a one-line edit (HIV, 41,127 rows)',
    '',
    `Median ${e.relintAfterOneLineEditMs.median} ms (min ${e.relintAfterOneLineEditMs.min}, max ${e.relintAfterOneLineEditMs.max}) ${e.note}. Time in the worker per edit: ${(e.workerMs ?? []).join(', ')} ms; messages: ${(e.messages ?? []).join(', ')}; ${e.findings ?? '?'} findings in the file. First lint of the file in the worker: ${e.firstLintSeconds} s. Load average at start: ${e.machine.loadavg.join(', ')}.`,
    '',
  );
}
if (results.million) {
  const m = results.million;
  md.push(
    '## 1,000,000 rows, streaming CLI',
    '',
    `${m.rows} rows (${m.unique} distinct molecules, ${(m.bytes / 2 ** 20).toFixed(0)} MB): ${m.seconds} s (${m.rowsPerSecond} rows/s), peak RSS ${m.peakRssMB} MB, ${m.workers} workers. ${m.summary}. Load average at start: ${m.machine.loadavg.join(', ')}.`,
    '',
  );
}
const met = (ok, what) => `${what}: ${ok === undefined ? 'not measured' : ok ? 'met' : 'not met'}`;
md.push(
  '## Reading these numbers',
  '',
  `Targets: ${met(results.hiv && results.hiv.seconds < 10, 'the HIV file in under 10 s with 2 workers')}; ` +
    `${met(results.edit && results.edit.relintAfterOneLineEditMs.median < 100, 'a re-lint after a one-line edit in under 100 ms (median)')}; ` +
    `${met(results.million && results.million.peakRssMB < 1024, 'a million rows streamed under 1 GB')}.`,
  'Compare runs only at similar load (each part records the load average at its start); the Python baseline, measured in',
  'the same run, slows down alike, so the JS/Python ratio is the figure that transfers.',
  '',
);
fs.writeFileSync(path.join(root, 'bench/results/lint.md'), md.join('\n'));
console.log(JSON.stringify(results, null, 2));
