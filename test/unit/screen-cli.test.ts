// molml screen / screen --status / top end to end through the built CLI, with the tiny graph model, a head trained on
// its embeddings, real ESOL rows (two broken ones among them) and real DuckDB: the table read back equals molml
// predict, kills at random moments lose and repeat nothing, concurrent shards make the same table as one process.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { tempDir, TINY_DIR, TINY_GRAPH_DIR, ESOL_CSV, REPO } from './model-fixtures';
import { openDuck, openScreenTable, allRows, type Duck } from '../../src/core/screen/duckdb';
import { readScreen } from '../../src/core/screen/folder';
import { mapWithRdkit } from '../../src/core/chem/rdkit';

const CLI = path.join(REPO, 'dist/cli.js');
const LABEL = 'measured log solubility in mols per litre';
const TASK = 'measured_log_solubility_in_mols_per_litre';

function molml(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
// Slurm variables of the test runner's own environment must not slice these runs.
delete process.env.SLURM_ARRAY_TASK_ID;
delete process.env.SLURM_ARRAY_TASK_COUNT;
delete process.env.SLURM_ARRAY_TASK_MIN;

const work = tempDir('screen-cli');
const LIB = path.join(work, 'library.csv');
const HEAD = path.join(work, 'logS.head.json');
const model = ['--model', TINY_GRAPH_DIR, '--head', HEAD, '--device', 'cpu'];
type Row = Record<string, string | number | null>;

/** Rows whose canonical_smiles is not RDKit's canonical SMILES of their smiles column. */
async function wrongCanonical(rows: Row[]): Promise<Row[]> {
  const canonical = await mapWithRdkit(rows, (rd, r) => rd.withMol(String(r.smiles).trim(), m => m.get_smiles()));
  return rows.filter((r, i) => !canonical[i].ok || canonical[i].value !== r.canonical_smiles);
}
let duck: Duck;

async function table(dir: string): Promise<Row[]> {
  return allRows(duck, await openScreenTable(duck, dir));
}
function refused(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter(f => /^refused-\d+\.csv$/.test(f))
    .sort()
    .flatMap(f => fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n').slice(1))
    .sort();
}
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

before(async () => {
  // 240 ESOL rows with two the model must refuse: a syntax error and an atom the graph model cannot take.
  const lines = fs.readFileSync(ESOL_CSV, 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const bad = (smiles: string) =>
    header
      .map(h => (h === 'smiles' ? smiles : h === LABEL ? '' : h === 'Compound ID' ? `bad ${smiles}` : '1'))
      .join(',');
  const rows = [...lines.slice(1, 101), bad('C1CC('), ...lines.slice(101, 201), bad('*CC'), ...lines.slice(201, 239)];
  fs.writeFileSync(LIB, [lines[0], ...rows].join('\n') + '\n');
  const train = path.join(work, 'train.csv');
  fs.writeFileSync(train, lines.slice(0, 239).join('\n') + '\n');
  const r = molml([
    'train',
    train,
    '--label',
    LABEL,
    '--features',
    'embedding',
    '--folds',
    '3',
    '--out',
    HEAD,
    ...model.slice(0, 2),
  ]);
  assert.equal(r.code, 0, r.stderr);
  duck = await openDuck();
});
after(() => duck?.close());

describe('molml screen', () => {
  it('writes Parquet parts whose values equal molml predict, and the refused rows with their reason', async () => {
    const dir = path.join(work, 'one');
    const r = molml(['screen', LIB, '--out', dir, ...model, '--chunk-rows', '64']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /shard 0\/1 finished \(rows 1-240\): 238 written, 2 refused/);
    const rows = await table(dir);
    assert.deepEqual(Object.keys(rows[0]), [
      'row',
      'id',
      'smiles',
      'canonical_smiles',
      `pred_${TASK}`,
      `unc_${TASK}`,
      'ad_similarity',
    ]);
    assert.equal(rows.length, 238);
    // The graph model reads SMILES as written: the head's fingerprint parse gives the canonical SMILES.
    assert.deepEqual(await wrongCanonical(rows), []);
    const manifest = readScreen(dir);
    assert.equal(manifest.finished, true);
    assert.equal(manifest.parts.length, 4);
    assert.deepEqual(
      manifest.parts.map(p => [p.firstRow, p.lastRow]),
      [
        [1, 64],
        [65, 128],
        [129, 192],
        [193, 240],
      ],
    );
    assert.equal(manifest.model?.onnxSha256, sha(path.join(TINY_GRAPH_DIR, 'model.onnx')));
    assert.equal(manifest.input.sha256, sha(LIB));
    assert.equal(manifest.input.rows, 240);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')), manifest);

    const p = molml(['predict', LIB, ...model, '--format', 'json']);
    assert.equal(p.code, 1, p.stderr);
    const expected = JSON.parse(p.stdout) as Array<{
      row: number;
      smiles: string;
      error?: string;
      predictions: Record<string, number>;
      uncertainty?: Record<string, number>;
      ad_similarity?: number;
    }>;
    const byRow = new Map(rows.map(x => [x.row, x]));
    for (const e of expected) {
      const got = byRow.get(e.row);
      if (e.error) {
        assert.equal(got, undefined, `row ${e.row} is refused`);
        continue;
      }
      assert.ok(got, `row ${e.row}`);
      assert.equal(got.smiles, e.smiles);
      assert.ok(Math.abs((got[`pred_${TASK}`] as number) - e.predictions[TASK]) < 1e-6, `row ${e.row} prediction`);
      assert.ok(Math.abs((got[`unc_${TASK}`] as number) - e.uncertainty![TASK]) < 1e-6, `row ${e.row} uncertainty`);
      assert.ok(Math.abs((got.ad_similarity as number) - e.ad_similarity!) < 1e-9, `row ${e.row} AD`);
    }
    assert.equal(byRow.get(1)!.id, 'Amigdalin');
    assert.equal(byRow.get(1)!.canonical_smiles, 'N#CC(OC1OC(COC2OC(CO)C(O)C(O)C2O)C(O)C(O)C1O)c1ccccc1');
    const refusedRows = refused(dir);
    assert.equal(refusedRows.length, 2);
    assert.match(refusedRows[0], /^101,C1CC\(,unparsable: /);
    assert.match(refusedRows[1], /^202,\*CC,/);
  });

  it('resumes after SIGKILL at random moments: every row once, finished parts untouched', async () => {
    const dir = path.join(work, 'killed');
    const args = ['screen', LIB, '--out', dir, ...model, '--chunk-rows', '16'];
    const finished = new Map<string, string>();
    const kills: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      // Killed after a random number of finished chunks (0-2) and a random further delay.
      const chunks = Math.floor(Math.random() * 3);
      const delay = Math.floor(Math.random() * 400);
      const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      let seen = 0;
      let killed = false;
      child.stderr.on('data', (d: Buffer) => {
        seen += (d.toString().match(/rows done/g) ?? []).length;
        // The first progress line is the starting point: count finished chunks after it.
        if (!killed && seen > chunks) {
          killed = true;
          setTimeout(() => child.kill('SIGKILL'), delay);
        }
      });
      const code = await new Promise<number | null>(resolve => child.on('exit', c => resolve(c)));
      kills.push(code ?? -1);
      // Parts listed as finished keep their bytes across every later run.
      if (fs.existsSync(path.join(dir, 'shards'))) {
        const manifest = readScreen(dir);
        for (const p of manifest.parts) {
          const h = sha(path.join(dir, p.file));
          if (finished.has(p.file)) assert.equal(h, finished.get(p.file), `${p.file} changed`);
          finished.set(p.file, h);
        }
      }
    }
    assert.ok(
      kills.some(k => k === -1),
      `at least one run was killed (exit codes ${kills.join(', ')})`,
    );
    const before = readScreen(dir);
    const r = molml(args);
    assert.equal(r.code, 0, r.stderr);
    // The last run started after the rows of the parts listed before it: the model did not see them again. (A kill
    // that came after the last chunk leaves a finished screen: then there is nothing left to do.)
    const start = before.parts.length ? before.parts.at(-1)!.lastRow : 0;
    assert.match(
      r.stderr.split('\n')[0],
      before.finished ? /already finished \(rows 1-240\)/ : new RegExp(`^shard 0/1: ${start} of 240 rows done`),
    );
    for (const [file, h] of finished) assert.equal(sha(path.join(dir, file)), h, `${file} changed after the last run`);
    const one = await table(path.join(work, 'one'));
    assert.deepEqual(await table(dir), one, `kills: ${kills.join(', ')}`);
    assert.deepEqual(refused(dir), refused(path.join(work, 'one')));
    const again = molml(args);
    assert.equal(again.code, 0);
    assert.match(again.stderr, /already finished \(rows 1-240\): nothing to do; the screen is finished/);
  });

  it('two shards as two concurrent processes make the same table as one process', async () => {
    const dir = path.join(work, 'two');
    const run = (shard: string) =>
      new Promise<{ code: number | null; stderr: string }>(resolve => {
        const child = spawn(process.execPath, [
          CLI,
          'screen',
          LIB,
          '--out',
          dir,
          ...model,
          '--chunk-rows',
          '50',
          '--shard',
          shard,
        ]);
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('exit', code => resolve({ code, stderr }));
      });
    const [a, b] = await Promise.all([run('0/2'), run('1/2')]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.match(a.stderr, /shard 0\/2 finished \(rows 1-120\)/);
    assert.match(b.stderr, /shard 1\/2 finished \(rows 121-240\)/);
    assert.deepEqual(await table(dir), await table(path.join(work, 'one')));
    assert.deepEqual(refused(dir), refused(path.join(work, 'one')));
    const status = molml(['screen', '--status', dir]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /done 240 of 240 rows \(238 written, 2 refused\), 0 remaining/);
    assert.match(status.stdout, /shard 1\/2: rows 121-240: done 120 of 120, refused 1/);
    // A third way of slicing the same folder is refused.
    const other = molml(['screen', LIB, '--out', dir, ...model, '--shard', '0/3']);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /is sliced into 2 shards: pass --shard i\/2/);
  });

  it('takes its shard from the Slurm array variables and reports progress per shard', () => {
    const dir = path.join(work, 'slurm');
    const r = molml(['screen', LIB, '--out', dir, ...model], {
      SLURM_ARRAY_TASK_ID: '2',
      SLURM_ARRAY_TASK_COUNT: '3',
      SLURM_ARRAY_TASK_MIN: '1',
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /shard 1\/3 finished \(rows 81-160\)/);
    assert.ok(fs.existsSync(path.join(dir, 'shards', '1-of-3.json')));
    const status = molml(['screen', '--status', dir]);
    assert.equal(status.code, 1, 'not finished');
    assert.match(status.stdout, /done 80 of 240 rows .* 160 remaining/);
    assert.match(status.stdout, /shard 0\/3: rows 1-80: not started/);
    const json = JSON.parse(molml(['screen', '--status', dir, '--json']).stdout);
    assert.equal(json.remaining, 160);
    const bad = molml(['screen', LIB, '--out', dir, ...model], {
      SLURM_ARRAY_TASK_ID: '3',
      SLURM_ARRAY_TASK_COUNT: '3',
    });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /shard index must be from 0 to 2/);
    assert.equal(molml(['screen', '--status', work]).code, 2);
  });

  it('refuses a changed input or another model in a folder, and mixes nothing in', async () => {
    const dir = path.join(work, 'one');
    const before = fs.readdirSync(dir).map(f => [f, fs.statSync(path.join(dir, f)).mtimeMs]);
    const changed = path.join(work, 'changed.csv');
    fs.writeFileSync(changed, fs.readFileSync(LIB, 'utf8').replace('Amigdalin', 'Amygdalin'));
    const c = molml(['screen', changed, '--out', dir, ...model]);
    assert.equal(c.code, 2);
    assert.match(c.stderr, /holds another screen: the input changed/);
    const m = molml(['screen', LIB, '--out', dir, '--model', TINY_DIR]);
    assert.equal(m.code, 2);
    assert.match(m.stderr, /holds another screen: the folder was screened with tiny-graph-test@1\.0\.0/);
    const t = molml(['screen', LIB, '--out', dir, ...model, '--tasks', 'nope']);
    assert.equal(t.code, 2);
    assert.match(t.stderr, /--tasks: unknown task nope \(available: measured_log_solubility_in_mols_per_litre\)/);
    assert.deepEqual(
      fs.readdirSync(dir).map(f => [f, fs.statSync(path.join(dir, f)).mtimeMs]),
      before,
    );
  });

  it('screens SDF and gzipped files, with a model of its own tasks', async () => {
    const gz = path.join(work, 'library.csv.gz');
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(LIB)));
    const dir = path.join(work, 'gz');
    const r = molml(['screen', gz, '--out', dir, '--model', TINY_DIR, '--tasks', 'logS', '--chunk-rows', '100']);
    assert.equal(r.code, 0, r.stderr);
    const rows = await table(dir);
    assert.deepEqual(Object.keys(rows[0]), ['row', 'id', 'smiles', 'canonical_smiles', 'pred_logS']);
    assert.ok(rows.length > 200);
    // The SMILES model canonicalises before it reads: its input is the canonical SMILES.
    assert.deepEqual(await wrongCanonical(rows), []);
    const sdf = path.join(REPO, 'test/fixtures/data/dirty/pubchem_hard_set_150.sdf.gz');
    const sdfDir = path.join(work, 'sdf');
    const s = molml(['screen', sdf, '--out', sdfDir, '--model', TINY_DIR, '--chunk-rows', '40']);
    assert.equal(s.code, 0, s.stderr);
    const sdfRows = await table(sdfDir);
    const refusedRows = refused(sdfDir);
    assert.equal(sdfRows.length + refusedRows.length, 150);
    for (const row of sdfRows) assert.equal(row.smiles, row.canonical_smiles);
    assert.ok(sdfRows.every(x => typeof x.id === 'string' && x.id.length > 0));
  });
});

describe('molml top', () => {
  const dir = () => path.join(work, 'one');
  it('ranks rows with a filter, as CSV and JSON', async () => {
    const r = molml([
      'top',
      dir(),
      '--by',
      `pred_${TASK}`,
      '--k',
      '5',
      '--where',
      `ad_similarity > 0.5 AND pred_${TASK} > -4`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 5);
    const all = (await table(dir())).filter(
      x => (x.ad_similarity as number) > 0.5 && (x[`pred_${TASK}`] as number) > -4,
    );
    all.sort(
      (a, b) => (b[`pred_${TASK}`] as number) - (a[`pred_${TASK}`] as number) || (a.row as number) - (b.row as number),
    );
    assert.deepEqual(
      rows.map(x => Number(x.row)),
      all.slice(0, 5).map(x => x.row),
    );
    // Enough hits to span every part: whole rows, in rank order, equal to a plain sort of the table.
    const wide = molml(['top', dir(), '--by', `unc_${TASK}`, '--asc', '--k', '150', '--format', 'json']);
    assert.equal(wide.code, 0, wide.stderr);
    const everything = await table(dir());
    everything.sort(
      (a, b) => (a[`unc_${TASK}`] as number) - (b[`unc_${TASK}`] as number) || (a.row as number) - (b.row as number),
    );
    const hits = JSON.parse(wide.stdout) as Row[];
    assert.deepEqual(hits, everything.slice(0, 150));
    assert.ok(new Set(hits.map(x => Math.ceil((x.row as number) / 64))).size >= 3, 'the hits span the parts');
    const j = molml([
      'top',
      dir(),
      '--by',
      'ad_similarity',
      '--asc',
      '--k',
      '3',
      '--format',
      'json',
      '--where',
      "id LIKE 'bad%' OR row IN (1, 2)",
    ]);
    assert.equal(j.code, 0, j.stderr);
    assert.deepEqual((JSON.parse(j.stdout) as Row[]).map(x => x.row).sort(), [1, 2]);
  });

  it('exits 2 with a clear message for a bad filter or column', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--by', 'nope'], /--by: unknown column 'nope' \(columns: row, id, smiles, canonical_smiles/],
      [['--by', 'row', '--where', 'foo > 1'], /unknown column 'foo' at position 1 \(columns: row, id,/],
      [['--by', 'row', '--where', "1=1; COPY (SELECT 1) TO '/tmp/x.csv'"], /';' at position 4 is not allowed/],
      [['--by', 'row', '--where', "read_csv('/etc/passwd') IS NOT NULL"], /function calls are not allowed/],
      [['--by', 'row', '--where', '((row > 1)'], /unbalanced parenthesis: '\(' at position 1 is never closed/],
      [['--by', 'row', '--where', 'row > AND'], /DuckDB cannot evaluate this filter/],
    ];
    for (const [args, message] of cases) {
      const r = molml(['top', dir(), ...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
    assert.equal(molml(['top', work, '--by', 'row']).code, 2);
  });
});
