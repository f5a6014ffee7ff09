// `molml screen` as a core function: streams a library in chunks through the model (and head), writes each chunk as
// one Parquet part and its refused rows, and records the chunk in the shard's progress file, in that order, so a
// process killed at any moment resumes where it stopped: no molecule lost, none twice, finished parts untouched.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { mapWithRdkit, refusalReason, MAX_HEAVY_ATOMS } from '../chem/rdkit';
import { writeFileAtomic } from '../io/safe-write';
import { csvLine, predict, predictionTasks, headModel, TaskError, type PredictResult } from '../model/tasks';
import { runModel } from '../model/sharded';
import type { Model } from '../model/runtime';
import type { Head } from '../learn/head';
import { openDuck, writeParquet, type Cell, type ColumnSpec, type Duck } from './duckdb';
import {
  SHARD_FORMAT,
  REFUSED_HEADER,
  SHARDS_DIR,
  identityMismatch,
  partName,
  readShardFiles,
  refreshManifest,
  refusedName,
  shardFile,
  type ScreenIdentity,
  type ScreenManifest,
  type ScreenTask,
  type ShardProgress,
} from './folder';
import { chunksOf, countRows, fileIdentity, openLibrary, type LibraryRow } from './library';
import { sliceRows, type ShardSpec } from './slice';

/** Rows per part unless asked otherwise: about 50 MB of results in memory at a time. */
export const DEFAULT_CHUNK_ROWS = 50_000;

/** A folder that holds another screen (other model, head, tasks, input or slicing): never mixed in. */
export class ScreenMismatchError extends Error {}

export interface ScreenProgress {
  phase: 'hashing' | 'counting' | 'screening';
  shard: ShardSpec;
  /** Rows of the shard's slice done (accepted or refused), including those done by earlier runs. */
  done: number;
  total: number;
  refused: number;
  /** Set on reports from inside a chunk (the model's batches): rows of the chunk in flight are counted as done. */
  partial?: true;
}

export interface ScreenOptions {
  input: string;
  out: string;
  smilesColumn?: string;
  model?: Model;
  head?: { head: Head; file: string };
  /** Tasks to keep (default: every task of the model and the head). */
  tasks?: string[];
  batchSize?: number;
  /** Parallel model workers on the CPU within this process (see sharded.ts). */
  workers?: number;
  /** This process's slice of the rows (default: all of them, 0/1). */
  shard?: ShardSpec;
  chunkRows?: number;
  signal?: AbortSignal;
  onProgress?: (p: ScreenProgress) => void;
}

export interface ScreenOutcome {
  /** 'already-finished': the shard was done before this run; nothing was computed. */
  status: 'finished' | 'already-finished';
  shard: ShardSpec;
  firstRow: number;
  lastRow: number;
  /** Rows screened by this run, accepted and refused. */
  accepted: number;
  refused: number;
  seconds: number;
  device: string | null;
  warnings: string[];
  manifest: ScreenManifest | undefined;
}

/** The part files' columns for these tasks. */
export function screenColumns(tasks: ScreenTask[], head: Head | undefined, hasId: boolean): ColumnSpec[] {
  const headTask = head?.file.task.name;
  const uncertain = head ? (head.file.ensemble?.weights.length ?? 0) > 1 : false;
  return [
    { name: 'row', type: 'BIGINT' },
    ...(hasId ? [{ name: 'id', type: 'VARCHAR' as const }] : []),
    { name: 'smiles', type: 'VARCHAR' },
    { name: 'canonical_smiles', type: 'VARCHAR' },
    ...tasks.flatMap(t => [
      { name: `pred_${t.name}`, type: 'DOUBLE' as const },
      ...(t.name === headTask && uncertain ? [{ name: `unc_${t.name}`, type: 'DOUBLE' as const }] : []),
    ]),
    ...(head ? [{ name: 'ad_similarity', type: 'DOUBLE' as const }] : []),
  ];
}

function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

interface Refusal {
  row: number;
  smiles: string;
  reason: string;
}

