import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readText } from '../../src/core/io';
import { numericValue, packRows, rowAtLine, unpackRows } from '../../src/common/grid/data';
import { columnAt, gridSource } from '../../src/core/grid/source';
import {
  EMPTY_QUERY,
  GridIndex,
  UNKNOWN,
  applyQuery,
  sanitizeQuery,
  type Computed,
  type GridQuery,
} from '../../src/common/grid/query';
import { csvField, rowsAsCsv, rowsAsSmiles } from '../../src/core/grid/export';

const ROOT = path.resolve(__dirname, '../../..');
const herg = fs.readFileSync(path.join(ROOT, 'samples/datasets/herg_activities.csv'), 'utf8');
const source = gridSource(readText(herg, 'csv'));
const { data } = source;
const index = new GridIndex(data);
const none: Computed = { properties: {} };
const col = (name: string) => data.columns.findIndex(c => c.name === name);
const q = (over: Partial<GridQuery>): GridQuery => ({ ...EMPTY_QUERY, ...over });
const rows = (r: Int32Array) => [...r];

describe('grid data', () => {
  it('reads the hERG sample: roles, numeric columns, molecules and file lines', () => {
    assert.equal(data.rows.length, herg.trim().split('\n').length - 1);
    assert.equal(data.columns[col('canonical_smiles')].role, 'molecule');
    assert.equal(data.columns[col('standard_value')].numeric, true);
    assert.equal(data.columns[col('pref_name')].numeric, false);
    assert.equal(data.columns[data.title].role, 'id');
    assert.equal(source.molecules[0], herg.split('\n')[1].split(',')[0]);
    assert.equal(data.rows[0].line, 1);
    assert.equal(rowAtLine(data.rows, 1), 0);
    assert.equal(rowAtLine(data.rows, 0), -1, 'the header is no row');
    assert.equal(rowAtLine(data.rows, data.rows.length), data.rows.length - 1);
  });

  it('reads censored numbers as their value', () => {
    assert.equal(numericValue('>10'), 10);
    assert.equal(numericValue(' 1e-3 '), 0.001);
    assert.ok(Number.isNaN(numericValue('n/a')));
  });

  it('shows SDF records by their title line and keeps the molblocks for the worker', () => {
    const sdf = fs.readFileSync(path.join(ROOT, 'samples/datasets/logbb_first12.sdf'), 'utf8');
    const s = gridSource(readText(sdf, 'sdf'));
    assert.equal(s.molblocks, true);
    assert.equal(s.data.columns[0].name, 'title');
    assert.ok(!s.data.columns.some(c => c.name === 'molblock'));
    assert.match(s.molecules[0], /M {2}END/);
    assert.equal(s.data.rows.length, 12);
  });

  it('says which column a position in a row falls in, for lint badges', () => {
    const line = herg.split('\n')[1]!;
    const at = (text: string) => columnAt(source, 0, 1, line.indexOf(text));
    assert.deepEqual(at(source.molecules[0]!), { name: 'canonical_smiles', molecule: true });
    const value = line.split(',')[data.columns.findIndex(c => c.name === 'standard_value')]!;
    assert.deepEqual(columnAt(source, 0, 1, line.indexOf(`,${value},`) + 1), {
      name: 'standard_value',
      molecule: false,
    });
    assert.equal(columnAt(source, 0, 0, 0), undefined, 'the header line is before the row');
    const sdf = gridSource(
      readText(fs.readFileSync(path.join(ROOT, 'samples/datasets/logbb_first12.sdf'), 'utf8'), 'sdf'),
    );
    assert.equal(columnAt(sdf, 0, sdf.data.rows[0]!.line + 3, 0)?.molecule, true, 'inside the molblock');
  });
});

