// `molml screen` benchmark, each number against a reference measured in the same run:
//  - rate and peak memory of `molml screen` against `molml predict` on the same molecules: the default model, and an
//    ECFP ridge head (trained here on the committed ESOL file) at 20,000 and at 1,000,000 molecules; screen's peak
//    memory against library size (flat when it streams);
//  - 1 against 2 local shards (two processes, --shard 0/2 and 1/2, at once);
//  - resume: a run killed at about half way and resumed, against an uninterrupted run;
//  - a 4-task Slurm job array against one process (on the one-node test cluster of test/slurm, when run as root);
//  - `molml top` and a filtered query over a screen folder of MOLML_BENCH_TOP_ROWS rows written with DuckDB.
// Molecules: the pre-training corpus (MOLML_DATA/pretrain/pretrain_smiles.txt.gz), extended with RDKit's randomised
// SMILES of the same molecules when a size exceeds it. Sizes from the environment (all measured as given):
//   MOLML_BENCH_SCREEN_N (default model, 5000), MOLML_BENCH_SCREEN_HEAD_N (ECFP head, 20000),
//   MOLML_BENCH_SCREEN_MILLION (the large run, 1000000), MOLML_BENCH_TOP_ROWS (10000000), MOLML_BENCH_REPEATS (3).
// MOLML_BENCH_SCREEN_ONLY=defaultModel,head,million,memory,shards,resume,slurm,top runs those sections only and keeps the
// others' last results in screen.json (each section says when it was measured).
// Writes bench/results/screen.json and screen.md.   node bench/screen.mjs   (needs `npm run build` first)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { benchTmp, root } from './core-bundle.mjs';
import { benchData } from './data.mjs';

const require = createRequire(import.meta.url);
const CLI = path.join(root, 'dist/cli.js');
const DEFAULT_MODEL = path.join(root, 'models/default');
const ESOL = path.join(root, 'test/fixtures/data/moleculenet/esol_delaney-processed.csv');
const envInt = (name, fallback) => {
  const v = process.env[name];
  return v && /^\d+$/.test(v) ? Number(v) : fallback;
};
const N_DEFAULT = envInt('MOLML_BENCH_SCREEN_N', 5000);
const N_HEAD = envInt('MOLML_BENCH_SCREEN_HEAD_N', 20_000);
const N_MILLION = envInt('MOLML_BENCH_SCREEN_MILLION', 1_000_000);
const TOP_ROWS = envInt('MOLML_BENCH_TOP_ROWS', 10_000_000);
const REPEATS = envInt('MOLML_BENCH_REPEATS', 3);
// MOLML_BENCH_SCREEN_REPORT=1: only write screen.md again from screen.json (after a change to the report's wording).
if (process.env.MOLML_BENCH_SCREEN_REPORT === '1') {
  const saved = JSON.parse(fs.readFileSync(path.join(root, 'bench/results/screen.json'), 'utf8'));
  fs.writeFileSync(path.join(root, 'bench/results/screen.md'), markdown(saved));
  process.exit(0);
}
const corpusFile = benchData('pretrain', 'pretrain_smiles.txt.gz');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-screen-bench-'));
fs.mkdirSync(benchTmp, { recursive: true });

const median = a => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

// ---- molecules ------------------------------------------------------------------------------------------------

const corpus = zlib
  .gunzipSync(fs.readFileSync(corpusFile))
  .toString('utf8')
  .split('\n')
  .map(s => s.trim())
  .filter(Boolean);

/** `n` SMILES: the corpus in order, then randomised SMILES of its molecules (distinct strings) until n. */
async function molecules(n) {
  if (n <= corpus.length) return corpus.slice(0, n);
  const initRDKit = /** @type {() => Promise<any>} */ (/** @type {unknown} */ (require('@rdkit/rdkit')));
  const RDKit = await initRDKit();
  const out = [...corpus];
  const seen = new Set(out);
  for (let round = 0; out.length < n && round < 20; round++)
    for (const s of corpus) {
      if (out.length >= n) break;
      const mol = RDKit.get_mol(s);
      if (!mol) continue;
      const r = mol.get_smiles(JSON.stringify({ doRandom: true, canonical: false }));
      mol.delete();
      if (r && !seen.has(r)) {
        seen.add(r);
        out.push(r);
      }
    }
  return out;
}

