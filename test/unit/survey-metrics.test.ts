// Our own model's numbers, read from a model manifest; and the benchmark comparison they join.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { taskOf } from '../../src/common/survey/ownMetrics';
import { parseOwnMetrics } from '../../src/core/survey/ownMetrics';
import { benchmarkTasks, compare, rowsForReference } from '../../src/common/survey/benchmarks';
import { surveyData } from '../../src/common/survey/catalog';

const fixture = path.resolve(__dirname, '../../../test/fixtures/survey/manifest.json');
const tasks = benchmarkTasks(surveyData.benchmarks);

describe('own model metrics', () => {
  it('reads the metrics of a manifest in its several plain shapes', () => {
    const m = parseOwnMetrics(fs.readFileSync(fixture, 'utf8'), 'manifest.json');
    assert.ok(m.available);
    assert.equal(m.model, 'molml-smiles-encoder');
    assert.match(m.protocol ?? '', /scaffold split/);
    const by = new Map(m.metrics.map(x => [taskOf(x.dataset, tasks), x]));
    assert.equal(by.get('BBBP')?.metric, 'ROC-AUC');
    assert.ok(Math.abs(by.get('BBBP')!.mean - 71.2) < 1e-9 && Math.abs(by.get('BBBP')!.std! - 1.8) < 1e-9);
    assert.ok(Math.abs(by.get('BACE')!.mean - 77.4) < 1e-9);
    assert.deepEqual([by.get('ESOL')?.metric, by.get('ESOL')?.mean, by.get('ESOL')?.split], ['RMSE', 1.05, 'scaffold']);
    assert.equal(by.get('Tox21')?.mean, 0.731, 'a bare number has no metric name, so it is not rescaled');
    assert.deepEqual(m.skipped, ['clintox: no numeric value']);
  });

  it("reads the shipped model's manifest, where metrics are grouped by configuration", () => {
    const manifest = path.resolve(__dirname, '../../../models/default/manifest.json');
    const m = parseOwnMetrics(fs.readFileSync(manifest, 'utf8'), 'manifest.json');
    assert.ok(m.available);
    // The shipped weights' own measured row, not the mean over seeds.
    assert.match(m.protocol ?? '', /scaffold split.*shipped weights, all test molecules/);
    const raw = JSON.parse(fs.readFileSync(manifest, 'utf8')).metrics.shipped_molml.datasets;
    const by = new Map(m.metrics.map(x => [taskOf(x.dataset, tasks), x]));
    assert.equal(by.size, 9);
    assert.deepEqual([by.get('ESOL')?.metric, by.get('ESOL')?.mean], ['RMSE', raw.ESOL.all]);
    assert.deepEqual([by.get('HIV')?.metric, by.get('HIV')?.mean], ['ROC-AUC', raw.HIV.all]);
  });

  it('says why nothing is available', () => {
    assert.deepEqual(parseOwnMetrics('{', 'm.json'), {
      available: false,
      reason:
        'm.json is not valid JSON: ' +
        (() => {
          try {
            JSON.parse('{');
          } catch (e) {
            return (e as Error).message;
          }
          return '';
        })(),
    });
    assert.deepEqual(parseOwnMetrics('{"name":"x"}', 'm.json'), {
      available: false,
      reason: 'm.json has no "metrics" object',
    });
    const none = parseOwnMetrics('{"metrics":{"bbbp":"high"}}', 'm.json');
    assert.equal(none.available, false);
    assert.deepEqual(parseOwnMetrics('{"metrics":[0.7]}', 'm.json'), {
      available: false,
      reason: 'm.json has no "metrics" object',
    });
  });

  it('reads a field of the wrong type as absent', () => {
    const m = parseOwnMetrics(
      '{"name":5,"id":"enc","split":["x"],"evaluation":{"split":3,"protocol":"random split"},"tasks":"none","metrics":{"bbbp":0.7}}',
      'm.json',
    );
    assert.deepEqual(m, {
      available: true,
      model: 'enc',
      protocol: 'random split',
      metrics: [{ dataset: 'bbbp', metric: null, mean: 0.7, split: null }],
      skipped: [],
    });
  });

  it('maps dataset names to benchmark tasks', () => {
    assert.equal(taskOf('bbbp_BBBP', tasks), 'BBBP');
    assert.equal(taskOf('esol_delaney-processed', tasks), 'ESOL');
    assert.equal(taskOf('lipo', tasks), 'Lipophilicity');
    assert.equal(taskOf('qm9', tasks), null);
  });
});

describe('benchmark comparison', () => {
  it('groups rows by protocol and keeps only rows reporting a chosen task', () => {
    const groups = compare(surveyData.benchmarks, ['MUV']);
    const expected = new Set(surveyData.benchmarks.rows.filter(r => 'MUV' in r.values).map(r => r.protocol));
    assert.deepEqual(new Set(groups.map(g => g.protocol)), expected);
    for (const g of groups)
      for (const r of g.rows) {
        assert.equal(r.protocol, g.protocol);
        assert.ok('MUV' in r.values);
      }
    assert.ok(groups.every(g => g.description.length > 0));
  });

  it("finds a paper's own rows and later re-runs of its model", () => {
    const grover = surveyData.catalog.references.find(r => r.id === 'grover-2020')!;
    const rows = rowsForReference(surveyData.benchmarks, grover);
    assert.ok(rows.some(r => r.paperId === 'grover-2020'));
    assert.ok(
      rows.some(r => r.paperId === null && r.model === 'GROVER'),
      'the ChemBERTa-3 re-run',
    );
  });
});
