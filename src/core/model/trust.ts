// Workspace Trust for models: an ONNX file named by the workspace (a directory in workspace settings, or any path
// inside a workspace folder) is loaded only in a trusted workspace. No editor API, so it is tested without toggling
// trust; "inside" is judged at the real location (symlinks resolved), never by comparing path text.
import path from 'node:path';
import { isInsideDirectory } from '../paths';

export interface ConfiguredModel {
  /** As written in the setting. */
  path: string;
  /** Where the setting came from: user settings, or the workspace (folder) settings. */
  scope: 'user' | 'workspace';
}

export interface GatedModels {
  /** Absolute directories that may be loaded. */
  allowed: string[];
  /** Directories refused, with why. */
  refused: Array<{ path: string; reason: string }>;
}

/**
 * Resolves configured model directories (relative ones against the first workspace folder) and keeps those the trust
 * state allows: in an untrusted workspace, nothing from workspace settings and nothing inside a workspace folder.
 */
export function gateModelDirectories(
  entries: ConfiguredModel[],
  trusted: boolean,
  workspaceFolders: string[],
): GatedModels {
  const out: GatedModels = { allowed: [], refused: [] };
  for (const e of entries) {
    const raw = e.path.trim();
    if (!raw) continue;
    const expanded = raw.startsWith('~/') && process.env.HOME ? path.join(process.env.HOME, raw.slice(2)) : raw;
    if (!path.isAbsolute(expanded) && !workspaceFolders.length) {
      out.refused.push({ path: raw, reason: 'a relative path needs an open workspace folder' });
      continue;
    }
    const dir = path.isAbsolute(expanded) ? path.normalize(expanded) : path.resolve(workspaceFolders[0], expanded);
    const named = e.scope === 'workspace' || workspaceFolders.some(f => isInsideDirectory(dir, f));
    if (named && !trusted) {
      out.refused.push({
        path: raw,
        reason: 'the workspace names this model and is not trusted (Workspaces: Manage Workspace Trust)',
      });
      continue;
    }
    if (!out.allowed.includes(dir)) out.allowed.push(dir);
  }
  return out;
}