/** A CSV library of n molecules (id, smiles), written once per size. */
async function library(n) {
  const file = path.join(work, `library-${n}.csv`);
  if (!fs.existsSync(file)) {
    const smiles = await molecules(n);
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, 'id,smiles\n');
    for (let i = 0; i < smiles.length; i += 10_000)
      fs.writeSync(
        fd,
        smiles
          .slice(i, i + 10_000)
          .map((s, j) => `M${i + j + 1},${s}\n`)
          .join(''),
      );
    fs.closeSync(fd);
  }
  return file;
}

// ---- processes ------------------------------------------------------------------------------------------------

/** Peak resident memory of a process so far (VmHWM), in MB, or undefined once it has exited. */
function peakRssMB(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `molml args` and resolves with wall seconds, peak RSS (VmHWM polled every 50 ms; the last reading before
 * exit), exit code and stderr. `onPoll(child)` runs at each poll (to kill it at a point).
 * @param {string[]} args
 * @param {{ env?: Record<string, string>, onPoll?: (child: import('node:child_process').ChildProcess) => void }} [options]
 */
function molml(args, { env = {}, onPoll } = {}) {
  return new Promise(resolve => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...cleanEnv(), ...env },
    });
    let stderr = '';
    child.stderr.on('data', d => (stderr = (stderr + d).slice(-20_000)));
    let peak = 0;
    const timer = setInterval(() => {
      peak = Math.max(peak, peakRssMB(child.pid) ?? 0);
      onPoll?.(child);
    }, 50);
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      resolve({ seconds: (performance.now() - t0) / 1000, peakMB: peak, code, signal, stderr });
    });
  });
}

/** The environment without Slurm's array variables (a benchmark started inside a job must not become a shard). */
function cleanEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('SLURM_ARRAY')) delete env[k];
  return env;
}

function check(r, what) {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code ?? r.signal}):\n${r.stderr}`);
  return r;
}

const fresh = name => {
  const dir = path.join(work, name);
  fs.rmSync(dir, { recursive: true, force: true });
  return dir;
};

/** Rows done in a screen folder, from its shard progress files. */
function rowsDone(dir) {
  let done = 0;
  const shards = path.join(dir, 'shards');
  if (!fs.existsSync(shards)) return 0;
  for (const f of fs.readdirSync(shards).filter(f => f.endsWith('.json')))
    try {
      for (const p of JSON.parse(fs.readFileSync(path.join(shards, f), 'utf8')).parts ?? []) done += p.rows + p.refused;
    } catch {
      /* being replaced */
    }
  return done;
}

// ---- measurements ---------------------------------------------------------------------------------------------

const only = process.env.MOLML_BENCH_SCREEN_ONLY?.split(',');
const want = name => !only || only.includes(name);
const resultsFile = path.join(root, 'bench/results/screen.json');
/** This run's sections; with MOLML_BENCH_SCREEN_ONLY the other sections keep their last results. */
const results = {
  ...(only && fs.existsSync(resultsFile) ? earlierSections(JSON.parse(fs.readFileSync(resultsFile, 'utf8'))) : {}),
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${round(os.totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}`,
  repeats: REPEATS,
};
/** The sections of an earlier run's results (each stamped with when it was measured). */
function earlierSections(saved) {
  return Object.fromEntries(Object.entries(saved).filter(([, v]) => typeof v === 'object' && v?.measured));
}
/** Runs `measure` as section `name`, stamped with when it ran and the load averages around it. */
async function section(name, measure) {
  if (!want(name)) return;
  const loadBefore = os.loadavg().map(x => round(x, 1));
  const value = await measure();
  results[name] = {
    ...value,
    measured: new Date().toISOString(),
    load: [loadBefore, os.loadavg().map(x => round(x, 1))],
  };
}

