import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from './helpers';

describe('MolML in a real extension host', () => {
  it('activates and reports its version', async () => {
    const api = await activateExtension();
    assert.match(api.version, /^\d+\.\d+\.\d+$/);
  });

  it('runs the runtime-info command with the real RDKit', async () => {
    const info = await vscode.commands.executeCommand<{ rdkit: string; molml: string }>('molml.showRuntimeInfo');
    assert.match(info.rdkit, /^20\d\d\.\d\d\.\d+/);
  });
});
