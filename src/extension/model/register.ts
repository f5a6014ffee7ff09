// Model runtime in the editor: the worker client, the commands, the status-bar item showing the model and the
// device actually in use, and settings changes.
import * as vscode from 'vscode';
import { ModelClient } from './client';
import { ModelCommands } from './commands';
import { Models } from './models';

export function registerModels(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  const client = new ModelClient(context.extensionUri.fsPath, output);
  const models = new Models(context);
  const commands = new ModelCommands(context, models, client, output);
  const status = vscode.window.createStatusBarItem('molml.model', vscode.StatusBarAlignment.Right, 90);
  status.name = 'MolML Model';
  status.command = 'molml.selectModel';
  const explained = new Set<string>();
  client.onModel.event(m => {
    status.text = `$(beaker) ${m.label} · ${m.device.toUpperCase()}`;
    status.tooltip = `MolML model ${m.label} on ${m.device}${m.deviceNote ? `: ${m.deviceNote}` : ''}\n${m.directory}\nClick to select another model.`;
    status.show();
    // The fallback explanation once per model and device, not on every run.
    const key = `${m.directory}\n${m.device}\n${m.deviceNote ?? ''}`;
    if (m.deviceNote && !explained.has(key)) {
      explained.add(key);
      output.info(`model ${m.label}: ${m.deviceNote}`);
      void vscode.window.showInformationMessage(
        `MolML: ${m.label} runs on the ${m.device.toUpperCase()}: ${m.deviceNote}`,
      );
    }
  });
  context.subscriptions.push(
    client,
    status,
    vscode.commands.registerCommand('molml.predict', (arg: unknown) => commands.predict(arg)),
    vscode.commands.registerCommand('molml.embed', (arg: unknown) => commands.embed(arg)),
    vscode.commands.registerCommand('molml.findSimilar', (arg: unknown) => commands.findSimilar(arg)),
    vscode.commands.registerCommand('molml.trainHead', (arg: unknown) => commands.trainHead(arg)),
    vscode.commands.registerCommand('molml.selectModel', (arg: unknown) => commands.selectModel(arg)),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('molml.inference') || e.affectsConfiguration('molml.models')) client.reset();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => client.reset()),
  );
}
