// Property-based tests of the built CLI (`node dist/cli.js`) on random and mutated files and arguments. Whatever the
// input: the exit code is 0, 1 or 2; stderr holds no stack trace and each message on it is one whole line; no input
// file is changed; the same input gives the same output. Each run spawns the CLI twice (about a second), so the run
// counts are small; FUZZ_RUNS raises them. A failure is reported without shrinking (FUZZ_SHRINK=1 shrinks it).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import type { FileFormat } from '../../src/core/io';
import { ENCODINGS, ROOT, mutated, params, realSmiles, realTexts, trickyText } from './fuzz-support';

const CLI = path.join(ROOT, 'dist/cli.js');
const MODEL = path.join(ROOT, 'test/fixtures/model-tiny-smiles');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-fuzz-cli-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const REAL = realTexts();
const SMILES = realSmiles();

function cliParams(fallback: number): fc.Parameters<unknown> {
  return { ...params(fallback), endOnFailure: process.env.FUZZ_SHRINK !== '1' };
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  out?: string;
}

/** Runs the CLI in `cwd`; `{OUT}` in an argument becomes a file in `cwd`, whose contents come back as `out`. */
function molml(args: string[], cwd: string, stdoutToFull: boolean): Promise<Run> {
  const outFile = path.join(cwd, 'out');
  const argv = args.map(a => a.replace('{OUT}', outFile));
  return new Promise(resolve => {
    const full = stdoutToFull ? fs.openSync('/dev/full', 'w') : undefined;
    const child = spawn(process.execPath, [CLI, ...argv], { cwd, stdio: ['ignore', full ?? 'pipe', 'pipe'] });
    let stdout = '',
      stderr = '';
    child.stdout?.setEncoding('utf8').on('data', d => {
      stdout += d;
    });
    child.stderr!.setEncoding('utf8').on('data', d => {
      stderr += d;
    });
    child.on('close', (code, signal) => {
      if (full !== undefined) fs.closeSync(full);
      const written = args.find(a => a.includes('{OUT}'))?.replace('{OUT}', outFile);
      const out = written && fs.existsSync(written) ? fs.readFileSync(written).toString('base64') : undefined;
      resolve({ code, signal, stdout, stderr: stderr.split(cwd).join('{CWD}'), out });
    });
  });
}

const STACK_LINE = /^\s+at .+\(.*:\d+:\d+\)$/;
/** What a line of stderr may start with: a message of the CLI, a row's problem, a note or a summary. */
const MESSAGE_START = /^(molml( \w+)?: |row \d+: |warning: |note: |embedded \d+ of \d+ |invalid SMILES: )/;

