import * as vscode from 'vscode';
import { runtimeInfo, type RuntimeInfo } from '../../core/info';

/** "MolML: Show Runtime Info": which RDKit and Node the extension runs on (the first thing a bug report needs). */
export function registerAboutCommand(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('molml.showRuntimeInfo', async (): Promise<RuntimeInfo> => {
      const info = await runtimeInfo();
      const line = `MolML ${info.molml} · RDKit ${info.rdkit} · Node ${info.node} (${info.platform})`;
      output.info(line);
      void vscode.window.showInformationMessage(line);
      return info;
    }),
  );
}
