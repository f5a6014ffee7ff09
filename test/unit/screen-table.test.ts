// The screen results view's query layer against a screen folder written with DuckDB (ESOL molecules, 30,000 rows in
// eight parts, every 997th row refused): pages in every order agree with plain DuckDB queries over all part files,
// including pages past the top-N window (a full ordering), filters are validated before any SQL, histograms bin
// every finite value once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { writeScreenFolder, REFUSE_EVERY } from '../fixtures/screen-folder.cjs';
import { ScreenQueryError, ScreenTable, TOP_N_ROWS, type Cell } from '../../src/core/screen/table';
import { readScreenFolder, ScreenFolderError } from '../../src/core/screen/results-folder';
import { filterProblem, type ScreenFilter, type ScreenSort } from '../../src/common/screen/query';

const ROOT = path.resolve(__dirname, '../../..');
const ROWS = 30_000;
const PART_ROWS = 4_000;
let dir: string;
let table: ScreenTable;
let db: DuckDBInstance;
let plain: DuckDBConnection;

const norm = (v: unknown): Cell => (typeof v === 'bigint' ? Number(v) : (v as Cell));

/** The reference: one DuckDB query over every part file. */
async function reference(sql: string): Promise<Cell[][]> {
  const cols = table.columns.map(c => `"${c.name}"`).join(', ');
  const r = await plain.runAndReadAll(
    sql.replace('COLS', cols).replace('SCREEN', `read_parquet('${dir}/part-*.parquet')`),
  );
  return r.getRows().map(row => row.map(norm));
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-screen-table-'));
  await writeScreenFolder(dir, { root: ROOT, rows: ROWS, partRows: PART_ROWS, threads: 1 });
  table = await ScreenTable.open(dir, { threads: 1 });
  db = await DuckDBInstance.create(':memory:', { threads: '1' });
  plain = await db.connect();
});