/** SMILES and canonical SMILES of each row (SDF records are converted by RDKit), or why RDKit cannot read it. */
async function canonicalise(
  rows: LibraryRow[],
  molblocks: boolean,
): Promise<Array<{ smiles: string; canonical: string } | { smiles: string; reason: string }>> {
  return mapWithRdkit(rows, (rd, r) => {
    const text = molblocks ? r.text : r.text.trim();
    const parsed = (molblocks ? rd.withMolBlock.bind(rd) : rd.withMol.bind(rd))(text, mol => {
      const atoms = mol.get_num_atoms();
      if (atoms === 0) return { error: 'no atoms' };
      // Canonicalising a molecule far over the size bound can trap the wasm (see rdkit.ts).
      if (molblocks && atoms > MAX_HEAVY_ATOMS) return { error: `too large: ${atoms} atoms` };
      return { smiles: mol.get_smiles() };
    });
    const written = molblocks ? '' : r.text;
    if (!parsed.ok) return { smiles: written, reason: refusalReason(parsed.error) };
    if (parsed.value.error !== undefined) return { smiles: written, reason: parsed.value.error };
    return { smiles: molblocks ? parsed.value.smiles! : r.text, canonical: parsed.value.smiles! };
  });
}

/** A row as the model is given it: the SMILES as written and its canonical SMILES once known, or why it is refused. */
type ChunkMolecule = { smiles: string; canonical?: string } | { smiles: string; reason: string };

/**
 * Runs the model and head over one chunk: the part's rows (in `columns` order) and the refused rows. SMILES rows go
 * to the model as they are, and their canonical SMILES come from the run's own parse (a canonicalising model's input,
 * or a head's fingerprints); only the rows it did not canonicalise, or refused, are parsed again here. SDF records are
 * converted to SMILES by RDKit first.
 */
async function screenChunk(
  rows: LibraryRow[],
  molblocks: boolean,
  columns: ColumnSpec[],
  options: ScreenOptions,
  warnings: Set<string>,
  /** The chunk's rows the model has read so far (estimated from its molecules done), after each batch. */
  onRows?: (rows: number) => void,
): Promise<{ records: Cell[][]; refused: Refusal[]; device?: string }> {
  const molecules: ChunkMolecule[] = molblocks ? await canonicalise(rows, true) : rows.map(r => ({ smiles: r.text }));
  const refused: Refusal[] = [];
  const accepted: number[] = [];
  molecules.forEach((m, i) => {
    if ('reason' in m) refused.push({ row: rows[i].row, smiles: m.smiles, reason: m.reason });
    else accepted.push(i);
  });
  const smiles = accepted.map(i => molecules[i].smiles);
  const { model } = options;
  let result: PredictResult | undefined;
  if (smiles.length) {
    const run = {
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(onRows ? { onProgress: (d: number, t: number) => onRows(t ? Math.floor((d / t) * rows.length) : 0) } : {}),
    };
    result = await predict({
      smiles,
      ...(model ? { model } : {}),
      ...(options.head ? { head: options.head.head, headName: options.head.file } : {}),
      run,
      canonical: true,
      ...(model
        ? {
            runModel: (s: string[]) =>
              runModel(model, s, { ...run, ...(options.workers ? { shards: options.workers } : {}) }),
          }
        : {}),
    });
    for (const w of result.warnings) warnings.add(w);
  }
  // Per accepted row (index k): its canonical SMILES, or why it is refused.
  const canonical = accepted.map(
    (i, k) => (molecules[i] as { canonical?: string }).canonical ?? result?.canonical?.[k],
  );
  const issues = new Map((result?.issues ?? []).map(i => [i.index, i.reason]));
  // Rows the run refused get RDKit's own reason when RDKit cannot read them (the model's otherwise), as when every
  // row was parsed before the model; rows the run read without canonicalising them are canonicalised here.
  const again = accepted.flatMap((_, k) => (issues.has(k) || canonical[k] === undefined ? [k] : []));
  const parsed = await canonicalise(
    again.map(k => rows[accepted[k]]),
    molblocks,
  );
  again.forEach((k, j) => {
    const p = parsed[j];
    if ('reason' in p) issues.set(k, p.reason);
    else canonical[k] ??= p.canonical;
  });
  const byColumn = new Map<string, (number | undefined)[] | undefined>();
  for (const c of result?.columns ?? []) {
    byColumn.set(`pred_${c.task}`, c.values);
    if (c.uncertainty) byColumn.set(`unc_${c.task}`, c.uncertainty);
  }
  if (result?.adSimilarity) byColumn.set('ad_similarity', result.adSimilarity);
  const records: Cell[][] = [];
  accepted.forEach((i, k) => {
    const m = molecules[i];
    const reason = issues.get(k);
    if (reason !== undefined) {
      refused.push({ row: rows[i].row, smiles: m.smiles, reason });
      return;
    }
    records.push(
      columns.map(c => {
        switch (c.name) {
          case 'row':
            return rows[i].row;
          case 'id':
            return rows[i].id ?? null;
          case 'smiles':
            return m.smiles;
          case 'canonical_smiles':
            return canonical[k];
          default:
            return byColumn.get(c.name)?.[k] ?? null;
        }
      }),
    );
  });
  refused.sort((a, b) => a.row - b.row);
  return { records, refused, ...(result?.device ? { device: result.device } : {}) };
}

