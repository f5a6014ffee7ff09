// Benchmarks run the product's own TypeScript modules, bundled the way the extension bundles them (esbuild,
// CommonJS, Node 20) into bench/tmp, with RDKit's wasm beside the bundle where the chemistry core looks for it.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const benchTmp = path.join(root, 'bench/tmp');

/**
 * Bundles `source` (export statements over paths from the repository root) as bench/tmp/<name>.js and returns that
 * path; `external` lists packages loaded from node_modules instead (native ones). Where esbuild is not installed
 * (a bare benchmark machine), a bundle built before is used.
 */
export async function buildCoreBundle(name, source, { external = [] } = {}) {
  const bundle = path.join(benchTmp, `${name}.js`); // .js: CommonJS here (no "type" in package.json)
  fs.mkdirSync(benchTmp, { recursive: true });
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    if (fs.existsSync(bundle)) return bundle;
    throw new Error(`esbuild is not installed and bench/tmp has no ${name}.js`);
  }
  await esbuild.build({
    stdin: { contents: source, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundle,
    external,
    logLevel: 'warning',
  });
  fs.copyFileSync(
    path.join(root, 'node_modules/@rdkit/rdkit/dist/RDKit_minimal.wasm'),
    path.join(benchTmp, 'RDKit_minimal.wasm'),
  );
  return bundle;
}

/** The exports of a bundle built by buildCoreBundle. */
export function loadBundle(bundle) {
  return createRequire(import.meta.url)(bundle);
}

/** Builds and loads in one step, for benchmarks that run in a single process. */
export async function loadCoreBundle(name, source, options) {
  return loadBundle(await buildCoreBundle(name, source, options));
}