// The screening model of the library-scale measurements: a ridge head on ECFP (Morgan r2/2048) trained on ESOL,
// the kind of head `molml train` saves; it runs every molecule (the tiny test models refuse most of a real library).
const headFile = path.join(work, 'esol-ecfp.json');
check(
  await molml([
    'train',
    ESOL,
    '--label',
    'measured log solubility in mols per litre',
    '--features',
    'ecfp',
    '--out',
    headFile,
  ]),
  'training the ECFP head',
);
const HEAD_ARGS = ['--head', headFile];

/** screen and predict alternately on the same library, REPEATS times each: medians of time and peak RSS. */
async function screenVsPredict(modelArgs, n, label, repeats) {
  const lib = await library(n);
  const screen = [],
    predict = [];
  for (let i = 0; i < repeats; i++) {
    const dir = fresh(`svp-${label}`);
    screen.push(check(await molml(['screen', lib, '--out', dir, ...modelArgs]), `screen ${label}`));
    const out = path.join(work, `predict-${label}.csv`);
    fs.rmSync(out, { force: true });
    const p = await molml(['predict', lib, '--out', out, ...modelArgs]);
    if (p.code !== 0 && p.code !== 1) check(p, `predict ${label}`); // 1: some rows refused
    predict.push(p);
    log(`${label}: screen ${round(screen.at(-1).seconds)} s, predict ${round(p.seconds)} s`);
  }
  const s = median(screen.map(r => r.seconds)),
    p = median(predict.map(r => r.seconds));
  return {
    model: label,
    molecules: n,
    runs: repeats,
    screenSeconds: round(s),
    predictSeconds: round(p),
    screenRate: round(n / s, 1),
    predictRate: round(n / p, 1),
    rateRatio: round(p / s, 3),
    screenPeakMB: round(median(screen.map(r => r.peakMB)), 0),
    predictPeakMB: round(median(predict.map(r => r.peakMB)), 0),
  };
}

async function shardsOneVsTwo(n) {
  const lib = await library(n);
  const one = [],
    two = [];
  for (let i = 0; i < REPEATS; i++) {
    const a = fresh('one');
    one.push(check(await molml(['screen', lib, '--out', a, ...HEAD_ARGS]), 'one shard').seconds);
    const b = fresh('two');
    const t0 = performance.now();
    const rs = await Promise.all(
      [0, 1].map(s => molml(['screen', lib, '--out', b, ...HEAD_ARGS, '--shard', `${s}/2`])),
    );
    rs.forEach(r => check(r, 'two shards'));
    two.push((performance.now() - t0) / 1000);
    log(`shards: 1 → ${round(one.at(-1))} s, 2 → ${round(two.at(-1))} s`);
  }
  return {
    molecules: n,
    oneShardSeconds: round(median(one)),
    twoShardsSeconds: round(median(two)),
    speedup: round(median(one) / median(two), 3),
  };
}

/**
 * A run killed (SIGKILL) once half the rows are in finished parts, then resumed, against an uninterrupted run of the
 * same size, alternately. Both use parts of a tenth of the library, so the kill falls between parts as it would in a
 * large screen (where parts are 50,000 rows).
 */
async function resume(n) {
  const lib = await library(n);
  const chunk = ['--chunk-rows', String(Math.ceil(n / 10))];
  const runs = [];
  for (let i = 0; i < REPEATS; i++) {
    const whole = check(await molml(['screen', lib, '--out', fresh('whole'), ...HEAD_ARGS, ...chunk]), 'screen');
    const dir = fresh('resume');
    let killedAt = 0;
    const first = await molml(['screen', lib, '--out', dir, ...HEAD_ARGS, ...chunk], {
      onPoll: child => {
        const done = rowsDone(dir);
        if (!killedAt && done >= n / 2) {
          killedAt = done;
          child.kill('SIGKILL');
        }
      },
    });
    if (first.signal !== 'SIGKILL' || killedAt >= n)
      throw new Error(`the run was not killed half way (rows done ${rowsDone(dir)} of ${n})`);
    const second = check(await molml(['screen', lib, '--out', dir, ...HEAD_ARGS, ...chunk]), 'resumed');
    runs.push({ whole: whole.seconds, killed: first.seconds, resumed: second.seconds, rowsAtKill: killedAt });
    log(
      `resume: whole ${round(whole.seconds)} s; killed at ${killedAt} rows after ${round(first.seconds)} s, resumed in ${round(second.seconds)} s`,
    );
  }
  const total = median(runs.map(r => r.killed + r.resumed));
  const whole = median(runs.map(r => r.whole));
  return {
    molecules: n,
    chunkRows: Math.ceil(n / 10),
    rowsDoneAtKill: median(runs.map(r => r.rowsAtKill)),
    killedRunSeconds: round(median(runs.map(r => r.killed))),
    resumedRunSeconds: round(median(runs.map(r => r.resumed))),
    totalSeconds: round(total),
    uninterruptedSeconds: round(whole),
    overheadRatio: round(total / whole, 3),
  };
}

