// Loads a TypeScript module of the project in a build script, bundled by esbuild in memory (no compile step, no file
// written): the scripts run the product's own code instead of a copy of it.
import * as esbuild from 'esbuild';

/** The module at `file` (an absolute path to a .ts file) with its imports bundled in. */
export async function importTs(file) {
  const out = await esbuild.build({
    entryPoints: [file],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'error',
  });
  return import('data:text/javascript;base64,' + Buffer.from(out.outputFiles[0].text).toString('base64'));
}
