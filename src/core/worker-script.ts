// Where the bundled worker thread scripts are, from any bundle that needs one (dist/, dist/workers/, out/test/unit/).
import fs from 'node:fs';
import path from 'node:path';

/** The path of dist/workers/<name>, searched upwards from this bundle. */
export function workerScript(name: string): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, 'workers', name), path.join(dir, 'dist', 'workers', name)]) {
      if (fs.existsSync(candidate)) return candidate;
    }
  }
  throw new Error(`${name} not found: build with \`node esbuild.config.mjs\``);
}
