// Every rule on real rows: a row that must be flagged (true positive) and one that must not (true negative).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { DIRTY, SAMPLES, at, config, lint, realRows } from './lint-helpers';
import type { FileLintResult } from '../../src/core/lint/file-linter';
import { lintConfigJsonSchema } from '../../src/core/lint/config-schema';

const CLINTOX = path.join(SAMPLES, 'clintox_raw.csv');
const HERG = path.join(SAMPLES, 'herg_activities.csv');

function flagged(r: FileLintResult, line: number, code: string): void {
  assert.ok(at(r, line, code).length > 0, `${code} expected on line ${line}; got ${JSON.stringify(at(r, line))}`);
}
function clean(r: FileLintResult, line: number, code: string): void {
  assert.deepEqual(at(r, line, code), [], `${code} not expected on line ${line}`);
}

describe('per-molecule rules on ClinTox rows', () => {
  let r: FileLintResult;
  before(async () => {
    r = await lint(CLINTOX);
  });

  it('MOL003 valence, with the atom RDKit names', () => {
    flagged(r, 10, 'MOL003');
    clean(r, 9, 'MOL003');
    assert.match(at(r, 10, 'MOL003')[0].message, /Explicit valence for atom # 0 N, 4/);
  });
  it('MOL004 aromaticity', () => {
    flagged(r, 11, 'MOL004');
    clean(r, 12, 'MOL004');
  });
  it('MOL005 fragments, naming the counter-ion and keeping the largest', () => {
    const [d] = at(r, 17, 'MOL005');
    assert.match(d.message, /hydrogen chloride \(Cl\)/);
    assert.equal(d.fixes![0].kind, 'largest-fragment');
    assert.equal(d.fixes![0].replacement, 'Nc1ccn([C@@H]2O[C@H](CO)[C@@H](O)C2(F)F)c(=O)n1');
    clean(r, 2, 'MOL005');
  });
  it('MOL006 removable charges: the ammonium of rasagiline, not the nitrate', () => {
    const [d] = at(r, 31, 'MOL006');
    assert.equal(d.fixes![0].replacement, 'C#CCN[C@@H]1CCc2ccccc21');
    assert.equal(d.column, 4, 'points at [NH2+]');
    clean(r, 7, 'MOL006');
  });
  it('MOL007 a net charge hydrogens cannot remove', () => {
    flagged(r, 7, 'MOL007');
    clean(r, 31, 'MOL007');
  });
  it('MOL008 isotopes', () => {
    const [d] = at(r, 9, 'MOL008');
    assert.match(d.message, /99Tc/);
    assert.equal(d.column, 4);
    clean(r, 2, 'MOL008');
  });
  it('MOL009 radicals', () => {
    flagged(r, 8, 'MOL009');
    clean(r, 2, 'MOL009');
  });
  it('MOL010 wildcard atoms', () => {
    flagged(r, 2, 'MOL010');
    clean(r, 3, 'MOL010');
  });
  it('MOL011 metals', () => {
    assert.match(at(r, 16, 'MOL011')[0].message, /metal Pt/);
    clean(r, 27, 'MOL011');
  });
  it('MOL014 size outliers', () => {
    flagged(r, 26, 'MOL014');
    clean(r, 2, 'MOL014');
  });
  it('MOL015 Kekulé form, fixed by the canonical SMILES', () => {
    assert.equal(at(r, 29, 'MOL015')[0].fixes![0].kind, 'canonical');
    clean(r, 2, 'MOL015');
  });
  it('MOL101 duplicates, with a fix deleting the later row', () => {
    const [d] = at(r, 14, 'MOL101');
    assert.match(d.message, /line 2/);
    assert.deepEqual(d.fixes![0].range, { line: 13, column: 0, endLine: 14, endColumn: 0 });
    clean(r, 2, 'MOL101');
  });
  it('MOL102 duplicates whose labels disagree', () => {
    assert.match(at(r, 28, 'MOL102')[0].message, /FDA_APPROVED "1" there, "0" here/);
    clean(r, 27, 'MOL102');
    clean(r, 20, 'MOL102');
  });
});

describe('per-molecule rules on other real rows', () => {
  it('MOL001 unparsable SMILES, MOL002 empty cells', async () => {
    const r = await lint(path.join(SAMPLES, 'reference.smi'));
    assert.match(at(r, 3, 'MOL001')[0].message, /unclosed ring/);
    clean(r, 1, 'MOL001');
    const text = realRows(CLINTOX, [2, 3]).replace(/\n\*C\(=O\)[^,]*,/, '\n,');
    const e = await lint('empty.csv', text);
    flagged(e, 2, 'MOL002');
    clean(e, 3, 'MOL002');
  });
  it('MOL001 points at the character RDKit names', async () => {
    const r = await lint('x.csv', 'smiles,y\nCC(=O)Oc1ccccc1C(=O)OX,1\n');
    const [d] = at(r, 2, 'MOL001');
    assert.equal(d.column, 21);
  });
  it('MOL012 undefined stereocentres (hERG), positioned at the atom', async () => {
    const r = await lint(HERG);
    const [d] = at(r, 3, 'MOL012');
    assert.equal(fs.readFileSync(HERG, 'utf8').split('\n')[2].slice(d.column, d.endColumn), 'C');
    clean(r, 2, 'MOL012');
  });
  it('MOL013 undefined double bonds (ClinTox)', async () => {
    const r = await lint('c.csv', realRows(path.join(DIRTY, 'clintox_deepchem_raw.csv'), [127, 128]));
    flagged(r, 2, 'MOL013');
    clean(r, 3, 'MOL013');
  });
  it('MOL011 more boron atoms than allowed', async () => {
    const r = await lint(CLINTOX, undefined, config({ elements: { maxBoron: 0 } }));
    assert.match(at(r, 27, 'MOL011')[0].message, /1 boron atoms/);
  });
  it("MOL103 salt forms of another row's molecule (hERG)", async () => {
    const file = path.join(DIRTY, 'chembl_hERG_activities_raw.csv');
    const r = await lint(file);
    const [d] = at(r, 72, 'MOL103');
    assert.match(d.message, /salt form/);
    clean(r, 2, 'MOL103');
  });
});

describe('label rules', () => {
  it('MOL203 censored values, from the relation column or the cell', async () => {
    const r = await lint(HERG);
    assert.match(at(r, 16, 'MOL203')[0].message, /standard_relation is '>'/);
    clean(r, 2, 'MOL203');
    const inCell = realRows(HERG, [2, 16])
      .split('\n')
      .map((l, i) => (i === 2 ? l.replace(',>,10000', ',,>10000') : l))
      .join('\n');
    flagged(await lint('h.csv', inCell), 3, 'MOL203');
  });
  it('MOL201 missing labels (SWEETLEAD)', async () => {
    const file = path.join(DIRTY, 'sweetlead_deepchem.csv');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const unlabelled = lines.findIndex((l, i) => i > 0 && !l.includes(',')) + 1;
    const r = await lint('s.csv', realRows(file, [2, unlabelled]));
    clean(r, 2, 'MOL201');
    flagged(r, 3, 'MOL201');
  });
  it('MOL202 text in a numeric column', async () => {
    const text = realRows(
      path.join(DIRTY, 'freesolv_SAMPL_deepchem_raw.csv'),
      [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    ).replace(/,-11.01,/, ',n.d.,');
    const r = await lint('f.csv', text);
    assert.ok(text.includes('n.d.'));
    assert.equal(r.diagnostics.filter(d => d.code === 'MOL202').length, 1);
  });
  it('MOL204 outliers (FreeSolv): the real extreme stays quiet, a unit slip does not', async () => {
    const file = path.join(DIRTY, 'freesolv_SAMPL_deepchem_raw.csv');
    // Glucose's -25.47 kcal/mol is the most negative real value in the set, not an error.
    clean(await lint(file), 365, 'MOL204');
    const slipped = fs.readFileSync(file, 'utf8').replace(',-11.01,', ',-11010,');
    const r = await lint(file, slipped);
    flagged(r, 2, 'MOL204');
    assert.equal(r.diagnostics.filter(d => d.code === 'MOL204').length, 1);
  });
  it('MOL205 constant and MOL206 single-class columns', async () => {
    const single = await lint('c.csv', realRows(CLINTOX, [2, 3, 4, 5, 6, 7]));
    assert.match(
      at(single, 1, 'MOL206')
        .map(d => d.message)
        .join(),
      /FDA_APPROVED has a single class/,
    );
    const both = await lint(CLINTOX);
    assert.deepEqual(
      at(both, 1, 'MOL206').filter(d => /FDA/.test(d.message)),
      [],
    );
    const constant = realRows(path.join(DIRTY, 'freesolv_SAMPL_deepchem_raw.csv'), [2, 3, 4, 5]).replace(
      /,(-?\d+\.\d+),(-?\d+\.\d+)$/gm,
      ',$1,-1.5',
    );
    const r = await lint('f.csv', constant);
    assert.match(
      at(r, 1, 'MOL205')
        .map(d => d.message)
        .join(),
      /calc has the same value/,
    );
    assert.deepEqual(
      at(r, 1, 'MOL205').filter(d => /expt/.test(d.message)),
      [],
    );
  });
});

describe('split leakage and configuration', () => {
  it('MOL301 the same compound in Train and Valid (BACE)', async () => {
    const r = await lint(path.join(DIRTY, 'bace_raw_with_split_duplicates_300rows.csv'));
    const leaks = r.diagnostics.filter(d => d.code === 'MOL301');
    assert.equal(leaks.length, 40);
    assert.match(leaks[0].message, /split '(Train|Valid|Test)' at line \d+ and in '(Train|Valid|Test)' here/);
  });
  it('MOL900 a file with broken quoting', async () => {
    const r = await lint('q.csv', 'smiles,name\nCCO,"ethanol\nCCC,propane\n');
    assert.equal(r.diagnostics[0].code, 'MOL900');
  });
  it('rules can be switched off or re-graded, by code or name', async () => {
    const r = await lint(CLINTOX, undefined, config({ rules: { MOL010: 'off', 'duplicate-molecule': 'error' } }));
    assert.deepEqual(at(r, 2, 'MOL010'), []);
    assert.equal(at(r, 14, 'MOL101')[0].severity, 'error');
    assert.throws(() => config({ rules: { MOL999: 'error' } }), /unknown rule/);
    assert.throws(() => config({ outlierZ: 'high' }), /positive number/);
  });
  it('configuration errors name the bad field and what it must be', () => {
    assert.throws(
      () => config({ rules: { MOL010: 'loud' } }),
      /^Error: configuration: rules\.MOL010: must be one of error, warning, info, hint, off$/,
    );
    assert.throws(
      () => config({ heavyAtoms: { min: '2' } }),
      /configuration: heavyAtoms\.min: .*expected number, received string/,
    );
    assert.throws(
      () => config({ files: { 'a.csv': { labelColumns: ['y', 3] } } }),
      /configuration: files\["a\.csv"\]\.labelColumns\[1\]: .*expected string/,
    );
    assert.throws(
      () => config({ duplicates: { ignoreCase: true } }),
      /configuration: duplicates: unknown field 'ignoreCase'/,
    );
    assert.throws(() => config({ colour: 'red' }), /configuration: unknown field 'colour'/);
    const merged = config({ heavyAtoms: { max: 80 }, files: { 'a.csv': { smilesColumn: 'mol' } } });
    assert.deepEqual(merged.heavyAtoms, { min: 2, max: 80 });
    assert.deepEqual(merged.files, { 'a.csv': { smilesColumn: 'mol' } });
  });
  it('docs/molml-lint.schema.json is the one generated from the configuration schema (node scripts/lint-schema.mjs)', () => {
    const committed = fs.readFileSync(path.resolve(__dirname, '../../../docs/molml-lint.schema.json'), 'utf8');
    assert.equal(committed, lintConfigJsonSchema());
  });
  it('duplicates can ignore salts, charges or stereo', async () => {
    const text = 'smiles,y\nC#CC[NH2+][C@@H]1CCc2c1cccc2,1\nC#CCN[C@@H]1CCc2ccccc21.Cl,1\nC#CCNC1CCc2ccccc21,1\n';
    const plain = await lint('d.csv', text);
    assert.equal(plain.summary.MOL101 ?? 0, 0);
    const relaxed = await lint('d.csv', text, config({ duplicates: { ignoreSalts: true, ignoreCharges: true } }));
    assert.equal(relaxed.summary.MOL101, 1);
  });
});
