// The effective lint configuration of a workspace folder: molml.lint.* settings, then molml.lint.json or .molmlrc
// in the folder (the file wins: it travels with the dataset).
import * as vscode from 'vscode';
import { CONFIG_FILE_NAMES, DEFAULT_CONFIG, mergeConfig, type LintConfig } from '../../core/lint/config';

const KEYS = [
  'rules',
  'smilesColumn',
  'files',
  'duplicates',
  'elements',
  'heavyAtoms',
  'outlierZ',
  'maxFileSizeMB',
] as const;

export async function loadLintConfig(
  output: vscode.LogOutputChannel,
  folder?: vscode.WorkspaceFolder,
): Promise<LintConfig> {
  const settings = vscode.workspace.getConfiguration('molml.lint', folder?.uri);
  const fromSettings: Record<string, unknown> = {};
  for (const key of KEYS) {
    const inspected = settings.inspect(key);
    const value = inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
    if (value !== undefined && !(typeof value === 'string' && value === '')) fromSettings[key] = value;
  }
  let config = DEFAULT_CONFIG;
  try {
    config = mergeConfig(config, fromSettings, 'settings molml.lint');
  } catch (e) {
    output.warn(`MolML lint: ${(e as Error).message}`);
  }
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    if (folder && f !== folder) continue;
    for (const name of CONFIG_FILE_NAMES) {
      const uri = vscode.Uri.joinPath(f.uri, name);
      let bytes: Uint8Array;
      try {
        bytes = await vscode.workspace.fs.readFile(uri);
      } catch {
        continue;
      }
      try {
        config = mergeConfig(config, JSON.parse(new TextDecoder().decode(bytes)), name);
      } catch (e) {
        output.warn(`MolML lint: ${name}: ${(e as Error).message}`);
        void vscode.window.showWarningMessage(`MolML: ${name} is ignored: ${(e as Error).message}`);
      }
    }
    break;
  }
  return config;
}

export function lintEnabled(): boolean {
  return vscode.workspace.getConfiguration('molml.lint').get<boolean>('enabled', true);
}
