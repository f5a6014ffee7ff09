import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';

// The built CLI, exactly as `npx molml` runs it.
const CLI = path.resolve(__dirname, '../../../dist/cli.js');
function molml(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('molml CLI', () => {
  it('prints help and version', () => {
    const help = molml('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /usage: molml <command>/);
    const v = molml('--version');
    assert.equal(v.code, 0);
    assert.equal(
      v.stdout.trim(),
      JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')).version,
    );
  });

  it('exits 2 with one line on stderr for an unknown command', () => {
    const r = molml('frobnicate');
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /unknown command 'frobnicate'/);
  });

  it('exits 2 with one line on stderr for a bad flag', () => {
    const r = molml('info', '--no-such-flag');
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  it('reports the real RDKit version', () => {
    const r = molml('info', '--json');
    assert.equal(r.code, 0);
    assert.match(JSON.parse(r.stdout).rdkit, /^20\d\d\.\d\d/);
  });
});