/** The invariants every run must keep, whatever its input. */
function assertWellBehaved(r: Run, what: string): void {
  assert.ok(
    r.code === 0 || r.code === 1 || r.code === 2,
    `${what}: exit code ${r.code} (signal ${r.signal}); stderr: ${r.stderr.slice(0, 500)}`,
  );
  const lines = r.stderr.split('\n').filter(l => l !== '');
  assert.ok(
    !lines.some(l => STACK_LINE.test(l)) && !r.stderr.includes('node:internal'),
    `${what}: a stack trace on stderr:\n${r.stderr.slice(0, 800)}`,
  );
  // Each message is one whole line: every line starts a message, except the two lines that point at a bad SMILES.
  lines.forEach((line, i) => {
    const caret =
      /^invalid SMILES: .*\(at character \d+\)$/.test(lines[i - 1] ?? '') ||
      /^invalid SMILES: .*\(at character \d+\)$/.test(lines[i - 2] ?? '');
    assert.ok(
      MESSAGE_START.test(line) || (caret && line.startsWith('  ')),
      `${what}: stderr line ${i + 1} is not a message of its own: ${JSON.stringify(line)}\n${r.stderr.slice(0, 800)}`,
    );
  });
  // parseArgs explains an option value that starts with '-' over three lines: the one kept must say what to do.
  if (/argument is ambiguous/.test(r.stderr))
    assert.match(
      r.stderr,
      /--[\w-]+=-/,
      `${what}: the usage error does not say how to pass the value: ${r.stderr.trim()}`,
    );
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Runs the same command twice at once (separate working directories) and checks every invariant on both. */
async function check(args: string[], inputs: string[], stdoutToFull = false): Promise<Run> {
  const before = inputs.map(f => (fs.existsSync(f) ? sha256(f) : undefined));
  const dirs = [fs.mkdtempSync(path.join(tmp, 'a-')), fs.mkdtempSync(path.join(tmp, 'b-'))];
  const [a, b] = await Promise.all(dirs.map(d => molml(args, d, stdoutToFull)));
  const what = `molml ${args.map(x => JSON.stringify(x)).join(' ')}${stdoutToFull ? ' > /dev/full' : ''}`;
  assertWellBehaved(a!, what);
  assert.deepEqual(b, a, `${what}: the same output for the same input`);
  assert.deepEqual(
    inputs.map(f => (fs.existsSync(f) ? sha256(f) : undefined)),
    before,
    `${what}: an input file changed`,
  );
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  return a!;
}

/** A file argument that names no file is an error (exit 2) that says so, unless an error about an option came first. */
function assertMissingFile(r: Run): void {
  assert.equal(r.code, 2, `a missing input file: exit code ${r.code}; stderr: ${r.stderr.slice(0, 300)}`);
  if (!/usage:|--[a-z]/.test(r.stderr)) assert.match(r.stderr, /no such file/);
}

const EXTENSION: Record<FileFormat, string> = { csv: '.csv', tsv: '.tsv', smi: '.smi', sdf: '.sdf' };

/** An input file: mutated real data or random text or bytes, in some encoding, maybe gzip-compressed. */
const inputFile = fc
  .record({
    format: fc.constantFrom<FileFormat>('csv', 'tsv', 'smi', 'sdf'),
    pick: fc.nat(),
    edits: fc.nat(),
    random: fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: trickyText(80) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
    ),
    encoding: fc.oneof(
      { weight: 5, arbitrary: fc.constant('utf-8') },
      { weight: 2, arbitrary: fc.constantFrom(...Object.keys(ENCODINGS)) },
    ),
    gzip: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  })
  .chain(spec =>
    mutated(
      REAL[spec.format].map(t => t.split('\n').slice(0, 8).join('\n') + '\n'),
      4,
    ).map(text => ({ ...spec, text })),
  );

type InputFile = typeof inputFile extends fc.Arbitrary<infer T> ? T : never;

let fileCount = 0;
function materialize(f: InputFile): string {
  const file = path.join(tmp, `input-${fileCount++}${EXTENSION[f.format]}${f.gzip ? '.gz' : ''}`);
  const bytes = f.random instanceof Uint8Array ? Buffer.from(f.random) : ENCODINGS[f.encoding]!(f.random ?? f.text);
  fs.writeFileSync(file, f.gzip ? zlib.gzipSync(bytes) : bytes);
  return file;
}

/** A path that names no file (yet looks like one). */
function missing(ext: string): string {
  return path.join(tmp, `missing-${fileCount++}${ext}`);
}

/** `--name value` pairs, each present or not; values include bad ones and negative numbers. */
function flags(spec: Record<string, string[]>): fc.Arbitrary<string[]> {
  return fc
    .record(
      Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, fc.option(fc.constantFrom(...v), { freq: 2 })])),
    )
    .map(r => Object.entries(r).flatMap(([k, v]) => (v === null || v === undefined ? [] : [`--${k}`, v as string])));
}

const stdoutToFull = fc.oneof(
  { weight: 9, arbitrary: fc.constant(false) },
  { weight: 1, arbitrary: fc.constant(true) },
);
const modelFlags = ['--model', MODEL, '--device', 'cpu'];

