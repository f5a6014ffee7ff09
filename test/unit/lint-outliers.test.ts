import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readText } from '../../src/core/io';
import { findOutliers } from '../../src/core/lint/outliers';
import { DEFAULT_CONFIG } from '../../src/core/lint/config';

const DATA = path.resolve(__dirname, '../../../test/fixtures/data');
const Z = DEFAULT_CONFIG.outlierZ;

/** The numeric values of a column of a committed real file. */
function column(rel: string, name: string): number[] {
  const table = readText(fs.readFileSync(path.join(DATA, rel), 'utf8'), 'csv');
  const c = table.columns.names.indexOf(name);
  assert.ok(c >= 0, name);
  return table.rows
    .map(r => r.cells[c]?.text.trim() ?? '')
    .filter(t => t !== '' && !Number.isNaN(Number(t)))
    .map(Number);
}

const COLUMNS: Array<[string, string]> = [
  ['moleculenet/esol_delaney-processed.csv', 'measured log solubility in mols per litre'],
  ['moleculenet/freesolv_SAMPL.csv', 'expt'],
  ['moleculenet/bace_every6th.csv', 'pIC50'],
  // Skewed: most compounds near the assay's upper limit, a long tail of poorly soluble ones (log10 µg/mL).
  ['dirty/biogen_adme_public_first246.csv', 'LOG SOLUBILITY PH 6.8 (ug/mL)'],
  ['dirty/biogen_adme_public_first246.csv', 'LOG HLM_CLint (mL/min/kg)'],
];

describe('label outliers (MOL204)', () => {
  it('stays quiet on real, skewed label columns', () => {
    for (const [file, name] of COLUMNS) {
      const values = column(file, name);
      assert.ok(values.length > 100, `${file} ${name}`);
      assert.deepEqual(findOutliers(values, Z).outliers, [], `${file} ${name}`);
    }
  });

  it('catches unit slips and shifted decimals injected into them', () => {
    const cases: Array<[string, string, (v: number) => number, string]> = [
      ['moleculenet/esol_delaney-processed.csv', 'measured log solubility in mols per litre', v => v * 1000, 'far'],
      ['moleculenet/freesolv_SAMPL.csv', 'expt', v => v * 1000, 'far'],
      ['moleculenet/bace_every6th.csv', 'pIC50', v => v * 10, 'far'],
      ['moleculenet/bace_every6th.csv', 'pIC50', v => -v, 'far'],
      ['dirty/biogen_adme_public_first246.csv', 'LOG SOLUBILITY PH 6.8 (ug/mL)', v => v * 1000, 'far'],
    ];
    for (const [file, name, slip, reason] of cases) {
      const values = column(file, name);
      for (const i of [3, 40, 77]) {
        const injected = [...values];
        injected[i] = slip(values[i]);
        const found = findOutliers(injected, Z).outliers;
        assert.deepEqual(
          found.map(o => [o.index, o.reason]),
          [[i, reason]],
          `${name} row ${i}: ${values[i]} -> ${injected[i]}`,
        );
      }
    }
  });

  it('finds a ×1000 slip among positive values by the gap it leaves, even on a log scale', () => {
    // Molecular weights (ESOL): a value entered in mg/mol rather than g/mol.
    const weights = column('moleculenet/esol_delaney-processed.csv', 'Molecular Weight');
    assert.deepEqual(findOutliers(weights, Z).outliers, []);
    const slipped = [...weights];
    slipped[10] = weights[10] * 1000;
    assert.deepEqual(
      findOutliers(slipped, Z).outliers.map(o => o.index),
      [10],
    );
  });
});