describe('grid filters', () => {
  it('an empty query keeps file order', () => {
    assert.deepEqual(
      rows(applyQuery(index, EMPTY_QUERY, none).rows),
      data.rows.map((_, i) => i),
    );
  });

  it('text search looks in every column, case-insensitively', () => {
    const id = data.rows[3].values[col('mol_chembl_id')];
    const withId = data.rows.flatMap((r, i) => (r.values.some(v => v.includes(id)) ? [i] : []));
    assert.ok(withId.includes(3));
    assert.deepEqual(rows(applyQuery(index, q({ text: id.toLowerCase() }), none).rows), withId);
    const expected = data.rows.flatMap((r, i) => (r.values.join(' ').toLowerCase().includes('cos-7') ? [i] : []));
    assert.ok(expected.length > 0 && expected.length < data.rows.length);
    assert.deepEqual(rows(applyQuery(index, q({ text: 'COS-7' }), none).rows), expected);
  });

  it('numeric ranges on file columns are inclusive and skip non-numbers', () => {
    const c = col('standard_value');
    const values = data.rows.map(r => Number(r.values[c]));
    const expected = values.flatMap((v, i) => (v >= 100 && v <= 1000 ? [i] : []));
    assert.ok(expected.length > 0);
    assert.deepEqual(
      rows(applyQuery(index, q({ ranges: [{ key: `col:${c}`, min: 100, max: 1000 }] }), none).rows),
      expected,
    );
  });

  it('ranges on computed properties wait for them, then apply', () => {
    const query = q({ ranges: [{ key: 'prop:mw', min: 300, max: null }] });
    const before = applyQuery(index, query, none);
    assert.deepEqual(before.pending, ['prop:mw']);
    assert.equal(before.rows.length, 0);
    const mw = Float64Array.from(data.rows, (_, i) => 250 + 10 * i);
    const after = applyQuery(index, query, { properties: { mw } });
    assert.deepEqual(after.pending, []);
    assert.deepEqual(
      rows(after.rows),
      data.rows.flatMap((_, i) => (mw[i] >= 300 ? [i] : [])),
    );
  });

  it('SMARTS keeps matching rows; rows not checked yet are pending', () => {
    const matches = new Uint8Array(data.rows.length).fill(0);
    matches[2] = 1;
    matches[5] = 1;
    matches[7] = UNKNOWN;
    const r = applyQuery(index, q({ smarts: 'c1ccncc1' }), { properties: {}, smarts: { query: 'c1ccncc1', matches } });
    assert.deepEqual(rows(r.rows), [2, 5]);
    assert.deepEqual(r.pending, ['smarts']);
    const stale = applyQuery(index, q({ smarts: 'CC' }), { properties: {}, smarts: { query: 'c1ccncc1', matches } });
    assert.deepEqual(rows(stale.rows), [], 'results of another SMARTS are not used');
  });

  it('similarity filters by the minimum and sorts best first, unreadable rows last', () => {
    const scores = Float64Array.from(data.rows, (_, i) => (i % 5) / 4);
    scores[1] = NaN;
    const computed: Computed = { properties: {}, similarity: { smiles: 'CCO', method: 'ecfp', scores } };
    const r = applyQuery(
      index,
      q({ similarity: { smiles: 'CCO', method: 'ecfp', min: 0.5 }, sort: { key: 'similarity', descending: true } }),
      computed,
    );
    const expected = data.rows
      .map((_, i) => i)
      .filter(i => scores[i] >= 0.5)
      .sort((a, b) => scores[b] - scores[a] || a - b);
    assert.deepEqual(rows(r.rows), expected);
    const all = applyQuery(index, q({ sort: { key: 'similarity', descending: false } }), computed);
    assert.equal(all.rows[all.rows.length - 1], 1, 'NaN sorts last ascending too');
    assert.equal(all.rows[0], 0);
  });

  it('sorts text columns naturally and numeric columns by value, ties in file order', () => {
    const c = col('standard_value');
    const byValue = rows(applyQuery(index, q({ sort: { key: `col:${c}`, descending: false } }), none).rows);
    const values = byValue.map(i => Number(data.rows[i].values[c]));
    assert.deepEqual(
      values,
      [...values].sort((a, b) => a - b),
    );
    const t = col('mol_chembl_id');
    const byId = rows(applyQuery(index, q({ sort: { key: `col:${t}`, descending: true } }), none).rows).map(
      i => data.rows[i].values[t],
    );
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    assert.deepEqual(
      byId,
      [...byId].sort((a, b) => collator.compare(b, a)),
    );
    assert.ok(byId.indexOf('CHEMBL1008') > byId.indexOf('CHEMBL45816'), 'numeric collation: CHEMBL45816 > CHEMBL1008');
  });

  it('sanitizes saved or received queries', () => {
    const s = sanitizeQuery(
      {
        text: 5,
        ranges: [{ key: 'col:999', min: 1 }, { key: 'prop:mw', min: 'x', max: 3 }, { key: 'prop:evil' }],
        smarts: ' [#7] ',
        similarity: { smiles: '', method: 'x' },
        sort: { key: 'similarity', descending: 'yes' },
      },
      data,
    );
    assert.deepEqual(s, {
      text: '',
      ranges: [{ key: 'prop:mw', min: null, max: 3 }],
      smarts: '[#7]',
      similarity: null,
      sort: { key: 'similarity', descending: false },
    });
    assert.deepEqual(sanitizeQuery(null), EMPTY_QUERY);
    assert.equal(sanitizeQuery({ similarity: { smiles: 'CCO', method: 'embedding', min: 7 } }).similarity?.min, 1);
  });
});

describe('grid export', () => {
  it('writes CSV with quoting, and SMILES with titles', () => {
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    const xss = gridSource(readText(fs.readFileSync(path.join(ROOT, 'test/fixtures/grid-xss.csv'), 'utf8'), 'csv'));
    const csv = rowsAsCsv(xss.data, [1, 0]);
    assert.equal(
      csv,
      'smiles,name,note,pIC50,<img src=x onerror=alert(8)>\nc1ccccc1O,</script><script>alert(2)</script>,"quoted, ""comma""",6.3,2\nCCO,<img src=x onerror=alert(1)>,plain,5.1,1\n',
    );
    assert.equal(
      rowsAsSmiles(xss.data, [0, 1, 2], ['CCO', '', 'CC(=O)Oc1ccccc1C(=O)O']),
      'CCO\t<img src=x onerror=alert(1)>\nCC(=O)Oc1ccccc1C(=O)O\taspirin\n',
    );
  });
});

describe('grid rows in transfer', () => {
  it('packs and unpacks rows, keeping multi-line records', () => {
    const rows = [
      { index: 5, line: 9, lastLine: 9, values: ['CCO', 'a'] },
      { index: 6, line: 10, lastLine: 14, values: ['C', ''] },
    ];
    const packed = packRows(rows);
    assert.deepEqual(packed.lastLines, { 1: 14 });
    assert.deepEqual(unpackRows(JSON.parse(JSON.stringify(packed)), 5), rows);
    assert.throws(() => unpackRows({ lines: [1], lastLines: {}, values: [[1 as unknown as string]] }, 0), /malformed/);
    assert.throws(() => unpackRows({ lines: [1, 2], lastLines: {}, values: [[]] }, 0), /malformed/);
  });
});