/** The one-node test cluster (root only), or the reason it is not there. */
function startSlurm() {
  if (process.env.SLURM_CONF) return { env: { SLURM_CONF: process.env.SLURM_CONF }, stop: () => {} };
  if (process.getuid?.() !== 0) return { skip: 'not root: the one-node test cluster (test/slurm) needs root' };
  const state = path.join(work, 'slurm');
  const r = spawnSync('bash', [path.join(root, 'test/slurm/start-slurm.sh'), state, '16917', '16918'], {
    encoding: 'utf8',
  });
  if (r.status !== 0)
    return { skip: `test/slurm/start-slurm.sh failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}` };
  return {
    env: { SLURM_CONF: path.join(state, 'slurm.conf'), PATH: `/usr/sbin:/sbin:${process.env.PATH}` },
    stop: () => spawnSync('bash', [path.join(root, 'test/slurm/stop-slurm.sh'), state]),
  };
}

async function slurmArray(n) {
  const cluster = startSlurm();
  if (cluster.skip) return { skipped: cluster.skip };
  try {
    const lib = await library(n);
    const runs = [],
      one = [];
    for (let i = 0; i < REPEATS; i++) {
      one.push(check(await molml(['screen', lib, '--out', fresh('one-process'), ...HEAD_ARGS]), 'screen').seconds);
      const dir = fresh(`array-${i}`);
      const t0 = performance.now();
      const submit = spawnSync(
        process.execPath,
        [CLI, 'screen', lib, '--out', dir, ...HEAD_ARGS, '--slurm', '--array', '4'],
        { encoding: 'utf8', env: { ...cleanEnv(), ...cluster.env } },
      );
      if (submit.status !== 0) throw new Error(`--slurm failed: ${submit.stderr}`);
      const job = /submitted job array (\d+)/.exec(submit.stdout)[1];
      for (;;) {
        const q = spawnSync('squeue', ['-h', '-j', job], { encoding: 'utf8', env: { ...process.env, ...cluster.env } });
        if (q.status === 0 && !q.stdout.trim()) break;
        await new Promise(r => setTimeout(r, 200));
      }
      const seconds = (performance.now() - t0) / 1000;
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
      if (!manifest.finished) throw new Error(`array ${job} ended unfinished: see ${dir}/logs`);
      runs.push(seconds);
      log(`slurm: one process ${round(one.at(-1))} s, 4-task array ${round(seconds)} s`);
    }
    return {
      molecules: n,
      tasks: 4,
      cores: os.cpus().length,
      arraySeconds: round(median(runs)),
      oneProcessSeconds: round(median(one)),
      speedup: round(median(one) / median(runs), 3),
    };
  } finally {
    cluster.stop();
  }
}

/**
 * A screen folder of `rows` rows: a real screen of 1,000 molecules gives the manifest and shard file, then DuckDB
 * writes `rows` rows in the same columns (SMILES cycled from the corpus, predictions pseudo-random) as 50,000-row
 * parts, and the shard file and manifest list them.
 */