function appendDurably(file: string, text: string): number {
  const fd = fs.openSync(file, 'a');
  try {
    if (text) fs.writeSync(fd, text);
    fs.fsyncSync(fd);
    return fs.fstatSync(fd).size;
  } finally {
    fs.closeSync(fd);
  }
}

function writeShard(dir: string, progress: ShardProgress): void {
  writeFileAtomic(
    shardFile(dir, { index: progress.shard, count: progress.shards }),
    JSON.stringify(progress, null, 1) + '\n',
  );
}

/**
 * Back to the last state the shard file records: the refused file cut to its recorded length, and part files of this
 * shard that it does not list (written by a process killed before it could list them) removed.
 */
function rollBack(dir: string, progress: ShardProgress): void {
  const refused = path.join(dir, progress.refusedFile);
  if (!fs.existsSync(refused) || fs.statSync(refused).size < progress.refusedBytes)
    throw new ScreenMismatchError(`${refused}: shorter than its shard file records; the folder was changed by hand`);
  fs.truncateSync(refused, progress.refusedBytes);
  const listed = new Set(progress.parts.map(p => p.file));
  const prefix = partName(progress.shard, 0).replace(/-0+\.parquet$/, '-');
  for (const name of fs.readdirSync(dir)) {
    const part = name.startsWith(prefix) && name.endsWith('.parquet') && !listed.has(name);
    const temp = name.startsWith(`.${prefix}`) && name.endsWith('.tmp');
    if (part || temp) fs.rmSync(path.join(dir, name), { force: true });
  }
  for (const p of progress.parts)
    if (!fs.existsSync(path.join(dir, p.file)))
      throw new ScreenMismatchError(
        `${path.join(dir, p.file)}: listed as finished but missing; the folder was changed by hand`,
      );
}

