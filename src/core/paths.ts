// Is a path inside a directory? Judged by where the path really is: symlinks resolved on both sides (a link from
// outside into a workspace is inside it; a link from a workspace to elsewhere is not), `..` resolved first.
import fs from 'node:fs';
import path from 'node:path';

/**
 * The real location of `p`: its symlinks resolved. A path that does not exist (yet) keeps its missing tail under the
 * real location of its deepest existing ancestor, so `/ws/link/new` is judged by where `link` points.
 */
export function realLocation(p: string): string {
  const absolute = path.resolve(p);
  const missing: string[] = [];
  for (let dir = absolute; ; dir = path.dirname(dir)) {
    try {
      return path.join(fs.realpathSync.native(dir), ...missing.reverse());
    } catch {
      if (dir === path.dirname(dir)) return absolute;
      missing.push(path.basename(dir));
    }
  }
}

/** True when `p` is `root` or below it, both at their real locations. */
export function isInsideDirectory(p: string, root: string): boolean {
  const rel = path.relative(realLocation(root), realLocation(p));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
