import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rdkit, type Rdkit } from '../../src/core/chem/rdkit';
import { cardDescriptors, type CardDescriptors, type StereoTags } from '../../src/core/chem/card-properties';
import { molGraphFromJson, type MolGraph } from '../../src/core/chem/mol-graph';
import { readMolJson } from '../../src/core/chem/rdkit-json';
import { compileSmarts, matchesAt } from '../../src/core/chem/smarts-tree';
import { crippenTypes } from '../../src/core/chem/crippen';
import { readText } from '../../src/core/io';

const ROOT = path.resolve(__dirname, '../../..');
const MOLECULENET = path.join(ROOT, 'test/fixtures/data/moleculenet');
const KEYS: Array<keyof CardDescriptors> = [
  'exactmw',
  'amw',
  'CrippenClogP',
  'tpsa',
  'NumHBD',
  'NumHBA',
  'lipinskiHBD',
  'lipinskiHBA',
  'NumRotatableBonds',
  'NumRings',
  'NumAromaticRings',
  'NumHeavyAtoms',
  'NumAtomStereoCenters',
  'NumUnspecifiedAtomStereoCenters',
];

function smilesOf(file: string, every = 1): string[] {
  const table = readText(fs.readFileSync(path.join(MOLECULENET, file), 'utf8'), 'csv');
  return table.rows.filter((_, i) => i % every === 0).map(r => (r.cells[table.columns.molecule]?.text ?? '').trim());
}

/** Ours and RDKit's get_descriptors for one SMILES (undefined when RDKit rejects it). */
function both(rd: Rdkit, smiles: string): { ours: CardDescriptors | string; rdkit: CardDescriptors } | undefined {
  const r = rd.withMol(smiles, mol => ({
    ours: cardDescriptors(readMolJson(mol.get_json()), JSON.parse(mol.get_stereo_tags()) as StereoTags),
    rdkit: JSON.parse(mol.get_descriptors()) as CardDescriptors,
  }));
  return r.ok ? r.value : undefined;
}

function graphOf(rd: Rdkit, smiles: string, withHydrogens = false): MolGraph {
  const r = rd.withMol(smiles, mol => molGraphFromJson(readMolJson(mol.get_json()), withHydrogens));
  assert.ok(r.ok && typeof r.value !== 'string');
  return r.value as MolGraph;
}

