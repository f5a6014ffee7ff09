// Telling a file name from a molecule among command-line arguments, and why a named file cannot be read.
import fs from 'node:fs';
import { clip } from '../text';

/** Extensions of the files MolML reads or writes: an argument ending in one names a file, not a molecule. */
const FILE_EXTENSIONS = /\.(csv|tsv|tab|smi|smiles|txt|sdf|sd|mol|gz|json|npy)$/i;

/**
 * Whether a command-line argument is meant as a file rather than a SMILES: it ends in a known extension, starts like
 * a path (`/`, `./`, `../`, `~`, `C:\`), or has a path separator and a character no SMILES has. (A SMILES may hold
 * `/` and `\` as bond directions, so a separator alone is not enough.)
 */
export function looksLikePath(arg: string): boolean {
  if (FILE_EXTENSIONS.test(arg)) return true;
  if (/^(\/|\.\.?[/\\]|~|[A-Za-z]:[/\\])/.test(arg)) return true;
  return /[/\\]/.test(arg) && /[^A-Za-z0-9@+\-[\]()=#$%./\\:*~]/.test(arg);
}

/** Why `file` cannot be read as a file of molecules, before reading it: no such file, or a directory. */
export function fileProblem(file: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return `no such file: ${clip(file)}`;
    return `${clip(file)}: ${(e as Error).message}`;
  }
  if (stat.isDirectory()) return `${clip(file)}: is a directory`;
  return undefined;
}
