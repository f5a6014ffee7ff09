// The VS Code adapter: registers each feature over the core. Activation stays cheap: RDKit and onnxruntime load on
// first use, never here.
import * as vscode from 'vscode';
import { registerAboutCommand } from './commands/about';
import { registerLint } from './lint';
import { registerSurvey } from './survey/register';
import { registerSmilesHover } from './hover/register';
import { registerModels } from './model/register';
import { registerMoleculeGrid } from './grid/register';
import { GridPanel } from './grid/panel';
import { registerScreen } from './screen/register';

export interface MolmlApi {
  /** Version of the extension, for tests and other extensions. */
  readonly version: string;
  /** What the grid's panel serializer does with a restored panel and its saved state (for tests of window restore). */
  restoreGrid(panel: vscode.WebviewPanel, state: unknown): Promise<void>;
}

export function activate(context: vscode.ExtensionContext): MolmlApi {
  const output = vscode.window.createOutputChannel('MolML', { log: true });
  context.subscriptions.push(output);
  const features: Array<(ctx: vscode.ExtensionContext, out: vscode.LogOutputChannel) => void> = [
    registerAboutCommand,
    registerLint,
    registerSurvey,
    registerSmilesHover,
    registerModels,
    registerMoleculeGrid,
    registerScreen,
  ];
  for (const register of features) {
    try {
      register(context, output);
    } catch (e) {
      output.error(`MolML: a feature failed to start: ${(e as Error).stack ?? e}`);
      void vscode.window.showErrorMessage(`MolML: a feature failed to start: ${(e as Error).message}`);
    }
  }
  return {
    version: context.extension.packageJSON.version as string,
    restoreGrid: (panel, state) => GridPanel.restore(context, output, panel, state),
  };
}

export function deactivate(): void {}
