#!/usr/bin/env node
// Runs every benchmark script in bench/ (each writes its results under bench/results/).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
let failed = 0;
for (const name of fs.readdirSync(path.join(root, 'bench')).filter(f => f.endsWith('.mjs')).sort()) {
  console.log(`== bench/${name}`);
  const r = spawnSync(process.execPath, [path.join(root, 'bench', name)], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
