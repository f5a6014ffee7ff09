import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toHostProblem, MAX_DEPICT_ROWS } from '../../src/common/grid/protocol';

describe('grid message protocol', () => {
  const ok = (m: unknown) => assert.equal(toHostProblem(m, 100), null, JSON.stringify(m));
  const bad = (m: unknown, why: RegExp) => assert.match(toHostProblem(m, 100) ?? 'accepted', why, JSON.stringify(m));

  it('accepts every well-formed message', () => {
    ok({ type: 'ready' });
    ok({ type: 'depict', rows: [0, 5, 99], width: 180, smarts: '' });
    ok({ type: 'computeProperties' });
    ok({ type: 'smarts', smarts: 'c1ccccc1' });
    ok({ type: 'similarity', smiles: 'CCO', method: 'ecfp' });
    ok({ type: 'similarity', smiles: 'CCO', method: 'embedding' });
    ok({ type: 'reveal', row: 99 });
    ok({ type: 'selectionChanged', rows: [] });
    ok({ type: 'export', rows: [1, 2], format: 'csv' });
    ok({ type: 'copy', rows: [1], format: 'smiles' });
  });

  it('refuses unknown types, extra fields and wrong kinds', () => {
    bad(null, /not an object/);
    bad([], /not an object/);
    bad({ type: 'runCommand', command: 'x' }, /unknown message type/);
    bad({ type: 'ready', html: '<b>' }, /unexpected field html/);
    bad({ type: 'reveal', row: '3' }, /row must be number/);
    bad({ type: 'smarts' }, /smarts must be string/);
  });

  it('refuses rows outside the file, non-integers and oversized lists', () => {
    bad({ type: 'reveal', row: 100 }, /row position below 100/);
    bad({ type: 'reveal', row: -1 }, /row position/);
    bad({ type: 'reveal', row: 1.5 }, /row position/);
    bad({ type: 'depict', rows: [1, 100], width: 180, smarts: '' }, /depict: rows/);
    bad({ type: 'depict', rows: { length: 1, 0: 1 }, width: 180, smarts: '' }, /depict: rows/);
    bad(
      { type: 'depict', rows: Array.from({ length: MAX_DEPICT_ROWS + 1 }, () => 0), width: 180, smarts: '' },
      /at most/,
    );
    bad({ type: 'depict', rows: [1], width: 5000, smarts: '' }, /width/);
    bad({ type: 'export', rows: ['1'], format: 'csv' }, /export: rows/);
    bad({ type: 'selectionChanged', rows: [1, null] }, /selectionChanged: rows/);
  });

  it('refuses values outside the enumerations', () => {
    bad({ type: 'export', rows: [1], format: 'html' }, /format must be one of csv, smiles/);
    bad({ type: 'copy', rows: [1], format: '../x' }, /format/);
    bad({ type: 'similarity', smiles: 'CCO', method: 'random' }, /method must be one of ecfp, embedding/);
    bad({ type: 'similarity', smiles: 'C'.repeat(2001), method: 'ecfp' }, /too long/);
  });
});