export async function runScreen(options: ScreenOptions): Promise<ScreenOutcome> {
  const spec = options.shard ?? { index: 0, count: 1 };
  const { out, model, signal } = options;
  const head = options.head?.head;
  const tasks = predictionTasks(model, head, options.tasks);
  if (head) {
    const wanted = headModel(head);
    if (wanted && !model)
      throw new TaskError(
        `${options.head!.file} was trained on ${wanted.id}@${wanted.version} embeddings: that model is needed`,
      );
  }
  const progress = (p: Omit<ScreenProgress, 'shard'>) => options.onProgress?.({ ...p, shard: spec });
  fs.mkdirSync(path.join(out, SHARDS_DIR), { recursive: true });

  progress({ phase: 'hashing', done: 0, total: 0, refused: 0 });
  const stored = await fileIdentity(options.input, signal);
  const library = await openLibrary(options.input, options.smilesColumn);
  const existing = readShardFiles(out);
  const other = existing.find(s => s.shards !== spec.count);
  if (other)
    throw new ScreenMismatchError(
      `${out} is sliced into ${other.shards} shard${other.shards === 1 ? '' : 's'}: pass --shard i/${other.shards} (this run asked for ${spec.count})`,
    );
  const known = existing.find(s => s.identity.input.sha256 === stored.sha256 && s.identity.input.size === stored.size);
  let rows = known?.identity.input.rows;
  if (rows === undefined) {
    progress({ phase: 'counting', done: 0, total: 0, refused: 0 });
    rows = await countRows(options.input, options.smilesColumn, signal);
  }
  const columns = screenColumns(tasks, head, library.hasId);
  const identity: ScreenIdentity = {
    model: model
      ? {
          name: `${model.manifest.id}@${model.manifest.version}`,
          directory: model.directory,
          onnxSha256: model.identity.sha256,
        }
      : null,
    head: options.head ? { file: path.resolve(options.head.file), sha256: sha256File(options.head.file) } : null,
    tasks,
    precision: model ? model.precision : null,
    input: {
      path: path.resolve(options.input),
      size: stored.size,
      sha256: stored.sha256,
      rows,
      format: library.format,
      moleculeColumn: library.moleculeColumn,
    },
    columns: columns.map(c => c.name),
  };
  for (const s of existing) {
    const why = identityMismatch(s.identity, identity);
    if (why) throw new ScreenMismatchError(`${out} holds another screen: ${why}. Use another --out folder.`);
  }

  const { first, last } = sliceRows(rows, spec);
  const now = () => new Date().toISOString();
  let shard = existing.find(s => s.shard === spec.index);
  const warnings = new Set<string>();
  const outcome = (
    status: ScreenOutcome['status'],
    accepted: number,
    refused: number,
    seconds: number,
  ): ScreenOutcome => ({
    status,
    shard: spec,
    firstRow: first,
    lastRow: last,
    accepted,
    refused,
    seconds,
    device: shard?.device ?? null,
    warnings: [...warnings],
    manifest: refreshManifest(out),
  });
  if (shard?.finished) return outcome('already-finished', 0, 0, 0);
  if (shard) rollBack(out, shard);
  else {
    const refusedFile = refusedName(spec.index);
    fs.writeFileSync(path.join(out, refusedFile), REFUSED_HEADER);
    shard = {
      format: SHARD_FORMAT,
      shard: spec.index,
      shards: spec.count,
      identity,
      device: model ? model.device : null,
      firstRow: first,
      lastRow: last,
      parts: [],
      refusedFile,
      refusedBytes: appendDurably(path.join(out, refusedFile), ''),
      started: now(),
      updated: now(),
      finished: last < first,
    };
    writeShard(out, shard);
  }
  const current = shard;
  const next = current.parts.length ? current.parts.at(-1)!.lastRow + 1 : first;
  let done = next - first;
  let refusedTotal = current.parts.reduce((a, p) => a + p.refused, 0);
  let accepted = 0,
    refusedNow = 0;
  const began = Date.now();
  progress({ phase: 'screening', done, total: last - first + 1, refused: refusedTotal });
  const size = Math.max(1, options.chunkRows ?? DEFAULT_CHUNK_ROWS);
  let duck: Duck | undefined;
  try {
    for await (const chunk of chunksOf(library.rows, next, last, size)) {
      signal?.throwIfAborted();
      const t0 = Date.now();
      const total = last - first + 1;
      const { records, refused, device } = await screenChunk(chunk, library.molblocks, columns, options, warnings, n =>
        progress({
          phase: 'screening',
          done: done + Math.min(n, chunk.length),
          total,
          refused: refusedTotal,
          partial: true,
        }),
      );
      signal?.throwIfAborted();
      duck ??= await openDuck({ threads: 1, memoryLimit: '256MB' });
      // Refusals first, then the part, then the shard file that lists both: a kill between leaves nothing listed.
      const refusedBytes = appendDurably(
        path.join(out, current.refusedFile),
        refused.map(r => csvLine([r.row, r.smiles, r.reason]) + '\n').join(''),
      );
      const file = partName(spec.index, current.parts.length);
      await writeParquet(duck, path.join(out, file), columns, records);
      const firstRow = chunk[0].row,
        lastRow = chunk.at(-1)!.row;
      current.parts.push({
        file,
        shard: spec.index,
        firstRow,
        lastRow,
        rows: records.length,
        refused: refused.length,
        seconds: Math.round((Date.now() - t0) / 10) / 100,
      });
      current.refusedBytes = refusedBytes;
      current.updated = now();
      if (device) current.device = device;
      current.finished = lastRow >= last;
      writeShard(out, current);
      refreshManifest(out);
      done += chunk.length;
      accepted += records.length;
      refusedNow += refused.length;
      refusedTotal += refused.length;
      progress({ phase: 'screening', done, total: last - first + 1, refused: refusedTotal });
    }
  } finally {
    duck?.close();
  }
  if (!current.finished) {
    // Fewer rows than counted: the file was changed while it was read.
    throw new ScreenMismatchError(
      `${options.input}: ended after row ${first + done - 1} of the ${rows} counted; did it change while being read?`,
    );
  }
  return outcome('finished', accepted, refusedNow, (Date.now() - began) / 1000);
}
