// The editor's screen runner against the bundled screen worker (dist/workers/screen-worker.js) in plain Node: the
// native modules (onnxruntime, DuckDB) load in the worker thread, a run cancelled part-way keeps its finished chunks
// and the next run resumes with every row exactly once (read back through DuckDB), a folder holding another screen
// is refused with runScreen's reason, and a worker that dies leaves a folder the next run resumes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir, TINY_DIR, ESOL_CSV, REPO } from './model-fixtures';
import { openDuck, openScreenTable, allRows, screenSource, type Duck } from '../../src/core/screen/duckdb';
import { readShardFiles } from '../../src/core/screen/folder';
import {
  checkScreenMessage,
  screenResultSchema,
  screenUpdateSchema,
  type ScreenCalls,
  type ScreenJob,
  type ScreenNotes,
  type ScreenUpdate,
} from '../../src/core/screen/worker-protocol';
import { RpcClient, WorkerStoppedError } from '../../src/core/worker-rpc';
import { runScreenInWorker, type ScreenRunResult } from '../../src/extension/screen/run';

const SCRIPT = path.join(REPO, 'dist/workers/screen-worker.js');
const work = tempDir('screen-worker');
const LIB = path.join(work, 'library.csv');
const ROWS = 181;
const CHUNK = 20;
let duck: Duck;

function job(out: string, o: { input?: string; model?: string } = {}): ScreenJob {
  return {
    input: o.input ?? LIB,
    out: path.join(work, out),
    model: { directory: o.model ?? TINY_DIR, device: 'cpu' },
    chunkRows: CHUNK,
  };
}

function finished(r: ScreenRunResult) {
  assert.ok(r.status === 'finished' || r.status === 'already-finished', JSON.stringify(r));
  return r;
}

/** Row numbers in the folder's finished parts and in its refused file, through DuckDB. */
async function rowsOnDisk(dir: string): Promise<{ written: number[]; refused: number[] }> {
  const table = await openScreenTable(duck, dir);
  const list = async (sql: string) =>
    (await duck.connection.runAndReadAll(sql)).getRows().map(r => Number(r[0] as bigint | number));
  return {
    written: table.parts.length ? await list(`SELECT "row" FROM ${screenSource(table.parts)} ORDER BY "row"`) : [],
    refused: await list(
      `SELECT "row" FROM read_csv('${path.join(dir, 'refused-00000.csv')}', header = true, columns = {'row': 'BIGINT', 'smiles': 'VARCHAR', 'reason': 'VARCHAR'}) ORDER BY "row"`,
    ),
  };
}

/** Every row of the library once, in the parts or the refused file, none in both. */
async function assertEveryRowOnce(dir: string): Promise<void> {
  const { written, refused } = await rowsOnDisk(dir);
  assert.deepEqual(
    [...written, ...refused].sort((a, b) => a - b),
    Array.from({ length: ROWS }, (_, i) => i + 1),
  );
  assert.ok(refused.length >= 1, 'the broken row is refused');
}

/**
 * The same rows with the same values; predictions to float32 precision (onnxruntime's CPU kernels may sum in
 * another order when the machine is busy, which moves the last bits of a float32 result).
 */
