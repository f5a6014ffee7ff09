import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseUnits, unitsAgree, formatUnits } from '../../src/common/units';
import { pairMeasuredColumn, scaleMismatchNote, spearman } from '../../src/common/results/pairing';
import { normalizeManifest } from '../../src/core/model/manifest';
import { readText } from '../../src/core/io';
import { predictPayload } from '../../src/extension/results/payloads';

const ROOT = path.resolve(__dirname, '../../..');
const DATA = path.join(ROOT, 'test/fixtures/data');
/** The shipped model's tasks, as the runtime reads them. */
const TASKS = (
  normalizeManifest(JSON.parse(fs.readFileSync(path.join(ROOT, 'models/default/manifest.json'), 'utf8'))) as {
    tasks: Array<{ name: string; type: 'regression' | 'classification'; units?: string; sourceColumn?: string }>;
  }
).tasks;
const task = (name: string) => {
  const t = TASKS.find(x => x.name === name)!;
  return { name: t.name, type: t.type, units: t.units, aliases: t.sourceColumn ? [t.sourceColumn] : [] };
};

describe('units', () => {
  it('reads units from headers and from the shipped tasks', () => {
    const cases: Array<[string, string | undefined]> = [
      ['LOG SOLUBILITY PH 6.8 (ug/mL)', 'log10(µg/mL)'],
      ['measured log solubility in mols per litre', 'log10(mol/L)'],
      ['log10(mol/L)', 'log10(mol/L)'],
      ['logS', 'log10(unstated units)'],
      ['IC50 (nM)', 'nmol/L'],
      ['pIC50', '−log10(mol/L)'],
      ['kcal/mol', 'kcal/mol'],
      ['logD at pH 7.4', 'log10(no unit)'],
      ['LOG HLM_CLint (mL/min/kg)', 'log10(mL/min/kg)'],
      ['LOG PLASMA PROTEIN BINDING (HUMAN) (% unbound)', 'log10(%)'],
      ['expt', undefined],
      ['Catalog', undefined],
      ['Molecular Weight', undefined],
    ];
    for (const [text, want] of cases) {
      const u = parseUnits(text);
      assert.equal(u && formatUnits(u), want, text);
    }
    assert.equal(task('ESOL_logS').units, 'log10(mol/L)');
    assert.equal(task('ESOL_logS').aliases[0], 'measured log solubility in mols per litre');
    for (const t of TASKS.filter(x => x.type === 'regression'))
      assert.ok(parseUnits(t.units)?.unit !== undefined, `${t.name}: ${t.units}`);
    assert.ok(unitsAgree(parseUnits('log10(mol/L)'), parseUnits('measured log solubility in mols per litre')));
    assert.ok(!unitsAgree(parseUnits('log10(mol/L)'), parseUnits('LOG SOLUBILITY PH 6.8 (ug/mL)')));
    assert.ok(!unitsAgree(parseUnits('logS'), parseUnits('logS')), 'unstated units never agree');
  });
});

