// `npm run bench`: runs every bench/*.mjs benchmark in turn (each writes its own results under bench/results/).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benches = fs
  .readdirSync(path.join(root, 'bench'))
  .filter(f => f.endsWith('.mjs'))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`== bench/${file}`);
  const r = spawnSync(process.execPath, [path.join(root, 'bench', file)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`bench/${file} failed (exit ${r.status})`);
  }
}
process.exitCode = failed ? 1 : 0;
