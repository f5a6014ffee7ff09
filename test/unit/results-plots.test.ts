// The numbers behind the results view's plots, checked against values computed independently (numpy.histogram,
// a hand-worked ROC, numpy R²/RMSE).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { histogram, rocCurve, regressionFit, numericColumn } from '../../src/common/results/plots';

describe('histogram', () => {
  it('matches numpy.histogram for equal-width bins, the maximum in the last bin', () => {
    const h = histogram([1, 2, 2, 3, 3, 3, 4, 4, 4, 4], 5);
    assert.deepEqual(h.counts, [1, 2, 0, 3, 4]);
    assert.deepEqual(
      h.edges.map(e => Number(e.toFixed(6))),
      [1, 1.6, 2.2, 2.8, 3.4, 4],
    );
  });
  it('skips missing and non-finite values and picks Sturges bins', () => {
    const values = [...Array.from({ length: 16 }, (_, i) => i), null, undefined, NaN, Infinity];
    const h = histogram(values);
    assert.equal(h.counts.length, 5); // ceil(log2(16) + 1)
    assert.equal(
      h.counts.reduce((a, b) => a + b, 0),
      16,
    );
  });
  it('one bin around a constant column, none for no values', () => {
    assert.deepEqual(histogram([2, 2, 2]), { edges: [1.5, 2.5], counts: [3] });
    assert.deepEqual(histogram([null]), { edges: [], counts: [] });
  });
});

describe('ROC curve', () => {
  it('steps through every distinct threshold; tied scores move diagonally; AUC as Mann-Whitney', () => {
    const y = [0, 0, 1, 1, 0, 1, 1, 0];
    const s = [0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.6, 0.2];
    const roc = rocCurve(y, s)!;
    assert.deepEqual(
      roc.points.map(p => [p.fpr, p.tpr]),
      [
        [0, 0],
        [0, 0.25],
        [0, 0.5],
        [0, 0.75],
        [0.5, 0.75],
        [0.5, 1],
        [0.75, 1],
        [1, 1],
      ],
    );
    assert.equal(roc.auc, 0.875);
    assert.equal(roc.positives, 4);
  });
  it('is undefined without both classes, and ignores rows without a score or a 0/1 label', () => {
    assert.equal(rocCurve([1, 1], [0.2, 0.3]), undefined);
    const roc = rocCurve([1, 0, null, 2, 1], [0.9, 0.1, 0.5, 0.5, null])!;
    assert.equal(roc.positives + roc.negatives, 2);
    assert.equal(roc.auc, 1);
  });
});

describe('predicted vs. measured', () => {
  it('R² and RMSE as numpy computes them, over rows with both values', () => {
    const fit = regressionFit([1, 2, 3, 4, 5, null], [1.1, 1.9, 3.2, 3.8, 5.3, 7])!;
    assert.equal(fit.n, 5);
    assert.ok(Math.abs(fit.r2 - 0.981) < 1e-12);
    assert.ok(Math.abs(fit.rmse - 0.1949358868961793) < 1e-12);
    assert.equal(fit.min, 1);
    assert.equal(fit.max, 5.3);
  });
  it('needs two points', () => {
    assert.equal(regressionFit([1], [1]), undefined);
  });
  it('reads numbers from cells, leaving text and blanks missing', () => {
    assert.deepEqual(numericColumn(['1.5', ' 2 ', '', 'n/a', 3, null]), [1.5, 2, null, null, 3, null]);
  });
});
