// Which tasks the results view shows first, and how it groups the shipped model's 47 tasks: checked on the real
// default model's predictions for the first molecules of BBBP and ESOL, and of a vendor-style file, plus the pure
// grouping rules on small columns.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Model } from '../../src/core/model/runtime';
import { predict } from '../../src/core/model/tasks';
import { readText } from '../../src/core/io/read';
import { predictPayload, type MoleculeRows, type PredictContext } from '../../src/extension/results/payloads';
import type { PredictOutcome } from '../../src/core/model/worker-protocol';
import type { ResultColumn, ResultsPayload } from '../../src/common/results/protocol';
import {
  datasetOf,
  defaultGroup,
  mentionsTask,
  shortTaskName,
  taskGroups,
  visibleColumns,
} from '../../src/common/results/task-groups';
import { REPO } from './model-fixtures';

const DEFAULT_MODEL = path.join(REPO, 'models/default');
const MOLECULENET = path.join(REPO, 'test/fixtures/data/moleculenet');
const present = fs.existsSync(path.join(DEFAULT_MODEL, 'model.onnx'));

/** The first `n` rows of a fixture as the extension reads them: SMILES, file columns and cells. */
function firstRows(file: string, n: number): MoleculeRows {
  const table = readText(fs.readFileSync(path.join(MOLECULENET, file), 'utf8'), 'csv');
  const rows = table.rows.slice(0, n);
  const cells = rows.map(r => table.columns.names.map((_, i) => r.cells[i]?.text ?? ''));
  return {
    fileName: `/data/${file}`,
    smiles: cells.map(c => c[table.columns.molecule]),
    rowNumbers: rows.map(r => r.index + 1),
    columns: table.columns.names,
    cells,
  };
}

const keysOf = (p: ResultsPayload, cols: number[]) => cols.map(i => p.columns[i].key);

describe(
  'task groups of the shipped model',
  { skip: present ? false : 'models/default is not in this checkout' },
  () => {
    let model: Model;
    const outcomes = new Map<string, PredictOutcome>();
    async function run(m: MoleculeRows): Promise<PredictOutcome> {
      const r = await predict({ smiles: m.smiles, model });
      return { kind: 'predict', columns: r.columns, issues: r.issues, warnings: r.warnings };
    }
    const payload = async (file: string, context: PredictContext = {}, rename?: string[]) => {
      const m = firstRows(file, 12);
      if (!outcomes.has(file)) outcomes.set(file, await run(m));
      return predictPayload(rename ? { ...m, columns: rename } : m, outcomes.get(file)!, { model: 'm@1', ...context });
    };
    before(async () => {
      model = await Model.load(DEFAULT_MODEL, { device: 'cpu' });
    });
    after(async () => {
      await model?.dispose();
    });

    it('BBBP: the task whose measured values the file holds comes first; every dataset has its group', async () => {
      const p = await payload('bbbp_BBBP.csv');
      const groups = taskGroups(p.columns);
      assert.deepEqual(
        groups.map(g => [g.id, g.tasks.length]),
        [
          ['relevant', 1],
          ['dataset:HIV', 1],
          ['dataset:ESOL', 1],
          ['dataset:FreeSolv', 1],
          ['dataset:Lipophilicity', 1],
          ['dataset:BBBP', 1],
          ['dataset:BACE', 1],
          ['dataset:ClinTox', 2],
          ['dataset:Tox21', 12],
          ['dataset:SIDER', 27],
          ['all', 47],
        ],
      );
      const first = defaultGroup(groups)!;
      assert.deepEqual(first.tasks, ['BBBP_p_np']);
      assert.deepEqual(keysOf(p, visibleColumns(p.columns, first)), [
        'row',
        'smiles',
        'pred:BBBP_p_np',
        'measured:p_np',
      ]);
      assert.equal(groups.at(-1)!.tasks[0], 'BBBP_p_np');
      // Headers: the short name, the unit, and a tooltip that names the dataset and the column learnt from.
      const bbbp = p.columns.find(c => c.key === 'pred:BBBP_p_np')!;
      assert.deepEqual(
        [bbbp.name, bbbp.unit, bbbp.dataset, bbbp.relevance],
        ['p_np', 'probability', 'BBBP', 'measured'],
      );
      assert.match(bbbp.description!, /trained on BBBP/);
      assert.match(bbbp.description!, /learnt from the column "p_np"/);
      const sider = p.columns.find(c => c.taskName === 'SIDER_Eye_disorders')!;
      assert.equal(sider.name, 'Eye disorders');
      // The model was trained on BBBP: the ROC against p_np is marked as possibly in-sample.
      const roc = p.plots.find(x => x.kind === 'roc')!;
      assert.equal(roc.kind === 'roc' && roc.inSample?.kind, 'possibly');
      // A saved choice that no longer exists falls back to the relevant tasks.
      assert.equal(defaultGroup(groups, 'dataset:Nope')!.id, 'relevant');
      assert.equal(defaultGroup(groups, 'dataset:Tox21')!.tasks.length, 12);
    });

    it("ESOL: its measured column is found by the task's source column, and shown once", async () => {
      const p = await payload('esol_delaney-processed.csv');
      const first = defaultGroup(taskGroups(p.columns))!;
      assert.deepEqual(first.tasks, ['ESOL_logS']);
      assert.deepEqual(keysOf(p, visibleColumns(p.columns, first)), [
        'row',
        'smiles',
        'pred:ESOL_logS',
        'measured:measured log solubility in mols per litre',
      ]);
      assert.equal(p.columns.filter(c => c.role === 'measured').length, 1);
      assert.equal(p.columns.find(c => c.key === 'pred:ESOL_logS')!.unit, 'log10(mol/L)');
    });

    it("a vendor's solubility file: ESOL's task is related by name; asked-for tasks come first", async () => {
      const vendor = [
        'Compound ID',
        'ESOL predicted',
        'Min',
        'MW',
        'HBD',
        'Rings',
        'RB',
        'PSA',
        'Kinetic solubility (uM)',
        'SMILES',
      ];
      const p = await payload('esol_delaney-processed.csv', {}, vendor);
      const relevant = defaultGroup(taskGroups(p.columns))!;
      assert.deepEqual(relevant.tasks, ['ESOL_logS']);
      assert.equal(p.columns.find(c => c.key === 'pred:ESOL_logS')!.relevance, 'related');
      assert.equal(p.columns.filter(c => c.role === 'measured').length, 0);
      const chosen = await payload('esol_delaney-processed.csv', { chosen: ['Tox21_SR-p53'] }, vendor);
      assert.deepEqual(defaultGroup(taskGroups(chosen.columns))!.tasks, ['Tox21_SR-p53', 'ESOL_logS']);
    });
  },
);

