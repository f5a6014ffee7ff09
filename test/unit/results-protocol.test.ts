// The results view's protocol: the host's validation of view messages, the shared filter/sort used by the view and
// the CSV export, and the payloads built from job outcomes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { messageProblem } from '../../src/common/messages';
import { toHostShapes, type PlotSpec, type ResultColumn, type ResultRow } from '../../src/common/results/protocol';
import { viewRows, DEFAULT_VIEW } from '../../src/common/results/table-model';
import {
  predictPayload,
  trainPayload,
  similarPayload,
  payloadCsv,
  measuredColumn,
} from '../../src/extension/results/payloads';

describe('results protocol validation (host side)', () => {
  it('accepts the declared messages', () => {
    assert.equal(messageProblem(toHostShapes, { type: 'ready' }), null);
    assert.equal(messageProblem(toHostShapes, { type: 'reveal', id: 3 }), null);
    assert.equal(
      messageProblem(toHostShapes, {
        type: 'export',
        filter: 'CCO',
        flaggedOnly: false,
        sortKey: 'pred:logS',
        descending: true,
      }),
      null,
    );
    assert.equal(messageProblem(toHostShapes, { type: 'depict', smiles: ['CCO', 'c1ccccc1'] }), null);
  });
  it('refuses unknown types, missing or mistyped fields, extra fields and oversized lists', () => {
    assert.match(messageProblem(toHostShapes, { type: 'runCommand', command: 'x' })!, /unknown message type/);
    assert.match(messageProblem(toHostShapes, { type: 'reveal', id: '3' })!, /field id must be number/);
    assert.match(messageProblem(toHostShapes, { type: 'reveal', id: Infinity })!, /field id must be number/);
    assert.match(messageProblem(toHostShapes, { type: 'reveal', id: 1, html: '<b>' })!, /unexpected field html/);
    assert.match(messageProblem(toHostShapes, { type: 'export', filter: '' })!, /field flaggedOnly must be boolean/);
    assert.match(
      messageProblem(toHostShapes, { type: 'depict', smiles: Array.from({ length: 1001 }, () => 'C') })!,
      /smiles must be string\[\]/,
    );
    assert.match(messageProblem(toHostShapes, null)!, /not an object/);
  });
});

const columns: ResultColumn[] = [
  { key: 'row', title: '#', role: 'row', numeric: true },
  { key: 'smiles', title: 'Molecule', role: 'smiles', numeric: false },
  { key: 'pred:y', title: 'y', role: 'prediction', numeric: true },
];
const rows: ResultRow[] = [
  { id: 0, row: 1, values: [1, 'CCO', 2.5] },
  { id: 1, row: 2, values: [2, 'c1ccccc1', null], flag: 'tiny: token "Br" is not in the vocabulary' },
  { id: 2, row: 3, values: [3, 'CCN', -1] },
  { id: 3, row: 4, values: [4, 'CCCl', 10] },
];

describe('filter and sort (shared by the view and the export)', () => {
  it('sorts numbers numerically, empty cells last in both directions', () => {
    assert.deepEqual(
      viewRows(columns, rows, { ...DEFAULT_VIEW, sortKey: 'pred:y' }).map(r => r.id),
      [2, 0, 3, 1],
    );
    assert.deepEqual(
      viewRows(columns, rows, { ...DEFAULT_VIEW, sortKey: 'pred:y', descending: true }).map(r => r.id),
      [3, 0, 2, 1],
    );
  });
  it('filters by every word across cells and flags, and by flagged rows', () => {
    assert.deepEqual(
      viewRows(columns, rows, { ...DEFAULT_VIEW, filter: 'ccn' }).map(r => r.id),
      [2],
    );
    assert.deepEqual(
      viewRows(columns, rows, { ...DEFAULT_VIEW, filter: 'vocabulary br' }).map(r => r.id),
      [1],
    );
    assert.deepEqual(
      viewRows(columns, rows, { ...DEFAULT_VIEW, flaggedOnly: true }).map(r => r.id),
      [1],
    );
  });
  it('an unknown sort key keeps the original order', () => {
    assert.deepEqual(
      viewRows(columns, rows, { ...DEFAULT_VIEW, sortKey: 'nope' }).map(r => r.id),
      [0, 1, 2, 3],
    );
  });
});