describe('card properties in JavaScript', () => {
  it("equal RDKit's get_descriptors, bit for bit, on real molecules from five MoleculeNet sets", async () => {
    const rd = await rdkit();
    // Solubility, hydration (small, odd molecules), approved and failed drugs (metals, salts, charges), BACE
    // inhibitors (big, stereo-rich) and every 80th HIV screening compound.
    const sample = [
      ...smilesOf('esol_delaney-processed.csv'),
      ...smilesOf('freesolv_SAMPL.csv'),
      ...smilesOf('clintox.csv'),
      ...smilesOf('bace_every6th.csv'),
      ...smilesOf('hiv_every80th.csv'),
    ];
    const mismatches: string[] = [];
    const declined = new Map<string, number>();
    let compared = 0,
      parsed = 0;
    for (const smiles of sample) {
      const r = both(rd, smiles);
      if (!r) continue;
      parsed++;
      if (typeof r.ours === 'string') {
        declined.set(r.ours, (declined.get(r.ours) ?? 0) + 1);
        continue;
      }
      compared++;
      for (const key of KEYS) {
        if (r.ours[key] !== r.rdkit[key]) mismatches.push(`${smiles} ${key}: ${r.ours[key]} vs RDKit ${r.rdkit[key]}`);
      }
    }
    assert.deepEqual(mismatches.slice(0, 10), []);
    assert.ok(parsed > 3500, `${parsed} molecules parsed`);
    // The JavaScript path is the rule, not the exception: RDKit is asked for under 3% of these.
    assert.ok(
      compared / parsed > 0.97,
      `${compared} of ${parsed} computed in JavaScript; declined: ${JSON.stringify([...declined])}`,
    );
  });

  it('leaves isotopes, explicit hydrogens and dummy atoms to RDKit, and agrees on the rest of the edge cases', async () => {
    const rd = await rdkit();
    const declines: Record<string, string> = {
      '[13CH3]O': 'isotope',
      '[2H]C([2H])([2H])O': 'hydrogen atom',
      '[H][H]': 'hydrogen atom',
      '*c1ccccc1': 'dummy atom',
    };
    for (const [smiles, reason] of Object.entries(declines)) assert.equal(both(rd, smiles)!.ours, reason, smiles);
    // One molecule per less common branch: water, ammonium, nitro, azide, aziridine and epoxide (3-rings in TPSA),
    // nitrile, sulfonamide, phosphate, boronic acid, a salt, a radical, halide ions, hypervalent iodine, a metal
    // complex, an N-oxide, a quaternary ammonium, an isocyanide, a thiol and an enol.
    const edge = [
      'O',
      '[NH4+]',
      'C[N+](=O)[O-]',
      'CN=[N+]=[N-]',
      'C1CN1',
      'C1CO1',
      'CC#N',
      'NS(=O)(=O)c1ccccc1',
      'OP(=O)(O)OC',
      'OB(O)c1ccccc1',
      '[Na+].[Cl-]',
      '[CH3]',
      'CC[I+]c1ccccc1',
      'Cl[Pt](Cl)(N)N',
      'C[n+]1ccccc1[O-]',
      'C[N+](C)(C)C',
      '[C-]#[N+]c1ccccc1',
      'CCS',
      'OC=CC',
      'O=S(=O)([O-])C',
      'CC(=O)[O-]',
      'c1cc[nH]c1',
      'c1ccoc1',
      'c1ccsc1',
      'C=C=C',
      // Ring cis/trans: CIP labels on atoms that RDKit does not count as stereocentres, beside one it does.
      'C[C@H]1CC[C@@H](C)CC1',
      'Cl[C@H]1[C@H](Cl)[C@@H](Cl)[C@H](Cl)[C@@H](Cl)[C@@H]1Cl',
      'N[C@@H](C)[C@H]1CC[C@@H](O)CC1',
      'FC(F)(F)c1ccccc1',
      'CC(C)(C)c1ccccc1',
      'CC(=O)NC',
      'C(=O)N',
      'c1ccc2ccccc2c1',
      'C1CC2CCC1C2',
      'N#CC#N',
    ];
    for (const smiles of edge) {
      const r = both(rd, smiles)!;
      assert.equal(typeof r.ours, 'object', `${smiles}: ${String(r.ours)}`);
      for (const key of KEYS) assert.equal((r.ours as CardDescriptors)[key], r.rdkit[key], `${smiles} ${key}`);
    }
  });

  it('compiles every Crippen type and refuses SMARTS it does not cover', () => {
    assert.equal(crippenTypes().length, 110);
    assert.throws(() => compileSmarts('C1CCCCC1'), /ring closures are not supported/);
    assert.throws(() => compileSmarts('[C@H]'), /unsupported atom primitive/);
    assert.throws(() => compileSmarts('[CR2]'), /unsupported atom primitive/);
    assert.throws(() => compileSmarts('C(C'), /unclosed branch/);
  });

  it('matches SMARTS with RDKit semantics: implicit hydrogens, default bonds, distinct atoms, recursion', async () => {
    const rd = await rdkit();
    const at = (smarts: string, smiles: string, atom: number, withHydrogens = false) =>
      matchesAt(compileSmarts(smarts), graphOf(rd, smiles, withHydrogens), atom);
    assert.equal(at('[CH3]C', 'CCO', 0), true);
    assert.equal(at('[CH3]C', 'CCO', 1), false, 'the CH2 is not CH3');
    // No bond written: single or aromatic, never double.
    assert.equal(at('[CH2]C', 'C=CC', 2), false);
    assert.equal(at('c:c', 'c1ccccc1', 0), true);
    assert.equal(at('cc', 'c1ccccc1', 0), true);
    // Two pattern atoms never land on one molecule atom: isobutane's centre has three methyls, not four.
    assert.equal(at('C(C)(C)C', 'CC(C)C', 1), true);
    assert.equal(at('C(C)(C)(C)C', 'CC(C)C', 1), false);
    // Backtracking: the first methyl tried for the bare branch must give way to the one the =O branch needs.
    assert.equal(at('[CH3]C(=O)', 'CC(=O)C', 0), true);
    assert.equal(at('C(C)(=O)', 'CC(=O)C', 1), true);
    assert.equal(at('[$(C=O)]', 'CC(=O)C', 1), true);
    assert.equal(at('[!$(C=O)]', 'CC(=O)C', 0), true);
    // X counts hydrogens; with hydrogen nodes they are atoms ([#1]) and still counted by H.
    assert.equal(at('[CX4]', 'CC', 0), true);
    assert.equal(at('[#1][#6]', 'CC', 2, true), true);
    assert.equal(at('[CH3]', 'CC', 0, true), true);
    assert.equal(at('[N+;H3]', 'C[NH3+]', 1), true);
    assert.equal(at('[v4;+]', 'C[NH3+]', 1), true);
  });
});