function assertSameTable(actual: Record<string, unknown>[], expected: Record<string, unknown>[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((row, i) => {
    assert.deepEqual(Object.keys(row), Object.keys(expected[i]));
    for (const [k, v] of Object.entries(row)) {
      const e = expected[i][k];
      if (typeof v === 'number' && typeof e === 'number' && !Number.isInteger(e))
        assert.ok(Math.abs(v - e) <= 1e-6 * Math.max(1, Math.abs(e)), `row ${String(row.row)} ${k}: ${v} against ${e}`);
      else assert.deepEqual(v, e, `row ${String(row.row)} ${k}`);
    }
  });
}

/** Rows recorded as done by the shard file (parts and their refusals). */
function recordedRows(dir: string): number {
  return readShardFiles(dir).reduce((s, sh) => s + sh.parts.reduce((a, p) => a + p.rows + p.refused, 0), 0);
}

before(async () => {
  assert.ok(fs.existsSync(SCRIPT), `${SCRIPT}: build with node esbuild.config.mjs`);
  // ESOL rows with one that RDKit cannot read.
  const lines = fs.readFileSync(ESOL_CSV, 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const bad = header.map(h => (h === 'smiles' ? 'C1CC(' : h === 'Compound ID' ? 'broken' : '1')).join(',');
  fs.writeFileSync(LIB, [lines[0], ...lines.slice(1, 91), bad, ...lines.slice(91, ROWS)].join('\n') + '\n');
  duck = await openDuck();
});
after(() => duck?.close());

describe('screen worker', () => {
  it('screens a library in the worker thread: the model and DuckDB load there from the bundle', async () => {
    const phases: string[] = [];
    const r = finished(
      await runScreenInWorker({ script: SCRIPT, job: job('whole'), onProgress: p => phases.push(p.phase) }),
    );
    assert.equal(r.status, 'finished');
    assert.equal(r.accepted + r.refused, ROWS);
    assert.equal(r.model, 'tiny-smiles-test@1.0.0');
    assert.equal(r.device, 'cpu');
    assert.deepEqual([...new Set(phases)], ['loading', 'hashing', 'counting', 'screening']);
    await assertEveryRowOnce(path.join(work, 'whole'));
    const again = finished(await runScreenInWorker({ script: SCRIPT, job: job('whole') }));
    assert.equal(again.status, 'already-finished');
  });

  it('reports progress after every batch of the model, not only after each chunk', async () => {
    const done: number[] = [];
    const small = job('batches');
    small.model = { ...small.model, batchSize: 4 };
    finished(
      await runScreenInWorker({
        script: SCRIPT,
        job: small,
        onProgress: p => {
          if (p.phase === 'screening') done.push(p.done);
        },
      }),
    );
    assert.ok(
      done.some(d => d % CHUNK !== 0 && d !== ROWS),
      `reports inside chunks: ${done.join(' ')}`,
    );
    assert.deepEqual(
      done,
      [...done].sort((a, b) => a - b),
      'never goes back',
    );
    assert.equal(done.at(-1), ROWS);
  });

  it('cancelled part-way, keeps the finished chunks; the next run resumes: every row once, as one run', async () => {
    const dir = path.join(work, 'cancelled');
    const controller = new AbortController();
    const seen: ScreenUpdate[] = [];
    const stopped = await runScreenInWorker({
      script: SCRIPT,
      job: job('cancelled'),
      signal: controller.signal,
      onProgress: p => {
        seen.push(p);
        // After the first chunk is written.
        if (p.phase === 'screening' && p.done > 0 && !p.partial) controller.abort();
      },
    });
    assert.equal(stopped.status, 'cancelled', JSON.stringify(stopped));
    if (stopped.status !== 'cancelled') return;
    assert.equal(stopped.total, ROWS);
    assert.ok(stopped.done >= CHUNK && stopped.done < ROWS, `stopped after ${stopped.done} rows`);
    assert.equal(recordedRows(dir), stopped.done, 'the last report is what the folder holds');
    const partial = await rowsOnDisk(dir);
    assert.equal(partial.written.length + partial.refused.length, stopped.done);
    const screening = seen.filter(p => p.phase === 'screening');
    assert.ok(screening.at(-1)!.rate === undefined || screening.at(-1)!.rate! > 0);

    const resumedFrom: number[] = [];
    const r = finished(
      await runScreenInWorker({
        script: SCRIPT,
        job: job('cancelled'),
        onProgress: p => {
          if (p.phase === 'screening') resumedFrom.push(p.done);
        },
      }),
    );
    assert.equal(r.status, 'finished');
    assert.equal(resumedFrom[0], stopped.done, 'the resumed run starts where the cancelled one stopped');
    assert.equal(r.accepted + r.refused, ROWS - stopped.done, 'no row screened twice');
    await assertEveryRowOnce(dir);
    const one = await allRows(duck, await openScreenTable(duck, path.join(work, 'whole')));
    assertSameTable(await allRows(duck, await openScreenTable(duck, dir)), one);
  });

  it("refuses a folder that holds another model's screen or another input's, with the reason", async () => {
    const dir = path.join(work, 'whole');
    const manifest = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8');
    // The same encoder under another version.
    const model = path.join(work, 'other-model');
    fs.cpSync(TINY_DIR, model, { recursive: true });
    const manifestFile = path.join(model, 'manifest.json');
    fs.writeFileSync(
      manifestFile,
      fs.readFileSync(manifestFile, 'utf8').replace('"version": "1.0.0"', '"version": "2.0.0"'),
    );
    const other = await runScreenInWorker({ script: SCRIPT, job: job('whole', { model }) });
    assert.equal(other.status, 'failed');
    if (other.status !== 'failed') return;
    assert.equal(other.crashed, false);
    assert.match(
      other.message,
      /holds another screen: the folder was screened with tiny-smiles-test@1\.0\.0 .*this run uses tiny-smiles-test@2\.0\.0/,
    );
    const changed = path.join(work, 'changed.csv');
    fs.writeFileSync(changed, fs.readFileSync(LIB, 'utf8').replace(/\n$/, '\nmore,1,1,1,1,1,1,1,1,CCO\n'));
    const input = await runScreenInWorker({ script: SCRIPT, job: job('whole', { input: changed }) });
    assert.equal(input.status, 'failed');
    if (input.status === 'failed') assert.match(input.message, /holds another screen: the input changed/);
    assert.equal(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'), manifest, 'the folder is untouched');
  });

  it('checks the messages both ways: a start message that does not fit fails the run and says which field', async () => {
    const bad = await runScreenInWorker({
      script: SCRIPT,
      job: { ...job('never'), model: { directory: TINY_DIR, device: 'gpu' } } as unknown as ScreenJob,
    });
    assert.equal(bad.status, 'failed');
    if (bad.status === 'failed') {
      assert.equal(bad.crashed, false);
      assert.match(bad.message, /^invalid screen start message \(model\.device\): /);
    }
    assert.equal(fs.existsSync(path.join(work, 'never')), false);
    const update = { phase: 'screening', done: 40, total: 181, refused: 1, rate: 12.5, secondsLeft: 11 };
    assert.deepEqual(checkScreenMessage(screenUpdateSchema, 'progress message', update), update);
    assert.throws(
      () => checkScreenMessage(screenUpdateSchema, 'progress message', { ...update, done: -1 }),
      /invalid screen progress message \(done\)/,
    );
    assert.throws(
      () => checkScreenMessage(screenResultSchema, 'result', { status: 'cancelled', done: 1, total: 2 }),
      /invalid screen result \(refused\)/,
    );
  });

  it('a worker that dies mid-run or runs out of memory says so, and the next run resumes: every row once', async () => {
    const dir = path.join(work, 'died');
    const worker = new RpcClient<ScreenCalls, ScreenNotes>(SCRIPT, { name: 'screen worker' });
    let chunks = 0;
    const run = worker.call('screen', job('died'), {
      onProgress: p => {
        // Ended at once, wherever the worker is in the next chunk (as a crash would).
        if (p.phase === 'screening' && p.done > 0 && !p.partial && ++chunks === 2) void worker.terminate();
      },
    });
    await assert.rejects(run, WorkerStoppedError);
    const left = recordedRows(dir);
    assert.ok(left >= 2 * CHUNK && left < ROWS, `${left} rows recorded`);
    // A heap far too small for the worker: it ends, the test process does not.
    const oom = await runScreenInWorker({
      script: SCRIPT,
      job: job('died'),
      resourceLimits: { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 },
    });
    assert.deepEqual(oom, {
      status: 'failed',
      crashed: true,
      message: 'the screen worker failed: Worker terminated due to reaching memory limit: JS heap out of memory',
    });
    assert.equal(recordedRows(dir), left);
    const resumedFrom: number[] = [];
    const r = finished(
      await runScreenInWorker({
        script: SCRIPT,
        job: job('died'),
        onProgress: p => {
          if (p.phase === 'screening') resumedFrom.push(p.done);
        },
      }),
    );
    assert.equal(r.status, 'finished');
    assert.equal(resumedFrom[0], left);
    assert.equal(r.accepted + r.refused, ROWS - left);
    await assertEveryRowOnce(dir);
  });
});