describe('molml CLI under random files and arguments (fuzz)', () => {
  it('lint', async () => {
    const args = flags({
      format: ['text', 'json', 'sarif', 'xml'],
      'smiles-column': ['smiles', 'mol', '1', 'nope', ''],
      workers: ['0', '1', '-1', 'x'],
    });
    await fc.assert(
      fc.asyncProperty(inputFile, args, fc.boolean(), stdoutToFull, async (f, flagArgs, absent, full) => {
        const file = absent ? missing(EXTENSION[f.format]) : materialize(f);
        const r = await check(['lint', file, ...flagArgs], [file], full);
        if (absent) assertMissingFile(r);
      }),
      cliParams(6),
    );
  });

  it('depict', async () => {
    const args = flags({ format: ['json', 'svg', 'text', 'png'], size: ['100', '300', '49', '2001', '-5', 'abc'] });
    await fc.assert(
      fc.asyncProperty(mutated(SMILES, 4), args, stdoutToFull, async (smiles, flagArgs, full) => {
        await check(['depict', smiles, ...flagArgs], [], full);
      }),
      cliParams(10),
    );
  });

  it('predict', async () => {
    const args = flags({
      format: ['csv', 'json', 'xml'],
      tasks: ['logS', 'soluble', 'logS,soluble', 'nope', ''],
      'batch-size': ['1', '7', '0', '-2', 'x'],
      precision: ['auto', 'fp32', 'int8', 'x'],
      out: ['{OUT}.csv', '{OUT}.json'],
    });
    const positional = fc.oneof(
      { weight: 3, arbitrary: inputFile.map(f => ({ file: materialize(f), args: [] as string[] })) },
      {
        weight: 2,
        arbitrary: fc
          .array(mutated(SMILES, 3), { minLength: 1, maxLength: 3 })
          .map(s => ({ file: undefined, args: s })),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom('.csv', '.smi', '.tsv').map(ext => ({ file: missing(ext), args: [] as string[] })),
      },
    );
    await fc.assert(
      fc.asyncProperty(positional, args, stdoutToFull, async (p, flagArgs, full) => {
        const inputs = p.file ? [p.file] : [];
        const r = await check(['predict', ...(p.file ? [p.file] : p.args), ...modelFlags, ...flagArgs], inputs, full);
        if (p.file && !fs.existsSync(p.file)) assertMissingFile(r);
      }),
      cliParams(8),
    );
  });

  it('embed', async () => {
    const args = flags({
      out: ['{OUT}.csv', '{OUT}.npy', '{OUT}.txt'],
      'batch-size': ['1', '5', '0', '-1'],
      'smiles-col': ['smiles', 'mol', 'nope'],
      precision: ['fp32', 'int8', 'x'],
    });
    await fc.assert(
      fc.asyncProperty(inputFile, args, fc.boolean(), async (f, flagArgs, absent) => {
        const file = absent ? missing(EXTENSION[f.format]) : materialize(f);
        const r = await check(['embed', file, ...modelFlags, ...flagArgs], [file]);
        if (absent) assertMissingFile(r);
      }),
      cliParams(8),
    );
  });

  it('a gzip-compressed input gives the same result as the plain file (lint, predict, embed)', async () => {
    const plainFile = inputFile.map(f => ({ ...f, gzip: false, random: undefined, encoding: 'utf-8' }));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('lint', 'predict', 'embed'), plainFile, async (command, f) => {
        if (command !== 'lint' && f.format === 'sdf') return; // the model commands read CSV, TSV and SMILES files
        const plain = materialize(f);
        const gz = materialize({ ...f, gzip: true });
        const argv = (file: string) => [command, file, ...(command === 'lint' ? ['--format', 'json'] : modelFlags)];
        const [a, b] = [await check(argv(plain), [plain]), await check(argv(gz), [gz])];
        const named = (r: Run, file: string) => ({
          ...r,
          stdout: r.stdout.split(file).join('{FILE}'),
          stderr: r.stderr.split(file).join('{FILE}'),
        });
        assert.deepEqual(
          named(b, gz),
          named(a, plain),
          `${command}: ${path.basename(gz)} reads like ${path.basename(plain)}`,
        );
      }),
      cliParams(4),
    );
  });
});
