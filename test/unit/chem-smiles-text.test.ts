// Look-alike and spaced SMILES: RDKit reads them as other molecules, so every path refuses them with the reason.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { smilesTextError, describeCharacter } from '../../src/core/chem/smiles-text';
import { rdkit, type Rdkit } from '../../src/core/chem/rdkit';
import { describeSmiles } from '../../src/core/chem/describe';
import { SmilesPreviewer } from '../../src/core/chem/preview';
import { candidateAt, type TextSource } from '../../src/core/chem/detect';
import { cardMarkdown } from '../../src/extension/hover/card';
import { depictRow } from '../../src/core/grid/chem';
import { ecfp } from '../../src/core/similarity/ecfp';
import { at, lint } from './lint-helpers';

const CYRILLIC_ES = '\u0421';
const GREEK_OMICRON = '\u039F';
const RLO = '\u202E';

/** What RDKit alone makes of the text: the canonical SMILES, or undefined when it refuses. */
function rdkitAlone(rd: Rdkit, text: string): string | undefined {
  const mol = rd.module.get_mol(text);
  try {
    return mol?.is_valid() ? mol.get_smiles() : undefined;
  } finally {
    mol?.delete();
  }
}

describe('SMILES text check', () => {
  let rd: Rdkit;
  before(async () => {
    rd = await rdkit();
  });

  it('RDKit alone reads each example as another molecule (why the check exists)', () => {
    assert.equal(rdkitAlone(rd, `${CYRILLIC_ES}${CYRILLIC_ES}O`), 'O');
    assert.equal(rdkitAlone(rd, `C${GREEK_OMICRON}`), 'C');
    assert.equal(rdkitAlone(rd, 'Cé'), 'C');
    assert.equal(rdkitAlone(rd, `${RLO}CCO`), 'CCO');
    assert.equal(rdkitAlone(rd, 'CC O'), 'CC');
    assert.equal(rdkitAlone(rd, 'c1ccccc1 Cl'), 'c1ccccc1');
  });

  it('names the character, its code point, its position and the letter it looks like', () => {
    const e = smilesTextError(`${CYRILLIC_ES}${CYRILLIC_ES}O`);
    assert.equal(e?.kind, 'text');
    assert.equal(e?.position, 0);
    assert.equal(
      e?.message,
      'character 1 is U+0421 CYRILLIC CAPITAL LETTER ES, which looks like C (2 such characters in all)',
    );
    assert.equal(
      smilesTextError(`C${GREEK_OMICRON}`)?.message,
      'character 2 is U+039F GREEK CAPITAL LETTER OMICRON, which looks like O',
    );
    assert.equal(
      smilesTextError('Cé')?.message,
      "character 2 is U+00E9 'é', a letter outside ASCII, which looks like e",
    );
    assert.equal(
      smilesTextError(`${RLO}CCO`)?.message,
      'character 1 is U+202E RIGHT-TO-LEFT OVERRIDE, an invisible bidirectional-text control',
    );
    assert.equal(
      smilesTextError('C\u200BO')?.message,
      'character 2 is U+200B ZERO WIDTH SPACE, an invisible zero-width character',
    );
    assert.equal(
      smilesTextError('C\u00A0O')?.message,
      'character 2 is U+00A0 NO-BREAK SPACE, a space that is not an ASCII space',
    );
    assert.equal(smilesTextError('CCO\u00A0')?.position, 3, 'a non-ASCII space is refused at the edge too');
    assert.equal(
      smilesTextError('c1cc\u0441cc1')?.message,
      'character 5 is U+0441 CYRILLIC SMALL LETTER ES, which looks like c',
    );
    assert.equal(smilesTextError('CC\u2261N')?.message, 'character 3 is U+2261 IDENTICAL TO, which looks like #');
    assert.match(smilesTextError('C\u{1F600}O')!.message, /^character 2 is U\+1F600 /);
  });

  it('refuses inner whitespace, naming what RDKit would drop', () => {
    assert.deepEqual(smilesTextError('CC O'), {
      kind: 'text',
      position: 2,
      message: "a space at position 3: RDKit would read 'O' as a name and drop it",
    });
    assert.equal(
      smilesTextError('c1ccccc1 Cl')?.message,
      "a space at position 9: RDKit would read 'Cl' as a name and drop it",
    );
    assert.equal(smilesTextError('CC\tO')?.message, "a tab at position 3: RDKit would read 'O' as a name and drop it");
    assert.equal(smilesTextError('  CC O  ')?.position, 4, 'the position counts in the text as given');
    assert.equal(
      smilesTextError(`CC ${CYRILLIC_ES}`)?.message,
      "a space at position 3: RDKit would read 'С' as a name and drop it",
      'the first problem wins',
    );
  });

  it('leaves valid SMILES alone, with the whitespace around a cell (ESOL has trailing spaces) and CXSMILES extensions', () => {
    for (const ok of [
      'CCO',
      'CCO ',
      ' CCO',
      '\tc1ccccc1\r\n',
      'OCC3OC(OCC2OC(OC(C#N)c1ccccc1)C(O)C(O)C2O)C(O)C(O)C3O ',
      'C[C@H](O)F |&1:1|',
      '[13CH4]',
      'C/C=C\\C',
    ]) {
      assert.equal(smilesTextError(ok), undefined, JSON.stringify(ok));
    }
    assert.equal(smilesTextError('C |&1:1| Cl')?.kind, 'text', 'a CXSMILES block followed by a name is refused');
  });

  it('describes any character outside the table by code point and kind', () => {
    assert.equal(describeCharacter('\u00C7'), "U+00C7 'Ç', a letter outside ASCII, which looks like C");
    assert.equal(describeCharacter('\uFF2E'), "U+FF2E 'Ｎ', a letter outside ASCII, which looks like N");
    assert.equal(describeCharacter('\u0007'), 'U+0007, a control character');
    assert.equal(
      describeCharacter('\u2028'),
      'U+2028, a space that is not an ASCII space',
      'an invisible character is named, not quoted',
    );
    assert.equal(describeCharacter('\u2061'), 'U+2061, an invisible formatting character');
  });

  it('is applied before RDKit parses: depiction, fingerprints and SMARTS get the reason, not another molecule', () => {
    const d = describeSmiles(rd, `${CYRILLIC_ES}${CYRILLIC_ES}O`, { imageSize: 0 });
    assert.equal(d.report.valid, false);
    assert.equal(d.parseError?.kind, 'text');
    assert.match(d.report.error!, /CYRILLIC CAPITAL LETTER ES, which looks like C/);
    assert.equal(
      describeSmiles(rd, 'CCO ', { imageSize: 0 }).report.canonical,
      'CCO',
      'a trailing space stays allowed',
    );
    const grid = depictRow(rd, 'c1ccccc1 Cl', false, 200);
    assert.deepEqual(grid, { error: "a space at position 9: RDKit would read 'Cl' as a name and drop it" });
    assert.ok('url' in depictRow(rd, 'c1ccccc1Cl ', false, 200));
    const fp = ecfp(rd, `C${GREEK_OMICRON}`);
    assert.equal(fp.ok, false);
    assert.match(!fp.ok ? fp.reason : '', /^refused: character 2 is U\+039F GREEK CAPITAL LETTER OMICRON/);
    const q = rd.withQuery(`c1cccc${CYRILLIC_ES}1`, () => true);
    assert.equal(!q.ok && q.error.kind, 'text');
  });
});

