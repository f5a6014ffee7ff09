import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { candidateAt, splitCells, type TextSource } from '../../src/core/chem/detect';
import { SmilesPreviewer, REACTION_NOTE, SMARTS_NOTE } from '../../src/core/chem/preview';

const SAMPLES = path.resolve(__dirname, '../../../samples');

function source(text: string, languageId: string, fileName?: string): TextSource {
  const lines = text.split('\n');
  return { languageId, fileName, lineCount: lines.length, lineAt: i => lines[i]! };
}

/** Position of the n-th occurrence of `needle` (plus `offset` characters into it). */
function at(src: TextSource, needle: string, offset = 1, nth = 0): [number, number] {
  let seen = 0;
  for (let line = 0; line < src.lineCount; line++) {
    for (let i = src.lineAt(line).indexOf(needle); i >= 0; i = src.lineAt(line).indexOf(needle, i + 1)) {
      if (seen++ === nth) return [line, i + offset];
    }
  }
  throw new Error(`'${needle}' not in the text`);
}

const previewer = new SmilesPreviewer();
async function hover(src: TextSource, needle: string, offset = 1, nth = 0) {
  const [line, ch] = at(src, needle, offset, nth);
  return previewer.at(src, line, ch, { imageSize: 0, inchikey: false });
}