describe('pairing a file column with a task', () => {
  const adme = readText(fs.readFileSync(path.join(DATA, 'dirty/biogen_adme_public_first246.csv'), 'utf8'), 'csv');
  const esol = readText(fs.readFileSync(path.join(DATA, 'moleculenet/esol_delaney-processed.csv'), 'utf8'), 'csv');

  it('pairs ESOL with its own column, and refuses a solubility in other units or unstated units', () => {
    const own = pairMeasuredColumn(esol.columns.names, task('ESOL_logS'));
    assert.equal(esol.columns.names[own.column], 'measured log solubility in mols per litre');
    assert.equal(own.note, undefined);
    // The vendor's column, renamed logS as a user would: µg/mL against mol/L.
    const vendor = adme.columns.names.map(n => (n.startsWith('LOG SOLUBILITY') ? 'logS (log10(ug/mL))' : n));
    const refused = pairMeasuredColumn(vendor, task('ESOL_logS'));
    assert.equal(refused.column, -1);
    assert.match(refused.note!, /logS \(log10\(ug\/mL\)\) is in log10\(µg\/mL\) and ESOL_logS in log10\(mol\/L\)/);
    const bare = pairMeasuredColumn(['SMILES', 'logS'], task('ESOL_logS'));
    assert.equal(bare.column, -1);
    assert.match(bare.note!, /states no units/);
    // Units stated in the header, and the same as the task's: paired.
    assert.deepEqual(pairMeasuredColumn(['SMILES', 'logS (log10(mol/L))'], task('ESOL_logS')), { column: 1 });
    // Named by the user: paired whatever the units.
    assert.equal(pairMeasuredColumn(['SMILES', 'logS'], task('ESOL_logS'), 'logS').column, 1);
    assert.equal(pairMeasuredColumn(['SMILES', 'logS'], task('ESOL_logS'), 'nope').column, -1);
    // FreeSolv's `expt` states no units but is the task's own column; classification needs no units.
    assert.equal(pairMeasuredColumn(['smiles', 'expt'], task('FreeSolv_dGhyd')).column, 1);
    assert.equal(pairMeasuredColumn(['smiles', 'p_np'], task('BBBP_p_np')).column, 1);
  });

  it('says that the scales differ when R² is negative but the ranks agree (ESOL in mol/L against µg/mL)', () => {
    const names = esol.columns.names;
    const logS = names.indexOf('measured log solubility in mols per litre');
    const mw = names.indexOf('Molecular Weight');
    const molar = esol.rows.map(r => Number(r.cells[logS]!.text));
    // The same measurements in log10(µg/mL): S[µg/mL] = S[mol/L] × MW[g/mol] × 1000.
    const perMl = esol.rows.map((r, i) => molar[i] + Math.log10(Number(r.cells[mw]!.text)) + 3);
    assert.ok(spearman(molar, perMl) > 0.9);
    const note = scaleMismatchNote(perMl, molar, { measured: 'logS', task: 'ESOL_logS', units: 'log10(mol/L)' });
    assert.match(note!, /R² = -\d+\.\d\d while the rank correlation is (0\.9\d|1\.00): .*the scales differ/);
    assert.equal(scaleMismatchNote(molar, molar, { measured: 'x', task: 'y' }), undefined);
    const shuffled = [...molar].reverse();
    assert.equal(scaleMismatchNote(molar, shuffled, { measured: 'x', task: 'y' }), undefined, 'bad ranks: no claim');
  });

  it('leaves an unpaired column out of the results view and puts the reason in its notes', () => {
    const rows = adme.rows.slice(0, 5);
    const col = adme.columns.names.findIndex(n => n.startsWith('LOG SOLUBILITY'));
    const molecules = {
      fileName: 'vendor.csv',
      smiles: rows.map(r => r.cells[2]!.text),
      rowNumbers: rows.map(r => r.index + 1),
      columns: ['SMILES', 'logS'],
      cells: rows.map(r => [r.cells[2]!.text, r.cells[col]?.text ?? '']),
    };
    const outcome = {
      kind: 'predict' as const,
      warnings: [],
      issues: [],
      columns: [
        {
          task: 'ESOL_logS',
          type: 'regression' as const,
          source: 'model' as const,
          units: 'log10(mol/L)',
          values: [-3, -4, -2, -3.5, -5],
        },
      ],
    };
    const plain = predictPayload(molecules, outcome, {});
    assert.ok(!plain.columns.some(c => c.role === 'measured'));
    assert.match(plain.notes.join('\n'), /logS was not compared with ESOL_logS \(log10\(mol\/L\)\)/);
    const declared = predictPayload(molecules, outcome, { measuredColumns: { ESOL_logS: 'logS' } });
    assert.ok(declared.columns.some(c => c.role === 'measured'));
    assert.ok(declared.plots.some(p => p.kind === 'scatter'));
  });
});