async function bigFolder(rows) {
  const dir = fresh('top');
  check(await molml(['screen', await library(1000), '--out', dir, ...HEAD_ARGS]), 'seed screen');
  for (const f of fs.readdirSync(dir)) if (/^(part-.*\.parquet|refused.*\.csv)$/.test(f)) fs.rmSync(path.join(dir, f));
  const { DuckDBInstance } = require('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const c = await db.connect();
  const corpusPath = path.join(work, 'corpus.txt');
  fs.writeFileSync(corpusPath, corpus.join('\n') + '\n');
  await c.run(
    `CREATE TABLE corpus AS SELECT row_number() OVER () - 1 AS i, column0 AS smiles FROM read_csv('${corpusPath}', header=false, columns={'column0':'VARCHAR'}, quote='', escape='', delim='\t')`,
  );
  const size = corpus.length;
  const shardDir = path.join(dir, 'shards');
  const shardFile = path.join(
    shardDir,
    fs.readdirSync(shardDir).find(f => f.endsWith('.json')),
  );
  const shard = JSON.parse(fs.readFileSync(shardFile, 'utf8'));
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const columns = shard.identity.columns;
  // Parts as molml screen writes them (src/core/screen/duckdb.ts): 50,000 rows, zstd, row groups of 10,000.
  const partRows = 50_000;
  const parts = [];
  const t0 = performance.now();
  for (let first = 1, seq = 1; first <= rows; first += partRows, seq++) {
    const last = Math.min(rows, first + partRows - 1);
    const exprs = columns.map(col => {
      if (col === 'row') return 'r AS "row"';
      if (col === 'id') return `'M' || r AS id`;
      if (col === 'smiles' || col === 'canonical_smiles') return `c.smiles AS "${col}"`;
      // Reproducible pseudo-random values per row and column.
      return `(hash(r, '${col}') % 1000000)::DOUBLE / 1000000 * 10 - 5 AS "${col}"`;
    });
    const file = `part-00000-${String(seq).padStart(6, '0')}.parquet`;
    await c.run(
      `COPY (SELECT ${exprs.join(', ')} FROM range(${first}, ${last + 1}) t(r) JOIN corpus c ON c.i = (r - 1) % ${size} ORDER BY r) TO '${path.join(dir, file)}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 10000)`,
    );
    parts.push({ file, shard: 0, firstRow: first, lastRow: last, rows: last - first + 1, refused: 0, seconds: 0 });
  }
  const writeSeconds = (performance.now() - t0) / 1000;
  c.closeSync();
  db.closeSync();
  for (const json of [shard, manifest]) {
    json.parts = parts;
    if ('lastRow' in json) json.lastRow = rows;
    (json.identity ?? json).input.rows = rows;
    json.finished = true;
  }
  if ('refusedBytes' in shard) shard.refusedBytes = 0;
  fs.writeFileSync(shardFile, JSON.stringify(shard, null, 1));
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1));
  const task = columns.find(c => c.startsWith('pred_'));
  return {
    dir,
    task,
    writeSeconds,
    parts: parts.length,
    bytes: fs
      .readdirSync(dir)
      .reduce((s, f) => s + (f.endsWith('.parquet') ? fs.statSync(path.join(dir, f)).size : 0), 0),
  };
}

async function topQueries(rows) {
  const big = await bigFolder(rows);
  log(
    `top: wrote ${rows} rows in ${big.parts} parts (${round(big.bytes / 1e6, 0)} MB) in ${round(big.writeSeconds)} s`,
  );
  const where = `${big.task} > 4.5 AND canonical_smiles LIKE '%N%'`;
  const queries = [
    { name: `top 100 by ${big.task}`, args: ['--by', big.task, '--k', '100'] },
    { name: `top 100 by ${big.task} where ${where}`, args: ['--by', big.task, '--k', '100', '--where', where] },
  ];
  // Reference: the same query through DuckDB in this process (no CLI start, no folder reading).
  const { DuckDBInstance } = require('@duckdb/node-api');
  const out = [];
  for (const q of queries) {
    const cli = [],
      direct = [];
    for (let i = 0; i < Math.max(REPEATS, 5); i++) {
      cli.push(check(await molml(['top', big.dir, ...q.args, '--out', path.join(work, 'top.csv'), '--force']), q.name));
      const db = await DuckDBInstance.create(':memory:', { threads: '2' });
      const c = await db.connect();
      const t0 = performance.now();
      const sql = `SELECT * FROM read_parquet('${big.dir}/part-*.parquet')${q.args.includes('--where') ? ` WHERE ${where}` : ''} ORDER BY "${big.task}" DESC NULLS LAST LIMIT 100`;
      await c.runAndReadAll(sql);
      direct.push((performance.now() - t0) / 1000);
      c.closeSync();
      db.closeSync();
    }
    out.push({
      query: q.name,
      rows,
      cliSeconds: round(median(cli.map(r => r.seconds)), 3),
      cliPeakMB: round(median(cli.map(r => r.peakMB)), 0),
      duckdbInProcessSeconds: round(median(direct), 3),
    });
    log(
      `top: ${q.name}: molml top ${out.at(-1).cliSeconds} s, DuckDB in process ${out.at(-1).duckdbInProcessSeconds} s`,
    );
  }
  return {
    rows,
    parts: big.parts,
    megabytes: round(big.bytes / 1e6, 0),
    writeSeconds: round(big.writeSeconds),
    queries: out,
  };
}

