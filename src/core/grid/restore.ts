// Which grid a restored window may reopen. The webview's saved state names the file, and a webview's state is only
// as trustworthy as the page that wrote it: a grid comes back only for a file the user opened as a grid in this
// workspace, with a scheme the grid reads. Pure (no editor API), so it is unit-tested in plain Node.
import path from 'node:path';
import { formatOf } from '../io/format';

/**
 * Schemes the grid reads: files, and unsaved editors (through their open document). In a remote window the extension
 * runs next to the files and sees them as `file:` URIs, so `vscode-remote:` never names a grid's file.
 */
export const RESTORABLE_SCHEMES: ReadonlySet<string> = new Set(['file', 'untitled']);
/** How many opened grids are remembered per workspace (the most recent). */
export const MAX_REMEMBERED_GRIDS = 200;

/** The remembered list with `uri` (as `Uri.toString()` writes it) moved to the front. */
export function rememberGrid(opened: readonly string[], uri: string): string[] {
  return [uri, ...opened.filter(u => u !== uri)].slice(0, MAX_REMEMBERED_GRIDS);
}

export interface RestoreCandidate {
  /** `Uri.toString()` of the parsed URI, compared with the remembered ones. */
  text: string;
  scheme: string;
  path: string;
}

/** Why the grid of `candidate` must not be restored, or undefined when it may. */
export function restoreRefusal(candidate: RestoreCandidate | undefined, opened: readonly string[]): string | undefined {
  if (!candidate) return 'its saved state names no file';
  const name = path.posix.basename(candidate.path) || candidate.text;
  if (!RESTORABLE_SCHEMES.has(candidate.scheme))
    return `its saved state names a ${candidate.scheme}: address, not a file the grid reads`;
  if (!formatOf(candidate.path)) return `${name} is not a CSV, TSV, SMILES or SDF file`;
  if (!opened.includes(candidate.text)) return `${name} was not opened as a grid in this workspace`;
  return undefined;
}
