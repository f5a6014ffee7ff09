import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readText } from '../../src/core/io';
import { packRows, type GridData } from '../../src/common/grid/data';
import { gridSource } from '../../src/core/grid/source';
import { EMPTY_QUERY, PROPERTIES, UNKNOWN, type GridQuery } from '../../src/common/grid/query';
import * as st from '../../src/common/grid/state';
import type { ToWebview } from '../../src/common/grid/protocol';

const ROOT = path.resolve(__dirname, '../../..');
const herg = fs.readFileSync(path.join(ROOT, 'samples/datasets/herg_activities.csv'), 'utf8');
const full = gridSource(readText(herg, 'csv')).data;
const col = (name: string) => full.columns.findIndex(c => c.name === name);
type Init = Extract<ToWebview, { type: 'init' }>;

function initMessage(over: Partial<Init> = {}, rows = full.rows.length): Init {
  const data: GridData = { ...full, rows: full.rows.slice(0, rows) };
  return {
    type: 'init',
    uri: 'file:///w/herg_activities.csv',
    file: 'herg_activities.csv',
    data,
    total: full.rows.length,
    selection: [],
    focusRow: -1,
    query: {},
    embedding: { available: false, note: '' },
    cardSize: 180,
    ...over,
  };
}

/** A grid state opened on the hERG sample with `query` applied, as the view does on init. */
function opened(query: Partial<GridQuery> = {}, over: Partial<Init> = {}): st.GridState {
  const s = st.createGridState();
  const { query: q } = st.initState(s, initMessage({ query, ...over }), undefined);
  st.setQuery(s, q);
  st.recompute(s);
  return s;
}

describe('grid state: query', () => {
  it('filters and sorts with the core query, and asks the host only for what a query part needs', () => {
    const s = opened();
    assert.equal(s.display.length, full.rows.length);
    assert.deepEqual(st.setQuery(s, { ...s.query, text: 'CHEMBL' }), [], 'text search runs in the view');
    st.recompute(s);
    const matching = full.rows.filter(r => r.values.some(v => v.toUpperCase().includes('CHEMBL'))).length;
    assert.equal(s.display.length, matching);
    assert.ok(matching > 0 && matching <= full.rows.length);

    const asks = st.setQuery(s, { ...s.query, smarts: 'c1ccccc1F', sort: { key: 'prop:mw', descending: true } });
    assert.deepEqual(asks, [{ type: 'smarts', smarts: 'c1ccccc1F' }, { type: 'computeProperties' }]);
    assert.equal(s.computed.smarts?.matches.length, full.rows.length);
    assert.deepEqual(
      st.setQuery(s, { ...s.query, ranges: [{ key: 'prop:tpsa', min: 0, max: 90 }] }),
      [],
      'properties are asked once',
    );
    st.recompute(s);
    assert.equal(s.display.length, 0, 'rows whose SMARTS match is unknown are hidden');
    assert.ok(s.pending.length > 0);
  });

  it('takes computed parts for the current query only and reports progress', () => {
    const s = opened({ smarts: 'F' });
    const n = full.rows.length;
    const values = Array.from({ length: n }, (_, i) => i % 2);
    assert.equal(
      st.applyChunk(s, { type: 'chunk', kind: 'smarts', key: 'Cl', start: 0, count: n, done: n, total: n, values }),
      false,
      'an old query',
    );
    assert.equal(
      st.applyChunk(s, { type: 'chunk', kind: 'smarts', key: 'F', start: 0, count: 10, done: 10, total: n, values }),
      true,
    );
    assert.match(st.statusText(s), /SMARTS 30% computed/);
    assert.equal(s.computed.smarts?.matches[11], UNKNOWN);
    st.applyChunk(s, {
      type: 'chunk',
      kind: 'smarts',
      key: 'F',
      start: 10,
      count: n - 10,
      done: n,
      total: n,
      values: values.slice(10),
    });
    st.recompute(s);
    assert.equal(s.display.length, values.filter(v => v === 1).length);
    assert.doesNotMatch(st.statusText(s), /computed/);

    const props = Array.from({ length: 2 * PROPERTIES.length }, (_, i) => i);
    st.applyChunk(s, {
      type: 'chunk',
      kind: 'properties',
      key: 'properties',
      start: 3,
      count: 2,
      done: 5,
      total: n,
      values: props,
    });
    assert.equal(s.computed.properties.clogp?.[4], PROPERTIES.length + 1);
    assert.equal(st.formatValue(s, 'prop:clogp', 4), String(PROPERTIES.length + 1));
    assert.equal(st.formatValue(s, 'prop:clogp', 0), '…');
  });

  it('an invalid SMARTS stops filtering and highlighting', () => {
    const s = opened({ smarts: '[C' });
    assert.equal(st.highlightSmarts(s), '[C');
    assert.equal(st.scanFailed(s, { type: 'scanError', kind: 'smarts', key: '[C', message: 'bad SMARTS' }), true);
    assert.equal(s.smartsError, 'bad SMARTS');
    assert.equal(st.highlightSmarts(s), '');
    assert.equal(st.scanFailed(s, { type: 'scanError', kind: 'smarts', key: 'other', message: 'x' }), false);
  });

  it('similarity search switches the sort to similarity and back', () => {
    const q1 = st.withSimilarity(EMPTY_QUERY, 'c1ccccc1', 'ecfp', '0.4');
    assert.deepEqual(q1.similarity, { smiles: 'c1ccccc1', method: 'ecfp', min: 0.4 });
    assert.deepEqual(q1.sort, { key: 'similarity', descending: true });
    assert.equal(st.withSimilarity(q1, 'c1ccccc1', 'ecfp', '7').similarity?.min, 1, 'clamped');
    const q2 = st.withSimilarity(q1, '', 'ecfp', '');
    assert.equal(q2.similarity, null);
    assert.deepEqual(q2.sort, EMPTY_QUERY.sort);
    const s = opened();
    assert.deepEqual(st.setQuery(s, q1), [{ type: 'similarity', smiles: 'c1ccccc1', method: 'ecfp' }]);
    assert.deepEqual(
      st.setQuery(s, { ...q1, similarity: { ...q1.similarity!, min: 0.5 } }),
      [],
      'a new minimum needs no new scores',
    );
    assert.deepEqual(st.extraFields(s), ['similarity']);
  });

  it('range filters: one per field, empty ends add nothing', () => {
    const key = `col:${col('standard_value')}` as const;
    const q1 = st.withRange(EMPTY_QUERY, key, '1', '');
    assert.deepEqual(q1.ranges, [{ key, min: 1, max: null }]);
    assert.deepEqual(st.withRange(q1, key, '', '5').ranges, [{ key, min: null, max: 5 }]);
    assert.equal(st.withRange(q1, key, '', 'x'), q1);
    assert.deepEqual(st.withoutRange(q1, 0).ranges, []);
    const s = opened({ ranges: [{ key, min: 100, max: null }] });
    const expected = full.rows.filter(r => Number(r.values[col('standard_value')]) >= 100).length;
    assert.equal(s.display.length, expected);
  });
});

