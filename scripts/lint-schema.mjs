// Writes docs/molml-lint.schema.json from the lint configuration's schema (src/core/lint/config.ts).
//   node scripts/lint-schema.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from './import-ts.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mod = await importTs(path.join(root, 'src/core/lint/config-schema.ts'));
fs.writeFileSync(path.join(root, 'docs/molml-lint.schema.json'), mod.lintConfigJsonSchema());
