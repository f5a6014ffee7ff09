// The extension in a real workbench: loaded from the checkout, and installed from the packaged VSIX.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openWorkbench, runCommand, expectNotification, projectRoot } from './workbench.mjs';

const RDKIT_VERSION = /RDKit 20\d\d\.\d\d\.\d+/;

describe('extension loaded from the checkout', () => {
  let wb;
  before(async () => {
    wb = await openWorkbench({ waitForFile: 'featurize.py' });
  });
  after(async () => {
    await wb?.close();
  });
  after(() => assert.deepEqual(wb?.external ?? [], [], 'requests left loopback'));

  it('runs a MolML command from the palette and shows the real RDKit version', async () => {
    await runCommand(wb.page, 'MolML: Show Runtime Info');
    await expectNotification(wb.page, RDKIT_VERSION);
  });

  it('runs the command named, not a recently used one listed above it', async () => {
    const { page } = wb;
    // Both titles match the filter "View: Close Editor"; once run, the longer one is listed first as recently used.
    await runCommand(page, 'View: Close All Editor Groups');
    await runCommand(page, 'View: Close Editor');
    // The palette's history puts the command that ran last on top.
    await page.keyboard.press('F1');
    const top = page.locator('.quick-input-list .monaco-list-row[data-index="0"] .label-name');
    await top.waitFor();
    assert.equal(await top.textContent(), 'View: Close Editor');
    await page.keyboard.press('Escape');
    // A title no row carries exactly fails, naming the rows, instead of running the nearest match.
    await assert.rejects(runCommand(page, 'View: Close Edit', 1), /no quick input row labelled "View: Close Edit"/);
  });
});

describe('extension installed from the linux-x64 VSIX', () => {
  const vsix = path.join(projectRoot, 'molml-linux-x64.vsix');
  let wb;
  before(async () => {
    const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: projectRoot, encoding: 'utf8' });
    assert.equal(r.status, 0, `vsce package failed:\n${r.stdout}\n${r.stderr}`);
    wb = await openWorkbench({ vsix, waitForFile: 'featurize.py' });
  });
  after(async () => {
    await wb?.close();
  });
  after(() => assert.deepEqual(wb?.external ?? [], [], 'requests left loopback'));

  it('contains only linux-x64 native binaries', () => {
    const list = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).stdout.split('\n');
    const natives = list.filter(f => /\.(node|so(\.\d+)*|dll|dylib)$/.test(f));
    assert.ok(natives.length > 0, 'no onnxruntime binaries in the VSIX');
    for (const f of natives) assert.match(f, /\/linux\/x64\/|\/node-bindings-linux-x64\//, f);
    assert.ok(list.includes('extension/dist/RDKit_minimal.wasm'));
    assert.ok(
      !list.some(f => f.startsWith('extension/src/') || f.endsWith('.map')),
      'sources or maps leaked into the VSIX',
    );
    // onnxruntime's and DuckDB's linux-x64 libraries are most of it (about 61 MB together).
    assert.ok(fs.statSync(vsix).size < 70 * 1024 * 1024);
  });

  it('activates in the test host and answers a command', async () => {
    await runCommand(wb.page, 'MolML: Show Runtime Info');
    await expectNotification(wb.page, RDKIT_VERSION);
  });
});
