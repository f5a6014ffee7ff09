// `molml screen <library> --out DIR --slurm`: writes DIR/screen.sbatch, a job array whose tasks each run this same
// `molml screen` on one shard, and submits it (or only writes and prints it with --dry-run).
import fs from 'node:fs';
import path from 'node:path';
import { intOption, UsageError } from './args';
import { CommandError, type CliIO } from './command';
import {
  jobName,
  sbatchScript,
  shellQuote,
  submitSbatch,
  writeSbatchScript,
  SlurmError,
  LOG_FOLDER,
} from '../core/screen/slurm';

export const slurmOptions = {
  slurm: { type: 'boolean' },
  array: { type: 'string' },
  partition: { type: 'string' },
  time: { type: 'string' },
  'sbatch-arg': { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
} as const;

export interface SlurmFlags {
  slurm?: boolean;
  array?: string;
  partition?: string;
  time?: string;
  'sbatch-arg'?: string[];
  'dry-run'?: boolean;
}

/** Array tasks when --array is not given. */
export const DEFAULT_ARRAY_TASKS = 4;

/** Options that name files: a task may start in another directory, so they are passed on as absolute paths. */
const PATH_OPTIONS = new Set(['model', 'head', 'cache-dir']);
/** Options that are not passed on to the tasks: the Slurm ones, the folder, and what the array decides itself. */
const NOT_FORWARDED = new Set([...Object.keys(slurmOptions), 'out', 'shard', 'status', 'json']);

/** Throws a usage error when a Slurm-only option is given without --slurm. */
export function checkSlurmOptionsUnused(flags: SlurmFlags): void {
  const given = Object.keys(slurmOptions).filter(k => k !== 'slurm' && flags[k as keyof SlurmFlags] !== undefined);
  if (!flags.slurm && given.length) throw new UsageError(`--${given[0]} is an option of --slurm`);
}

/** The other options of the command, as the argv each task repeats (paths made absolute). */
export function forwardedOptions(values: Record<string, string | boolean | string[] | undefined>): string[] {
  const argv: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (NOT_FORWARDED.has(name) || value === undefined || value === false) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === true) argv.push(`--${name}`);
      else argv.push(`--${name}`, PATH_OPTIONS.has(name) ? path.resolve(v as string) : (v as string));
    }
  }
  return argv;
}

/** The number of shards the folder was started with, when it has been started. */
function startedShards(outDir: string): number | undefined {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as { shards?: unknown };
    return typeof manifest.shards === 'number' ? manifest.shards : undefined;
  } catch {
    return undefined;
  }
}

/** The CLI as this process runs it: the same node and the same dist/cli.js run every task. */
function cliEntry(): string {
  const entry = process.argv[1] ?? '';
  try {
    return fs.realpathSync(entry);
  } catch {
    return path.resolve(entry);
  }
}

export async function submitScreenArray(
  io: CliIO,
  job: {
    library: string;
    outDir: string;
    flags: SlurmFlags;
    values: Record<string, string | boolean | string[] | undefined>;
  },
): Promise<number> {
  const { flags } = job;
  if (job.values.shard !== undefined)
    throw new UsageError('--shard and --slurm do not go together: each array task takes its own shard');
  const tasks = intOption('array', flags.array, DEFAULT_ARRAY_TASKS, 1, 100_000);
  const outDir = path.resolve(job.outDir);
  const library = path.resolve(job.library);
  if (!fs.existsSync(library)) throw new CommandError(`no such file: ${job.library}`);
  const started = startedShards(outDir);
  if (started !== undefined && started !== tasks)
    throw new CommandError(
      `${outDir} was started with ${started} shards: submit --array ${started} to finish it, or screen into a new folder`,
    );
  const command = [process.execPath, cliEntry(), 'screen', library, '--out', outDir, ...forwardedOptions(job.values)];
  let file: string;
  try {
    const text = sbatchScript({
      outDir,
      tasks,
      jobName: jobName(outDir),
      command,
      ...(flags.partition !== undefined ? { partition: flags.partition } : {}),
      ...(flags.time !== undefined ? { time: flags.time } : {}),
      extra: flags['sbatch-arg'] ?? [],
    });
    file = writeSbatchScript(outDir, text).file;
    if (flags['dry-run']) {
      io.out(fs.readFileSync(file, 'utf8'));
      io.err(`wrote ${file} (not submitted: --dry-run); submit it with: sbatch ${shellQuote(file)}`);
      return 0;
    }
    const { jobId, cluster } = await submitSbatch(file);
    const dir = shellQuote(outDir);
    io.out(
      [
        `submitted job array ${jobId}${cluster ? ` on cluster ${cluster}` : ''}: ${tasks} task(s) screening ${library}`,
        `script: ${file}`,
        `logs:   ${path.join(outDir, LOG_FOLDER, `${jobId}_<task>.out`)}`,
        `follow: molml screen --status ${dir}    squeue -j ${jobId}`,
      ].join('\n'),
    );
    return 0;
  } catch (e) {
    if (e instanceof SlurmError) throw new CommandError(e.message);
    throw e;
  }
}
