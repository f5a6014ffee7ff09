// `molml screen --slurm`: the job-array script that runs one screen shard per array task, and its submission with
// sbatch. The script is plain text the user keeps and edits (DIR/screen.sbatch); generating it is pure, submitting it
// is one `sbatch --parsable` child process.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Why a Slurm script cannot be written or submitted; the message is one line for the user. */
export class SlurmError extends Error {}

export const SBATCH_FILE = 'screen.sbatch';
export const LOG_FOLDER = 'logs';

export interface SbatchOptions {
  /** The screen folder, absolute: logs go to its logs/ folder. */
  outDir: string;
  /** Array tasks: the script asks for --array=0-(tasks-1), and task i screens shard i of tasks. */
  tasks: number;
  jobName: string;
  partition?: string;
  /** Slurm's time limit format (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS). */
  time?: string;
  /** Further sbatch options, one `#SBATCH` line each (e.g. --mem=8G, --gres=gpu:1). */
  extra?: readonly string[];
  /** The command each task runs, as argv (absolute paths): quoted for bash here. */
  command: readonly string[];
}

/** A word for bash: bare when it holds only characters bash never interprets, else single-quoted. */
export function shellQuote(word: string): string {
  if (word.includes('\0')) throw new SlurmError('a NUL character cannot be passed on a command line');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A value for an `#SBATCH` line. sbatch reads these lines with its own tokenizer (src/sbatch/opt.c, _get_argument):
 * double or single quotes group, a backslash escapes the next character, and an unquoted `#` starts a comment. A line
 * break would end the option, so it is refused.
 */
export function sbatchQuote(value: string): string {
  if (/[\n\r\0]/.test(value))
    throw new SlurmError(`an sbatch option cannot hold a line break: ${JSON.stringify(value)}`);
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * A path in --output/--error: Slurm expands %A, %a, %j... there, so a literal % is written %%; a backslash anywhere
 * turns all expansion off (sbatch(1), "filename pattern"), which would name every task's log the same.
 */
function logPath(dir: string, pattern: string): string {
  if (dir.includes('\\'))
    throw new SlurmError(
      `Slurm cannot name log files inside a folder whose path holds a backslash (${dir}): choose another --out`,
    );
  return path.join(dir.replace(/%/g, '%%'), LOG_FOLDER, pattern);
}

const TIME = /^(\d+-\d+(:\d+(:\d+)?)?|\d+(:\d+(:\d+)?)?|UNLIMITED|INFINITE)$/i;

/** Throws SlurmError unless `time` is in one of the formats sbatch --time accepts. */
export function checkSlurmTime(time: string): void {
  if (!TIME.test(time))
    throw new SlurmError(
      `--time ${JSON.stringify(time)} is not a Slurm time limit (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS)`,
    );
}

/** A Slurm partition name or comma-separated list of them. */
export function checkPartition(partition: string): void {
  if (!/^[A-Za-z0-9_.,-]+$/.test(partition))
    throw new SlurmError(`--partition ${JSON.stringify(partition)} is not a Slurm partition name`);
}

/** An extra option for sbatch: starts with '-' (e.g. --mem=8G), one line. */
export function checkSbatchArg(arg: string): void {
  if (!arg.startsWith('-') || /[\n\r\0]/.test(arg))
    throw new SlurmError(`--sbatch-arg ${JSON.stringify(arg)} must be one sbatch option such as --mem=8G`);
}

/** A job name Slurm shows in squeue: the screen folder's name, reduced to safe characters. */
export function jobName(outDir: string): string {
  const base = path
    .basename(outDir)
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .slice(0, 40);
  return `molml-screen${base ? `-${base}` : ''}`;
}

/** The job-array script: `#SBATCH` lines first (sbatch stops reading them at the first command), then the command. */
export function sbatchScript(o: SbatchOptions): string {
  if (!Number.isInteger(o.tasks) || o.tasks < 1) throw new SlurmError(`--array must be a positive integer`);
  if (o.time !== undefined) checkSlurmTime(o.time);
  if (o.partition !== undefined) checkPartition(o.partition);
  for (const a of o.extra ?? []) checkSbatchArg(a);
  const directive = (name: string, value: string) => `#SBATCH --${name}=${sbatchQuote(value)}`;
  const lines = [
    '#!/bin/bash',
    directive('job-name', o.jobName),
    `#SBATCH --array=0-${o.tasks - 1}`,
    // stderr joins stdout in one log per task (%A: the array's job id, %a: the task).
    directive('output', logPath(o.outDir, '%A_%a.out')),
    ...(o.partition !== undefined ? [directive('partition', o.partition)] : []),
    ...(o.time !== undefined ? [directive('time', o.time)] : []),
    ...(o.extra ?? []).map(a => `#SBATCH ${sbatchQuote(a)}`),
    '',
    '# Written by `molml screen --slurm`; edit it freely and submit it again with `sbatch` (finished parts are kept:',
    '# each task resumes its shard). Each array task screens one shard: molml screen reads the shard from',
    '# SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT. Follow the run with `molml screen --status <folder>`.',
    'set -euo pipefail',
    `echo "molml screen: task \${SLURM_ARRAY_TASK_ID:-?} of \${SLURM_ARRAY_TASK_COUNT:-?} on $(hostname) at $(date -u +%FT%TZ)"`,
    `exec ${o.command.map(shellQuote).join(' ')}`,
    '',
  ];
  return lines.join('\n');
}

/**
 * Writes the script into the screen folder (and creates logs/, which Slurm does not create). An existing script the
 * user edited is never overwritten: it is submitted as it is only when it is identical, else this is an error.
 */
export function writeSbatchScript(outDir: string, text: string): { file: string; unchanged: boolean } {
  const file = path.join(outDir, SBATCH_FILE);
  fs.mkdirSync(path.join(outDir, LOG_FOLDER), { recursive: true });
  let old: string | undefined;
  try {
    old = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (old !== undefined) {
    if (old === text) return { file, unchanged: true };
    throw new SlurmError(
      `${file} exists and differs from the script these options give: submit it as it is with \`sbatch ${shellQuote(file)}\`, or delete it to write a new one`,
    );
  }
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, text, { mode: 0o755 });
  fs.renameSync(temp, file);
  return { file, unchanged: false };
}

/** `sbatch --parsable` prints "jobid" or "jobid;cluster". */
export function parseParsable(stdout: string): { jobId: string; cluster?: string } {
  const line = stdout.trim().split('\n').pop() ?? '';
  const m = /^(\d+)(?:;(\S+))?$/.exec(line.trim());
  if (!m) throw new SlurmError(`sbatch printed no job id (it printed ${JSON.stringify(stdout.trim().slice(0, 200))})`);
  return m[2] ? { jobId: m[1], cluster: m[2] } : { jobId: m[1] };
}

/** Submits the script with `sbatch --parsable`; `sbatch` is looked up on PATH unless given. */
export function submitSbatch(
  script: string,
  options: { sbatch?: string; timeoutMs?: number } = {},
): Promise<{ jobId: string; cluster?: string }> {
  const sbatch = options.sbatch ?? 'sbatch';
  return new Promise((resolve, reject) => {
    execFile(
      sbatch,
      ['--parsable', script],
      { encoding: 'utf8', timeout: options.timeoutMs ?? 120_000 },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT')
            return reject(
              new SlurmError(
                `${sbatch} not found on PATH: submit from a machine with Slurm (a login node), or use --dry-run to only write ${script}`,
              ),
            );
          const why = stderr.trim() || error.message.split('\n')[0];
          return reject(new SlurmError(`sbatch refused ${script}: ${why.replace(/\s*\n\s*/g, '; ')}`));
        }
        try {
          resolve(parseParsable(stdout));
        } catch (e) {
          reject(e);
        }
      },
    );
  });
}
