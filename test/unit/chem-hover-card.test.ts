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

  it('shows the depiction beside the key properties, then the canonical SMILES and the other properties', async () => {
    const p = (await previewer.at(line('x = "OC(=O)c1ccccc1OC(C)=O"'), 0, 8))!;
    const md = cardMarkdown(p, all);
    const [top, ...rest] = md.split('\n');
    // One HTML block: the depiction in the first cell, the key properties and the links in the second.
    assert.match(
      top!,
      /^<table><tr><td><img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="structure of C9H8O4"><\/td><td><table>/,
    );
    const svg = Buffer.from(/base64,([^"]+)"/.exec(top!)![1]!, 'base64').toString();
    assert.match(svg, /<svg[\s\S]*<\/svg>/);
    const keys = [...top!.matchAll(/<tr><td[^>]*>([^<]+)<\/td><td>(.*?)<\/td><\/tr>/g)].map(m => `${m[1]}: ${m[2]}`);
    assert.deepEqual(keys, ['Formula: C9H8O4', 'MW: 180.16 g/mol', 'cLogP: 1.31', 'TPSA: 63.6 Å²', 'HBD / HBA: 1 / 3']);
    assert.ok(top!.includes('<td colspan="2">InChIKey<br><code>BSYNRYMUTXBXSQ-UHFFFAOYSA-N</code></td>'));
    assert.ok(
      top!.includes(
        '<a href="command:molml.copyCanonicalSmiles?%5B%22CC(%3DO)Oc1ccccc1C(%3DO)O%22%5D">Copy SMILES</a>',
      ),
    );
    assert.match(top!, /<a href="command:molml\.copyInchiKey\?[^"]+">Copy InChIKey<\/a>/);
    assert.ok(top!.endsWith('</td></tr></table>'));
    assert.deepEqual(rest.slice(0, 3), ['', '`CC(=O)Oc1ccccc1C(=O)O`', '']);
    assert.deepEqual(rest.slice(3), [
      '| More properties | |',
      '|:--|:--|',
      '| Exact mass | 180.0423 |',
      '| Rotatable bonds | 2 |',
      '| Rings | 1 |',
      '| Aromatic rings | 1 |',
      '| Heavy atoms | 13 |',
      '| Formal charge | 0 |',
      '| Stereocentres | 0 (0 defined, 0 undefined) |',
      '| Lipinski Ro5 | ✓ no violations |',
      '| Veber | ✓ pass |',
    ]);
    assert.doesNotMatch(md, /molecule grid/);
    assert.match(
      cardMarkdown(p, { ...all, gridCommand: true }),
      /<a href="command:molml\.openMoleculeGrid\?%5B%5B%22CC\(%3DO\)Oc1ccccc1C\(%3DO\)O%22%5D%5D">Open in molecule grid<\/a>/,
    );
  });

  it('lists only the chosen properties', async () => {
    const p = (await previewer.at(line('x = "C[C@H](N)C(=O)O"'), 0, 6))!;
    const md = cardMarkdown(p, { properties: ['formula', 'hbd', 'stereocentres'], gridCommand: false });
    assert.ok(md.includes('<tr><td title="Molecular formula (Hill order)">Formula</td><td>C3H7NO2</td></tr>'));
    assert.ok(md.includes('<tr><td title="H-bond donors">HBD</td><td>2</td></tr>'));
    assert.ok(md.includes('| Stereocentres | 1 (1 defined, 0 undefined) |'));
    assert.doesNotMatch(md, /TPSA|InChIKey|HBA|Exact mass/);
    const bare = cardMarkdown(p, { properties: [], gridCommand: false });
    assert.doesNotMatch(bare, /<table><tr><td><img[^>]*><\/td><td><table>|More properties/);
    assert.match(bare, /Copy SMILES/);
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