// ---- run ------------------------------------------------------------------------------------------------------

if (fs.existsSync(path.join(DEFAULT_MODEL, 'manifest.json')))
  await section('defaultModel', () =>
    screenVsPredict(['--model', DEFAULT_MODEL], N_DEFAULT, 'default model (int8)', REPEATS),
  );
await section('head', () => screenVsPredict(HEAD_ARGS, N_HEAD, 'ECFP ridge head', REPEATS));
await section('million', () => screenVsPredict(HEAD_ARGS, N_MILLION, 'ECFP ridge head', 1));
await section('memory', async () => {
  const sizes = [1000, 10_000, 100_000];
  const peaks = [];
  for (const n of sizes)
    peaks.push(
      round(check(await molml(['screen', await library(n), '--out', fresh('mem'), ...HEAD_ARGS]), 'm').peakMB, 0),
    );
  log(`memory: ${sizes.map((n, i) => `${n} → ${peaks[i]} MB`).join(', ')}`);
  return { molecules: sizes, screenPeakMB: peaks };
});
await section('shards', () => shardsOneVsTwo(N_HEAD));
await section('resume', () => resume(N_HEAD));
await section('slurm', () => slurmArray(N_HEAD));
await section('top', () => topQueries(TOP_ROWS));

fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench/results/screen.json'), JSON.stringify(results, null, 1) + '\n');
fs.writeFileSync(path.join(root, 'bench/results/screen.md'), markdown(results));
fs.rmSync(work, { recursive: true, force: true });
log('wrote bench/results/screen.md and screen.json');

