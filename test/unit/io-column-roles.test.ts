import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readText } from '../../src/core/io';
import { identifierEvidence, identifierHeader, isCasNumber } from '../../src/core/io/column-roles';

const ROOT = path.resolve(__dirname, '../../..');
const DATA = path.join(ROOT, 'test/fixtures/data');
/** Biogen's public ADME set: an internal ID, a vendor catalogue number (317714313 beside EN300-97039), a collection. */
const ADME = path.join(DATA, 'dirty/biogen_adme_public_first246.csv');

function roles(file: string) {
  const { columns } = readText(fs.readFileSync(file, 'utf8'), 'csv');
  const name = (i: number) => columns.names[i];
  return {
    identifiers: columns.identifiers.map(name),
    labels: columns.labels.map(l => name(l.index)),
    id: name(columns.id),
  };
}

describe('column roles', () => {
  it('takes catalogue numbers, internal IDs and collection names for identifiers, never for labels', () => {
    const r = roles(ADME);
    assert.deepEqual(r.identifiers, ['Internal ID', 'Vendor ID', 'CollectionName']);
    assert.equal(r.id, 'Internal ID');
    assert.deepEqual(r.labels, [
      'LOG HLM_CLint (mL/min/kg)',
      'LOG MDR1-MDCK ER (B-A/A-B)',
      'LOG SOLUBILITY PH 6.8 (ug/mL)',
      'LOG PLASMA PROTEIN BINDING (HUMAN) (% unbound)',
      'LOG PLASMA PROTEIN BINDING (RAT) (% unbound)',
      'LOG RLM_CLint (mL/min/kg)',
    ]);
  });

  it('recognises a catalogue column by its values alone, under a header that says nothing', () => {
    const lines = fs.readFileSync(ADME, 'utf8').trimEnd().split('\n');
    const values = lines.slice(1).map(l => l.split(',')[1]);
    assert.match(identifierEvidence('x', values) ?? '', /catalogue or registry numbers \(EN300-97039\)/);
    assert.match(identifierEvidence('Vendor ID', values) ?? '', /header names an identifier/);
    // The same numbers with the codes left out: unique integers of nine digits are record numbers.
    const numbers = values.filter(v => /^\d+$/.test(v));
    assert.match(identifierEvidence('x', numbers) ?? '', /unique integers/);
  });

  it('keeps the documented labels of the MoleculeNet files and finds their identifiers', () => {
    assert.deepEqual(roles(path.join(DATA, 'moleculenet/bbbp_BBBP.csv')), {
      identifiers: ['num', 'name'],
      labels: ['p_np'],
      id: 'name',
    });
    const esol = roles(path.join(DATA, 'moleculenet/esol_delaney-processed.csv'));
    assert.deepEqual(esol.identifiers, ['Compound ID']);
    assert.ok(esol.labels.includes('measured log solubility in mols per litre'));
    const freesolv = roles(path.join(DATA, 'moleculenet/freesolv_SAMPL.csv'));
    assert.deepEqual(freesolv.identifiers, ['iupac']);
    assert.deepEqual(freesolv.labels, ['expt', 'calc']);
    const bace = roles(path.join(DATA, 'moleculenet/bace_every6th.csv'));
    assert.deepEqual(bace.identifiers, ['CID']);
    assert.deepEqual(bace.labels, ['Class', 'pIC50']);
    const herg = roles(path.join(DATA, 'dirty/chembl_hERG_activities_raw.csv'));
    assert.ok(herg.identifiers.includes('molregno') && herg.identifiers.includes('mol_chembl_id'));
    assert.deepEqual(herg.labels, ['standard_value']);
  });

  it('reads identifier headers word by word', () => {
    for (const h of [
      'Compound ID',
      'CID',
      'Vendor',
      'Catalog No',
      'Reg No',
      'Name',
      'Compound',
      'CASRN',
      'CMPD_CHEMBLID',
    ])
      assert.ok(identifierHeader(h), h);
    for (const h of ['logS', 'pIC50', 'Number of Rings', 'acid pKa', 'lipid binding', 'sLi_Key', 'expt', 'Class'])
      assert.equal(identifierHeader(h), undefined, h);
  });

  it('checks CAS numbers by their check digit', () => {
    assert.ok(isCasNumber('7732-18-5')); // water
    assert.ok(isCasNumber('50-00-0')); // formaldehyde
    assert.ok(!isCasNumber('7732-18-4'));
    const cas = ['7732-18-5', '50-00-0', '64-17-5', '71-43-2', '67-64-1', '108-88-3'];
    assert.match(identifierEvidence('x', cas) ?? '', /CAS numbers/);
  });

  it('leaves measurements alone: repeated values, decimals, small integers', () => {
    assert.equal(identifierEvidence('y', ['0', '1', '1', '0', '1', '0', '0', '1']), undefined);
    assert.equal(identifierEvidence('y', ['-3.3', '-2.06', '-7.87', '-1.33', '-4.6', '0.39']), undefined);
    const counts = Array.from({ length: 40 }, (_, i) => String(i % 7));
    assert.equal(identifierEvidence('HBD', counts), undefined);
  });

  it('lets the user overrule detection both ways', () => {
    const text = fs.readFileSync(ADME, 'utf8');
    const forced = readText(text, 'csv', { labelColumns: ['Vendor ID'] }).columns;
    assert.ok(!forced.identifiers.includes(1));
    assert.deepEqual(
      forced.labels.map(l => l.index),
      [1],
    );
    const declared = readText(text, 'csv', { identifierColumns: ['LOG HLM_CLint (mL/min/kg)'] }).columns;
    assert.ok(declared.identifiers.includes(4));
    assert.ok(!declared.labels.some(l => l.index === 4));
  });
});
