// One build context per target: extension host, CLI, worker threads, webview bundles, and the compiled tests.
// `node esbuild.config.mjs [--watch] [--production]`
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { validateSurvey } from './scripts/validate-survey.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const root = path.dirname(new URL(import.meta.url).pathname);
const rel = (...p) => path.join(root, ...p);

/**
 * Entry points matching a glob-like list of directories and a suffix, keyed by output name.
 * @returns {Record<string, string>}
 */
function entries(dir, suffix, outPrefix = '') {
  /** @type {Record<string, string>} */
  const out = {};
  const walk = d => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(suffix)) out[outPrefix + path.relative(rel(dir), p).slice(0, -3)] = p;
    }
  };
  walk(rel(dir));
  return out;
}

// The RDKit wasm is located next to the bundle that loads it (see src/core/chem/rdkit.ts).
const copyRdkitWasm = {
  name: 'copy-rdkit-wasm',
  setup(build) {
    build.onEnd(() => {
      const outdir = build.initialOptions.outdir;
      fs.mkdirSync(outdir, { recursive: true });
      fs.copyFileSync(
        rel('node_modules/@rdkit/rdkit/dist/RDKit_minimal.wasm'),
        path.join(outdir, 'RDKit_minimal.wasm'),
      );
    });
  },
};

/** @type {esbuild.BuildOptions} */
const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  // onnxruntime-node and DuckDB are native: resolved at run time from dist/node_modules (packaged) or node_modules
  // (checkout).
  external: ['vscode', 'onnxruntime-node', '@duckdb/node-api'],
  logLevel: 'warning',
  plugins: [copyRdkitWasm],
};

const plainNode = { external: ['onnxruntime-node', '@duckdb/node-api'] };

const targets = /** @type {esbuild.BuildOptions[]} */ ([
  { ...node, entryPoints: { extension: rel('src/extension/extension.ts') }, outdir: rel('dist') },
  // The CLI, workers and unit tests have no `vscode` to resolve: importing it from the core fails these builds.
  {
    ...node,
    ...plainNode,
    entryPoints: { cli: rel('src/cli/main.ts') },
    outdir: rel('dist'),
    banner: { js: '#!/usr/bin/env node' },
  },
  { ...node, ...plainNode, entryPoints: entries('src/workers', '.ts'), outdir: rel('dist/workers') },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'esm',
    sourcemap: !production,
    minify: production,
    entryPoints: entries('webview', '/main.ts'),
    outdir: rel('dist/webview'),
    logLevel: 'warning',
  },
  // Tests: unit tests run in plain Node; host tests run inside VS Code's extension host (mocha is loaded there).
  // The worker RPC tests start a small worker of their own (out/test/unit/workers/rpc-worker.js).
  {
    ...node,
    ...plainNode,
    entryPoints: { ...entries('test/unit', '.test.ts'), 'workers/rpc-worker': rel('test/unit/workers/rpc-worker.ts') },
    outdir: rel('out/test/unit'),
  },
  {
    ...node,
    entryPoints: entries('test/host', '.ts'),
    outdir: rel('out/test/host'),
    external: ['vscode', 'onnxruntime-node', '@duckdb/node-api', 'mocha'],
  },
]).filter(t => Object.keys(t.entryPoints).length > 0);

// A production build starts from an empty dist/ so no stale bundle or source map reaches the VSIX.
if (production) fs.rmSync(rel('dist'), { recursive: true, force: true });
// The survey catalog ships as data: refuse to build with an invalid file.
await validateSurvey();

const contexts = await Promise.all(targets.map(t => esbuild.context(t)));
if (watch) {
  await Promise.all(contexts.map(c => c.watch()));
  console.log(`esbuild: watching ${contexts.length} targets`);
} else {
  await Promise.all(contexts.map(c => c.rebuild()));
  await Promise.all(contexts.map(c => c.dispose()));
}
