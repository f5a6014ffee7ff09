// "MolML: Screen a Library" and "MolML: Open Screen Results" in the extension host, with the tiny SMILES test
// encoder (user settings) on the sample hERG file: the screen runs in the bundled screen worker thread, writes a
// finished folder, opens the results view, a second run resumes (finds nothing left to do), and a run with another
// model is refused with the reason, the folder untouched.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { activateExtension, workspaceUri } from './helpers';

const REPO = path.resolve(__dirname, '../../..');
const TINY = path.join(REPO, 'test/fixtures/model-tiny-smiles');
type Result = { ok: boolean; message?: string; folder?: string; shown?: boolean };

function screenTabs(folder: string): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap(g => g.tabs).filter(t => t.label === `Screen: ${path.basename(folder)}`);
}

describe('screen commands', function () {
  this.timeout(180000);
  const library = workspaceUri('datasets', 'herg_activities.csv');
  const out = path.join(path.dirname(library.fsPath), 'herg_activities.csv.screen');
  before(async () => {
    await activateExtension();
    const config = vscode.workspace.getConfiguration('molml');
    await config.update('models', [TINY], vscode.ConfigurationTarget.Global);
    await config.update('inference.device', 'cpu', vscode.ConfigurationTarget.Global);
    const picked = await vscode.commands.executeCommand<{ ok: boolean }>('molml.selectModel', TINY);
    assert.equal(picked.ok, true);
    fs.rmSync(out, { recursive: true, force: true });
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const config = vscode.workspace.getConfiguration('molml');
    await config.update('models', undefined, vscode.ConfigurationTarget.Global);
    await config.update('inference.device', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('screens a library into a folder beside it and shows the results view', async () => {
    const r = await vscode.commands.executeCommand<Result>('molml.screenLibrary', library, { out });
    assert.equal(r.ok, true, r.message);
    assert.equal(r.folder, out);
    assert.equal(r.shown, true, 'the results view showed its first page');
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      format: string;
      finished: boolean;
      tasks: Array<{ name: string }>;
      parts: Array<{ file: string; rows: number; refused: number }>;
    };
    assert.equal(manifest.format, 'molml-screen/1');
    assert.equal(manifest.finished, true);
    assert.deepEqual(
      manifest.tasks.map(t => t.name),
      ['logS', 'soluble'],
    );
    const rows = manifest.parts.reduce((s, p) => s + p.rows + p.refused, 0);
    assert.equal(rows, 33, 'every data row of the file was predicted or refused');
    for (const p of manifest.parts) assert.ok(fs.existsSync(path.join(out, p.file)), p.file);
    assert.equal(screenTabs(out).length, 1, 'one results tab for the folder');
  });

  it('resumes from the same folder: a finished screen has nothing left to do', async () => {
    const before = fs.readFileSync(path.join(out, 'manifest.json'), 'utf8');
    const r = await vscode.commands.executeCommand<Result>('molml.screenLibrary', library, { out, open: false });
    assert.equal(r.ok, true, r.message);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { parts: unknown[] };
    assert.equal(manifest.parts.length, (JSON.parse(before) as { parts: unknown[] }).parts.length);
  });

  it('refuses the folder with another model, says why and leaves the folder as it was', async () => {
    const manifest = fs.readFileSync(path.join(out, 'manifest.json'), 'utf8');
    // The same encoder under another version.
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-other-model-'));
    fs.cpSync(TINY, other, { recursive: true });
    const file = path.join(other, 'manifest.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"version": "1.0.0"', '"version": "2.0.0"'));
    const config = vscode.workspace.getConfiguration('molml');
    try {
      await config.update('models', [TINY, other], vscode.ConfigurationTarget.Global);
      assert.equal((await vscode.commands.executeCommand<{ ok: boolean }>('molml.selectModel', other)).ok, true);
      const r = await vscode.commands.executeCommand<Result>('molml.screenLibrary', library, { out, open: false });
      assert.equal(r.ok, false);
      assert.match(r.message ?? '', /holds another screen: the folder was screened with tiny-smiles-test@1\.0\.0/);
      assert.equal(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'), manifest);
    } finally {
      await config.update('models', [TINY], vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('molml.selectModel', TINY);
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('opens the results of a screen folder, and says why a folder is not one', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const r = await vscode.commands.executeCommand<Result>('molml.openScreenResults', vscode.Uri.file(out));
    assert.equal(r.ok, true, r.message);
    assert.equal(r.shown, true);
    assert.equal(screenTabs(out).length, 1);
    const bad = await vscode.commands.executeCommand<Result>('molml.openScreenResults', workspaceUri('datasets'));
    assert.equal(bad.ok, false);
    assert.match(bad.message ?? '', /not a screen folder/);
  });
});