function markdown(r) {
  const n = x => x.toLocaleString('en-US');
  const when = x =>
    `measured ${x.measured.slice(0, 16).replace('T', ' ')} UTC, load average ${x.load[0][0]} → ${x.load[1][0]}`;
  const L = [
    '# `molml screen` benchmark',
    '',
    `${r.machine}. Written by \`node bench/screen.mjs\`; medians of ${r.repeats} runs unless said otherwise; every`,
    "ratio is against a reference measured in the same run, alternating with it. Peak memory is the process's VmHWM",
    '(peak resident set) read from /proc every 50 ms. Molecules: the pre-training corpus in order (MOLML_DATA/pretrain,',
    "395,587 SMILES), then RDKit's randomised SMILES of its molecules (distinct strings) up to the size, as a CSV of id",
    'and SMILES. Sizes are the ones measured here; nothing is extrapolated. Each section says when it ran and the',
    'one-minute load average before and after it: the machine (2 cores) was shared with other work, so absolute times',
    'vary by tens of percent. Screening models: the shipped default SMILES encoder (int8) with its heads, and a ridge',
    'head on ECFP (Morgan r2/2048) trained by `molml train` on the committed ESOL file, which runs every molecule of',
    'the library (the tiny test models refuse most of it).',
    '',
  ];
  const svp = [r.defaultModel, r.head, r.million].filter(Boolean);
  if (svp.length) {
    L.push('## screen against predict (same molecules, same model)', '');
    L.push(
      '| model | molecules | runs | screen s | predict s | screen mol/s | predict mol/s | screen rate / predict rate | screen peak MB | predict peak MB | when |',
    );
    L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const s of svp)
      L.push(
        `| ${s.model} | ${n(s.molecules)} | ${s.runs} | ${s.screenSeconds} | ${s.predictSeconds} | ${s.screenRate} | ${s.predictRate} | ${s.rateRatio} | ${s.screenPeakMB} | ${s.predictPeakMB} | ${when(s)} |`,
      );
    L.push(
      '',
      '`molml predict` keeps every result in memory and writes one file at the end; `molml screen` streams chunks of',
      '50,000 rows to Parquet parts, so its peak stays flat while predict grows with the library.',
      '',
    );
  }
  if (r.memory) {
    const sizes = [...r.memory.molecules, ...(r.million ? [r.million.molecules] : [])];
    const peaks = [...r.memory.screenPeakMB, ...(r.million ? [r.million.screenPeakMB] : [])];
    L.push(
      '## screen peak memory against library size (ECFP head, one run each)',
      '',
      `| molecules | ${sizes.map(n).join(' | ')} |`,
      `|---|${sizes.map(() => '---:').join('|')}|`,
      `| peak MB | ${peaks.join(' | ')} |`,
      '',
      `${when(r.memory)}${r.million ? '; the largest size is the screen of the run above' : ''}. Target: flat, under 1,500 MB.`,
      '',
    );
  }
  if (r.shards)
    L.push(
      '## 1 against 2 local shards (ECFP head)',
      '',
      `${n(r.shards.molecules)} molecules: one process ${r.shards.oneShardSeconds} s; two processes at once (\`--shard 0/2\`, \`1/2\`) ${r.shards.twoShardsSeconds} s; speed-up ${r.shards.speedup}× on ${os.cpus().length} cores (${when(r.shards)}).`,
      '',
    );
  if (r.resume)
    L.push(
      '## resume after a kill (ECFP head)',
      '',
      `${n(r.resume.molecules)} molecules, parts of ${n(r.resume.chunkRows)} rows, killed (SIGKILL) once ${n(r.resume.rowsDoneAtKill)} rows were in finished parts: killed run ${r.resume.killedRunSeconds} s + resumed run ${r.resume.resumedRunSeconds} s = ${r.resume.totalSeconds} s, against ${r.resume.uninterruptedSeconds} s for an uninterrupted run (ratio ${r.resume.overheadRatio}: the resumed run starts again, loads the model and redoes the part that was unfinished at the kill; ${when(r.resume)}).`,
      '',
    );
  if (r.slurm)
    L.push(
      '## 4-task Slurm job array against one process (ECFP head)',
      '',
      r.slurm.skipped
        ? `Not measured: ${r.slurm.skipped}.`
        : `${n(r.slurm.molecules)} molecules on the one-node test cluster (test/slurm, ${r.slurm.cores} cores): from \`molml screen --slurm --array 4\` to the job leaving the queue ${r.slurm.arraySeconds} s, against ${r.slurm.oneProcessSeconds} s for one process (speed-up ${r.slurm.speedup}×; four tasks share ${r.slurm.cores} cores, and each starts Node, RDKit and the model; ${when(r.slurm)}).`,
      '',
    );
  if (r.top) {
    L.push(
      `## molml top over ${n(r.top.rows)} rows`,
      '',
      `A screen folder of ${n(r.top.rows)} rows in ${r.top.parts} Parquet parts (${r.top.megabytes} MB; parts as \`molml screen\` writes them: 50,000 rows, zstd, row groups of 10,000), written with DuckDB in ${r.top.writeSeconds} s. Times are for the whole \`molml top\` process (Node start, folder check, query, CSV out), which ranks on the row number and the sort and filter columns, then reads the hits' whole rows from the parts holding them. The reference is one query over all columns (\`SELECT * ... ORDER BY ... LIMIT 100\`) through DuckDB inside an already running process. Median of ${Math.max(r.repeats, 5)}; ${when(r.top)}. Target: under 1 s.`,
      '',
      '| query | molml top s | peak MB | one query over all columns, in process, s |',
      '|---|---:|---:|---:|',
    );
    for (const q of r.top.queries)
      L.push(`| ${q.query.replace(/\|/g, '\\|')} | ${q.cliSeconds} | ${q.cliPeakMB} | ${q.duckdbInProcessSeconds} |`);
    L.push('');
  }
  return L.join('\n');
}
