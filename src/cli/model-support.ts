// What the model subcommands share: option definitions, model resolution and loading, molecule input, feature
// computation and CSV writing. Exit codes: 2 for usage, I/O and model load errors; 1 when some rows failed.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError, intOption, oneOf, requireSmilesArgument } from './args';
import { CommandError, type CliIO } from './command';
import {
  Model,
  ModelLoadError,
  type ModelRun,
  type MoleculeResult,
  type PreflightIssue,
  type RunOptions,
  type PrecisionRequest,
} from '../core/model/runtime';
import { PRECISIONS } from '../core/model/manifest';
import { defaultModelDirectory } from '../core/model/registry';
import { DEVICES, type DeviceRequest } from '../core/model/providers';
import { looksLikePath } from '../core/io/paths';
import {
  readMoleculeFile,
  tableFromSmiles,
  smilesOf,
  InputFileError,
  type MoleculeTable,
} from '../core/model/input-file';
import { clip } from '../core/text';
import { Head, validateHead } from '../core/learn/head';
import { headModel } from '../core/model/tasks';
import { cappedShards, plannedShards, runModel } from '../core/model/sharded';
import { checkOutput, safeWriteFile, OutputError, type OutputCheck } from '../core/io/safe-write';

export { CommandError };

export const modelOptions = {
  model: { type: 'string' },
  device: { type: 'string' },
  precision: { type: 'string' },
  'batch-size': { type: 'string' },
  shards: { type: 'string' },
  'cache-dir': { type: 'string' },
  'smiles-col': { type: 'string' },
} as const;

export interface ModelFlags {
  model?: string;
  device?: string;
  precision?: string;
  shards?: string;
  'batch-size'?: string;
  'cache-dir'?: string;
  'smiles-col'?: string;
}

/** --batch-size, or undefined to let the model's manifest (preferredBatchSize) or the runtime decide. */
export function batchSize(flags: ModelFlags): number | undefined {
  return intOption('batch-size', flags['batch-size'], undefined);
}

export function device(flags: ModelFlags): DeviceRequest {
  return oneOf('device', flags.device, DEVICES, 'auto');
}

export function precision(flags: ModelFlags): PrecisionRequest {
  return oneOf('precision', flags.precision, ['auto', ...PRECISIONS] as const, 'auto');
}

/** The model directory: --model, else the bundled default when this build has one. */
export function modelDirectory(flags: ModelFlags): string | undefined {
  return flags.model ?? defaultModelDirectory();
}

