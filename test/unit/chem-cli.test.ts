import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
function molml(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const FIELDS = [
  'input',
  'valid',
  'error',
  'canonical',
  'formula',
  'mw',
  'exact_mass',
  'clogp',
  'tpsa',
  'hbd',
  'hba',
  'rotatable_bonds',
  'rings',
  'aromatic_rings',
  'heavy_atoms',
  'formal_charge',
  'stereocentres',
  'unassigned_stereocentres',
  'inchikey',
  'svg',
];

describe('molml depict', () => {
  it('prints the JSON report of a valid molecule and exits 0', () => {
    const r = molml('depict', 'CC(=O)Oc1ccccc1C(=O)O');
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(json), FIELDS);
    assert.equal(json.valid, true);
    assert.equal(json.error, null);
    assert.equal(json.formula, 'C9H8O4');
    assert.equal(json.inchikey, 'BSYNRYMUTXBXSQ-UHFFFAOYSA-N');
    assert.match(json.svg, /<svg/);
  });

  it('exits 1 with the reason for an invalid SMILES, in every format', () => {
    const r = molml('depict', 'C1CC', '--format', 'json');
    assert.equal(r.code, 1);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(json), FIELDS);
    assert.equal(json.valid, false);
    assert.equal(json.error, 'unclosed ring');
    assert.equal(json.formula, null);
    const text = molml('depict', 'C1CC', '--format', 'text');
    assert.equal(text.code, 1);
    assert.equal(text.stdout, 'invalid SMILES: unclosed ring (at character 2)\n  C1CC\n   ^\n');
    const svg = molml('depict', 'C1CC', '--format', 'svg');
    assert.equal(svg.code, 1);
    assert.equal(svg.stdout, '');
    assert.match(svg.stderr, /unclosed ring/);
  });

  it('prints an SVG and a text summary', () => {
    const svg = molml('depict', 'c1ccccc1', '--format', 'svg', '--size', '150');
    assert.equal(svg.code, 0);
    assert.match(svg.stdout, /^<\?xml[\s\S]*width='150px'[\s\S]*<\/svg>\n$/);
    const text = molml('depict', 'CCO', '--format', 'text');
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^canonical +CCO$/m);
    assert.match(text.stdout, /^formula +C2H6O$/m);
    assert.match(text.stdout, /^Lipinski +pass$/m);
  });

  it('exits 1 with the reason for look-alike characters and inner spaces, which RDKit alone reads as other molecules', () => {
    const cases: Array<[string, string]> = [
      [
        '\u0421\u0421O',
        'character 1 is U+0421 CYRILLIC CAPITAL LETTER ES, which looks like C (2 such characters in all)',
      ],
      ['C\u039F', 'character 2 is U+039F GREEK CAPITAL LETTER OMICRON, which looks like O'],
      ['C\u00E9', "character 2 is U+00E9 '\u00E9', a letter outside ASCII, which looks like e"],
      ['\u202ECCO', 'character 1 is U+202E RIGHT-TO-LEFT OVERRIDE, an invisible bidirectional-text control'],
      ['CC O', "a space at position 3: RDKit would read 'O' as a name and drop it"],
      ['c1ccccc1 Cl', "a space at position 9: RDKit would read 'Cl' as a name and drop it"],
    ];
    for (const [smiles, reason] of cases) {
      const r = molml('depict', smiles);
      assert.equal(r.code, 1, smiles);
      const json = JSON.parse(r.stdout);
      assert.equal(json.valid, false);
      assert.equal(json.error, reason);
      assert.equal(json.canonical, null);
      assert.equal(json.svg, null);
    }
    const text = molml('depict', 'CC O', '--format', 'text');
    assert.equal(text.code, 1);
    assert.equal(
      text.stdout,
      "invalid SMILES: a space at position 3: RDKit would read 'O' as a name and drop it (at character 3)\n  CC O\n    ^\n",
    );
    const svg = molml('depict', 'c1ccccc1 Cl', '--format', 'svg');
    assert.equal(svg.code, 1);
    assert.equal(svg.stdout, '');
    assert.match(svg.stderr, /a space at position 9/);
    const trailing = molml('depict', 'CCO ');
    assert.equal(trailing.code, 0, 'a trailing space stays allowed');
    assert.equal(JSON.parse(trailing.stdout).canonical, 'CCO');
  });

  it('exits 2 with one line on stderr for usage errors', () => {
    for (const args of [
      ['depict'],
      ['depict', 'CCO', '--format', 'png'],
      ['depict', 'CCO', 'CCN'],
      ['depict', 'CCO', '--size', 'big'],
      ['depict', 'CCO', '--bogus'],
    ]) {
      const r = molml(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.equal(r.stdout, '');
    }
  });
});