describe('payloads', () => {
  const molecules = {
    fileName: '/data/sol.csv',
    smiles: ['CCO', 'CCBr', 'CCN'],
    rowNumbers: [1, 2, 3],
    columns: ['smiles', 'logS', 'active'],
    cells: [
      ['CCO', '0.5', '1'],
      ['CCBr', '-1', '0'],
      ['CCN', '', '1'],
    ],
  };

  it('predict: prediction, uncertainty, measured and AD columns, flags, and the plots the data allows', () => {
    const p = predictPayload(
      molecules,
      {
        kind: 'predict',
        warnings: [],
        adSimilarity: [1, undefined, 0.4],
        columns: [
          {
            task: 'logS',
            type: 'regression',
            source: 'head',
            values: [0.4, undefined, -0.2],
            uncertainty: [0.1, undefined, 0.3],
          },
          { task: 'active', type: 'classification', source: 'model', values: [0.9, undefined, 0.2] },
        ],
        issues: [{ index: 1, input: 'CCBr', reason: 'token "Br" is not in the vocabulary' }],
      },
      { model: 'tiny@1', head: 'logS.head.json', headLabel: 'logS' },
    );
    assert.deepEqual(
      p.columns.map(c => c.key),
      ['row', 'smiles', 'pred:logS', 'unc:logS', 'measured:logS', 'pred:active', 'measured:active', 'ad'],
    );
    assert.deepEqual(p.rows[0].values, [1, 'CCO', 0.4, 0.1, 0.5, 0.9, 1, 1]);
    assert.deepEqual(p.rows[2].values, [3, 'CCN', -0.2, 0.3, null, 0.2, 1, 0.4]);
    assert.equal(p.rows[1].flag, 'token "Br" is not in the vocabulary');
    assert.deepEqual(
      p.plots.map(x => x.kind),
      ['histogram', 'scatter', 'histogram', 'roc'],
    );
    // The head's training molecule (similarity 1) makes its metrics partly in-sample; the model's task names no dataset.
    const scatter = p.plots[1] as Extract<PlotSpec, { kind: 'scatter' }>;
    assert.deepEqual(scatter.inSample, {
      kind: 'possibly',
      reason: "in-sample: 1 of 2 molecules are in the head's training set",
    });
    assert.equal((p.plots[3] as Extract<PlotSpec, { kind: 'roc' }>).inSample, undefined);
    assert.deepEqual(
      p.columns.filter(c => c.role === 'prediction').map(c => [c.taskName, c.relevance, c.dataset]),
      [
        ['logS', 'head', 'Trained head'],
        ['active', 'measured', 'Other tasks'],
      ],
    );
    assert.equal(
      predictPayload(
        molecules,
        {
          kind: 'predict',
          warnings: [],
          issues: [],
          columns: [{ task: 'logS', type: 'regression', source: 'head', values: [0.4, 0, -0.2] }],
        },
        { head: 'logS.head.json', headLabel: 'logS', headTrainingFile: 'sol.csv' },
      ).plots.find(x => x.kind === 'scatter')?.inSample?.kind,
      'yes',
    );
    assert.equal(
      payloadCsv(p, [p.rows[1]]),
      '#,Molecule,logS,± logS,logS (measured),active,active (measured),AD similarity,flag\n2,CCBr,,,-1,,0,,"token ""Br"" is not in the vocabulary"\n',
    );
  });

  it('predict without a head says that the model tasks carry no applicability domain', () => {
    const p = predictPayload(
      { ...molecules, columns: undefined, cells: undefined },
      {
        kind: 'predict',
        warnings: [],
        issues: [],
        columns: [{ task: 'x', type: 'regression', source: 'model', values: [1, 2, 3] }],
      },
      {},
    );
    assert.match(p.notes.join(' '), /no training set/);
    assert.deepEqual(
      p.plots.map(x => x.kind),
      ['histogram'],
    );
  });

  it('predict flags rows the model scored but read only in part; a refusal wins', () => {
    const p = predictPayload(
      molecules,
      {
        kind: 'predict',
        warnings: [],
        issues: [{ index: 1, input: 'CCBr', reason: 'unknown token "Br"' }],
        rowWarnings: [
          undefined,
          'truncated: the model read the first 126 of 130 SMILES tokens',
          'unknown token "." read',
        ],
        columns: [{ task: 'x', type: 'regression', source: 'model', values: [1, undefined, 3] }],
      },
      {},
    );
    assert.equal(p.rows[0].flag, undefined);
    assert.equal(p.rows[1].flag, 'unknown token "Br"');
    assert.equal(p.rows[2].flag, 'scored, out of domain: unknown token "." read');
    assert.deepEqual(p.rows[2].values.slice(-2), ['CCN', 3]);
    assert.match(p.notes.join(' '), /1 of 3 molecules were scored but read only in part/);
  });

  it('similar: the union of both top lists with both scores and ranks', () => {
    const p = similarPayload(molecules, 'CCO', {
      kind: 'similar',
      issues: [],
      sections: [
        {
          kind: 'ecfp-tanimoto',
          title: 't',
          hits: [
            { index: 0, score: 1 },
            { index: 2, score: 0.3 },
          ],
        },
        {
          kind: 'embedding-cosine',
          title: 'c',
          hits: [
            { index: 0, score: 0.99 },
            { index: 1, score: 0.8 },
          ],
        },
      ],
    });
    assert.deepEqual(
      p.rows.map(r => r.values),
      [
        [1, 'CCO', 1, 1, 0.99, 1],
        [3, 'CCN', 0.3, 2, null, null],
        [2, 'CCBr', null, null, 0.8, 2],
      ],
    );
  });

  it('train: metrics per feature set and out-of-fold predictions against the labels', () => {
    const p = trainPayload(
      molecules,
      'logS',
      [0.5, -1, undefined],
      {
        kind: 'train',
        task: 'regression',
        split: 'scaffold',
        folds: 2,
        rows: { used: 2, refused: 0 },
        best: 1,
        issues: [],
        head: { metrics: { folds: 5, rows: 2, rmse: 0.5 } } as never,
        candidates: [
          {
            name: 'embedding (tiny@1)',
            features: 'embedding',
            method: 'ridge',
            hyperparameter: 10,
            rows: [0],
            metrics: { rmse: 1, mae: 1, r2: -0.5 },
            baselineMetrics: { rmse: 2, mae: 1.5, r2: -1 },
            inSampleMetrics: { rmse: 0.1, mae: 0.1, r2: 0.9 },
            outOfFold: [0.1],
          },
          {
            name: 'ecfp (Morgan r2/2048)',
            features: 'ecfp',
            method: 'ridge',
            hyperparameter: 1,
            rows: [0, 1],
            metrics: { rmse: 0.5, mae: 0.4, r2: NaN },
            baselineMetrics: { rmse: 2, mae: 1.5, r2: -1 },
            inSampleMetrics: { rmse: 0.2, mae: 0.1, r2: 0.8 },
            outOfFold: [0.3, -0.7],
          },
        ],
      },
      'sol.logS.head.json',
    );
    const r = p.report!;
    assert.equal(p.summary, undefined);
    // k, split and rows as this run cross-validated; in-sample metrics of the kept head, apart.
    assert.deepEqual(
      [r.folds, r.split, r.rowsUsed, r.rowsRefused, r.inSample],
      [2, 'scaffold', 2, 0, { rmse: 0.2, mae: 0.1, r2: 0.8 }],
    );
    assert.deepEqual(r.metrics, ['rmse', 'mae', 'r2']);
    assert.deepEqual(
      r.candidates.map(c => [c.name, c.kind, c.regularisation, c.rows, c.metrics, c.chosen]),
      [
        ['Embeddings', 'candidate', 'alpha = 10', 1, { rmse: 1, mae: 1, r2: -0.5 }, false],
        ['ECFP4 bits', 'candidate', 'alpha = 1', 2, { rmse: 0.5, mae: 0.4, r2: null }, true],
        ['Mean of the training folds', 'baseline', '', 2, { rmse: 2, mae: 1.5, r2: -1 }, false],
      ],
    );
    assert.deepEqual(
      p.rows.map(r => r.values.slice(2)),
      [
        [0.5, 0.1, 0.3],
        [-1, null, -0.7],
        [null, null, null],
      ],
    );
    assert.deepEqual(
      p.plots.map(x => x.kind),
      ['scatter', 'scatter'],
    );
  });

  it('finds the measured column by task name or head label, case-insensitively', () => {
    assert.equal(measuredColumn(['SMILES', 'LogS'], ['logs']), 1);
    assert.equal(measuredColumn(['smiles', 'y'], ['standard_value', 'y']), 1);
    assert.equal(measuredColumn(undefined, ['y']), -1);
    assert.equal(measuredColumn(['smiles', 'FDA_APPROVED', 'CT_TOX'], ['ClinTox_CT_TOX']), 2);
    assert.equal(measuredColumn(['smiles', 'TOX'], ['ClinTox_CT_TOX']), -1);
  });
});
