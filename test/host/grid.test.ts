import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, openSample, until, workspaceUri } from './helpers';
import type { MolmlApi } from '../../src/extension/extension';

const VIEW_TYPE = 'molml.moleculeGrid';

function gridTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap(g => g.tabs)
    .filter(t => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(VIEW_TYPE));
}

describe('molecule grid in a real extension host', () => {
  let api: MolmlApi;
  before(async () => {
    api = await activateExtension();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('contributes the command to the explorer, the editor title and the palette', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('molml.openMoleculeGrid'));
    const pkg = vscode.extensions.getExtension('molml.molml')!.packageJSON as {
      contributes: { menus: Record<string, Array<{ command: string }>> };
      activationEvents: string[];
    };
    for (const menu of ['explorer/context', 'editor/title'])
      assert.ok(
        pkg.contributes.menus[menu].some(m => m.command === 'molml.openMoleculeGrid'),
        menu,
      );
    assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${VIEW_TYPE}`));
  });

  it('opens a webview panel for a sample CSV, given its URI and a line', async () => {
    const uri = workspaceUri('datasets', 'herg_activities.csv');
    const viewType = await vscode.commands.executeCommand<string>('molml.openMoleculeGrid', uri, { line: 5 });
    assert.equal(viewType, VIEW_TYPE);
    const tab = await until(() => gridTabs()[0], 'the grid tab');
    assert.equal(tab.label, 'Molecules: herg_activities.csv');
    // Opening it again reveals the same panel.
    await vscode.commands.executeCommand('molml.openMoleculeGrid', uri);
    assert.equal(gridTabs().length, 1);
  });

  it('opens the active dataset from the palette, and SDF files too', async () => {
    await openSample('datasets', 'logbb_first12.sdf');
    await vscode.commands.executeCommand('molml.openMoleculeGrid');
    const tab = await until(() => gridTabs().find(t => t.label === 'Molecules: logbb_first12.sdf'), 'the SDF grid tab');
    assert.ok(tab);
  });

  it('takes the hover card link argument ([smiles]) in a dataset editor', async () => {
    const editor = await openSample('datasets', 'herg_activities.csv');
    const smiles = editor.document.lineAt(3).text.split(',')[0];
    // The hover card's own link, as it builds it: one argument, an array holding the canonical SMILES.
    const viewType = await vscode.commands.executeCommand<string>('molml.openMoleculeGrid', [smiles]);
    assert.equal(viewType, VIEW_TYPE);
    await until(() => gridTabs().find(t => t.label === 'Molecules: herg_activities.csv'), 'the grid tab');
  });

  it('restores only grids the user opened, with a scheme it reads; otherwise the panel says it cannot restore', async () => {
    const opened = workspaceUri('datasets', 'herg_activities.csv');
    await vscode.commands.executeCommand('molml.openMoleculeGrid', opened);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const restore = async (state: unknown) => {
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'restored', vscode.ViewColumn.One, {});
      await api.restoreGrid(panel, state);
      const html = panel.webview.html;
      const scripts = panel.webview.options.enableScripts;
      panel.dispose();
      return { html, scripts };
    };
    const ok = await restore({ uri: opened.toString() });
    assert.match(ok.html, /webview\/grid\/main\.js/);
    assert.doesNotMatch(ok.html, /cannot restore/);
    const refusals: Array<[unknown, RegExp]> = [
      [
        { uri: workspaceUri('datasets', 'never-opened.csv').toString() },
        /never-opened\.csv was not opened as a grid in this workspace/,
      ],
      [{ uri: 'https://example.org/herg_activities.csv' }, /a https: address, not a file the grid reads/],
      [{ uri: 'vscode-remote://ssh-remote+host/data/herg_activities.csv' }, /a vscode-remote: address/],
      [{ uri: 'file:///etc/passwd' }, /passwd is not a CSV, TSV, SMILES or SDF file/],
      [
        { uri: opened.with({ path: `${opened.path}/../../../../etc/x.csv` }).toString() },
        /x\.csv was not opened as a grid/,
      ],
      [{ uri: '<script>alert(1)</script>.csv' }, /saved state names/],
      [{}, /its saved state names no file/],
      [undefined, /its saved state names no file/],
    ];
    for (const [state, reason] of refusals) {
      const r = await restore(state);
      assert.match(r.html, /MolML cannot restore this molecule grid: /, JSON.stringify(state));
      assert.match(r.html, reason, JSON.stringify(state));
      assert.doesNotMatch(r.html, /<script/i, 'the message page runs nothing and echoes no markup');
      assert.equal(r.scripts, false);
    }
    await until(() => gridTabs().length === 0, 'the restored panels to close');
  });

  it('refuses a file that is not a dataset', async () => {
    const result = await vscode.commands.executeCommand('molml.openMoleculeGrid', workspaceUri('notes.md'));
    assert.equal(result, undefined);
    assert.equal(gridTabs().length, 0);
  });
});
