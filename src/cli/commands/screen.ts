import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand, CliIO } from '../command';
import { intOption, parse, UsageError } from '../args';
import { TaskError } from '../../core/model/tasks';
import type { Model } from '../../core/model/runtime';
import { InputFileError } from '../../core/model/input-file';
import { runScreen, ScreenMismatchError, DEFAULT_CHUNK_ROWS, type ScreenProgress } from '../../core/screen/run';
import { parseShard, shardFromSlurm, ShardSpecError, type ShardSpec } from '../../core/screen/slice';
import { screenStatus, ScreenFolderError, type ScreenStatus } from '../../core/screen/folder';
import { OutputError } from '../../core/io/safe-write';
import { checkSlurmOptionsUnused, slurmOptions, submitScreenArray } from '../screen-slurm';
import {
  modelOptions,
  guarded,
  readHead,
  predictionModelDirectory,
  loadModel,
  batchSize,
  shards as workerCount,
  taskList,
  CommandError,
} from '../model-support';

const NOTES = [
  'Streams the library (CSV, TSV, SMILES or SDF, each also .gz) in chunks of --chunk-rows rows (default 50000); each',
  'chunk becomes one Parquet part in DIR (part-<shard>-<seq>.parquet), its refused rows go to refused-<shard>.csv,',
  'and DIR/shards/<i>-of-<n>.json records it. Run the same command again after a crash or a kill and it goes on from',
  'the last finished part; on a finished screen it does nothing. A folder started with another model, head, tasks,',
  'precision or input is refused. --shard i/n (0 <= i < n) screens the i-th of n contiguous slices of the rows;',
  'inside a Slurm job array it defaults to SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN of SLURM_ARRAY_TASK_COUNT.',
  "Every shard writes into the same DIR; read all of it with molml top or read_parquet('DIR/part-*.parquet').",
  '--shards N runs N model workers inside this process (as in predict). molml screen --status DIR shows progress.',
  '--slurm writes DIR/screen.sbatch, a Slurm job array of --array N tasks (default 4) that each run this command on',
  'their shard, and submits it with sbatch (--dry-run: write and print it only); --partition, --time and',
  '--sbatch-arg=OPTION (repeatable, e.g. --sbatch-arg=--mem=8G) go into its #SBATCH lines.',
  'Exit codes: 0 done (or already done), 2 usage, I/O or model error, or a folder holding another screen.',
  'With --status: 0 finished, 1 not finished yet, 2 not a screen folder. Details: docs/screen.md.',
].join('\n');

function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

function shardLabel(spec: ShardSpec): string {
  return `shard ${spec.index}/${spec.count}`;
}

/** The shard of this process: --shard, else the Slurm array task, else the whole file. */
function shardOf(flag: string | undefined): ShardSpec {
  try {
    if (flag !== undefined) return parseShard(flag);
    return shardFromSlurm(process.env) ?? { index: 0, count: 1 };
  } catch (e) {
    if (e instanceof ShardSpecError) throw new UsageError(e.message);
    throw e;
  }
}

function statusText(dir: string, s: ScreenStatus): string {
  const m = s.manifest;
  const what = [m.model?.name, m.head ? `head ${path.basename(m.head.file)}` : undefined].filter(Boolean).join(' + ');
  const rate = (r: number | undefined) => (r === undefined ? '' : `, ${r.toFixed(r < 10 ? 1 : 0)} rows/s`);
  const lines = [
    `${dir}: ${what}, ${m.input.path} (${thousands(s.rows)} rows), ${m.shards} shard${m.shards === 1 ? '' : 's'}${m.finished ? ', finished' : ''}`,
    `done ${thousands(s.done)} of ${thousands(s.rows)} rows (${thousands(s.written)} written, ${thousands(s.refused)} refused), ${thousands(s.remaining)} remaining${rate(s.rate)}`,
  ];
  for (const sh of s.shards) {
    const head = `shard ${sh.shard}/${m.shards}: rows ${thousands(sh.firstRow)}-${thousands(sh.lastRow)}`;
    if (!sh.started) lines.push(`${head}: not started`);
    else
      lines.push(
        `${head}: done ${thousands(sh.done)} of ${thousands(Math.max(0, sh.lastRow - sh.firstRow + 1))}, refused ${thousands(sh.refused)}${rate(sh.rate)}${sh.finished ? ', finished' : `, updated ${sh.updated}`}`,
      );
  }
  return lines.join('\n');
}