describe('grid state: selection and focus', () => {
  it('selects one card, toggles, and extends a range from the anchor', () => {
    const s = opened({ sort: { key: `col:${col('standard_value')}`, descending: true } });
    assert.equal(st.select(s, 2, 'only'), true);
    assert.deepEqual([...s.selection], [s.display[2]]);
    st.select(s, 5, 'range');
    assert.deepEqual(
      [...s.selection].sort((a, b) => a - b),
      [...s.display.slice(2, 6)].sort((a, b) => a - b),
    );
    st.select(s, 3, 'toggle');
    assert.equal(s.selection.has(s.display[3]), false);
    assert.equal(s.anchor, 3);
    assert.deepEqual(st.selectedRows(s), [s.display[2], s.display[4], s.display[5]], 'in display order');
    assert.equal(st.select(s, s.display.length + 5, 'only'), false, 'no card there');
    st.clearSelection(s);
    assert.equal(s.selection.size, 0);
    st.selectAllShown(s);
    assert.equal(s.selection.size, s.display.length);
  });

  it('export takes hidden selected rows after the shown ones; copy takes the focused card when nothing is selected', () => {
    const s = opened();
    s.selection = new Set([7, 1, 30]);
    st.setQuery(s, { ...s.query, text: full.rows[30].values[col('mol_chembl_id')] });
    st.recompute(s);
    assert.deepEqual(st.selectedRows(s), [30, 1, 7]);
    st.clearSelection(s);
    assert.deepEqual(st.rowsToCopy(s), [30]);
    assert.match(st.statusText(s), /^1 of 33 molecules · 0 selected$/);
  });

  it('keeps focus on the same row across query changes, and clamps moves', () => {
    const s = opened();
    st.setFocus(s, 10);
    const row = s.display[10];
    st.setQuery(s, { ...s.query, sort: { key: 'row', descending: true } });
    st.recompute(s);
    assert.equal(s.display[s.focus], row);
    assert.equal(st.setFocus(s, -4), true);
    assert.equal(s.focus, 0);
    st.setFocus(s, 1e6);
    assert.equal(s.focus, s.display.length - 1);
  });

  it('takes the selection from the host on init and keeps query and selection when the same file comes again', () => {
    const s = st.createGridState();
    const { query } = st.initState(s, initMessage({ selection: [2, 4, 99, -1] }), {
      query: { ...EMPTY_QUERY, text: 'CHEMBL' },
      cardSize: 999,
      visibleColumns: [1, 77],
    });
    assert.deepEqual([...s.selection], [2, 4], 'rows outside the file are dropped');
    assert.equal(query.text, 'CHEMBL', 'the saved query is restored');
    assert.equal(s.cardSize, 180, 'an out-of-range saved size falls back to the setting');
    assert.deepEqual(s.visibleColumns, [1]);
    st.setQuery(s, query);
    st.recompute(s);
    assert.equal(st.select(s, 0, 'toggle'), true);
    const again = st.initState(s, initMessage({ selection: [] }), undefined);
    assert.equal(again.query.text, 'CHEMBL');
    assert.equal(s.selection.size, 3, 'an edit of the same file keeps the live selection');
    assert.equal('selection' in st.viewState(s, 0), false, 'the host keeps the selection, not the saved view state');
  });

  it('focuses a row that arrives with a later part of the file', () => {
    const s = st.createGridState();
    const { query, focusRow } = st.initState(s, initMessage({ focusRow: 30 }, 20), undefined);
    st.setQuery(s, query);
    st.recompute(s);
    assert.equal(s.display.length, 20);
    s.pendingFocus = focusRow;
    assert.equal(st.appendRows(s, 25, packRows(full.rows.slice(20))), false, 'not the next part');
    assert.equal(st.appendRows(s, 20, packRows(full.rows.slice(20))), true);
    assert.equal(st.recompute(s), true, 'focus moved to the waiting row');
    assert.equal(s.display[s.focus], 30);
    assert.equal(s.pendingFocus, -1);
  });
});