function source(text: string, languageId: string, fileName?: string): TextSource {
  const lines = text.split('\n');
  return { languageId, fileName, lineCount: lines.length, lineAt: i => lines[i]! };
}

describe('SMILES text check in the hover', () => {
  const previewer = new SmilesPreviewer();
  const csv = source(
    `id,smiles\n1,${CYRILLIC_ES}${CYRILLIC_ES}O\n2,CC O\n3,c1ccccc1 Cl\n4,CCO \n5,${RLO}CCO`,
    'csv',
    'data.csv',
  );

  it('a SMILES cell with a look-alike or an inner space shows the reason instead of a card for another molecule', async () => {
    for (const [line, ch, reason] of [
      [1, 3, /U\+0421 CYRILLIC CAPITAL LETTER ES, which looks like C/],
      [2, 2, /a space at position 3: RDKit would read 'O'/],
      [3, 3, /a space at position 9: RDKit would read 'Cl'/],
      [5, 3, /U\+202E RIGHT-TO-LEFT OVERRIDE/],
    ] as const) {
      const p = await previewer.at(csv, line, ch, { imageSize: 0, inchikey: false });
      assert.equal(p?.candidate.evidence, 'column', `line ${line}`);
      assert.equal(p?.description?.report.valid, false, `line ${line}`);
      assert.match(p!.description!.report.error!, reason);
      const card = cardMarkdown(p!, { properties: ['formula'], gridCommand: false });
      assert.match(card, /^\*\*⚠ Invalid SMILES\*\*: /);
      assert.doesNotMatch(card, /Formula|data:image/);
    }
    const ok = await previewer.at(csv, 4, 2, { imageSize: 0, inchikey: false });
    assert.equal(ok?.description?.report.canonical, 'CCO', 'a trailing space in a cell is fine');
  });

  it('the value of a "smiles" key with a space in it is one candidate, refused with the reason', async () => {
    const py = source('mol = {"smiles": "c1ccccc1 Cl"}', 'python', 'a.py');
    const p = await previewer.at(py, 0, 19, { imageSize: 0, inchikey: false });
    assert.equal(p?.candidate.text, 'c1ccccc1 Cl');
    assert.equal(p?.description?.parseError?.kind, 'text');
  });

  it('in prose and code, a run of SMILES letters touching a non-ASCII letter is not a candidate', () => {
    const text = source(
      `Aspirin is CC(=O)Oc1ccccc1C(=O)O; the typo CC(=O)Oc1ccccc1${CYRILLIC_ES}l and ${CYRILLIC_ES}${CYRILLIC_ES}O, Cé, C${GREEK_OMICRON}CCCCC.`,
      'plaintext',
    );
    const line = text.lineAt(0);
    assert.equal(candidateAt(text, 0, line.indexOf('CC(=O)') + 2)?.text, 'CC(=O)Oc1ccccc1C(=O)O');
    for (const word of [`CC(=O)Oc1ccccc1${CYRILLIC_ES}`, `${CYRILLIC_ES}${CYRILLIC_ES}O`, 'Cé', `C${GREEK_OMICRON}`]) {
      const start = line.indexOf(word);
      for (let i = start; i <= start + word.length; i++)
        assert.equal(candidateAt(text, 0, i), undefined, `${word} at ${i - start}`);
    }
    const md = source(`Ethanol \`${CYRILLIC_ES}CO\` and прозаCCCCCO`, 'markdown');
    assert.equal(candidateAt(md, 0, 10), undefined);
    assert.equal(candidateAt(md, 0, md.lineAt(0).indexOf('CCCCCO') + 2), undefined);
  });
});

