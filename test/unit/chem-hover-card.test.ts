import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SmilesPreviewer } from '../../src/core/chem/preview';
import { cardMarkdown, HOVER_PROPERTIES } from '../../src/extension/hover/card';
import type { TextSource } from '../../src/core/chem/detect';

const line = (text: string, languageId = 'python'): TextSource => ({ languageId, lineCount: 1, lineAt: () => text });
const all = { properties: HOVER_PROPERTIES, gridCommand: false };

describe('hover card', () => {
  const previewer = new SmilesPreviewer();

  it('shows the depiction, canonical SMILES, properties, rules and copy links', async () => {
    const p = (await previewer.at(line('x = "OC(=O)c1ccccc1OC(C)=O"'), 0, 8))!;
    const md = cardMarkdown(p, all);
    assert.match(md, /^!\[structure of C9H8O4\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+\)$/m);
    const svg = Buffer.from(/base64,([^)]+)\)/.exec(md)![1]!, 'base64').toString();
    assert.match(svg, /<svg[\s\S]*<\/svg>/);
    assert.match(md, /^`CC\(=O\)Oc1ccccc1C\(=O\)O`$/m);
    for (const row of [
      '| Formula | C9H8O4 |',
      '| Molecular weight | 180.16 g/mol |',
      '| Exact mass | 180.0423 |',
      '| cLogP (Crippen) | 1.31 |',
      '| TPSA | 63.6 Å² |',
      '| H-bond donors | 1 |',
      '| H-bond acceptors | 3 |',
      '| Rotatable bonds | 2 |',
      '| Rings | 1 |',
      '| Aromatic rings | 1 |',
      '| Heavy atoms | 13 |',
      '| Formal charge | 0 |',
      '| Stereocentres | 0 (0 defined, 0 undefined) |',
      '| Lipinski Ro5 | ✓ no violations |',
      '| Veber | ✓ pass |',
      '| InChIKey | `BSYNRYMUTXBXSQ-UHFFFAOYSA-N` |',
    ]) {
      assert.ok(md.includes(row), row);
    }
    assert.match(
      md,
      /\[Copy SMILES\]\(command:molml\.copyCanonicalSmiles\?%5B%22CC\(%3DO\)Oc1ccccc1C\(%3DO\)O%22%5D\)/,
    );
    assert.match(md, /\[Copy InChIKey\]\(command:molml\.copyInchiKey\?/);
    assert.doesNotMatch(md, /molecule grid/);
    assert.match(
      cardMarkdown(p, { ...all, gridCommand: true }),
      /\[Open in molecule grid\]\(command:molml\.openMoleculeGrid\?/,
    );
  });

  it('lists only the chosen properties', async () => {
    const p = (await previewer.at(line('x = "C[C@H](N)C(=O)O"'), 0, 6))!;
    const md = cardMarkdown(p, { properties: ['formula', 'stereocentres'], gridCommand: false });
    assert.ok(md.includes('| Formula | C3H7NO2 |'));
    assert.ok(md.includes('| Stereocentres | 1 (1 defined, 0 undefined) |'));
    assert.doesNotMatch(md, /TPSA|InChIKey/);
  });

  it("marks an invalid SMILES with RDKit's reason, the position and a caret line", async () => {
    const p = (await previewer.at(line('broken = "c1ccccc"'), 0, 12))!;
    assert.equal(
      cardMarkdown(p, all),
      '**⚠ Invalid SMILES**: unclosed ring (at character 2)\n\n```text\nc1ccccc\n ^\n```',
    );
    const valence = (await previewer.at(line('bad = "CC(C)(C)(C)(C)C"'), 0, 8))!;
    assert.match(
      cardMarkdown(valence, all),
      /Explicit valence for atom # 1 C, 6, is greater than permitted \(at character 2\)\n\n```text\nCC\(C\)\(C\)\(C\)\(C\)C\n \^\n```/,
    );
  });

  it('gives a note for reaction SMILES', async () => {
    const p = (await previewer.at(line("r = 'CC(=O)O.OCC>>CC(=O)OCC'"), 0, 8))!;
    assert.match(cardMarkdown(p, all), /^ℹ Reaction SMILES/);
  });

  it('matches the defaults declared in package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
    const props = pkg.contributes.configuration.properties;
    assert.deepEqual(props['molml.hover.properties'].default, [...HOVER_PROPERTIES]);
    assert.deepEqual(props['molml.hover.properties'].items.enum, [...HOVER_PROPERTIES]);
    for (const command of ['molml.copyCanonicalSmiles', 'molml.copyInchiKey']) {
      assert.ok(
        pkg.contributes.commands.some(
          (c: { command: string; category: string }) => c.command === command && c.category === 'MolML',
        ),
        command,
      );
    }
    for (const language of props['molml.hover.languages'].default as string[]) {
      assert.ok(pkg.activationEvents.includes(`onLanguage:${language}`), language);
    }
  });
});
