// `molml screen --slurm` on a real one-node Slurm cluster (test/slurm/start-slurm.sh: Debian's slurmctld, slurmd and
// munge): a 4-task job array over 20,000 real molecules gives, row for row, the table one process gives. Needs root
// (the script installs Slurm with apt when it is missing); elsewhere the test is skipped and says why.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DuckDBInstance } from '@duckdb/node-api';
import { rdkit } from '../../src/core/chem/rdkit';
import { tempDir, REPO, TINY_DIR } from './model-fixtures';

const CLI = path.join(REPO, 'dist/cli.js');
const START = path.join(REPO, 'test/slurm/start-slurm.sh');
const STOP = path.join(REPO, 'test/slurm/stop-slurm.sh');
const ROWS = 20_000;
const TASKS = 4;
/** Generous bounds on waiting (never asserted as timings): installing Slurm, and the array running on a busy machine. */
const START_LIMIT_MS = 10 * 60_000;
const JOB_LIMIT_MS = 20 * 60_000;

const work = tempDir('slurm');
const state = path.join(work, 'cluster');
// A folder name with a space, a quote and a % exercises the script's quoting through real sbatch and bash.
const screenDir = path.join(work, "array out 'x' 100%");
const referenceDir = path.join(work, 'one-process');
const library = path.join(work, 'library 20k.csv');

/** Why the cluster could not start (the test is then skipped), or undefined once it runs. */
let skipReason: string | undefined;
let slurmEnv: NodeJS.ProcessEnv = {};

/** Environment without any Slurm array variables, so a plain run is one process over the whole library. */
function plainEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const k of Object.keys(env)) if (k.startsWith('SLURM_')) delete env[k];
  return { ...env, ...extra };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeout = 10 * 60_000) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, timeout, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

/** A free TCP port on this machine, so the test cluster never collides with another Slurm. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the script and streams its output, resolving with its exit code and everything it printed. */
function startCluster(ports: number[]): Promise<{ code: number; out: string }> {
  return new Promise(resolve => {
    const child = spawn('bash', [START, state, ...ports.map(String)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (out += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), START_LIMIT_MS);
    child.on('exit', code => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, out });
    });
  });
}

/**
 * The library: every data row of the committed CSV excerpts (test/fixtures/data, 18,706 rows of real molecules with
 * their source and row as id), then RDKit's canonical form of source SMILES not written canonically, up to 20,000.
 */
async function writeLibrary(): Promise<void> {
  const rows: string[][] = [];
  const sources: string[] = [];
  for (const sub of ['moleculenet', 'dirty'])
    for (const name of fs.readdirSync(path.join(REPO, 'test/fixtures/data', sub)).sort()) {
      if (!name.endsWith('.csv')) continue;
      const records = parse(fs.readFileSync(path.join(REPO, 'test/fixtures/data', sub, name), 'utf8'), {
        columns: true,
        relax_column_count: true, // sweetlead's rows without a label have one field
      }) as Record<string, string>[];
      const column = ['smiles', 'mol', 'canonical_smiles'].find(c => c in records[0])!;
      records.forEach((r, i) => {
        rows.push([`${name}:${i + 1}`, r[column]]);
        sources.push(r[column]);
      });
    }
  const RDKit = await rdkit();
  for (const smiles of sources) {
    if (rows.length >= ROWS) break;
    const canonical = RDKit.withMol(smiles, mol => mol.get_smiles());
    if (canonical.ok && canonical.value && canonical.value !== smiles)
      rows.push([`canonical:${rows.length + 1}`, canonical.value]);
  }
  assert.equal(rows.length >= ROWS, true, `only ${rows.length} rows`);
  const cell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  fs.writeFileSync(library, ['id,smiles', ...rows.slice(0, ROWS).map(r => r.map(cell).join(','))].join('\n') + '\n');
}

async function table(dir: string): Promise<unknown[][]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    const glob = path.join(dir, 'part-*.parquet').replace(/'/g, "''");
    const reader = await c.runAndReadAll(`SELECT * FROM read_parquet('${glob}') ORDER BY "row"`);
    return reader.getRowsJS() as unknown[][];
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/** The refused rows of a folder, whichever refused-*.csv files hold them, sorted by row. */
function refused(dir: string): string[] {
  const lines = fs
    .readdirSync(dir)
    .filter(f => /^refused.*\.csv$/.test(f))
    .flatMap(f => parse(fs.readFileSync(path.join(dir, f), 'utf8'), { columns: true }) as Record<string, string>[]);
  return lines.sort((a, b) => Number(a.row) - Number(b.row)).map(r => `${r.row},${r.smiles},${r.reason}`);
}

/** Prints the array's logs and the daemons' logs: what a failure needs to be understood. */
function printLogs(): void {
  for (const dir of [path.join(screenDir, 'logs'), path.join(state, 'log')]) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir))
      console.log(`--- ${path.join(dir, f)}\n${fs.readFileSync(path.join(dir, f), 'utf8').slice(-4000)}`);
  }
}