describe('grid state: layout and the window in view', () => {
  it('places cards in lines and finds those in a viewport', () => {
    const s = opened();
    s.cardSize = 140;
    const l = st.gridLayout(s, 8 + 3 * (140 + 8) + 20);
    assert.equal(l.columnsPerRow, 3);
    assert.equal(l.height, Math.ceil(33 / 3) * (l.cardHeight + st.GAP) + st.GAP);
    assert.deepEqual(st.cardPosition(s, l, 4), { x: st.GAP + 140 + st.GAP, y: st.GAP + l.cardHeight + st.GAP });
    const line = l.cardHeight + st.GAP;
    assert.deepEqual(st.visibleRange(s, l, 0, 2 * line), [0, 9]);
    assert.deepEqual(st.visibleRange(s, l, 5 * line, line), [12, 21]);
    assert.equal(st.keyMove('ArrowDown', l, 2 * line), 3);
    assert.equal(st.keyMove('PageUp', l, 2 * line), -6);
    assert.equal(st.keyMove('x', l, 2 * line), undefined);
    st.setFocus(s, 30);
    const top = st.scrollToFocus(s, l, 0, 2 * line);
    assert.equal(top, st.cardPosition(s, l, 30).y + l.cardHeight - 2 * line + st.GAP);
    assert.equal(st.scrollToFocus(s, l, top, 2 * line), top, 'in view: no scroll');
  });

  it('shows label columns by default and the chosen ones once chosen', () => {
    const s = opened();
    const shown = st.shownColumns(s);
    assert.ok(shown.length > 0 && shown.length <= 3);
    assert.ok(!shown.includes(full.title));
    st.setColumnShown(s, shown[0], false);
    assert.deepEqual(st.shownColumns(s), shown.slice(1));
    const before = st.gridLayout(s, 600).cardHeight;
    st.setColumnShown(s, col('standard_value'), true);
    assert.equal(st.gridLayout(s, 600).cardHeight, before + 18, 'one more line per shown column');
  });

  it('starts the range filter on a label column, never on an identifier (a vendor catalogue column)', () => {
    const adme = fs.readFileSync(path.join(ROOT, 'test/fixtures/data/dirty/biogen_adme_public_first246.csv'), 'utf8');
    const data = gridSource(readText(adme, 'csv')).data;
    const s = st.createGridState();
    st.initState(s, { ...initMessage(), data, total: data.rows.length, file: 'adme.csv' }, undefined);
    const name = (key: string) => data.columns[Number(key.slice(4))].name;
    const fields = st.numericFields(s).filter(k => k.startsWith('col:'));
    assert.equal(name(fields[0]), 'LOG HLM_CLint (mL/min/kg)');
    for (const id of ['Internal ID', 'Vendor ID', 'CollectionName'])
      assert.ok(!fields.some(k => name(k) === id), `${id} is not a range field`);
    assert.equal(data.columns.find(c => c.name === 'Vendor ID')!.role, 'id');
  });

  it('writes numbers with significant digits and draws depictions at the card inner width', () => {
    const s = opened();
    const value = col('standard_value');
    assert.equal(st.cellText(s, value, '1430.000000000'), '1430');
    assert.equal(st.cellText(s, value, '0.123456'), '0.1235');
    assert.equal(st.cellText(s, value, '>10'), '>10', 'censored values as written');
    assert.equal(
      st.cellText(s, col('molregno'), '1430.000000000'),
      '1430.000000000',
      'a non-numeric column as written',
    );
    assert.equal(st.depictionWidth(s), s.cardSize - st.CARD_INSET);
  });
});
