// The screen results view's query layer against a screen folder written with DuckDB (ESOL molecules, 30,000 rows in
// eight parts, every 997th row refused, shard files as `molml screen` writes them): the folder is read through the
// CLI's reader (parts listed by shard files, running shards included), pages in every order agree with plain DuckDB
// queries over all part files, including pages past the top-N window (a full ordering), filters are validated before
// any SQL, histograms bin every finite value once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  readShardFiles,
  writeScreenFolder,
  writeShardFiles,
  NO_SIMILARITY_EVERY,
  REFUSE_EVERY,
} from '../fixtures/screen-folder.cjs';
import { ScreenQueryError, ScreenTable, TOP_N_ROWS, type Cell } from '../../src/core/screen/table';
import { partTotals, readScreen, ScreenFolderError, SHARD_FORMAT } from '../../src/core/screen/folder';
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

/** A folder written by the fixture in a temporary directory of its own, removed after `fn`. */
async function withFolder(
  options: { rows: number; partRows: number; shards?: number; finished?: boolean },
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-screen-other-'));
  try {
    await writeScreenFolder(other, { root: ROOT, threads: 1, ...options });
    await fn(other);
  } finally {
    fs.rmSync(other, { recursive: true, force: true });
  }
}

describe('screen folder', () => {
  it('is read by the screen reader: the parts its shard files list, in row order, and the refused rows file', () => {
    const m = readScreen(dir);
    assert.equal(m.parts.length, Math.ceil(ROWS / PART_ROWS));
    assert.deepEqual(
      m.parts.map(p => p.firstRow),
      m.parts.map((_, i) => 1 + i * PART_ROWS),
    );
    assert.equal(m.tasks.length, 2);
    assert.deepEqual(m.refused, ['refused-00000.csv']);
    assert.deepEqual(table.folder.manifest, m);
    assert.deepEqual(partTotals(m.parts), { rows: ROWS - Math.floor(ROWS / REFUSE_EVERY), refused: 30 });
  });

  it('ignores a part file that no shard file lists (a run killed while writing it)', async () => {
    await withFolder({ rows: 100, partRows: 50 }, async other => {
      fs.copyFileSync(path.join(other, 'part-00000-000000.parquet'), path.join(other, 'part-00000-000099.parquet'));
      const t = await ScreenTable.open(other, { threads: 1 });
      try {
        assert.equal(t.folder.manifest.parts.length, 2);
        assert.equal(await t.count([{ column: 'row', op: '>', value: 0 }]), 100);
      } finally {
        t.close();
      }
    });
  });

  it('shows the parts of every shard, those of shards still running included', async () => {
    await withFolder({ rows: 300, partRows: 40, shards: 3 }, async other => {
      // Shard 1 is still running: one part of its slice listed so far; shard 2 has not written its file yet.
      const [s0, s1] = readShardFiles(other);
      fs.rmSync(path.join(other, 'shards', '2-of-3.json'));
      writeShardFiles(other, [s0, { ...s1, parts: s1.parts.slice(0, 1), finished: false }]);
      const t = await ScreenTable.open(other, { threads: 1 });
      try {
        const m = t.folder.manifest;
        assert.equal(m.finished, false);
        assert.deepEqual(
          m.parts.map(p => [p.shard, p.firstRow]),
          [...s0.parts.map(p => [0, p.firstRow]), [1, 101]],
        );
        assert.deepEqual(m.refused, ['refused-00000.csv', 'refused-00001.csv']);
        const rows = 140 - Math.floor(140 / REFUSE_EVERY);
        assert.equal(await t.count([]), rows);
        const all = await t.page({ filters: [], sort: { column: 'row', descending: true }, offset: 0, limit: 500 });
        assert.equal(all.total, rows);
        assert.deepEqual(
          all.rows.map(r => r[0]),
          Array.from({ length: 140 }, (_, i) => 140 - i),
        );
      } finally {
        t.close();
      }
    });
  });

  it('says clearly when a folder is not a screen folder or its shard files are broken', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-screen-empty-'));
    try {
      await assert.rejects(ScreenTable.open(empty), /not a screen folder \(no shards\/\*\.json/);
      // A manifest alone (a model folder has one) is not a screen.
      fs.writeFileSync(path.join(empty, 'manifest.json'), JSON.stringify({ format: 'molml-model/1' }));
      assert.throws(() => readScreen(empty), /not a screen folder/);
      fs.mkdirSync(path.join(empty, 'shards'));
      const shard = path.join(empty, 'shards', '0-of-1.json');
      fs.writeFileSync(shard, '{"format": "molml-screen-shard/1", "parts": [');
      await assert.rejects(ScreenTable.open(empty), (e: Error) => {
        assert.ok(e instanceof ScreenFolderError);
        assert.match(e.message, /0-of-1\.json: not readable JSON/);
        return true;
      });
      fs.writeFileSync(shard, JSON.stringify({ format: 'molml-model/1' }));
      assert.throws(() => readScreen(empty), /0-of-1\.json: not a molml-screen-shard\/1 file/);
      const good = readShardFiles(dir)[0];
      fs.writeFileSync(shard, JSON.stringify({ ...good, format: SHARD_FORMAT, parts: [{ file: '../../etc/passwd' }] }));
      assert.throws(
        () => readScreen(empty),
        /0-of-1\.json: a broken molml-screen-shard\/1 file \(a part is not a file name/,
      );
      fs.writeFileSync(shard, JSON.stringify({ ...good, identity: null }));
      assert.throws(() => readScreen(empty), /broken .*identity must give the tasks/);
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

/** Pages of `t` at `offsets` in each order agree with the same rows of one plain ORDER BY over every part. */
async function agreesWithFullQuery(
  t: ScreenTable,
  orders: Array<{ filters: ScreenFilter[]; where: string; sort: ScreenSort }>,
  offsets: number[],
  limit: number,
): Promise<void> {
  for (const { filters, where, sort } of orders) {
    const sql = `"${sort.column}" ${sort.descending ? 'DESC' : 'ASC'} NULLS LAST, row`;
    const [[total]] = await reference(`SELECT count(*) FROM SCREEN ${where}`);
    for (const offset of offsets) {
      const page = await t.page({ filters, sort, offset, limit });
      assert.equal(page.total, total);
      const want = await reference(`SELECT COLS FROM SCREEN ${where} ORDER BY ${sql} LIMIT ${limit} OFFSET ${offset}`);
      assert.deepEqual(page.rows, want, `${where} ORDER BY ${sql} at ${offset}`);
    }
  }
}

describe('screen table pages far down an order', () => {
  const active: ScreenFilter[] = [{ column: 'pred_active', op: '<', value: 0.7 }];
  const orders = [
    { filters: [], where: '', sort: { column: 'pred_solubility', descending: true } },
    // Rows without a similarity come last, in row order, whichever way the sort goes.
    { filters: [], where: '', sort: { column: 'ad_similarity', descending: false } },
    { filters: active, where: 'WHERE pred_active < 0.7', sort: { column: 'ad_similarity', descending: true } },
    { filters: active, where: 'WHERE pred_active < 0.7', sort: { column: 'row', descending: true } },
    { filters: active, where: 'WHERE pred_active < 0.7', sort: { column: 'smiles', descending: false } },
  ];
  const offsets = [TOP_N_ROWS + 1, 14_321, 20_500, 20_600, 29_500, ROWS - 450];

  it('places pages with a sample of the sort key and reads only a band of rows around them', async () => {
    const t = await ScreenTable.open(dir, { threads: 1, bandSampleRows: 500 });
    try {
      await agreesWithFullQuery(t, orders, offsets, 60);
      // The first deep page of each order at least came from a band (the full ordering is built meanwhile).
      assert.ok(t.served.band >= orders.length, JSON.stringify(t.served));
    } finally {
      t.close();
    }
  });

  it('gives the same pages from the full ordering of every row', async () => {
    const t = await ScreenTable.open(dir, { threads: 1, bandSampleRows: 0 });
    try {
      await agreesWithFullQuery(t, orders, offsets, 60);
      assert.deepEqual(t.served, { top: 0, band: 0, ordering: orders.length * offsets.length });
    } finally {
      t.close();
    }
  });

  it('reaches the rows without a similarity, at the end of either direction, from a band', async () => {
    const nulls = Math.floor(ROWS / NO_SIMILARITY_EVERY) - Math.floor(ROWS / (NO_SIMILARITY_EVERY * REFUSE_EVERY));
    const total = ROWS - Math.floor(ROWS / REFUSE_EVERY);
    for (const descending of [true, false]) {
      const order = { filters: [], where: '', sort: { column: 'ad_similarity', descending } };
      // Each page the first far down its table, so that a band serves it: across the last keys into the rows
      // without one, at their start, inside them, and the very last row.
      for (const offset of [total - nulls - 30, total - nulls, total - 40, total - 1]) {
        const t = await ScreenTable.open(dir, { threads: 1, bandSampleRows: 500 });
        try {
          await agreesWithFullQuery(t, [order], [offset], 50);
          assert.deepEqual(t.served, { top: 0, band: 1, ordering: 0 });
        } finally {
          t.close();
        }
      }
    }
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

  it("bins every row without a filter over the range the parts' statistics give, the same as the values' range", async () => {
    const h = await table.histogram('ad_similarity', 7, []);
    const all = (await reference(`SELECT ad_similarity FROM SCREEN`)).map(r => r[0]);
    const values = all.filter((v): v is number => v !== null);
    assert.ok(values.length < all.length);
    const lo = Math.min(...values),
      hi = Math.max(...values);
    assert.equal(h.bins[0].from, lo);
    assert.equal(h.bins[6].to, hi);
    const width = (hi - lo) / 7;
    const counts = new Array<number>(7).fill(0);
    for (const v of values) counts[Math.min(6, Math.floor((v - lo) / width))]++;
    assert.deepEqual(
      h.bins.map(b => b.count),
      counts,
    );
    assert.equal(h.missing, all.length - values.length);
  });

  it('gives one bin when every value is the same', async () => {
    const h = await table.histogram('row', 10, [{ column: 'row', op: '=', value: 5 }]);
    assert.deepEqual(h.bins, [{ from: 5, to: 5, count: 1 }]);
  });
});

describe('screen table reload', () => {
  it('sees parts added while a screen runs', async () => {
    await withFolder({ rows: 100, partRows: 50, finished: false }, async growing => {
      const [shard] = readShardFiles(growing);
      writeShardFiles(growing, [{ ...shard, parts: shard.parts.slice(0, 1) }]);
      const t = await ScreenTable.open(growing, { threads: 1 });
      try {
        assert.equal(await t.count([]), 50);
        assert.equal(await t.reload(), false);
        writeShardFiles(growing, [{ ...shard, finished: true }]);
        assert.equal(await t.reload(), true);
        assert.equal(await t.count([]), 100);
        assert.equal(t.folder.manifest.finished, true);
        assert.equal((await t.page({ filters: [], sort: null, offset: 45, limit: 10 })).rows.length, 10);
      } finally {
        t.close();
      }
    });
  });
});