describe('task grouping rules', () => {
  const col = (c: Partial<ResultColumn> & { key: string }): ResultColumn => ({
    title: c.key,
    role: 'prediction',
    numeric: true,
    ...c,
  });

  it("a head and a model task measured by one column: the head first, the column once, beside the head's task", () => {
    const columns = [
      col({ key: 'row', role: 'row' }),
      col({ key: 'smiles', role: 'smiles', numeric: false }),
      col({ key: 'pred:BBBP_p_np', taskName: 'BBBP_p_np', dataset: 'BBBP', relevance: 'measured' }),
      col({ key: 'measured:p_np', role: 'measured', measures: ['BBBP_p_np', 'p_np'] }),
      col({ key: 'pred:Tox21_SR-p53', taskName: 'Tox21_SR-p53', dataset: 'Tox21' }),
      col({ key: 'pred:p_np', taskName: 'p_np', dataset: 'Trained head', relevance: 'head' }),
      col({ key: 'unc:p_np', role: 'uncertainty', taskName: 'p_np' }),
      col({ key: 'ad', role: 'ad' }),
    ];
    const groups = taskGroups(columns);
    assert.deepEqual(
      groups.map(g => g.id),
      ['relevant', 'dataset:BBBP', 'dataset:Tox21', 'dataset:Trained head', 'all'],
    );
    assert.deepEqual(groups[0].tasks, ['p_np', 'BBBP_p_np']);
    assert.deepEqual(
      visibleColumns(columns, groups[0]).map(i => columns[i].key),
      ['row', 'smiles', 'pred:p_np', 'unc:p_np', 'measured:p_np', 'pred:BBBP_p_np', 'ad'],
    );
    assert.deepEqual(
      visibleColumns(columns, groups[2]).map(i => columns[i].key),
      ['row', 'smiles', 'pred:Tox21_SR-p53', 'ad'],
    );
  });

  it('results without tasks (similarity) have no groups and show every column', () => {
    const columns = [col({ key: 'row', role: 'row' }), col({ key: 'ecfp', role: 'score' })];
    assert.deepEqual(taskGroups(columns), []);
    assert.deepEqual(visibleColumns(columns, defaultGroup([])), [0, 1]);
  });

  it('one dataset: no "all" group; no relevant task: no "relevant" group', () => {
    const columns = [col({ key: 'pred:a', taskName: 'a' }), col({ key: 'pred:b', taskName: 'b' })];
    assert.deepEqual(
      taskGroups(columns).map(g => g.id),
      ['dataset:Other tasks'],
    );
  });

  it('names, datasets and mentions', () => {
    assert.equal(shortTaskName('SIDER_Eye_disorders', 'SIDER'), 'Eye disorders');
    assert.equal(shortTaskName('Tox21_NR-AR', 'Tox21'), 'NR-AR');
    assert.equal(shortTaskName('logS', undefined), 'logS');
    assert.equal(shortTaskName('ClinTox_CT_TOX', 'ClinTox'), 'CT_TOX');
    assert.equal(datasetOf('Tox21_NR-AR', undefined, new Set(['Tox21'])), 'Tox21');
    assert.equal(datasetOf('HIV_active', undefined, new Set(['Tox21'])), 'Other tasks');
    assert.equal(datasetOf('HIV_active', 'HIV', new Set()), 'HIV');
    const esol = { name: 'ESOL_logS', dataset: 'ESOL', sourceColumn: 'measured log solubility in mols per litre' };
    assert.ok(mentionsTask(['ID', 'smiles', 'Solubility (mg/mL)'], esol));
    assert.ok(mentionsTask(['smiles', 'logS'], esol));
    // Vague words (measured, value, compound, smiles) concern no task.
    assert.ok(!mentionsTask(['Compound', 'SMILES', 'Measured value'], esol));
    assert.ok(!mentionsTask(['smiles', 'pIC50'], { name: 'BACE_Class', dataset: 'BACE', sourceColumn: 'Class' }));
  });
});
