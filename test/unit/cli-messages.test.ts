// CLI messages say what is wrong in one line: numeric options, heads, unreadable files and molblocks, oversized
// molecules, and user text clipped to a readable length.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tempDir, TINY_DIR, REPO } from './model-fixtures';
import { molblockProblem } from '../../src/core/io/molblock-check';
import { clip } from '../../src/core/text';
import { cappedShards } from '../../src/core/model/sharded';

const CLI = path.join(REPO, 'dist/cli.js');
function molml(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function assertUsage(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, pattern);
}

const work = tempDir('cli-messages');
const file = (name: string, data: string) => {
  const f = path.join(work, name);
  fs.writeFileSync(f, data);
  return f;
};
const DATA = file('data.csv', 'smiles,y\nCCO,0.5\nc1ccccc1O,-0.1\nCC(=O)O,1.1\nCCCCO,0.0\nCCN,0.3\n');
const molblock = (body: string) => `rec\n  RDKit\n\n${body}\nM  END\n`;

describe('numeric options', () => {
  it('say which option, what it must be and what was given', () => {
    assertUsage(molml('similar', 'CCO', DATA, '--top', '-1'), /--top must be a positive integer \(got -1\)/);
    assertUsage(molml('similar', 'CCO', DATA, '--top', '2.5'), /--top must be a positive integer \(got 2\.5\)/);
    assertUsage(molml('lint', DATA, '--workers', '-1'), /--workers must be a whole number \(0 or more\) \(got -1\)/);
    assertUsage(
      molml('embed', DATA, '--model', TINY_DIR, '--shards', '-3'),
      /--shards must be a positive integer \(got -3\)/,
    );
    assertUsage(
      molml('embed', DATA, '--model', TINY_DIR, '--batch-size', 'x'),
      /--batch-size must be a positive integer \(got x\)/,
    );
    assertUsage(molml('depict', 'CCO', '--size', '-5'), /--size must be an integer from 50 to 2000 \(got -5\)/);
  });

  it('--cache-dir that cannot be created is one line, before any model work', () => {
    assertUsage(
      molml('embed', DATA, '--model', TINY_DIR, '--cache-dir', path.join(DATA, 'sub')),
      /--cache-dir .*: cannot be created or written \(ENOTDIR\)/,
    );
    // Node's recursive mkdir never returns under /proc: the command must still end.
    if (fs.existsSync('/proc/self'))
      assertUsage(
        molml('embed', DATA, '--model', TINY_DIR, '--cache-dir', '/proc/no-such/cache'),
        /--cache-dir \/proc\/no-such\/cache: cannot be created/,
      );
  });

  it('train refuses more folds than labelled rows', () => {
    assertUsage(
      molml('train', DATA, '--label', 'y', '--features', 'ecfp', '--folds', '1000'),
      /--folds 1000 is more than the 5 labelled rows of "y"/,
    );
  });
});

describe('bounds on parallelism', () => {
  it('--shards and --workers above what the cores and the input warrant are lowered, with a note', () => {
    const r = molml('embed', DATA, '--model', TINY_DIR, '--shards', '64');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^note: --shards 64 lowered to 1 \(5 molecules, at least 2000 per shard\)$/m);
    assert.doesNotMatch(r.stderr, /parallel shards/);
    const lint = molml('lint', DATA, '--workers', '4096');
    assert.equal(lint.code, 0, lint.stderr);
    assert.match(lint.stderr, new RegExp(`^note: --workers 4096 lowered to ${os.availableParallelism()} `, 'm'));
    assert.deepEqual(cappedShards(8, 100_000, 2), { shards: 2, note: 'lowered to 2 (2 CPU cores)' });
    assert.deepEqual(cappedShards(4, 50, 16), {
      shards: 1,
      note: 'lowered to 1 (50 molecules, at least 2000 per shard)',
    });
    assert.deepEqual(cappedShards(2, 5000, 4), { shards: 2 });
  });
});

describe('messages', () => {
  it('an invalid head is one line: the first problem and how many more', () => {
    const head = file('bad.head.json', '{"format": "something else"}');
    const r = molml('predict', 'CCO', '--head', head);
    assertUsage(r, /bad\.head\.json: not a MolML head: format: .*\(and \d+ more problems\)$/m);
  });

  it('lint prints the reason and line of an unreadable CSV in text output', () => {
    const bad = file('quotes.csv', 'smiles,name\nCCO,ok\nCCN,"bad"x\n');
    const r = molml('lint', bad);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /quotes\.csv:3:1: error MOL900 not valid CSV: /);
  });

  it('a broken molblock names what is wrong, its record and line', () => {
    const sdf = file(
      'broken.sdf',
      [
        molblock('  1  0  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 C   0  0'),
        molblock('  1  1  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 C   0  0\n  1  3  1  0'),
      ]
        .map(m => m + '$$$$\n')
        .join(''),
    );
    const r = molml('lint', sdf);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /broken\.sdf:13:1: error MOL001 molblock could not be read: bond 1 names atom 3, but the record has 1 atom \(record 2, line 13\)/,
    );
    assert.doesNotMatch(r.stdout, /\*\*\*\*/);
    assert.equal(
      molblockProblem(molblock('  2  0  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 C   0  0'))
        ?.message,
      'the counts line declares 2 atoms, but the atom block ends after 1',
    );
    assert.equal(
      molblockProblem(molblock('  1  0  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 C   0  0')),
      undefined,
    );
  });

  it('a valid molecule over the size bounds is "too large", not invalid or unparsable', () => {
    const long = 'C'.repeat(2100);
    const d = molml('depict', long, '--format', 'text');
    assert.equal(d.code, 1);
    assert.match(d.stdout + d.stderr, /^too large: (SMILES of 2100 characters|molecule has 2100 heavy atoms)/m);
    const p = molml('predict', long, '--model', TINY_DIR);
    assert.equal(p.code, 1);
    assert.match(p.stderr, /row 1: "C{79}…": .*too large: /);
    assert.doesNotMatch(p.stderr, /unparsable/);
  });

  it('quotes at most ~80 characters of user text', () => {
    const wide = file('wide.csv', `${'h'.repeat(1_000_000)},x\nCCO,1\n`);
    const lint = molml('lint', wide);
    assert.ok(lint.stdout.length + lint.stderr.length < 2000, `${lint.stdout.length} characters`);
    const missing = molml('embed', wide, '--model', TINY_DIR, '--smiles-col', 'nope');
    assertUsage(missing, /no column 'nope' \(columns: h+…, x\)/);
    assert.ok(missing.stderr.length < 500);
    assert.equal(clip('x'.repeat(200)).length, 80);
    assert.equal(clip('a\nb'), 'a b');
  });
});