describe('SMILES detection', () => {
  describe('Python (samples/featurize.py)', () => {
    const py = source(fs.readFileSync(path.join(SAMPLES, 'featurize.py'), 'utf8'), 'python', 'featurize.py');
    it('finds SMILES string literals', async () => {
      for (const smiles of [
        'CC(=O)Oc1ccccc1C(=O)O',
        'Cn1cnc2c1c(=O)n(C)c(=O)n2C',
        'CC(C)Cc1ccc(cc1)[C@@H](C)C(=O)O',
        'CC(=O)Nc1ccc(O)cc1',
        'ClC(Cl)Cl',
      ]) {
        const p = await hover(py, smiles, 3);
        assert.equal(p?.candidate.text, smiles);
        assert.equal(p?.description?.report.valid, true, smiles);
      }
    });
    it('shows an invalid literal with the reason', async () => {
      const p = await hover(py, '"c1ccccc"', 2);
      assert.equal(p?.candidate.evidence, 'literal');
      assert.equal(p?.description?.report.valid, false);
      assert.equal(p?.description?.report.error, 'unclosed ring');
    });
    it('ignores ordinary words, names and code', async () => {
      for (const word of [
        '"CO"',
        '"Cl"',
        '"NaN"',
        '"name"',
        '"aspirin"',
        'Chem.MolFromSmiles',
        'Descriptors',
        'logp_table',
        '# a typo',
      ]) {
        assert.equal(await hover(py, word, 2), undefined, word);
      }
    });
  });

  describe('JavaScript / TypeScript', () => {
    const js = source(
      [
        'const drugs = [\'CC(=O)Oc1ccccc1C(=O)O\', "CCO", `c1ccncc1`];',
        "const trans = 'C/C=C\\\\C'; // SMILES in a comment: c1ccccc1O",
        "if (a >= b && x < 3) console.log('data.csv', 'https://example.org/C1CC', '1.5');",
        "const rxn = 'CC(=O)O.OCC>>CC(=O)OCC';",
        "const query = '[#6]~[#8]';",
      ].join('\n'),
      'typescript',
      'drugs.ts',
    );
    it('accepts quoted literals of every kind and comment tokens', async () => {
      assert.equal((await hover(js, 'CC(=O)Oc1', 2))?.candidate.text, 'CC(=O)Oc1ccccc1C(=O)O');
      assert.equal((await hover(js, 'c1ccncc1', 2))?.description?.report.formula, 'C5H5N');
      assert.equal((await hover(js, 'c1ccccc1O', 2))?.description?.report.formula, 'C6H6O');
      assert.equal((await hover(js, 'C/C=C', 1))?.candidate.text, 'C/C=C\\C', 'source escapes unescaped');
    });
    it('rejects short plain words, file names, URLs, numbers and operators', async () => {
      for (const word of ['"CCO"', 'data.csv', 'https', '1.5', '>=', 'console'])
        assert.equal(await hover(js, word, 1), undefined, word);
    });
    it('notes reaction SMILES and SMARTS instead of depicting them', async () => {
      assert.equal((await hover(js, '>>', 0))?.note, REACTION_NOTE);
      assert.equal((await hover(js, '[#6]', 1))?.note, SMARTS_NOTE);
    });
  });

  describe('JSON and YAML', () => {
    const json = source(
      '{"name": "CO", "smiles": "CO", "drug": "CN1CCC[C@H]1c1cccnc1", "note": "Cl"}',
      'json',
      'mols.json',
    );
    it('treats values of SMILES-named keys as SMILES and other values by their looks', async () => {
      assert.equal((await hover(json, '"CO"', 2, 1))?.description?.report.formula, 'CH4O', 'smiles key');
      assert.equal(await hover(json, '"CO"', 2, 0), undefined, 'name key');
      assert.equal((await hover(json, 'CN1CCC', 2))?.description?.report.formula, 'C10H14N2');
      assert.equal(await hover(json, '"Cl"', 2), undefined);
    });
    const yaml = source(
      'molecules:\n  - smiles: CCO\n  - name: NaN\n  - other: "O=C=O"\n  - label: He # CO\n',
      'yaml',
      'mols.yaml',
    );
    it('handles unquoted and quoted YAML values', async () => {
      assert.equal((await hover(yaml, 'CCO', 1))?.description?.report.formula, 'C2H6O');
      assert.equal((await hover(yaml, 'O=C=O', 1))?.description?.report.formula, 'CO2');
      for (const word of ['NaN', 'He', '# CO']) assert.equal(await hover(yaml, word, word.length - 1), undefined, word);
    });
  });

  describe('Markdown (samples/notes.md)', () => {
    const md = source(fs.readFileSync(path.join(SAMPLES, 'notes.md'), 'utf8'), 'markdown', 'notes.md');
    it('finds SMILES in inline code, also in tables', async () => {
      assert.equal((await hover(md, 'CC(C)(C)c1ccc', 3))?.description?.report.valid, true);
      assert.equal((await hover(md, 'COc1cc(N)', 3))?.description?.report.formula, 'C23H29ClFN3O4');
    });
    it("shows RDKit's reason for the typo in inline code", async () => {
      const p = await hover(md, 'cc1)CCc1ccc(NS(C)(=O)=O)cc`', 10, 0);
      assert.equal(p?.description?.report.valid, false);
      assert.equal(p?.description?.report.error, 'unclosed ring');
    });
    it('leaves prose words alone', async () => {
      for (const word of ['CO,', 'Cl,', 'NaN', 'He ', 'hERG', 'terfenadine', 'datasets/herg_activities.csv']) {
        assert.equal(await hover(md, word, 0), undefined, word);
      }
    });
  });

  describe('plain text', () => {
    const txt = source(
      'Benzene (c1ccccc1) is aromatic; CO is carbon monoxide, CO2 is not a SMILES. Try CCCCCC.\nSee 3.14 or N/A.',
      'plaintext',
      'notes.txt',
    );
    it('accepts structured tokens and long chains, trims prose punctuation', async () => {
      assert.equal((await hover(txt, 'c1ccccc1', 1))?.candidate.text, 'c1ccccc1');
      assert.equal((await hover(txt, 'CCCCCC', 1))?.candidate.text, 'CCCCCC');
    });
    it('rejects words, formulas and numbers', async () => {
      for (const word of ['CO ', 'CO2', '3.14', 'N/A', 'Benzene'])
        assert.equal(await hover(txt, word, 0), undefined, word);
    });
  });

  describe('CSV / TSV / .smi', () => {
    const csv = source(
      fs.readFileSync(path.join(SAMPLES, 'datasets/clintox_raw.csv'), 'utf8'),
      'csv',
      'clintox_raw.csv',
    );
    it('accepts cells of the SMILES column, also odd ones RDKit parses', async () => {
      const p = await hover(csv, '*C(=O)[C@H](CCCCNC', 3);
      assert.equal(p?.candidate.evidence, 'column');
      assert.equal(p?.description?.report.valid, true);
    });
    it('never hovers the header or label cells', async () => {
      assert.equal(await previewer.at(csv, 0, 2), undefined);
      const [line] = at(csv, '*C(=O)[C@H]');
      assert.equal(await previewer.at(csv, line, csv.lineAt(line).length - 1), undefined);
    });
    const short = source('id,SMILES,label\n1,CO,0\n2,"C1CC",1\n3,NaN,1', 'plaintext', 'short.csv');
    it('uses the header to accept short SMILES and to explain bad ones', async () => {
      assert.equal((await hover(short, 'CO', 1))?.description?.report.formula, 'CH4O');
      assert.equal((await hover(short, 'C1CC', 1))?.description?.report.error, 'unclosed ring');
      assert.equal(await hover(short, 'NaN', 1), undefined);
    });
    it('splits quoted cells', () => {
      assert.deepEqual(splitCells('a,"b,c",d', ','), [
        { start: 0, end: 1 },
        { start: 3, end: 6 },
        { start: 8, end: 9 },
      ]);
    });
    const tsv = source('name\tsmiles\nethanol\tCCO', 'plaintext', 'x.tsv');
    it('reads TSV', async () => {
      assert.equal((await hover(tsv, 'CCO', 1))?.description?.report.formula, 'C2H6O');
      assert.equal(await hover(tsv, 'ethanol', 1), undefined);
    });
    const smi = source(
      fs.readFileSync(path.join(SAMPLES, 'datasets/reference.smi'), 'utf8'),
      'smiles',
      'reference.smi',
    );
    it('takes the first field of a .smi line as SMILES, the rest as its name', async () => {
      assert.equal((await hover(smi, 'Cn1cnc2', 2))?.description?.report.formula, 'C8H10N4O2');
      assert.equal((await hover(smi, 'C1CC broken', 1))?.description?.report.error, 'unclosed ring');
      assert.equal(await hover(smi, 'aspirin', 2), undefined);
      assert.equal(candidateAt(smi, 0, 0)?.evidence, 'column');
    });
  });

  describe('notebook code cells (samples/solubility.ipynb)', () => {
    const nb = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'solubility.ipynb'), 'utf8')) as {
      cells: Array<{ cell_type: string; source: string[] }>;
    };
    const cells = nb.cells.filter(c => c.cell_type === 'code').map(c => source(c.source.join(''), 'python'));
    it('finds SMILES in the cells as in Python', async () => {
      assert.equal((await hover(cells[0]!, 'O=C(O)c1ccccc1O', 2))?.description?.report.formula, 'C7H6O3');
      assert.equal((await hover(cells[1]!, 'CN1CCC[C@H]', 2))?.description?.report.formula, 'C10H14N2');
      assert.equal((await hover(cells[1]!, 'C1=CC=CC=C1', 2))?.description?.report.canonical, 'c1ccccc1');
      assert.equal(await hover(cells[1]!, 'datasets/clintox_raw.csv', 2), undefined);
    });
    const raw = source(fs.readFileSync(path.join(SAMPLES, 'solubility.ipynb'), 'utf8'), 'json', 'solubility.ipynb');
    it('finds them in the notebook opened as JSON text too', async () => {
      assert.equal((await hover(raw, 'O=C(O)c1ccccc1O', 2))?.description?.report.formula, 'C7H6O3');
    });
  });
});
