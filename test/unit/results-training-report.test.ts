// The training report: k, split, rows used and refused, every candidate beside the baseline scored in the same folds,
// and the kept head's in-sample metrics apart.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { metricKeys } from '../../src/common/results/training-report';
import { trainingReport } from '../../src/extension/results/payloads';
import type { TrainOutcome } from '../../src/core/model/worker-protocol';

const baselineMetrics = { rmse: 2.05, mae: 1.6, r2: -0.01 };
const candidate = (name: string, features: 'ecfp' | 'embedding' | 'embedding+ecfp', rmse: number) => ({
  name,
  features,
  method: 'ridge',
  hyperparameter: 10,
  rows: [0, 1, 2, 3],
  metrics: { rmse, mae: rmse * 0.8, r2: 0.5 },
  baselineMetrics,
  inSampleMetrics: { rmse: rmse / 3, mae: rmse / 4, r2: 0.96 },
  outOfFold: [0, 0, 0, 0],
});

describe('training report', () => {
  it('reports the split, k, rows, the baseline in the same folds and in-sample metrics apart', () => {
    const outcome = {
      kind: 'train',
      task: 'regression',
      split: 'scaffold',
      folds: 5,
      rows: { used: 96, refused: 4 },
      best: 2,
      issues: [],
      head: {},
      candidates: [
        candidate('embedding (m@1)', 'embedding', 1.1),
        candidate('ecfp (Morgan r2/2048)', 'ecfp', 1.3),
        candidate('embedding (m@1) + ecfp', 'embedding+ecfp', 0.9),
      ],
    } as unknown as TrainOutcome;
    const report = trainingReport('logS', outcome, 'sol.logS.head.json');
    assert.deepEqual(
      [report.folds, report.split, report.rowsUsed, report.rowsRefused, report.savedTo],
      [5, 'scaffold', 96, 4, 'sol.logS.head.json'],
    );
    assert.deepEqual(report.metrics, metricKeys('regression'));
    const baseline = report.candidates.at(-1)!;
    assert.deepEqual(
      [baseline.kind, baseline.name, baseline.rows, baseline.metrics],
      ['baseline', 'Mean of the training folds', 96, baselineMetrics],
    );
    assert.deepEqual(
      report.candidates.map(c => [c.name, c.detail, c.chosen]),
      [
        ['Embeddings', 'm@1', false],
        ['ECFP4 bits', 'Morgan r2/2048', false],
        ['Embeddings + ECFP4 bits', undefined, true],
        ['Mean of the training folds', undefined, false],
      ],
    );
    assert.deepEqual(report.inSample, { rmse: 0.3, mae: 0.225, r2: 0.96 });
  });

  it('classification reports ROC AUC and accuracy against the class prior', () => {
    assert.deepEqual(metricKeys('classification'), ['rocAuc', 'accuracy']);
  });
});
