// Every file MolML writes goes through here: never over one of the inputs (by path, symlink or hard link), never
// over an existing file unless asked, and always through a temporary file in the same directory renamed into place,
// so a crash or a full disk mid-write leaves the old file whole.
import fs from 'node:fs';
import path from 'node:path';

/** Why an output cannot be written; its message names the file and the reason. */
export class OutputError extends Error {}

export interface OutputCheck {
  /** Files the command reads: the output must not be any of them. */
  inputs?: readonly string[];
  /** Replace an existing file (still never an input). */
  force?: boolean;
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR')
      return undefined;
    throw e;
  }
}

/** True when `a` and `b` name the same file: the same resolved path, or the same device and inode (hard links). */
export function sameFile(a: string, b: string): boolean {
  const sa = statOrUndefined(a),
    sb = statOrUndefined(b);
  if (!sa || !sb) return path.resolve(a) === path.resolve(b);
  if (sa.dev === sb.dev && sa.ino === sb.ino) return true;
  return fs.realpathSync(a) === fs.realpathSync(b);
}

/** Throws OutputError when `file` may not be written: it is an input, a directory, or exists without `force`. */
export function checkOutput(file: string, check: OutputCheck = {}): void {
  const input = (check.inputs ?? []).find(i => sameFile(file, i));
  if (input !== undefined) throw new OutputError(`${file}: refusing to write over the input file ${input}`);
  const stat = statOrUndefined(file);
  if (stat?.isDirectory()) throw new OutputError(`${file}: is a directory`);
  if (stat && !check.force) throw new OutputError(`${file}: already exists (pass --force to replace it)`);
}

/**
 * Writes `data` to `file` atomically: a temporary file beside it, flushed to disk, then renamed over it. A symlink is
 * followed, so the file it points to is replaced and the link stays. An existing file's permissions are kept.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  let target = file;
  try {
    target = fs.realpathSync(file);
  } catch {
    /* a new file */
  }
  const old = statOrUndefined(target);
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`,
  );
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', old ? old.mode & 0o7777 : 0o666);
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, target);
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw new OutputError(`${file}: cannot write (${(e as Error).message})`);
  }
}

/** checkOutput, then writeFileAtomic. */
export function safeWriteFile(file: string, data: string | Uint8Array, check: OutputCheck = {}): void {
  checkOutput(file, check);
  writeFileAtomic(file, data);
}
