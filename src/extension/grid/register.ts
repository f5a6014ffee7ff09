// "MolML: Open as Molecule Grid": from the explorer, the editor title, the palette, or a SMILES hover card; and
// the serializer that brings grids back when VS Code restores a window.
import * as vscode from 'vscode';
import { formatOf } from '../../core/io/format';
import { GRID_VIEW_TYPE, GridPanel, type OpenTarget } from './panel';

export const OPEN_GRID_COMMAND = 'molml.openMoleculeGrid';
const DATASET_GLOB = '**/*.{csv,tsv,smi,smiles,sdf}';

function isDataset(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return uri !== undefined && formatOf(uri.path) !== undefined;
}

/**
 * The command's arguments: (uri?, { line } | { smiles }?) from menus and callers; `[smiles]` from a hover card
 * link (the hover passes the canonical SMILES in an array). Anything else is ignored.
 */
export function parseGridArgs(args: unknown[]): { uri?: vscode.Uri; target: OpenTarget } {
  const target: OpenTarget = {};
  let uri: vscode.Uri | undefined;
  for (const a of args.slice(0, 2)) {
    if (a instanceof vscode.Uri) uri ??= a;
    else if (Array.isArray(a) && a.length === 1 && typeof a[0] === 'string') target.smiles = a[0];
    else if (typeof a === 'object' && a !== null) {
      const o = a as { line?: unknown; smiles?: unknown };
      if (typeof o.line === 'number' && Number.isInteger(o.line) && o.line >= 0) target.line = o.line;
      if (typeof o.smiles === 'string' && o.smiles.trim()) target.smiles = o.smiles.trim();
    }
  }
  return { uri, target };
}

async function pickDataset(smiles: string | undefined): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles(DATASET_GLOB, '**/node_modules/**', 500);
  if (!files.length) {
    void vscode.window.showInformationMessage(
      'MolML: no CSV, TSV, SMILES or SDF file in this workspace to open as a grid.',
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.map(uri => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    {
      title: smiles ? `Find molecules similar to ${smiles.slice(0, 60)} in…` : 'Open as Molecule Grid',
      placeHolder: 'Dataset file',
    },
  );
  return picked?.uri;
}

export function registerMoleculeGrid(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_GRID_COMMAND, async (...args: unknown[]) => {
      const { uri: given, target } = parseGridArgs(args);
      const active = vscode.window.activeTextEditor;
      let uri = given ?? (isDataset(active?.document.uri) ? active.document.uri : undefined);
      // Palette in a dataset: focus the row under the cursor.
      if (!given && uri && target.line === undefined && !target.smiles && active)
        target.line = active.selection.active.line;
      uri ??= await pickDataset(target.smiles);
      if (!uri) return undefined;
      if (!isDataset(uri)) {
        void vscode.window.showWarningMessage(
          `MolML: ${vscode.workspace.asRelativePath(uri)} is not a CSV, TSV, SMILES or SDF file.`,
        );
        return undefined;
      }
      output.info(`molecule grid: opening ${uri.toString()}`);
      const grid = await GridPanel.show(context, output, uri, target);
      return grid.panel.viewType;
    }),
    vscode.window.registerWebviewPanelSerializer(GRID_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => GridPanel.restore(context, output, panel, state),
    }),
  );
}
