import * as vscode from 'vscode';
import type { MolmlApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'molml.molml';

export async function activateExtension(): Promise<MolmlApi> {
  const ext = vscode.extensions.getExtension<MolmlApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in the test host`);
  return ext.activate();
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test host opened no workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function openSample(...segments: string[]): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(...segments));
  return vscode.window.showTextDocument(doc);
}

/** Polls until `probe` returns a truthy value (diagnostics and webviews arrive asynchronously). */
export async function until<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 20000): Promise<NonNullable<T>> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}