function status(dir: string, json: boolean, io: CliIO): number {
  let s: ScreenStatus;
  try {
    s = screenStatus(dir);
  } catch (e) {
    if (e instanceof ScreenFolderError) throw new CommandError(e.message);
    throw e;
  }
  if (json) {
    const { manifest, ...rest } = s;
    io.out(JSON.stringify({ finished: manifest.finished, ...rest }, null, 1));
  } else io.out(statusText(dir, s));
  return s.manifest.finished ? 0 : 1;
}

export const screenCommand: CliCommand = {
  name: 'screen',
  summary: 'predict over a library of any size into a folder of Parquet parts, resumable and sliceable into shards',
  usage:
    'molml screen <library> --out DIR [--model DIR] [--head FILE] [--tasks a,b] [--shard i/n] [--chunk-rows N] [--device auto|cpu|cuda|webgpu] [--precision auto|fp32|int8] [--batch-size N] [--shards N] [--smiles-col NAME] [--slurm [--array N] [--partition P] [--time T] [--sbatch-arg=OPTION]... [--dry-run]] | molml screen --status DIR [--json]',
  notes: NOTES,
  run(argv, io) {
    const { values, positionals } = parse(argv, {
      ...modelOptions,
      head: { type: 'string' },
      tasks: { type: 'string' },
      out: { type: 'string' },
      shard: { type: 'string' },
      'chunk-rows': { type: 'string' },
      status: { type: 'boolean' },
      json: { type: 'boolean' },
      ...slurmOptions,
    });
    return guarded(io, 'screen', async () => {
      if (values.status) {
        if (positionals.length !== 1) throw new UsageError('--status takes one screen folder');
        return status(positionals[0], values.json ?? false, io);
      }
      if (positionals.length !== 1) throw new UsageError('give one library file');
      if (!values.out) throw new UsageError('--out DIR is required');
      const input = positionals[0];
      const out = values.out;
      if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) throw new CommandError(`${out}: not a folder`);
      checkSlurmOptionsUnused(values);
      if (values.slurm) return submitScreenArray(io, { library: input, outDir: out, flags: values, values });
      const spec = shardOf(values.shard);
      const chunkRows = intOption('chunk-rows', values['chunk-rows'], DEFAULT_CHUNK_ROWS);
      const size = batchSize(values);
      const workers = workerCount(values);
      const head = values.head ? readHead(values.head) : undefined;
      const dir = predictionModelDirectory(values, head);
      let model: Model | undefined;
      let last = 0;
      const progress = (p: ScreenProgress) => {
        if (p.phase !== 'screening' || p.partial) return;
        // One line per chunk (a job log stays readable); the first line says where a resumed run starts.
        if (p.done === last && p.done > 0) return;
        last = p.done;
        io.err(
          `${shardLabel(p.shard)}: ${thousands(p.done)} of ${thousands(p.total)} rows done, ${thousands(p.refused)} refused`,
        );
      };
      try {
        model = dir ? await loadModel(dir, values, io) : undefined;
        const r = await runScreen({
          input,
          out,
          ...(values['smiles-col'] !== undefined ? { smilesColumn: values['smiles-col'] } : {}),
          ...(model ? { model } : {}),
          ...(head ? { head: { head, file: values.head! } } : {}),
          ...(values.tasks !== undefined ? { tasks: taskList(values.tasks) } : {}),
          ...(size ? { batchSize: size } : {}),
          ...(workers ? { workers } : {}),
          shard: spec,
          chunkRows,
          onProgress: progress,
        });
        for (const w of r.warnings) io.err(`warning: ${w}`);
        const rows = `rows ${thousands(r.firstRow)}-${thousands(r.lastRow)}`;
        const whole = r.manifest?.finished
          ? 'the screen is finished'
          : `${r.manifest?.parts.length ?? 0} parts so far; molml screen --status ${out} shows the other shards`;
        if (r.status === 'already-finished')
          io.err(`${shardLabel(spec)} of ${out} is already finished (${rows}): nothing to do; ${whole}`);
        else
          io.err(
            `${shardLabel(spec)} finished (${rows}): ${thousands(r.accepted)} written, ${thousands(r.refused)} refused in ${r.seconds.toFixed(1)} s` +
              `${model ? ` with ${model.label} on ${r.device ?? model.device}` : ''}; ${whole}`,
          );
        return 0;
      } catch (e) {
        if (
          e instanceof TaskError ||
          e instanceof InputFileError ||
          e instanceof ScreenMismatchError ||
          e instanceof ScreenFolderError ||
          e instanceof OutputError
        )
          throw new CommandError(e.message);
        throw e;
      } finally {
        await model?.dispose();
      }
    });
  },
};