describe('MOL016 unsafe-smiles-text', () => {
  it('flags each look-alike or spaced SMILES at the character, and leaves trailing spaces alone', async () => {
    const text = [
      'smiles,logS',
      `${CYRILLIC_ES}${CYRILLIC_ES}O,1.0`,
      `C${GREEK_OMICRON},1.1`,
      'Cé,1.2',
      `${RLO}CCO,1.3`,
      'CC O,1.4',
      'c1ccccc1 Cl,1.5',
      'CCO ,1.6',
      'c1ccccc1Cl,1.7',
      '',
    ].join('\n');
    const r = await lint('look-alikes.csv', text);
    const expected: Array<[number, number, RegExp]> = [
      [2, 0, /^character 1 is U\+0421 CYRILLIC CAPITAL LETTER ES, which looks like C/],
      [3, 1, /^character 2 is U\+039F GREEK CAPITAL LETTER OMICRON, which looks like O$/],
      [4, 1, /^character 2 is U\+00E9 'é'/],
      [5, 0, /RIGHT-TO-LEFT OVERRIDE/],
      [6, 2, /^a space at position 3: RDKit would read 'O' as a name and drop it$/],
      [7, 8, /^a space at position 9: RDKit would read 'Cl' as a name and drop it$/],
    ];
    for (const [line, column, message] of expected) {
      const found = at(r, line, 'MOL016');
      assert.equal(found.length, 1, `line ${line}: ${JSON.stringify(at(r, line))}`);
      assert.equal(found[0].severity, 'error');
      assert.equal(found[0].column, column, `line ${line}`);
      assert.match(found[0].message, message);
      assert.deepEqual(
        at(r, line).map(d => d.code),
        ['MOL016'],
        `line ${line}: no finding about the misread molecule`,
      );
    }
    assert.deepEqual(at(r, 8), [], 'a trailing space is fine');
    assert.deepEqual(at(r, 9, 'MOL016'), []);
    assert.deepEqual(at(r, 6, 'MOL101'), [], 'ethane from "CC O" is not a duplicate of anything');
  });
});
