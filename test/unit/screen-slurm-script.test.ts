// The Slurm job-array script of `molml screen --slurm`: its #SBATCH lines, and a command line that bash reads back
// into exactly the argv it was given, whatever the paths hold (spaces, quotes, $, globs, line breaks).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  sbatchScript,
  shellQuote,
  sbatchQuote,
  parseParsable,
  writeSbatchScript,
  submitSbatch,
  jobName,
  SlurmError,
  type SbatchOptions,
} from '../../src/core/screen/slurm';
import { tempDir, REPO, TINY_DIR } from './model-fixtures';

const ARGV_PRINTER = 'console.log(JSON.stringify(process.argv.slice(1)))';

function options(over: Partial<SbatchOptions> = {}): SbatchOptions {
  return {
    outDir: '/data/screen out',
    tasks: 4,
    jobName: 'molml-screen-x',
    command: [process.execPath, '-e', ARGV_PRINTER],
    ...over,
  };
}

/** Runs the script's body with bash as an array task would, returning what it printed. */
function runScript(text: string, env: Record<string, string> = {}) {
  const dir = tempDir('sbatch');
  const file = path.join(dir, 'job.sh');
  fs.writeFileSync(file, text);
  const r = spawnSync('bash', [file], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n');
}

const directives = (text: string) => text.split('\n').filter(l => l.startsWith('#SBATCH'));

describe('sbatch script', () => {
  it('asks for an array of N tasks, names the job, and logs each task into the folder', () => {
    const text = sbatchScript(options({ tasks: 4 }));
    assert.ok(text.startsWith('#!/bin/bash\n'));
    assert.deepEqual(directives(text), [
      '#SBATCH --job-name=molml-screen-x',
      '#SBATCH --array=0-3',
      '#SBATCH --output="/data/screen out/logs/%A_%a.out"',
    ]);
    assert.match(sbatchScript(options({ tasks: 1 })), /^#SBATCH --array=0-0$/m);
  });

  it('keeps every #SBATCH line before the first command (sbatch stops reading them there)', () => {
    const lines = sbatchScript(options({ partition: 'gpu', time: '1-02:00:00', extra: ['--mem=8G'] })).split('\n');
    const lastDirective = lines.map(l => l.startsWith('#SBATCH')).lastIndexOf(true);
    const firstCommand = lines.findIndex(l => l.trim() && !l.startsWith('#'));
    assert.ok(lastDirective < firstCommand, lines.join('\n'));
  });

  it('adds partition, time and extra sbatch options, each quoted for sbatch', () => {
    const text = sbatchScript(
      options({
        partition: 'gpu,long',
        time: '2-00:30',
        extra: ['--mem=8G', '--constraint=a100 & nvlink', '--comment=#1'],
      }),
    );
    assert.deepEqual(directives(text).slice(3), [
      '#SBATCH --partition=gpu,long',
      '#SBATCH --time=2-00:30',
      '#SBATCH --mem=8G',
      '#SBATCH "--constraint=a100 & nvlink"',
      '#SBATCH "--comment=#1"',
    ]);
  });

  it('refuses options sbatch would misread: bad time, partition, extra option, a line break', () => {
    for (const bad of [
      { time: '2 hours' },
      { time: '1:2:3:4' },
      { partition: 'a b' },
      { extra: ['mem=8G'] },
      { extra: ['--comment=a\n#SBATCH --array=0-999'] },
      { tasks: 0 },
    ])
      assert.throws(() => sbatchScript(options(bad)), SlurmError, JSON.stringify(bad));
    for (const good of ['30', '90:00', '12:00:00', '1-0', '3-12:00', '1-00:00:00', 'UNLIMITED'])
      assert.doesNotThrow(() => sbatchScript(options({ time: good })));
  });

  it("writes a literal % in the folder's path as %% (Slurm expands %A, %a in log names)", () => {
    assert.match(
      sbatchScript(options({ outDir: '/data/100%' })),
      /^#SBATCH --output=\/data\/100%%\/logs\/%A_%a\.out$/m,
    );
    assert.throws(() => sbatchScript(options({ outDir: '/data/a\\b' })), /backslash/);
  });

  it('quotes quotes and backslashes the way sbatch reads them', () => {
    assert.equal(sbatchQuote('plain-1.0'), 'plain-1.0');
    assert.equal(sbatchQuote('it\'s "x"'), '"it\'s \\"x\\""');
    assert.equal(sbatchQuote('a\\b'), '"a\\\\b"');
  });

  it('runs the command with every argument intact, however the paths are spelt', () => {
    const odd = [
      '/data/my screen/lib.csv',
      "/data/O'Brien/lib.csv",
      '/data/"quoted"/x',
      '$HOME `id` $(id) ; rm -rf /',
      '*.csv',
      'line\nbreak',
      'tab\there',
      '',
      '--out',
      'back\\slash',
      'ünïcode-分子',
    ];
    const text = sbatchScript(options({ command: [process.execPath, '-e', ARGV_PRINTER, ...odd] }));
    const printed = runScript(text, { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '4' });
    assert.equal(printed[0].replace(/ on .*/, ''), 'molml screen: task 2 of 4');
    assert.deepEqual(JSON.parse(printed.at(-1)!), odd);
  });

  it('quotes only the words that need it, so the script stays readable', () => {
    assert.equal(shellQuote('/usr/bin/node'), '/usr/bin/node');
    assert.equal(shellQuote('--batch-size=64'), '--batch-size=64');
    assert.equal(shellQuote('a b'), "'a b'");
    assert.equal(shellQuote("O'Brien"), "'O'\\''Brien'");
    assert.equal(shellQuote(''), "''");
  });

  it('names the job after the folder in characters squeue shows plainly', () => {
    assert.equal(jobName('/data/HTS run #3'), 'molml-screen-HTS_run_3');
    assert.equal(jobName('/'), 'molml-screen');
  });
});

describe('sbatch script file and submission', () => {
  it('writes DIR/screen.sbatch and DIR/logs, and never overwrites a script the user edited', () => {
    const dir = path.join(tempDir('sbatch-write'), 'a screen');
    const text = sbatchScript(options({ outDir: dir }));
    const first = writeSbatchScript(dir, text);
    assert.equal(first.file, path.join(dir, 'screen.sbatch'));
    assert.equal(first.unchanged, false);
    assert.ok(fs.statSync(path.join(dir, 'logs')).isDirectory());
    assert.equal(fs.readFileSync(first.file, 'utf8'), text);
    assert.equal(writeSbatchScript(dir, text).unchanged, true);
    fs.appendFileSync(first.file, '#SBATCH --mem=1G\n');
    assert.throws(() => writeSbatchScript(dir, sbatchScript(options({ outDir: dir, tasks: 8 }))), /exists and differs/);
    assert.match(fs.readFileSync(first.file, 'utf8'), /--mem=1G/);
  });

  it('reads the job id sbatch --parsable prints, with or without a cluster name', () => {
    assert.deepEqual(parseParsable('1234\n'), { jobId: '1234' });
    assert.deepEqual(parseParsable('77;cluster-a\n'), { jobId: '77', cluster: 'cluster-a' });
    assert.throws(() => parseParsable('Submitted batch job 5\n'), /no job id/);
  });

  it('says so when sbatch is not on PATH, and how to only write the script', async () => {
    await assert.rejects(submitSbatch('/x/screen.sbatch', { sbatch: 'molml-no-such-sbatch' }), (e: Error) => {
      assert.ok(e instanceof SlurmError);
      assert.match(e.message, /molml-no-such-sbatch not found on PATH.*--dry-run/);
      return true;
    });
  });
});

describe('molml screen --slurm through the CLI', () => {
  const CLI = path.join(REPO, 'dist/cli.js');
  const ESOL = path.join(REPO, 'test/fixtures/data/moleculenet/esol_delaney-processed.csv');
  function molml(args: string[], cwd = REPO, env: NodeJS.ProcessEnv = process.env) {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, env });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('--dry-run writes and prints a script that repeats the options with absolute paths', () => {
    const dir = path.join(tempDir('slurm-cli'), "my screen's");
    const cwd = path.dirname(TINY_DIR);
    const r = molml(
      [
        'screen',
        path.relative(cwd, ESOL),
        '--out',
        dir,
        '--model',
        path.basename(TINY_DIR),
        '--precision',
        'fp32',
        '--batch-size',
        '16',
        '--tasks',
        'logS',
        '--slurm',
        '--array',
        '3',
        '--partition',
        'short',
        '--time',
        '10:00',
        '--sbatch-arg=--mem=2G',
        '--dry-run',
      ],
      cwd,
    );
    assert.equal(r.code, 0, r.stderr);
    const text = fs.readFileSync(path.join(dir, 'screen.sbatch'), 'utf8');
    assert.equal(r.stdout.trim(), text.trim());
    assert.match(r.stderr, /not submitted: --dry-run/);
    assert.match(text, /^#SBATCH --array=0-2$/m);
    assert.match(text, /^#SBATCH --partition=short$/m);
    assert.match(text, /^#SBATCH --time=10:00$/m);
    assert.match(text, /^#SBATCH --mem=2G$/m);
    // The exec line, read back by bash exactly as a task runs it (node replaced by a program printing its argv).
    const exec = text.split('\n').find(l => l.startsWith('exec '))!;
    const argv = spawnSync(
      'bash',
      ['-c', `set -- ; args() { printf '%s\\n' "$@"; }; ${exec.replace(/^exec \S+/, 'args')}`],
      {
        encoding: 'utf8',
      },
    )
      .stdout.split('\n')
      .slice(0, -1);
    assert.deepEqual(argv, [
      path.join(REPO, 'dist/cli.js'),
      'screen',
      ESOL,
      '--out',
      dir,
      '--model',
      TINY_DIR,
      '--precision',
      'fp32',
      '--batch-size',
      '16',
      '--tasks',
      'logS',
    ]);
  });

  it('says how to go on when sbatch is not on PATH; Slurm options need --slurm; --shard does not go with it', () => {
    const dir = path.join(tempDir('slurm-cli'), 'out');
    const noSlurm = { ...process.env, PATH: '/nonexistent' }; // node itself is run by its absolute path
    const r = molml(['screen', ESOL, '--out', dir, '--model', TINY_DIR, '--slurm'], REPO, noSlurm);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /sbatch not found on PATH.*--dry-run/);
    assert.ok(fs.existsSync(path.join(dir, 'screen.sbatch')));
    const a = molml(['screen', ESOL, '--out', dir, '--model', TINY_DIR, '--array', '4']);
    assert.equal(a.code, 2);
    assert.match(a.stderr, /--array is an option of --slurm/);
    const b = molml(['screen', ESOL, '--out', dir, '--model', TINY_DIR, '--slurm', '--shard', '0/2', '--dry-run']);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /--shard and --slurm do not go together/);
  });

  it('refuses an array of another size than the shards the folder was started with', () => {
    const dir = path.join(tempDir('slurm-cli'), 'started');
    const first = molml(['screen', ESOL, '--out', dir, '--model', TINY_DIR, '--shard', '0/2']);
    assert.equal(first.code, 0, first.stderr);
    const r = molml(['screen', ESOL, '--out', dir, '--model', TINY_DIR, '--slurm', '--array', '3', '--dry-run']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /started with 2 shards: submit --array 2/);
    assert.equal(
      molml(['screen', ESOL, '--out', dir, '--model', TINY_DIR, '--slurm', '--array', '2', '--dry-run']).code,
      0,
    );
  });
});