/** Waits until the job has left the queue; its tasks' final states, from `scontrol show job`. */
async function waitForJob(jobId: string): Promise<string[]> {
  const deadline = Date.now() + JOB_LIMIT_MS;
  for (;;) {
    const q = run('squeue', ['-h', '-j', jobId, '-o', '%i %T'], slurmEnv);
    if (q.code === 0 && q.stdout.trim() === '') break;
    if (Date.now() > deadline) {
      printLogs();
      assert.fail(`job ${jobId} still queued after ${JOB_LIMIT_MS / 60_000} minutes:\n${q.stdout}${q.stderr}`);
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  const show = run('scontrol', ['-o', 'show', 'job', jobId], slurmEnv);
  return [...show.stdout.matchAll(/JobState=(\S+)/g)].map(m => m[1]);
}

describe('molml screen --slurm on a real Slurm cluster', { timeout: START_LIMIT_MS + 2 * JOB_LIMIT_MS }, () => {
  before(async () => {
    if (process.platform !== 'linux') {
      skipReason = 'the test cluster runs on Linux only';
      return;
    }
    if (process.getuid?.() !== 0) {
      skipReason = 'starting a test Slurm cluster needs root (test/slurm/start-slurm.sh; CI runs as root)';
      return;
    }
    const r = await startCluster([await freePort(), await freePort()]);
    if (r.code === 3) {
      skipReason = r.out.trim().split('\n').pop();
      return;
    }
    if (r.code !== 0) {
      console.log(r.out);
      printLogs();
      throw new Error(`test/slurm/start-slurm.sh failed (exit ${r.code})`);
    }
    slurmEnv = plainEnv({ SLURM_CONF: path.join(state, 'slurm.conf'), PATH: `/usr/sbin:/sbin:${process.env.PATH}` });
    await writeLibrary();
  });

  after(() => {
    if (fs.existsSync(path.join(state, 'pids'))) run('bash', [STOP, state], plainEnv());
  });

  it('a 4-task array gives the table one process gives, row for row', async t => {
    if (skipReason) return t.skip(skipReason);
    const options = ['--model', TINY_DIR, '--precision', 'fp32'];
    const submit = run(
      process.execPath,
      [CLI, 'screen', library, '--out', screenDir, ...options, '--slurm', '--array', String(TASKS), '--time', '30'],
      slurmEnv,
    );
    assert.equal(submit.code, 0, submit.stderr);
    const jobId = /submitted job array (\d+)/.exec(submit.stdout)?.[1];
    assert.ok(jobId, submit.stdout);
    assert.match(submit.stdout, new RegExp(`squeue -j ${jobId}`));
    assert.match(submit.stdout, /molml screen --status /);
    const script = fs.readFileSync(path.join(screenDir, 'screen.sbatch'), 'utf8');
    assert.match(script, /^#SBATCH --array=0-3$/m);

    const reference = run(process.execPath, [CLI, 'screen', library, '--out', referenceDir, ...options], plainEnv());
    assert.ok(reference.code === 0 || reference.code === 1, reference.stderr);

    const states = await waitForJob(jobId);
    if (states.length !== TASKS || states.some(s => s !== 'COMPLETED')) printLogs();
    assert.deepEqual(states, Array(TASKS).fill('COMPLETED'));
    for (let task = 0; task < TASKS; task++)
      assert.ok(fs.existsSync(path.join(screenDir, 'logs', `${jobId}_${task}.out`)), `log of task ${task}`);

    const status = run(process.execPath, [CLI, 'screen', '--status', screenDir], plainEnv());
    assert.equal(status.code, 0, status.stderr);
    const manifest = JSON.parse(fs.readFileSync(path.join(screenDir, 'manifest.json'), 'utf8'));
    assert.equal(manifest.shards, TASKS);
    assert.equal(manifest.finished, true);

    const [array, one] = [await table(screenDir), await table(referenceDir)];
    const refusedArray = refused(screenDir);
    assert.equal(array.length + refusedArray.length, ROWS);
    // The tiny test model's 32-token vocabulary refuses molecules with rarer atoms: about half are screened.
    assert.ok(array.length > ROWS / 2, `${array.length} rows screened`);
    // Same rows, ids and SMILES exactly; predictions equal to float32 rounding (the model's batches start at other
    // rows in a shard; fp32 results agree across batchings to float32 rounding, about 1e-6: molml predict --help).
    assert.equal(array.length, one.length);
    let largest = 0;
    array.forEach((row, i) =>
      row.forEach((cell, j) => {
        const ref = one[i][j];
        if (typeof cell === 'number' && typeof ref === 'number') {
          largest = Math.max(largest, Math.abs(cell - ref) / Math.max(1, Math.abs(ref)));
        } else assert.deepEqual(cell, ref, `row ${i + 1}, column ${j + 1}`);
      }),
    );
    assert.ok(largest <= 1e-5, `largest relative difference of a prediction: ${largest}`);
    assert.deepEqual(refusedArray, refused(referenceDir));
  });

  it("passes on sbatch's own reason when it refuses the job", async t => {
    if (skipReason) return t.skip(skipReason);
    const r = run(
      process.execPath,
      [
        CLI,
        'screen',
        library,
        '--out',
        path.join(work, 'refused'),
        '--model',
        TINY_DIR,
        '--slurm',
        '--partition',
        'nope',
      ],
      slurmEnv,
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /sbatch refused .*screen\.sbatch: .*invalid partition/i);
    // The script stays, to be edited and submitted by hand.
    assert.match(fs.readFileSync(path.join(work, 'refused', 'screen.sbatch'), 'utf8'), /--partition=nope/);
  });
});
