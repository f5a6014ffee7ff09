// Slicing a library into shards (every row in exactly one slice, SDF and .gz included), the Slurm array variables,
// and the --where filter's allow-list, in process (no model).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chunksOf, countRows, openLibrary } from '../../src/core/screen/library';
import { parseShard, shardFromSlurm, sliceRows, ShardSpecError } from '../../src/core/screen/slice';
import { compileFilter, FilterError } from '../../src/core/screen/where';
import { REPO, ESOL_CSV, tempDir } from './model-fixtures';

const DATA = path.join(REPO, 'test/fixtures/data');
const work = tempDir('screen-slicing');

function smiFile(): string {
  // ESOL as a .smi file: SMILES then the compound name, no header.
  const lines = fs.readFileSync(ESOL_CSV, 'utf8').trim().split('\n').slice(1, 200);
  const file = path.join(work, 'esol.smi');
  fs.writeFileSync(file, lines.map(l => `${l.split(',').at(-1)} ${l.split(',')[0].replace(/\s+/g, '_')}`).join('\n'));
  return file;
}

function gzipped(file: string): string {
  const out = path.join(work, path.basename(file) + '.gz');
  fs.writeFileSync(out, zlib.gzipSync(fs.readFileSync(file)));
  return out;
}

describe('screen slicing', () => {
  it('puts every row of a file in exactly one of n slices, for several n and formats', async () => {
    const files = [
      path.join(DATA, 'moleculenet/hiv_every80th.csv'),
      gzipped(path.join(DATA, 'moleculenet/bace_every6th.csv')),
      path.join(DATA, 'dirty/good_bad_good_bad.sdf'),
      path.join(DATA, 'dirty/witch_salts.sdf'),
      path.join(DATA, 'dirty/pubchem_hard_set_150.sdf.gz'),
      smiFile(),
    ];
    for (const file of files) {
      const rows = await countRows(file);
      assert.ok(rows > 0, file);
      const all: number[] = [];
      for await (const r of (await openLibrary(file)).rows) all.push(r.row);
      assert.deepEqual(
        all,
        Array.from({ length: rows }, (_, i) => i + 1),
        `${file}: rows are numbered 1..n`,
      );
      // More shards than rows too (some slices empty) for the small files; each shard rereads the file.
      for (const count of rows < 20 ? [1, 2, 3, rows + 2] : [1, 2, 7]) {
        const seen: number[] = [];
        for (let index = 0; index < count; index++) {
          const { first, last } = sliceRows(rows, { index, count });
          const library = await openLibrary(file);
          for await (const chunk of chunksOf(library.rows, first, last, 5)) {
            assert.ok(chunk.length <= 5);
            seen.push(...chunk.map(r => r.row));
          }
        }
        assert.deepEqual(seen, all, `${path.basename(file)} in ${count} shards`);
      }
    }
  });

  it('reads SDF titles as ids and keeps molblocks whole', async () => {
    const library = await openLibrary(path.join(DATA, 'dirty/pubchem_hard_set_150.sdf.gz'));
    assert.equal(library.molblocks, true);
    assert.equal(library.hasId, true);
    const first = (await library.rows[Symbol.asyncIterator]().next()).value!;
    assert.match(first.text, /M {2}END$/);
    assert.ok(first.id && first.id.length > 0);
  });

  it('parses --shard i/n and the Slurm array variables, refusing bad ones', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    for (const bad of ['4/4', '-1/4', '1/0', 'a/b', '1', '1/2/3'])
      assert.throws(() => parseShard(bad), ShardSpecError, bad);
    assert.equal(shardFromSlurm({}), undefined);
    assert.deepEqual(shardFromSlurm({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '4' }), { index: 3, count: 4 });
    // --array=1-4: ids 1..4 are shards 0..3.
    assert.deepEqual(
      shardFromSlurm({ SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '1' }),
      { index: 3, count: 4 },
    );
    assert.throws(() => shardFromSlurm({ SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '4' }), /from 0 to 3/);
    assert.throws(() => shardFromSlurm({ SLURM_ARRAY_TASK_ID: 'x', SLURM_ARRAY_TASK_COUNT: '4' }), /whole numbers/);
    assert.throws(() => shardFromSlurm({ SLURM_ARRAY_TASK_ID: '1' }), /both must be set/);
    assert.throws(
      () => shardFromSlurm({ SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_STEP: '2' }),
      /step/,
    );
  });
});

describe('--where filters', () => {
  const columns = ['row', 'id', 'smiles', 'ad_similarity', 'pred_logS'];
  it('rebuilds allowed filters with quoted names', () => {
    assert.equal(
      compileFilter('ad_similarity > 0.5 AND pred_logS > -4', columns),
      '"ad_similarity" > 0.5 AND "pred_logS" > - 4',
    );
    assert.equal(
      compileFilter("NOT (id IN ('a', 'b''c') OR smiles LIKE 'C%') and row between 1 and 1e3", columns),
      `NOT ( "id" IN ( 'a' , 'b''c' ) OR "smiles" LIKE 'C%' ) AND "row" BETWEEN 1 AND 1e3`,
    );
    assert.equal(compileFilter('"pred_logS" is not null', columns), '"pred_logS" IS NOT NULL');
  });

  it('refuses anything but a filter, saying what and where', () => {
    const bad: Array<[string, RegExp]> = [
      ['foo > 1', /unknown column 'foo' at position 1 \(columns: row, id, smiles, ad_similarity, pred_logS\)/],
      ["1=1; COPY x TO 'y'", /';' at position 4 is not allowed/],
      ["read_csv('x') > 1", /function calls are not allowed \('read_csv\(' at position 1\)/],
      ['(row > 1', /unbalanced parenthesis: '\(' at position 1 is never closed/],
      ['row > 1)', /unbalanced parenthesis: '\)' at position 8 closes nothing/],
      ['row IN (SELECT 1)', /unknown column 'SELECT'/],
      ["ATTACH 'x.db'", /unknown column 'ATTACH'/],
      ['row > 1, 2', /only allowed between the values of IN/],
      ["smiles = 'abc", /unterminated string starting at position 10/],
      ['row::VARCHAR', /':' at position 4 is not allowed/],
      ['', /empty/],
    ];
    for (const [text, message] of bad) assert.throws(() => compileFilter(text, columns), message, text);
    assert.throws(() => compileFilter('row -- comment', columns), FilterError);
  });
});
