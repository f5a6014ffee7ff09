// The grid's side of window restore: remembers the grids the user opens (workspaceState), decides from a webview's
// saved state whether its grid may come back (src/core/grid/restore.ts), and otherwise shows why it cannot.
import * as vscode from 'vscode';
import { rememberGrid, restoreRefusal } from '../../core/grid/restore';
import { escapeHtml } from '../webview/csp';

const OPENED_KEY = 'molml.grid.opened';

function opened(context: vscode.ExtensionContext): string[] {
  const v = context.workspaceState.get<unknown>(OPENED_KEY);
  return Array.isArray(v) ? v.filter((u): u is string => typeof u === 'string') : [];
}

/** Records that the user opened `uri` as a grid in this workspace. */
export function rememberOpenedGrid(context: vscode.ExtensionContext, uri: vscode.Uri): Thenable<void> {
  return context.workspaceState.update(OPENED_KEY, rememberGrid(opened(context), uri.toString()));
}

/** The file a saved grid state may reopen, or the reason it may not. */
export function restorableUri(
  context: vscode.ExtensionContext,
  state: unknown,
): { uri: vscode.Uri } | { reason: string } {
  const saved = typeof state === 'object' && state !== null ? (state as { uri?: unknown }).uri : undefined;
  let uri: vscode.Uri | undefined;
  try {
    uri = typeof saved === 'string' ? vscode.Uri.parse(saved, true) : undefined;
  } catch {
    uri = undefined;
  }
  const reason = restoreRefusal(uri && { text: uri.toString(), scheme: uri.scheme, path: uri.path }, opened(context));
  return reason !== undefined || !uri ? { reason: reason ?? 'its saved state names no file' } : { uri };
}

/** Replaces the restored panel's page with a static message (no script) saying why its grid did not come back. */
export function showCannotRestore(panel: vscode.WebviewPanel, reason: string): void {
  panel.webview.options = { enableScripts: false, enableForms: false, localResourceRoots: [] };
  panel.title = 'Molecules: cannot restore';
  const text = `MolML cannot restore this molecule grid: ${reason}. Open the file again with "MolML: Open as Molecule Grid".`;
  panel.webview.html = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="default-src 'none'">
  <title>Molecules: cannot restore</title>
</head>
<body>
  <p id="cannot-restore">${escapeHtml(text)}</p>
</body>
</html>`;
}
