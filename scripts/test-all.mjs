// `npm test` (after `pretest`: build, type-check, lint): unit tests in plain Node, extension-host tests in a real
// VS Code, then browser tests against the real workbench. Ends with one summary line over all three layers.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.env.MOLML_TEST_LAYERS?.split(',');

const layers = [
  {
    name: 'unit',
    cmd: process.execPath,
    args: ['--test', '--test-reporter=spec', 'out/test/unit/'],
    counts: nodeTestCounts,
  },
  { name: 'setup', cmd: 'bash', args: ['scripts/setup-vscode-host.sh'] },
  { name: 'host', cmd: path.join(root, 'node_modules/.bin/vscode-test'), args: [], counts: mochaCounts },
  {
    name: 'e2e',
    cmd: process.execPath,
    args: ['--test', '--test-concurrency=1', '--test-reporter=spec', 'test/e2e/'],
    counts: nodeTestCounts,
  },
].filter(
  l => !only || only.includes(l.name) || (l.name === 'setup' && (only.includes('host') || only.includes('e2e'))),
);

function nodeTestCounts(out) {
  const n = re => Number(re.exec(out)?.[1] ?? NaN);
  return {
    passed: n(/^ℹ pass (\d+)/m),
    failed: n(/^ℹ fail (\d+)/m) + n(/^ℹ cancelled (\d+)/m),
    skipped: n(/^ℹ skipped (\d+)/m) || 0,
  };
}
function mochaCounts(out) {
  // No "N passing" line means mocha never finished (an extension host that died mid-run): a failure, not 0 of 0.
  const passing = /(\d+) passing/.exec(out);
  return {
    passed: passing ? Number(passing[1]) : NaN,
    failed: Number(/(\d+) failing/.exec(out)?.[1] ?? 0),
    skipped: Number(/(\d+) pending/.exec(out)?.[1] ?? 0),
  };
}

function runLayer(layer) {
  return new Promise(resolve => {
    let out = '';
    const child = spawn(layer.cmd, layer.args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const relay = stream => data => {
      out += data;
      stream.write(data);
    };
    child.stdout.on('data', relay(process.stdout));
    child.stderr.on('data', relay(process.stderr));
    child.on('exit', code => resolve({ code: code ?? 1, out }));
  });
}

let passed = 0,
  failed = 0,
  skipped = 0;
const lines = [];
for (const layer of layers) {
  console.log(`\n=== ${layer.name} ===`);
  const { code, out } = await runLayer(layer);
  if (!layer.counts) {
    if (code !== 0) {
      failed++;
      lines.push(`${layer.name}: failed (exit ${code})`);
    }
    continue;
  }
  const c = layer.counts(out);
  if (!Number.isFinite(c.passed) || !Number.isFinite(c.failed)) {
    c.passed ||= 0;
    c.failed = Math.max(1, c.failed || 0);
  }
  if (code !== 0 && c.failed === 0) c.failed = 1; // a crashed runner counts as a failure even if it printed no count
  passed += c.passed;
  failed += c.failed;
  skipped += c.skipped;
  lines.push(`${layer.name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
}
console.log('\n' + lines.join('\n'));
// Skipped tests print their reason where they ran ("# set MOLML_... to ...").
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
