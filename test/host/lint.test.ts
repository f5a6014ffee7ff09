import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, openSample, until, workspaceUri } from './helpers';

function molml(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter(d => d.source === 'molml' && (!code || (typeof d.code === 'object' && d.code.value === code)));
}

async function lintedEditor(...segments: string[]): Promise<vscode.TextEditor> {
  await activateExtension();
  const editor = await openSample(...segments);
  await until(() => molml(editor.document.uri).length > 0, `diagnostics for ${segments.join('/')}`, 60000);
  return editor;
}

async function fixes(editor: vscode.TextEditor, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    editor.document.uri,
    d.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return actions;
}

/** Applies a code action, checks the document, undoes it and checks the text is back. */
async function applyAndUndo(
  editor: vscode.TextEditor,
  action: vscode.CodeAction,
  check: (text: string) => void,
): Promise<void> {
  const before = editor.document.getText();
  await vscode.window.showTextDocument(editor.document);
  assert.ok(await vscode.workspace.applyEdit(action.edit!), 'edit applied');
  check(editor.document.getText());
  await vscode.commands.executeCommand('undo');
  await until(() => editor.document.getText() === before, 'undo to restore the text', 5000);
}

describe('dataset lint in the editor', () => {
  it('puts findings at the cell, the atom and the character on a CSV', async () => {
    const editor = await lintedEditor('datasets', 'clintox_raw.csv');
    const uri = editor.document.uri;
    const wildcard = molml(uri, 'MOL010');
    assert.deepEqual(
      wildcard.map(d => [d.range.start.line, d.range.start.character, d.severity]),
      [
        [1, 0, vscode.DiagnosticSeverity.Error],
        [13, 0, vscode.DiagnosticSeverity.Error],
      ],
    );
    const [charge] = molml(uri, 'MOL006').filter(d => d.range.start.line === 30);
    assert.equal(editor.document.getText(charge.range), '[NH2+]');
    const [valence] = molml(uri, 'MOL003');
    assert.equal(valence.range.start.line, 9);
    assert.match(valence.message, /Explicit valence/);
    const code = valence.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /docs\/rules\/MOL003\.md$/);
  });

  it('reports SDF records and .smi lines', async () => {
    const sdf = await lintedEditor('datasets', 'good_bad_good_bad.sdf');
    assert.deepEqual(
      molml(sdf.document.uri, 'MOL003').map(d => d.range.start.line),
      [24],
    );
    assert.deepEqual(
      molml(sdf.document.uri, 'MOL101').map(d => d.range.start.line),
      [40],
    );
    const smi = await lintedEditor('datasets', 'reference.smi');
    const [broken] = molml(smi.document.uri, 'MOL001');
    // "C1CC broken_ring": RDKit reports the unclosed ring; the diagnostic sits on the ring label it never closed.
    assert.equal(broken.range.start.line, 2);
    assert.equal(broken.range.start.character, 1);
    assert.equal(smi.document.getText(broken.range), '1');
    assert.match(broken.message, /unclosed ring/);
  });

  it('neutralises a charge, and undo restores the row', async () => {
    const editor = await lintedEditor('datasets', 'clintox_raw.csv');
    const [charge] = molml(editor.document.uri, 'MOL006').filter(d => d.range.start.line === 30);
    const action = (await fixes(editor, charge)).find(a => a.title === 'Neutralise charges');
    assert.ok(action, 'a Neutralise charges fix');
    await applyAndUndo(editor, action, text => assert.equal(text.split(/\r?\n/)[30], 'C#CCN[C@@H]1CCc2ccccc21,1,0'));
  });

  it('keeps the largest fragment, for one row or all of them', async () => {
    const editor = await lintedEditor('datasets', 'herg_activities.csv');
    const salts = molml(editor.document.uri, 'MOL005');
    const salt = salts.find(d => d.range.start.line === 20)!;
    const original = editor.document.lineAt(20).text;
    const actions = await fixes(editor, salt);
    const one = actions.find(a => a.title === 'Keep the largest fragment')!;
    await applyAndUndo(editor, one, text => {
      const line = text.split(/\r?\n/)[20];
      assert.ok(!line.split(',')[0].includes('.') && line.split(',')[0].startsWith('CSc1ccc'), line);
      assert.equal(line.slice(line.indexOf(',')), original.slice(original.indexOf(',')));
    });
    const all = actions.find(a => /all \d+ MOL005 findings/.test(a.title))!;
    await applyAndUndo(editor, all, text => {
      const lines = text.split(/\r?\n/);
      assert.ok(
        salts.every(d => !lines[d.range.start.line].split(',')[0].includes('.')),
        'no salt left',
      );
      assert.equal(lines.length, editor.document.lineCount);
    });
  });

  it('deletes a duplicate row, keeping the first, and undo brings it back', async () => {
    const editor = await lintedEditor('datasets', 'clintox_raw.csv');
    const [dup] = molml(editor.document.uri, 'MOL101').filter(d => d.range.start.line === 13);
    const action = (await fixes(editor, dup)).find(a => a.title.startsWith('Delete this duplicate row'))!;
    const before = editor.document.getText().split(/\r?\n/);
    await applyAndUndo(editor, action, text => {
      const after = text.split(/\r?\n/);
      assert.equal(after.length, before.length - 1);
      assert.deepEqual(after, [...before.slice(0, 13), ...before.slice(14)]);
    });
  });

  it('updates findings as the user types', async () => {
    const editor = await lintedEditor('datasets', 'reference.smi');
    await editor.edit(b => b.insert(new vscode.Position(2, 4), '1'));
    await until(() => molml(editor.document.uri, 'MOL001').length === 0, 'the fixed ring to clear MOL001');
    await vscode.commands.executeCommand('undo');
    await until(() => molml(editor.document.uri, 'MOL001').length === 1, 'MOL001 to come back');
  });

  it('turns a label rule off for one file through molml.lint.json, and undo brings the findings back', async () => {
    const editor = await lintedEditor('datasets', 'herg_activities.csv');
    const uri = editor.document.uri;
    const censored = await until(() => molml(uri, 'MOL203')[0], 'a censored-value finding');
    const count = molml(uri, 'MOL203').length;
    const actions = await fixes(editor, censored);
    const identifier = actions.find(a => /^Treat column "standard_value" as an identifier/.test(a.title));
    assert.ok(identifier, actions.map(a => a.title).join('; '));
    const off = actions.find(a => /^Turn MOL203 off for this file/.test(a.title))!;
    const config = workspaceUri('molml.lint.json');
    try {
      assert.ok(await vscode.workspace.applyEdit(off.edit!), 'edit applied');
      await vscode.commands.executeCommand(off.command!.command, ...(off.command!.arguments ?? []));
      const written = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(config)));
      assert.deepEqual(written.files['datasets/herg_activities.csv'].rules, { MOL203: 'off' });
      await until(() => molml(uri, 'MOL203').length === 0, 'MOL203 to be off for this file', 30000);
      const configEditor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(config));
      await vscode.commands.executeCommand('undo');
      await until(() => configEditor.document.getText() === '', 'undo to empty the new configuration', 5000);
      await vscode.commands.executeCommand(off.command!.command, ...(off.command!.arguments ?? []));
      await until(() => molml(uri, 'MOL203').length === count, 'MOL203 to come back after undo', 30000);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(config).then(undefined, () => undefined);
    }
  });

  it('summarises a file with Lint dataset', async () => {
    const editor = await lintedEditor('datasets', 'clintox_raw.csv');
    const result = await vscode.commands.executeCommand<{ rows: number; summary: Record<string, number> }>(
      'molml.lintDataset',
      editor.document.uri,
    );
    assert.equal(result.rows, 33);
    assert.equal(result.summary.MOL010, 2);
  });
});