/** --cache-dir must be a folder this process can create and write: checked before any model work. */
function checkCacheDirectory(dir: string): void {
  try {
    // Level by level: Node's recursive mkdir never returns for some paths (e.g. under /proc).
    const missing: string[] = [];
    let d = path.resolve(dir);
    while (!fs.existsSync(d) && d !== path.dirname(d)) {
      missing.unshift(d);
      d = path.dirname(d);
    }
    for (const m of missing) fs.mkdirSync(m);
    if (!fs.statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    throw new CommandError(
      `--cache-dir ${clip(dir)}: cannot be created or written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
}

export async function loadModel(dir: string, flags: ModelFlags, io: CliIO): Promise<Model> {
  if (flags['cache-dir']) checkCacheDirectory(flags['cache-dir']);
  let model: Model;
  try {
    model = await Model.load(dir, {
      device: device(flags),
      precision: precision(flags),
      ...(flags['cache-dir'] ? { cacheDirectory: flags['cache-dir'] } : {}),
    });
  } catch (e) {
    if (e instanceof ModelLoadError) throw new CommandError(e.message);
    throw e;
  }
  if (model.deviceNote && flags.device && flags.device !== 'auto') io.err(`note: ${model.deviceNote}`);
  return model;
}

/** --shards: parallel model workers on the CPU (undefined: one per core, up to four, for files of 4,000+ molecules). */
export function shards(flags: ModelFlags): number | undefined {
  return intOption('shards', flags.shards, undefined);
}

/** How a command runs `model` over many molecules: the planned number of shards, and the run itself. A --shards
 * request above what the cores and the input size warrant is lowered, with a note on stderr. */
export function modelRunner(
  model: Model,
  flags: ModelFlags,
  molecules: number,
  io: CliIO,
): { shards: number; run: (smiles: string[], options?: Pick<RunOptions, 'fragments'>) => Promise<ModelRun> } {
  const size = batchSize(flags);
  const requested = shards(flags);
  if (requested !== undefined && model.device === 'cpu') {
    const { note } = cappedShards(requested, molecules);
    if (note) io.err(`note: --shards ${requested} ${note}`);
  }
  return {
    shards: plannedShards(model, molecules, requested),
    run: (smiles, options) =>
      runModel(model, smiles, {
        ...(size ? { batchSize: size } : {}),
        ...(requested ? { shards: requested } : {}),
        ...options,
      }),
  };
}

/** A molml-head/1 file, or a CommandError naming the file and its first problem. */
export function readHead(file: string): Head {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new CommandError(`no such file: ${clip(file)}`);
    if (err.code === 'EISDIR') throw new CommandError(`${clip(file)}: is a directory`);
    throw new CommandError(`${clip(file)}: not a readable JSON file (${clip(err.message)})`);
  }
  const v = validateHead(json);
  // One line: the first problem, and how many more there are.
  if (!v.ok)
    throw new CommandError(
      `${clip(file)}: not a MolML head: ${clip(v.issues[0] ?? 'invalid')}${v.issues.length > 1 ? ` (and ${v.issues.length - 1} more problems)` : ''}`,
    );
  return new Head(v.value);
}

/**
 * The model predict and screen load: --model, else the default model when it is needed (for its own tasks, or for a
 * head trained on its embeddings); undefined for an ECFP head alone.
 */
export function predictionModelDirectory(flags: ModelFlags, head: Head | undefined): string | undefined {
  const dir = flags.model ?? (!head || headModel(head) ? modelDirectory(flags) : undefined);
  if (!dir && !head) throw new CommandError('no model: pass --model DIR or --head FILE');
  return dir;
}

/** --tasks a,b as a list (undefined when absent). */
export function taskList(text: string | undefined): string[] | undefined {
  return text
    ?.split(',')
    .map(s => s.trim())
    .filter(Boolean);
}

export function requireModel(flags: ModelFlags): string {
  const dir = modelDirectory(flags);
  if (!dir) throw new CommandError('no model: pass --model DIR (a directory with manifest.json and the ONNX file)');
  return dir;
}

export async function readTable(file: string, flags: ModelFlags): Promise<MoleculeTable> {
  try {
    return await readMoleculeFile(file, flags['smiles-col']);
  } catch (e) {
    if (e instanceof InputFileError) throw new CommandError(e.message);
    throw e;
  }
}

/** A file when the only argument names one (or looks like a path), otherwise SMILES given on the command line. */
export async function readInputs(args: string[], flags: ModelFlags): Promise<MoleculeTable> {
  if (args.length === 1 && (fs.existsSync(args[0]) || looksLikePath(args[0]))) return readTable(args[0], flags);
  for (const arg of args) {
    if (looksLikePath(arg) && fs.existsSync(arg))
      throw new UsageError(`give one file, or SMILES only (${clip(arg)} is a file among ${args.length} arguments)`);
    requireSmilesArgument(arg);
  }
  return tableFromSmiles(args);
}

export function reportIssues(io: CliIO, issues: PreflightIssue[]): void {
  for (const i of [...issues].sort((a, b) => a.index - b.index))
    io.err(`row ${i.index + 1}: ${JSON.stringify(clip(i.input))}: ${i.reason}`);
}

/** Rows that were scored but read only in part (truncated, unknown tokens), one stderr line each; not failures. */
export function reportWarnings(io: CliIO, results: (MoleculeResult | undefined)[]): void {
  results.forEach((r, i) => {
    if (r?.warnings?.length)
      io.err(`row ${i + 1}: ${JSON.stringify(clip(r.input))}: warning: ${r.warnings.join('; ')}`);
  });
}

export { smilesOf };
export { fingerprints, csvCell, csvLine, rowWarning } from '../core/model/tasks';

/** What `--help` of the commands that write vectors or predictions says about reproducibility and outputs. */
export const MODEL_NOTES = [
  'Reproducibility: with --precision fp32, vectors do not depend on --batch-size or --shards (padding is masked;',
  'differences stay at float32 rounding, about 1e-6). The int8 variant, used by default on the CPU, quantises',
  'activations per batch, so an int8 vector depends slightly on which molecules share its batch (largest element',
  'difference about 0.04): use --precision fp32 when vectors must be reproducible.',
  '--shards is lowered to one per core and at least 2,000 molecules per shard. --out never replaces an input, and',
  'replaces an existing file only with --force. Exit codes: 0 ok, 1 some rows failed (listed on stderr), 2 usage or I/O error.',
  'Rows the model reads only in part, as it did in training (truncated, unknown tokens), are scored and flagged:',
  'a "warning" line on stderr, and the model_warning column (predict). Treat them as out of domain.',
].join('\n');

/** --force: lets --out replace an existing file (never an input). */
export const outputOptions = { out: { type: 'string' }, force: { type: 'boolean' } } as const;

/** Fails early (before any model work) when --out may not be written; see checkOutput. */
export function checkOut(out: string | undefined, check: OutputCheck): void {
  if (!out) return;
  try {
    checkOutput(out, check);
  } catch (e) {
    if (e instanceof OutputError) throw new CommandError(e.message);
    throw e;
  }
}

/** Writes to --out (atomically, never over an input, an existing file only with --force), or stdout when none. */
export function emit(io: CliIO, out: string | undefined, text: string | Buffer, check: OutputCheck): void {
  if (!out) {
    io.out(text.toString());
    return;
  }
  try {
    safeWriteFile(out, text, check);
  } catch (e) {
    if (e instanceof OutputError) throw new CommandError(e.message);
    throw e;
  }
}

/** Runs a command body: CommandError → its message and exit 2. */
export async function guarded(io: CliIO, name: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof CommandError) {
      io.err(`molml ${name}: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
