// Number formats and axis ticks shared by the results view: significant digits, plain decimals in the range
// chemists read (never 3.6e-3), nice 1-2-5 ticks that cover the data, and label widths for the plot margins.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  fitText,
  formatMetric,
  formatNumber,
  formatProbability,
  niceTicks,
  textWidth,
  tickFormatter,
} from '../../src/common/results/format';

describe('formatNumber', () => {
  it('writes significant digits as plain decimals, trailing zeros dropped', () => {
    assert.equal(formatNumber(0.0036), '0.0036');
    assert.equal(formatNumber(0.003621), '0.00362');
    assert.equal(formatNumber(-2.8734), '−2.87');
    assert.equal(formatNumber(0.1 + 0.2), '0.3');
    assert.equal(formatNumber(1.5), '1.5');
    assert.equal(formatNumber(123.456), '123');
    assert.equal(formatNumber(98765), '98765');
    assert.equal(formatNumber(2.0), '2');
    assert.equal(formatNumber(0.99951), '1');
    assert.equal(formatNumber(-0.0001234), '−0.000123');
  });
  it('uses a power of ten only for very small or large magnitudes, never e-notation', () => {
    assert.equal(formatNumber(4.1e-7), '4.1×10⁻⁷');
    assert.equal(formatNumber(2.5e6), '2.5×10⁶');
    assert.equal(formatNumber(1e-5), '10⁻⁵');
    assert.equal(formatNumber(-9.996e-5), '−10⁻⁴');
    for (const v of [3.6e-3, 1e-4, 0.5, 42, 999999, 1e7, 7e-9]) assert.doesNotMatch(formatNumber(v), /e/i);
  });
  it('writes zero, missing and infinite values plainly', () => {
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(-0), '0');
    assert.equal(formatNumber(null), '');
    assert.equal(formatNumber(NaN), '');
    assert.equal(formatNumber(-Infinity), '−∞');
  });
  it('probabilities: two decimals, the ends as <0.01 and >0.99', () => {
    assert.equal(formatProbability(0.5), '0.50');
    assert.equal(formatProbability(0.0036), '<0.01');
    assert.equal(formatProbability(0.9991), '>0.99');
    assert.equal(formatProbability(0), '0.00');
    assert.equal(formatProbability(1), '1.00');
    assert.equal(formatProbability(undefined), '');
  });
  it('metrics: three significant digits or n/a', () => {
    assert.equal(formatMetric(0.87654), '0.877');
    assert.equal(formatMetric(-0.5), '−0.5');
    assert.equal(formatMetric(NaN), 'n/a');
    assert.equal(formatMetric(null), 'n/a');
  });
});

describe('niceTicks', () => {
  it('covers the data with 1-2-5 steps and exact values', () => {
    const t = niceTicks(0.0012, 0.0081, 6);
    assert.equal(t.step, 0.002);
    assert.deepEqual(t.values, [0, 0.002, 0.004, 0.006, 0.008, 0.01]);
    assert.ok(t.min <= 0.0012 && t.max >= 0.0081);
    assert.deepEqual(niceTicks(0, 1, 6).values, [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(niceTicks(-11.6, 1.58, 6).values, [-15, -10, -5, 0, 5]);
  });
  it('never gives more ticks than asked, and widens a single value to a range', () => {
    for (const [lo, hi] of [
      [-3.7, 1.2],
      [0, 37],
      [-11.6, 1.58],
      [0.31, 0.32],
      [1e-9, 3e-9],
      [12, 98765],
    ])
      for (const n of [3, 4, 5, 6]) {
        const t = niceTicks(lo, hi, n);
        assert.ok(t.values.length <= n && t.values.length >= 2, `${lo}..${hi} in ${n}: ${t.values}`);
        assert.ok(t.min <= lo && t.max >= hi, `${lo}..${hi} covered by ${t.min}..${t.max}`);
      }
    const one = niceTicks(3, 3);
    assert.ok(one.min < 3 && one.max > 3);
    assert.deepEqual(niceTicks(0, 0).values, [-1, -0.5, 0, 0.5, 1]);
  });
  it('whole steps for counts', () => {
    assert.deepEqual(niceTicks(0, 12, 6, { integer: true }).values, [0, 5, 10, 15]);
    assert.deepEqual(niceTicks(0, 2, 3, { integer: true }).values, [0, 1, 2]);
    for (const top of [1, 3, 7, 12, 25, 137])
      for (const v of niceTicks(0, top, Math.min(6, top + 1), { integer: true }).values)
        assert.ok(Number.isInteger(v), `${top}: ${v}`);
  });
});

describe('tickFormatter', () => {
  it('gives every tick of an axis the same decimals, in plain notation', () => {
    const t = niceTicks(0.0012, 0.0081, 6);
    assert.deepEqual(t.values.map(tickFormatter(t)), ['0.000', '0.002', '0.004', '0.006', '0.008', '0.010']);
    const u = niceTicks(-3.7, 1.2, 6);
    assert.deepEqual(u.values.map(tickFormatter(u)), ['−4', '−2', '0', '2']);
    const q = niceTicks(0, 1, 5);
    assert.deepEqual(q.values.map(tickFormatter(q)), ['0.00', '0.25', '0.50', '0.75', '1.00']);
  });
  it('a power of ten for tiny steps', () => {
    const t = niceTicks(1e-6, 5e-6, 5);
    const labels = t.values.map(tickFormatter(t));
    assert.deepEqual(labels.slice(0, 2), ['10⁻⁶', '2×10⁻⁶']);
    assert.ok(labels.every(l => !/e/i.test(l)));
  });
});

describe('label widths', () => {
  it('estimates generously and shortens with an ellipsis to fit', () => {
    assert.ok(textWidth('−0.0036', 11) >= 7 * 11 * 0.6);
    assert.equal(fitText('logS', 100, 11), 'logS');
    const long = fitText('predicted measured log solubility in mols per litre', 120, 11);
    assert.ok(long.endsWith('…'));
    assert.ok(textWidth(long, 11) <= 120);
  });
});