after(() => {
  table?.close();
  plain?.closeSync();
  db?.closeSync();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('screen folder', () => {
  it('reads the manifest, the finished parts in row order and the refused rows file', () => {
    const f = readScreenFolder(dir);
    assert.equal(f.parts.length, Math.ceil(ROWS / PART_ROWS));
    assert.deepEqual(
      f.parts.map(p => p.firstRow),
      f.parts.map((_, i) => 1 + i * PART_ROWS),
    );
    assert.equal(f.manifest.tasks.length, 2);
    assert.deepEqual(f.refusedFiles, [path.join(dir, 'refused.csv')]);
  });

  it('ignores a part file that the manifest does not list (a run killed while writing it)', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-screen-extra-'));
    try {
      await writeScreenFolder(other, { root: ROOT, rows: 100, partRows: 50, threads: 1 });
      fs.copyFileSync(path.join(other, 'part-0-00000.parquet'), path.join(other, 'part-0-00099.parquet'));
      const t = await ScreenTable.open(other, { threads: 1 });
      try {
        assert.equal(t.folder.parts.length, 2);
        assert.equal(await t.count([{ column: 'row', op: '>', value: 0 }]), 100);
      } finally {
        t.close();
      }
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('refuses a folder without a manifest, or with one of another format', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-screen-empty-'));
    try {
      assert.throws(() => readScreenFolder(empty), ScreenFolderError);
      fs.writeFileSync(path.join(empty, 'manifest.json'), JSON.stringify({ format: 'molml-model/1' }));
      assert.throws(() => readScreenFolder(empty), /not a screen manifest: format/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('screen table pages', () => {
  it('knows its columns and their kinds, predictions before the SMILES', () => {
    const kinds = Object.fromEntries(table.columns.map(c => [c.name, c.kind]));
    assert.deepEqual(
      table.columns.map(c => c.name),
      ['row', 'id', 'pred_solubility', 'pred_active', 'ad_similarity', 'smiles', 'canonical_smiles'],
    );
    assert.deepEqual(kinds, {
      row: 'number',
      id: 'text',
      smiles: 'text',
      canonical_smiles: 'text',
      pred_solubility: 'number',
      pred_active: 'number',
      ad_similarity: 'number',
    });
  });

  it('pages in the library order, across part boundaries, with the manifest total', async () => {
    const expected = ROWS - Math.floor(ROWS / REFUSE_EVERY);
    for (const offset of [0, PART_ROWS - 7, 3 * PART_ROWS - 20, expected - 5]) {
      const page = await table.page({ filters: [], sort: null, offset, limit: 50 });
      assert.equal(page.total, expected);
      assert.deepEqual(page.rows, await reference(`SELECT COLS FROM SCREEN ORDER BY row LIMIT 50 OFFSET ${offset}`));
    }
    assert.equal((await table.page({ filters: [], sort: null, offset: expected, limit: 50 })).rows.length, 0);
  });

  it('sorts both ways: top pages and pages past the top-N window agree with a full ORDER BY', async () => {
    for (const sort of [
      { column: 'pred_solubility', descending: true },
      { column: 'pred_active', descending: false },
      { column: 'id', descending: true },
    ] satisfies ScreenSort[]) {
      const dirSql = sort.descending ? 'DESC' : 'ASC';
      for (const offset of [0, 120, TOP_N_ROWS + 3_333, 25_000]) {
        const page = await table.page({ filters: [], sort, offset, limit: 40 });
        const want = await reference(
          `SELECT COLS FROM SCREEN ORDER BY "${sort.column}" ${dirSql} NULLS LAST, row LIMIT 40 OFFSET ${offset}`,
        );
        assert.deepEqual(page.rows, want, `${sort.column} ${dirSql} at ${offset}`);
      }
    }
  });

  it('filters with column comparisons and caches the count of each filter', async () => {
    const filters: ScreenFilter[] = [
      { column: 'pred_active', op: '>=', value: 0.25 },
      { column: 'smiles', op: 'contains', value: 'N' },
    ];
    const [[n]] = await reference(`SELECT count(*) FROM SCREEN WHERE pred_active >= 0.25 AND contains(smiles, 'N')`);
    assert.equal(await table.count(filters), n);
    const sort: ScreenSort = { column: 'pred_solubility', descending: false };
    for (const offset of [0, TOP_N_ROWS + 17]) {
      const page = await table.page({ filters, sort, offset, limit: 30 });
      assert.equal(page.total, n);
      assert.deepEqual(
        page.rows,
        await reference(
          `SELECT COLS FROM SCREEN WHERE pred_active >= 0.25 AND contains(smiles, 'N')
           ORDER BY pred_solubility ASC NULLS LAST, row LIMIT 30 OFFSET ${offset}`,
        ),
      );
    }
    const idStart = await table.page({
      filters: [{ column: 'id', op: 'starts with', value: 'MOL0000001' }],
      sort: null,
      offset: 0,
      limit: 100,
    });
    assert.deepEqual(
      idStart.rows.map(r => r[0]),
      Array.from({ length: 10 }, (_, i) => 10 + i),
    );
  });

  it('treats quotes in filter text as values, never as SQL', async () => {
    const page = await table.page({
      filters: [{ column: 'smiles', op: '=', value: "x' OR 1=1 --" }],
      sort: null,
      offset: 0,
      limit: 10,
    });
    assert.equal(page.total, 0);
    assert.equal(page.rows.length, 0);
  });

  it('refuses unknown columns, wrong operators and values of the wrong kind before running anything', async () => {
    const cols = table.columns;
    assert.match(filterProblem([{ column: 'row"; DROP TABLE x; --', op: '=', value: 1 }], cols)!, /no column/);
    assert.match(filterProblem([{ column: 'smiles', op: '<', value: 'C' }], cols)!, /operator for smiles/);
    assert.match(filterProblem([{ column: 'pred_active', op: '>', value: '0.5' }], cols)!, /must be a number/);
    assert.match(filterProblem([{ column: 'pred_active', op: '>', value: 1, extra: 1 }], cols)!, /unexpected field/);
    assert.equal(filterProblem([{ column: 'pred_active', op: '>', value: 0.5 }], cols), null);
    await assert.rejects(
      table.page({ filters: [], sort: { column: 'nope', descending: true }, offset: 0, limit: 1 }),
      ScreenQueryError,
    );
    await assert.rejects(table.histogram('smiles', 10, []), /not a number column/);
  });
});

describe('screen table histograms', () => {
  it('bins every value once, with the last bin closed, and agrees with the values themselves', async () => {
    const h = await table.histogram('pred_solubility', 20, [{ column: 'pred_active', op: '<', value: 0.5 }]);
    const values = (await reference(`SELECT pred_solubility FROM SCREEN WHERE pred_active < 0.5`)).map(
      r => r[0] as number,
    );
    assert.equal(h.bins.length, 20);
    assert.equal(h.missing, 0);
    assert.equal(
      h.bins.reduce((s, b) => s + b.count, 0),
      values.length,
    );
    const lo = Math.min(...values),
      hi = Math.max(...values);
    assert.equal(h.bins[0].from, lo);
    assert.equal(h.bins[19].to, hi);
    const width = (hi - lo) / 20;
    const counts = new Array<number>(20).fill(0);
    for (const v of values) counts[Math.min(19, Math.floor((v - lo) / width))]++;
    assert.deepEqual(
      h.bins.map(b => b.count),
      counts,
    );
  });

  it('gives one bin when every value is the same', async () => {
    const h = await table.histogram('row', 10, [{ column: 'row', op: '=', value: 5 }]);
    assert.deepEqual(h.bins, [{ from: 5, to: 5, count: 1 }]);
  });
});

describe('screen table reload', () => {
  it('sees parts added while a screen runs', async () => {
    const growing = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-screen-growing-'));
    try {
      await writeScreenFolder(growing, { root: ROOT, rows: 100, partRows: 50, threads: 1, finished: false });
      const manifestFile = path.join(growing, 'manifest.json');
      const full = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { parts: unknown[] };
      fs.writeFileSync(manifestFile, JSON.stringify({ ...full, parts: full.parts.slice(0, 1) }));
      const t = await ScreenTable.open(growing, { threads: 1 });
      try {
        assert.equal(await t.count([]), 50);
        assert.equal(await t.reload(), false);
        fs.writeFileSync(manifestFile, JSON.stringify(full));
        assert.equal(await t.reload(), true);
        assert.equal(await t.count([]), 100);
        assert.equal((await t.page({ filters: [], sort: null, offset: 45, limit: 10 })).rows.length, 10);
      } finally {
        t.close();
      }
    } finally {
      fs.rmSync(growing, { recursive: true, force: true });
    }
  });
});
