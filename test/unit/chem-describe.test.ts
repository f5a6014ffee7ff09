import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rdkit, MAX_HEAVY_ATOMS } from '../../src/core/chem/rdkit';
import { ATOM_LABEL_PX, describeSmiles } from '../../src/core/chem/describe';

// Reference values computed independently with Python RDKit (and PubChem's InChIKeys): test/fixtures/chem-reference.py.
const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/chem-reference.json');
interface Reference {
  source: string;
  smiles: string;
  formula: string;
  mw: number;
  exact_mass: number;
  clogp: number;
  tpsa: number;
  hbd: number;
  hba: number;
  rotatable_bonds: number;
  rings: number;
  aromatic_rings: number;
  heavy_atoms: number;
  formal_charge: number;
  stereocentres: number;
  unassigned_stereocentres: number;
  inchikey: string | null;
  lipinski_violations: number;
}
const references = (JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as { molecules: Reference[] }).molecules;

describe('molecule description', () => {
  it('describes aspirin', async () => {
    const d = describeSmiles(await rdkit(), 'CC(=O)Oc1ccccc1C(=O)O');
    assert.equal(d.report.valid, true);
    assert.equal(d.report.formula, 'C9H8O4');
    assert.equal(d.report.mw, 180.159);
    assert.equal(d.report.inchikey, 'BSYNRYMUTXBXSQ-UHFFFAOYSA-N');
    assert.deepEqual(d.lipinski, { violations: 0, failed: [] });
    assert.deepEqual(d.veber, { pass: true, failed: [] });
    assert.match(d.report.svg!, /^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/);
    assert.match(
      d.report.svg!,
      /<rect rx='10' ry='10' style='opacity:1\.0;fill:#FFFFFF/,
      'opaque white rounded background',
    );
  });

  for (const ref of references) {
    it(`matches Python RDKit on ${ref.source}`, async () => {
      const r = describeSmiles(await rdkit(), ref.smiles);
      assert.equal(r.report.valid, true, r.report.error ?? '');
      const got = r.report;
      assert.equal(got.formula, ref.formula);
      assert.ok(Math.abs(got.mw! - ref.mw) < 0.002, `mw ${got.mw} vs ${ref.mw}`);
      assert.ok(
        Math.abs(got.exact_mass! - ref.exact_mass) < 0.0002,
        `exact mass ${got.exact_mass} vs ${ref.exact_mass}`,
      );
      assert.ok(Math.abs(got.clogp! - ref.clogp) < 0.002, `cLogP ${got.clogp} vs ${ref.clogp}`);
      assert.ok(Math.abs(got.tpsa! - ref.tpsa) < 0.01, `TPSA ${got.tpsa} vs ${ref.tpsa}`);
      for (const key of [
        'hbd',
        'hba',
        'rotatable_bonds',
        'rings',
        'aromatic_rings',
        'heavy_atoms',
        'formal_charge',
        'stereocentres',
        'unassigned_stereocentres',
      ] as const) {
        assert.equal(got[key], ref[key], key);
      }
      assert.equal(r.lipinski!.violations, ref.lipinski_violations, 'Lipinski violations');
      if (ref.inchikey) assert.equal(got.inchikey, ref.inchikey);
    });
  }

  it('flags Lipinski and Veber violations', async () => {
    // Amygdalin (ESOL row 0): 7 OH/NH donors and 12 N/O acceptors, MW 457.
    const amygdalin = references.find(r => r.source === 'esol_delaney-processed.csv#0')!;
    const d = describeSmiles(await rdkit(), amygdalin.smiles);
    assert.deepEqual(d.lipinski, { violations: 2, failed: ['H-bond donors > 5', 'H-bond acceptors > 10'] });
    const veber = describeSmiles(await rdkit(), 'CCCCCCCCCCCCCCCC(=O)O');
    assert.deepEqual(veber.veber, { pass: false, failed: ['rotatable bonds > 10'] });
  });

  it('refuses molecules over the heavy-atom limit with a message', async () => {
    const d = describeSmiles(await rdkit(), 'C'.repeat(MAX_HEAVY_ATOMS + 1));
    assert.equal(d.report.valid, false);
    assert.equal(d.parseError?.kind, 'too-large');
    assert.match(d.report.error!, /301 heavy atoms, over the 300-atom limit/);
    assert.equal(d.report.svg, null);
  });

  it('refuses a chain that would trap the wasm module from its text, and works on afterwards', async () => {
    // A chain this long traps RDKit's wasm while parsing; it is counted from the text and never parsed (traps
    // themselves: rdkit-trap.test.ts).
    const huge = 'C'.repeat(1900);
    const d = describeSmiles(await rdkit(), huge);
    assert.equal(d.report.valid, false);
    assert.equal(d.parseError!.kind, 'too-large');
    assert.match(d.report.error!, /1900 heavy atoms/);
    const after = describeSmiles(await rdkit(), 'CCO');
    assert.equal(after.report.formula, 'C2H6O');
  });

  it('sizes the depiction and can leave the InChIKey out', async () => {
    const d = describeSmiles(await rdkit(), 'c1ccccc1O', { imageSize: 120, inchikey: false });
    assert.match(d.report.svg!, /width='120px' height='96px'/);
    assert.equal(d.report.inchikey, null);
  });

  it('draws atom labels at a readable size whatever the molecule and the image size', async () => {
    const rd = await rdkit();
    // Donepezil (33 heavy atoms) in a small card drew 6 px labels; ethanol in a large one, 40 px.
    for (const [smiles, size] of [
      ['COc1cc2c(cc1OC)CC(=O)C(CC1CCN(Cc3ccccc3)CC1)C2', 170],
      ['COc1cc2c(cc1OC)CC(=O)C(CC1CCN(Cc3ccccc3)CC1)C2', 250],
      ['CC(C)COCC(CN(Cc1ccccc1)c2ccccc2)N3CCCC3', 130],
      ['CCO', 400],
      ['NCc1ccc(cc1)S(N)(=O)=O', 180],
    ] as const) {
      const svg = describeSmiles(rd, smiles, { imageSize: size, inchikey: false }).report.svg!;
      // Element symbols at the label size; RDKit draws H counts and charges (NH2, O-) at 0.6 of it.
      const texts = [...svg.matchAll(/<text[^>]*font-size:([\d.]+)px[^>]*>([^<]*)</g)].map(m => ({
        px: Number(m[1]),
        text: m[2]!,
      }));
      const symbols = texts.filter(t => /^[A-Z][a-z]?$/.test(t.text));
      assert.ok(symbols.length > 0, `${smiles} at ${size} px has atom labels`);
      for (const { px, text } of texts) {
        const [min, max] = symbols.some(t => t.text === text) ? [1, 1] : [0.55, 0.65];
        assert.ok(
          px >= min * ATOM_LABEL_PX.min && px <= max * ATOM_LABEL_PX.max,
          `${smiles} at ${size} px: '${text}' drawn at ${px} px`,
        );
      }
    }
  });
});
