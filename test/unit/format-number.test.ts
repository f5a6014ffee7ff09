import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatNumber } from '../../src/common/format/number';

describe('formatNumber', () => {
  it('writes significant digits, not the source text or the float', () => {
    const cases: Array<[number, string]> = [
      [1430.0, '1430'],
      [1430.000000001, '1430'],
      [0.123456789, '0.1235'],
      [12.3456789, '12.35'],
      [-2.5, '-2.5'],
      [0, '0'],
      [123456.789, '123457'],
      [7.3e-7, '7.3e-7'],
      [1e20, '1e20'],
      [0.1 + 0.2, '0.3'],
    ];
    for (const [value, text] of cases) assert.equal(formatNumber(value), text, String(value));
    assert.equal(formatNumber(0.123456789, 2), '0.12');
    assert.equal(formatNumber(NaN), 'NaN');
  });
});
