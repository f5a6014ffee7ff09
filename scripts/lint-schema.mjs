// Writes docs/molml-lint.schema.json from the lint configuration's schema (src/core/lint/config.ts).
//   node scripts/lint-schema.mjs
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = await esbuild.build({
  entryPoints: [path.join(root, 'src/core/lint/config-schema.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  write: false,
  logLevel: 'error',
});
const mod = await import('data:text/javascript;base64,' + Buffer.from(out.outputFiles[0].text).toString('base64'));
fs.writeFileSync(path.join(root, 'docs/molml-lint.schema.json'), mod.lintConfigJsonSchema());
