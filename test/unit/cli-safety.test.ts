// The CLI never loses a user's data and fails in one line: outputs never go over an input, replace a file only with
// --force and are written atomically; a full or closed stdout is one line and exit 2, never a stack trace.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir, TINY_DIR, REPO } from './model-fixtures';
import { safeWriteFile, writeFileAtomic, sameFile, OutputError } from '../../src/core/io/safe-write';

const CLI = path.join(REPO, 'dist/cli.js');
function molml(args: string[], options: SpawnSyncOptions = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  return { code: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}
/** One line, no stack frames. */
function assertOneLine(stderr: string): void {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, stderr);
  assert.doesNotMatch(stderr, /^\s+at /m);
}

const work = tempDir('cli-safety');
const DATA = 'smiles,logS\nCCO,0.5\nc1ccccc1O,-0.1\nCC(=O)O,1.1\nCCCCO,0.0\nOCC(O)CO,1.2\nCCN,0.9\n';
function dataset(name: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, DATA);
  return file;
}

describe('outputs never replace inputs', () => {
  const commands: Array<[string, (input: string, out: string) => string[]]> = [
    ['embed', (input, out) => ['embed', input, '--model', TINY_DIR, '--out', out]],
    ['predict', (input, out) => ['predict', input, '--model', TINY_DIR, '--out', out]],
    ['train', (input, out) => ['train', input, '--label', 'logS', '--features', 'ecfp', '--folds', '2', '--out', out]],
  ];
  for (const [name, argv] of commands) {
    it(`${name} refuses --out that is the input, by path, ./path, symlink or hard link, even with --force`, () => {
      const input = dataset(`${name}-in.csv`);
      const link = path.join(work, `${name}-link.csv`);
      const hard = path.join(work, `${name}-hard.csv`);
      fs.symlinkSync(input, link);
      fs.linkSync(input, hard);
      const relative = `.${path.sep}${path.basename(input)}`;
      for (const out of [input, link, hard]) {
        for (const force of [[], ['--force']]) {
          const r = molml([...argv(input, out), ...force]);
          assert.equal(r.code, 2, `${out}: ${r.stderr}`);
          assertOneLine(r.stderr);
          assert.match(r.stderr, /refusing to write over the input file/);
        }
      }
      const r = molml(argv(path.basename(input), relative), { cwd: work });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(fs.readFileSync(input, 'utf8'), DATA, 'the input is untouched');
    });
  }

  it('replaces an existing output only with --force, and leaves no temporary file behind', () => {
    const input = dataset('force-in.csv');
    const out = path.join(work, 'force-out.csv');
    fs.writeFileSync(out, 'keep me\n');
    const refused = molml(['embed', input, '--model', TINY_DIR, '--out', out]);
    assert.equal(refused.code, 2);
    assertOneLine(refused.stderr);
    assert.match(refused.stderr, /already exists \(pass --force to replace it\)/);
    assert.equal(fs.readFileSync(out, 'utf8'), 'keep me\n');
    const forced = molml(['embed', input, '--model', TINY_DIR, '--out', out, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(fs.readFileSync(out, 'utf8'), /^row,smiles,emb_0/);
    assert.deepEqual(
      fs.readdirSync(work).filter(f => f.endsWith('.tmp')),
      [],
    );
  });
});

describe('safeWriteFile', () => {
  it('keeps the old file whole when the write fails, and follows a symlink to replace its target', () => {
    const dir = tempDir('safe-write');
    const file = path.join(dir, 'out.csv');
    fs.writeFileSync(file, 'old\n');
    // A rename that fails (over a non-empty directory) leaves the target as it was and no temporary file behind.
    const blocker = path.join(dir, 'blocker');
    fs.mkdirSync(blocker);
    fs.writeFileSync(path.join(blocker, 'inside'), 'old\n');
    assert.throws(() => writeFileAtomic(blocker, 'new\n'), OutputError);
    assert.equal(fs.readFileSync(path.join(blocker, 'inside'), 'utf8'), 'old\n');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['blocker', 'out.csv']);
    const link = path.join(dir, 'link.csv');
    fs.symlinkSync(file, link);
    safeWriteFile(link, 'new\n', { force: true });
    assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link stays a link');
    assert.equal(fs.readFileSync(file, 'utf8'), 'new\n');
    assert.ok(sameFile(link, file));
    assert.ok(!sameFile(file, path.join(dir, 'other.csv')));
    assert.throws(() => safeWriteFile(dir, 'x', { force: true }), /is a directory/);
  });
});

describe('a full or closed standard output', () => {
  const full = fs.existsSync('/dev/full');
  for (const argv of [
    ['predict', 'CCO', '--model', TINY_DIR],
    ['depict', 'CCO'],
    ['info'],
    ['models', '--model', TINY_DIR],
    ['similar', 'CCO', '__DATA__'],
  ]) {
    it(`molml ${argv[0]} > /dev/full: one line on stderr, exit 2`, { skip: !full && 'no /dev/full here' }, () => {
      const args = argv.map(a => (a === '__DATA__' ? dataset('similar.csv') : a));
      const fd = fs.openSync('/dev/full', 'w');
      try {
        const r = molml(args, { stdio: ['ignore', fd, 'pipe'] });
        assert.equal(r.code, 2, r.stderr);
        assertOneLine(r.stderr);
        assert.match(r.stderr, new RegExp(`^molml ${argv[0]}: cannot write to standard output: ENOSPC`));
      } finally {
        fs.closeSync(fd);
      }
    });
  }

  it('a pipe closed by the reader ends the command quietly, without a stack trace', () => {
    const input = path.join(work, 'many.csv');
    fs.writeFileSync(
      input,
      'smiles\n' + Array.from({ length: 3000 }, (_, i) => 'C'.repeat((i % 15) + 1) + 'O').join('\n') + '\n',
    );
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${CLI}" embed "${input}" --model "${TINY_DIR}" | head -c 10 >/dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`,
      ],
      { encoding: 'utf8' },
    );
    const exit = /exit=(\d+)/.exec(r.stderr)?.[1];
    assert.ok(exit === '0' || exit === '2', r.stderr);
    assert.doesNotMatch(r.stderr, /^\s+at |Error:/m);
  });
});
