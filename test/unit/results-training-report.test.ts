// What the training report reads from a head: k, split, rows, baseline and in-sample metrics where the head records
// them (in the places MolML versions put them), "not recorded" (null) where it does not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { recordedFacts, metricKeys } from '../../src/common/results/training-report';
import { trainingReport } from '../../src/extension/results/payloads';
import type { TrainOutcome } from '../../src/core/model/worker-protocol';

const candidate = (name: string, features: 'ecfp' | 'embedding', rmse: number) => ({
  name,
  features,
  method: 'ridge',
  hyperparameter: 10,
  rows: [0, 1, 2, 3],
  metrics: { rmse, mae: rmse * 0.8, r2: 0.5 },
  outOfFold: [0, 0, 0, 0],
});

describe('training report', () => {
  it('an older head records k and rows only: split, baseline and in-sample read as not recorded', () => {
    const facts = recordedFacts({ metrics: { folds: 5, rows: 120, rmse: 0.9 }, training: { label: 'y' } });
    assert.deepEqual(facts, {
      folds: 5,
      split: null,
      rowsUsed: 120,
      rowsRefused: null,
      baseline: null,
      inSample: null,
    });
  });

  it('a head that records its validation: scaffold split, refused rows, baseline and in-sample metrics', () => {
    const head = {
      metrics: { folds: 5, rows: 96, rmse: 1.1 },
      training: { label: 'logS', split: 'scaffold', refused: 4 },
      validation: {
        baseline: { name: 'mean predictor', metrics: { rmse: 2.05, mae: 1.6, r2: -0.01 } },
        inSample: { rmse: 0.41, mae: 0.3, r2: 0.96 },
      },
    };
    const facts = recordedFacts(head);
    assert.equal(facts.split, 'scaffold');
    assert.equal(facts.rowsRefused, 4);
    assert.deepEqual(facts.baseline, { name: 'mean predictor', metrics: { rmse: 2.05, mae: 1.6, r2: -0.01 } });
    assert.deepEqual(facts.inSample, { rmse: 0.41, mae: 0.3, r2: 0.96 });
    // snake_case and a split object are read too; an unknown split kind is not guessed.
    assert.equal(recordedFacts({ training: { split: { kind: 'random' } } }).split, 'random');
    assert.equal(recordedFacts({ training: { split: 'temporal' } }).split, null);
    assert.deepEqual(recordedFacts({ metrics: { in_sample: { roc_auc: 0.99, accuracy: 0.97 } } }).inSample, {
      rocAuc: 0.99,
      accuracy: 0.97,
    });

    const outcome = {
      kind: 'train',
      task: 'regression',
      best: 0,
      issues: [],
      head,
      candidates: [candidate('embedding (m@1)', 'embedding', 1.1), candidate('ecfp (Morgan r2/2048)', 'ecfp', 1.3)],
    } as unknown as TrainOutcome;
    const report = trainingReport('logS', outcome, 'sol.logS.head.json', 4);
    assert.deepEqual(
      [report.folds, report.split, report.rowsUsed, report.rowsRefused, report.savedTo],
      [5, 'scaffold', 96, 4, 'sol.logS.head.json'],
    );
    assert.deepEqual(report.metrics, metricKeys('regression'));
    const baseline = report.candidates.at(-1)!;
    assert.deepEqual(
      [baseline.kind, baseline.name, baseline.metrics],
      ['baseline', 'mean predictor', { rmse: 2.05, mae: 1.6, r2: -0.01 }],
    );
    assert.deepEqual(
      report.candidates.filter(c => c.chosen).map(c => [c.name, c.detail]),
      [['Embeddings', 'm@1']],
    );
    assert.deepEqual(report.inSample, { rmse: 0.41, mae: 0.3, r2: 0.96 });
  });
});
