// Reads our shipped model's manifest, if the extension carries one, through the VS Code file system.
import * as vscode from 'vscode';
import type { OwnMetrics } from '../../common/survey/ownMetrics';
import { parseOwnMetrics } from '../../core/survey/ownMetrics';

export const MANIFEST_PATH = ['models', 'default', 'manifest.json'] as const;

export async function readOwnMetrics(extensionUri: vscode.Uri): Promise<OwnMetrics> {
  const uri = vscode.Uri.joinPath(extensionUri, ...MANIFEST_PATH);
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    return { available: false, reason: `this build of MolML carries no model manifest (${MANIFEST_PATH.join('/')})` };
  }
  return parseOwnMetrics(new TextDecoder().decode(bytes), MANIFEST_PATH.join('/'));
}
