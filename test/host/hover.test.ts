import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, openSample } from './helpers';

/** Markdown of every hover at the first occurrence of `needle` (plus `offset`) in the editor's document. */
async function hoverText(editor: vscode.TextEditor, needle: string, offset = 1): Promise<string> {
  const doc = editor.document;
  const index = doc.getText().indexOf(needle);
  assert.ok(index >= 0, `'${needle}' not in ${doc.fileName}`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    doc.uri,
    doc.positionAt(index + offset),
  );
  return hovers
    .flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)))
    .join('\n');
}

describe('SMILES hover cards', () => {
  before(async () => {
    await activateExtension();
  });

  it('shows the depiction and properties for a SMILES literal in Python', async () => {
    const editor = await openSample('featurize.py');
    const text = await hoverText(editor, 'CC(=O)Oc1ccccc1C(=O)O', 3);
    assert.match(text, /<img src="data:image\/svg\+xml;base64,[^"]+" alt="structure of C9H8O4">/);
    assert.match(text, /<td[^>]*>MW<\/td><td>180\.16 g\/mol<\/td>/);
    assert.match(text, /InChIKey<br><code>BSYNRYMUTXBXSQ-UHFFFAOYSA-N<\/code>/);
    assert.match(text, /<a href="command:molml\.copyCanonicalSmiles\?[^"]+">Copy SMILES<\/a>/);
    assert.match(await hoverText(editor, 'ClC(Cl)Cl', 2), /<td[^>]*>Formula<\/td><td>CHCl3<\/td>/);
  });

  it('shows nothing for ordinary words', async () => {
    const editor = await openSample('featurize.py');
    for (const word of ['"CO"', '"Cl"', '"NaN"', '"name"']) {
      assert.doesNotMatch(await hoverText(editor, word, 2), /structure of|Invalid SMILES/, word);
    }
    const notes = await openSample('notes.md');
    assert.doesNotMatch(await hoverText(notes, 'CO, Cl, NaN and He', 0), /structure of|Invalid SMILES/);
  });

  it("shows RDKit's reason and position for an invalid SMILES", async () => {
    const editor = await openSample('featurize.py');
    const text = await hoverText(editor, '"c1ccccc"', 3);
    assert.match(text, /\*\*⚠ Invalid SMILES\*\*: unclosed ring \(at character 2\)/);
    assert.match(text, /```text\nc1ccccc\n \^\n```/);
  });

  it('reads the SMILES column of a CSV dataset', async () => {
    const editor = await openSample('datasets', 'herg_activities.csv');
    const text = await hoverText(editor, 'CC(C)COCC(CN(Cc1ccccc1)c2ccccc2)N3CCCC3', 4);
    assert.match(text, /<img src="data:image\/svg\+xml;base64,[^"]+" alt="structure of C24H34N2O">/);
    assert.match(text, /\| Heavy atoms \| 27 \|/);
    // A label cell of the same row is not a molecule.
    assert.doesNotMatch(await hoverText(editor, 'CHEMBL1008', 2), /structure of/);
  });

  it('copies the canonical SMILES and InChIKey through the registered commands', async () => {
    assert.equal(await vscode.commands.executeCommand('molml.copyCanonicalSmiles', 'CCO'), 'CCO');
    assert.equal(await vscode.env.clipboard.readText(), 'CCO');
    const editor = await openSample('featurize.py');
    const index = editor.document.getText().indexOf('Cn1cnc2');
    editor.selection = new vscode.Selection(
      editor.document.positionAt(index + 2),
      editor.document.positionAt(index + 2),
    );
    assert.equal(await vscode.commands.executeCommand('molml.copyInchiKey'), 'RYYVLZVUVIJVGH-UHFFFAOYSA-N');
  });

  it('can be switched off', async () => {
    const settings = vscode.workspace.getConfiguration('molml');
    await settings.update('hover.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      const editor = await openSample('featurize.py');
      assert.doesNotMatch(await hoverText(editor, 'CC(=O)Oc1ccccc1C(=O)O', 3), /structure of/);
    } finally {
      await settings.update('hover.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
