import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { DIRTY, config, lint } from './lint-helpers';
import { ConfigError, DEFAULT_CONFIG, mergeConfig } from '../../src/core/lint/config';
import { editLintConfig } from '../../src/core/lint/config-edit';

const ADME = path.join(DIRTY, 'biogen_adme_public_first246.csv');
const HERG = path.join(DIRTY, 'chembl_hERG_activities_raw.csv');
const count = (r: { diagnostics: { code: string }[] }, code: string) =>
  r.diagnostics.filter(d => d.code === code).length;

describe('label findings and the lint configuration', () => {
  it('never lints the vendor catalogue column of a real vendor file as a numeric label', async () => {
    const result = await lint(ADME);
    const labelled = new Set(result.diagnostics.filter(d => d.labelColumn).map(d => d.labelColumn));
    assert.ok(!labelled.has('Vendor ID') && !labelled.has('Internal ID') && !labelled.has('CollectionName'));
    assert.equal(count(result, 'MOL202'), 0);
    // The solubility column is still a label: its empty cells are reported as missing labels.
    assert.ok(result.diagnostics.some(d => d.code === 'MOL201' && d.labelColumn === 'LOG SOLUBILITY PH 6.8 (ug/mL)'));
  });

  it('writes "treat as identifier" and "rule off for this file" into a configuration that then applies', async () => {
    const key = 'dirty/chembl_hERG_activities_raw.csv';
    const before = await lint(HERG);
    assert.ok(count(before, 'MOL203') > 0);
    const text = editLintConfig(undefined, key, { kind: 'rule-off', code: 'MOL203' });
    assert.deepEqual(JSON.parse(text), { files: { [key]: { rules: { MOL203: 'off' } } } });
    const off = await lint(HERG, undefined, config(JSON.parse(text)));
    assert.equal(count(off, 'MOL203'), 0);
    assert.equal(count(off, 'MOL201'), count(before, 'MOL201'));
    // Other files keep the rule.
    assert.equal(mergeConfig(DEFAULT_CONFIG, JSON.parse(text)).rules.MOL203, undefined);

    const both = editLintConfig(text, key, { kind: 'identifier', column: 'standard_value' });
    assert.deepEqual(JSON.parse(both).files[key], {
      rules: { MOL203: 'off' },
      identifierColumns: ['standard_value'],
    });
    const none = await lint(HERG, undefined, config(JSON.parse(both)));
    assert.equal(
      none.diagnostics.filter(d => d.labelColumn === 'standard_value').length,
      0,
      'no label findings on an identifier',
    );
  });

  it('keeps the other settings and refuses a broken configuration', () => {
    const text = JSON.stringify({
      rules: { MOL012: 'off' },
      outlierZ: 8,
      files: { 'a.csv': { labelColumns: ['x', 'y'] } },
    });
    const edited = JSON.parse(editLintConfig(text, 'a.csv', { kind: 'identifier', column: 'x' }));
    assert.deepEqual(edited, {
      rules: { MOL012: 'off' },
      outlierZ: 8,
      files: { 'a.csv': { labelColumns: ['y'], identifierColumns: ['x'] } },
    });
    assert.throws(() => editLintConfig('{ "rules": ', 'a.csv', { kind: 'rule-off', code: 'MOL204' }), ConfigError);
    assert.throws(() => editLintConfig('[]', 'a.csv', { kind: 'rule-off', code: 'MOL204' }), ConfigError);
    assert.throws(
      () => mergeConfig(DEFAULT_CONFIG, { files: { 'a.csv': { rules: { MOL999: 'off' } } } }),
      /unknown rule 'MOL999'/,
    );
  });
});
