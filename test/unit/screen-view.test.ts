// The screen results view's message checks and the screen command's rate and folder (pure parts, no editor).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toHostProblem, MAX_DEPICT_SMILES } from '../../src/common/screen/protocol';
import type { ScreenColumn } from '../../src/common/screen/query';
import { formatDuration, RateMeter } from '../../src/common/screen/progress';
import { defaultScreenFolder } from '../../src/extension/screen/run';

const columns: ScreenColumn[] = [
  { name: 'row', kind: 'number' },
  { name: 'smiles', kind: 'text' },
  { name: 'pred_logS', kind: 'number' },
];
const problem = (m: unknown) => toHostProblem(m, columns, ['refused-00000.csv']);

describe('screen view protocol', () => {
  it('accepts pages, histograms and depictions within bounds', () => {
    assert.equal(
      problem({
        type: 'page',
        id: 1,
        filters: [{ column: 'pred_logS', op: '>', value: -2 }],
        sort: { column: 'pred_logS', descending: true },
        offset: 100,
        limit: 100,
      }),
      null,
    );
    assert.equal(problem({ type: 'page', id: 2, filters: [], sort: null, offset: 0, limit: 100 }), null);
    assert.equal(problem({ type: 'histogram', id: 3, column: 'pred_logS', bins: 40, filters: [] }), null);
    assert.equal(problem({ type: 'depict', smiles: ['CCO'], width: 120 }), null);
    assert.equal(problem({ type: 'openRefused', file: 'refused-00000.csv' }), null);
  });

  it('refuses what the folder does not have and requests out of bounds', () => {
    const page = { type: 'page', id: 1, filters: [], sort: null, offset: 0, limit: 100 };
    assert.match(problem({ ...page, sort: { column: 'x', descending: true } })!, /no column/);
    assert.match(problem({ ...page, filters: [{ column: 'smiles', op: '>', value: 'C' }] })!, /operator/);
    assert.match(problem({ ...page, offset: -1 })!, /offset/);
    assert.match(problem({ ...page, offset: 1.5 })!, /offset/);
    assert.match(problem({ ...page, limit: 10_000 })!, /limit/);
    assert.match(problem({ ...page, extra: 1 })!, /unexpected field extra/);
    assert.match(problem({ type: 'histogram', id: 1, column: 'smiles', bins: 10, filters: [] })!, /number column/);
    assert.match(problem({ type: 'histogram', id: 1, column: 'row', bins: 0, filters: [] })!, /bins/);
    const many = Array.from({ length: MAX_DEPICT_SMILES + 1 }, () => 'C');
    assert.match(problem({ type: 'depict', smiles: many, width: 120 })!, /at most/);
    assert.match(problem({ type: 'depict', smiles: ['C'], width: 5000 })!, /width/);
    assert.match(problem({ type: 'openRefused', file: '../../etc/passwd' })!, /not a refused-rows file/);
    assert.match(problem({ type: 'nope' })!, /unknown message type/);
  });
});

describe('screen command progress', () => {
  it('measures the rate from the first report on (a resumed run starts part-way) and the time left', () => {
    const m = new RateMeter();
    assert.deepEqual(m.update({ done: 500_000, total: 1_000_000 }, 0), {});
    const r = m.update({ done: 600_000, total: 1_000_000 }, 10_000);
    assert.equal(r.rate, 10_000);
    assert.equal(r.secondsLeft, 40);
    assert.equal(formatDuration(40), '40 s');
    assert.equal(formatDuration(600), '10 min');
    assert.equal(formatDuration(7200), '2.0 h');
  });

  it('puts the output folder beside the library, without .gz', () => {
    assert.equal(defaultScreenFolder('/data/lib.smi.gz'), '/data/lib.smi.screen');
    assert.equal(defaultScreenFolder('/data/lib.csv'), '/data/lib.csv.screen');
  });
});
