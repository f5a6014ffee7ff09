// Every command reads files through the same reader as the linter (.gz, strict UTF-8, UTF-16 refused), and an
// argument meant as a file is never read as a SMILES.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { tempDir, TINY_DIR, REPO } from './model-fixtures';
import { looksLikePath } from '../../src/core/io/paths';
import { defaultModelDirectory } from '../../src/core/model/registry';

const CLI = path.join(REPO, 'dist/cli.js');
function molml(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function assertError(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, pattern);
}

const work = tempDir('cli-input');
const file = (name: string, data: string | Buffer) => {
  const f = path.join(work, name);
  fs.writeFileSync(f, data);
  return f;
};
const TEXT = 'smiles,logS\nCCO,0.5\nc1ccccc1O,-0.1\nCC(=O)O,1.1\nCCCCO,0.0\n';

describe('one reader for every command', () => {
  it('reads .gz files like plain ones', () => {
    const plain = file('plain.csv', TEXT);
    const gz = file('packed.csv.gz', zlib.gzipSync(TEXT));
    const a = molml('predict', plain, '--model', TINY_DIR, '--format', 'json');
    const b = molml('predict', gz, '--model', TINY_DIR, '--format', 'json');
    assert.equal(b.code, 0, b.stderr);
    assert.deepEqual(JSON.parse(b.stdout), JSON.parse(a.stdout));
    assert.equal(JSON.parse(b.stdout).length, 4);
    const e = molml('embed', gz, '--model', TINY_DIR);
    assert.equal(e.code, 0, e.stderr);
    assert.equal(e.stdout.trim().split('\n').length, 5);
  });

  it('refuses UTF-16, invalid UTF-8 and broken quoting with the reason and the line', () => {
    const utf16 = file('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]));
    const latin1 = file('latin1.csv', Buffer.from('smiles,name\nCCO,caf\xe9\n', 'latin1'));
    const quotes = file('quotes.csv', 'smiles,name\nCCO,ok\nCCN,"bad"x\n');
    for (const command of [['embed'], ['predict'], ['similar', 'CCO'], ['train']]) {
      const extra = command[0] === 'train' ? ['--label', 'name', '--features', 'ecfp'] : ['--model', TINY_DIR];
      assertError(molml(...command, utf16, ...extra), /utf16\.csv: the file is UTF-16; save it as UTF-8/);
      assertError(molml(...command, latin1, ...extra), /latin1\.csv: the file is not valid UTF-8 text/);
      assertError(molml(...command, quotes, ...extra), /quotes\.csv:3: not valid CSV/);
    }
    const lint = molml('lint', utf16);
    assertError(lint, /the file is UTF-16/);
  });

  it('a missing file, a directory, an empty file or /dev/null is an error, never a SMILES', () => {
    assertError(
      molml('predict', path.join(work, 'missing.csv'), '--model', TINY_DIR),
      /^molml predict: no such file: .*missing\.csv$/m,
    );
    assertError(molml('predict', './no/such/place', '--model', TINY_DIR), /no such file: \.\/no\/such\/place/);
    assertError(molml('predict', work, '--model', TINY_DIR), /is a directory/);
    assertError(molml('predict', file('empty.csv', ''), '--model', TINY_DIR), /no molecules in .*empty\.csv/);
    assertError(molml('embed', file('header.csv', 'smiles,y\n'), '--model', TINY_DIR), /no molecules in .*header\.csv/);
    if (fs.existsSync('/dev/null'))
      assertError(molml('predict', '/dev/null', '--model', TINY_DIR), /no molecules in \/dev\/null/);
    assertError(molml('depict', path.join(work, 'nothing.smi')), /no such file: /);
    assertError(molml('lint', path.join(work, 'nothing.csv')), /no such file: /);
    assertError(molml('lint', work), /is a directory/);
    const existing = file('real.csv', TEXT);
    assert.equal(molml('depict', existing).code, 2);
    assert.match(molml('depict', existing).stderr, /expected a SMILES, got the file .*real\.csv/);
    assert.match(molml('predict', 'CCO', existing, '--model', TINY_DIR).stderr, /give one file, or SMILES only/);
    // SMILES with bond directions are molecules, not paths.
    assert.equal(molml('depict', 'F/C=C/F', '--format', 'text').code, 0);
  });

  it('tells paths from SMILES', () => {
    for (const p of ['data.csv', 'x.smi.gz', '/tmp/a', './a', '../a', '~/a', 'C:\\data\\x', 'my data/x'])
      assert.ok(looksLikePath(p), p);
    for (const s of ['CCO', 'F/C=C/F', 'C\\C=C\\C', 'c1ccccc1', '[Na+].[Cl-]', 'C[C@H](N)C(=O)O'])
      assert.ok(!looksLikePath(s), s);
  });
});

describe('the default model', () => {
  it('is looked up in the package root only, never in a parent folder', () => {
    const outer = tempDir('lookup');
    const manifest = fs.readFileSync(path.join(TINY_DIR, 'manifest.json'));
    const place = (dir: string) => {
      fs.mkdirSync(path.join(dir, 'models/default'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'models/default/manifest.json'), manifest);
    };
    const pkg = path.join(outer, 'node_modules/molml');
    fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
    place(outer);
    // No package.json of MolML: nothing, although a parent folder has models/default.
    assert.equal(defaultModelDirectory(path.join(pkg, 'dist')), undefined);
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'molml' }));
    assert.equal(defaultModelDirectory(path.join(pkg, 'dist')), undefined);
    place(pkg);
    assert.equal(defaultModelDirectory(path.join(pkg, 'dist')), path.join(pkg, 'models/default'));
    // Another package's root is not MolML's.
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'other' }));
    assert.equal(defaultModelDirectory(path.join(pkg, 'dist')), undefined);
    assert.equal(
      defaultModelDirectory(path.join(REPO, 'dist')),
      fs.existsSync(path.join(REPO, 'models/default/manifest.json')) ? path.join(REPO, 'models/default') : undefined,
    );
  });
});
