// The screen folder (docs/screen.md): each shard process owns DIR/shards/<i>-of-<n>.json, its part files and its
// refused-<i>.csv, and replaces them only by atomic rename; DIR/manifest.json is derived from the shard files by
// whichever shard wrote last, so concurrent shards need no lock. Readers trust only the parts a shard file lists.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../io/safe-write';
import { sliceRows, type ShardSpec } from './slice';
import type { TaskInfo } from '../model/tasks';

export const SCREEN_FORMAT = 'molml-screen/1';
export const SHARD_FORMAT = 'molml-screen-shard/1';
export const MANIFEST_NAME = 'manifest.json';
export const SHARDS_DIR = 'shards';

export type ScreenTask = TaskInfo;

/** What a screen is a screen of: every shard of a folder must have the same. */
export interface ScreenIdentity {
  model: { name: string; directory: string; onnxSha256: string } | null;
  head: { file: string; sha256: string } | null;
  tasks: ScreenTask[];
  /** The precision of the model's weights that ran (fp32 or int8); null without a model. */
  precision: string | null;
  input: {
    path: string;
    size: number;
    /** SHA-256 of the file's bytes as stored (the compressed bytes of a .gz). */
    sha256: string;
    /** Data rows (header excluded; SDF records). */
    rows: number;
    format: string;
    /** The column the molecules were read from. */
    moleculeColumn: string;
  };
  /** The part files' columns, in order. */
  columns: string[];
}

export interface PartEntry {
  file: string;
  shard: number;
  firstRow: number;
  lastRow: number;
  /** Rows in the part (accepted). */
  rows: number;
  /** Rows of the range refused (in the shard's refused file). */
  refused: number;
  seconds: number;
}

export interface ShardProgress {
  format: typeof SHARD_FORMAT;
  shard: number;
  shards: number;
  identity: ScreenIdentity;
  device: string | null;
  /** The shard's slice: rows firstRow..lastRow (1-based, inclusive). */
  firstRow: number;
  lastRow: number;
  parts: PartEntry[];
  refusedFile: string;
  /** Bytes of the refused file that belong to the parts listed (a resume cuts the file back to this length). */
  refusedBytes: number;
  started: string;
  updated: string;
  finished: boolean;
}

export interface ScreenManifest extends ScreenIdentity {
  format: typeof SCREEN_FORMAT;
  device: string | null;
  shards: number;
  parts: PartEntry[];
  refused: string[];
  started: string;
  updated: string;
  finished: boolean;
}

/** A folder that is not a screen folder, or one whose files are broken; the message is for the user. */
export class ScreenFolderError extends Error {}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const partName = (shard: number, seq: number) => `part-${pad(shard, 5)}-${pad(seq, 6)}.parquet`;
export const refusedName = (shard: number) => `refused-${pad(shard, 5)}.csv`;
export const shardFileName = (spec: ShardSpec) => `${spec.index}-of-${spec.count}.json`;
export const REFUSED_HEADER = 'row,smiles,reason\n';

export function shardFile(dir: string, spec: ShardSpec): string {
  return path.join(dir, SHARDS_DIR, shardFileName(spec));
}

const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

/** What a shard file lacks that readers use, or undefined: the file is the folder's only record of its parts. */
function shardProblem(json: ShardProgress): string | undefined {
  if (!isCount(json.shard) || !isCount(json.shards)) return 'shard and shards must be whole numbers';
  const id = json.identity as Partial<ScreenIdentity> | undefined;
  if (typeof id !== 'object' || id === null || !Array.isArray(id.tasks) || typeof id.input !== 'object')
    return 'identity must give the tasks and the input';
  if (!Array.isArray(json.parts)) return 'parts must be a list';
  for (const p of json.parts as unknown[]) {
    const part = p as Partial<PartEntry> | null;
    if (
      typeof part?.file !== 'string' ||
      path.basename(part.file) !== part.file ||
      ![part.firstRow, part.lastRow, part.rows, part.refused].every(isCount)
    )
      return `a part is not a file name with firstRow, lastRow, rows and refused: ${JSON.stringify(p)?.slice(0, 120)}`;
  }
  if (typeof json.refusedFile !== 'string' || path.basename(json.refusedFile) !== json.refusedFile)
    return 'refusedFile must be a file name';
  return undefined;
}

/** The shard files of a folder (none when it has no shards/ folder). Throws ScreenFolderError for a broken one. */
export function readShardFiles(dir: string): ShardProgress[] {
  let names: string[];
  try {
    names = fs.readdirSync(path.join(dir, SHARDS_DIR));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: ShardProgress[] = [];
  for (const name of names.filter(n => /^\d+-of-\d+\.json$/.test(n)).sort()) {
    const file = path.join(dir, SHARDS_DIR, name);
    let json: ShardProgress;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8')) as ShardProgress;
    } catch (e) {
      throw new ScreenFolderError(`${file}: not readable JSON (${(e as Error).message})`);
    }
    if (json?.format !== SHARD_FORMAT) throw new ScreenFolderError(`${file}: not a ${SHARD_FORMAT} file`);
    const problem = shardProblem(json);
    if (problem) throw new ScreenFolderError(`${file}: a broken ${SHARD_FORMAT} file (${problem})`);
    out.push(json);
  }
  return out;
}

/** The folder's manifest, derived from its shard files; undefined when no shard has started there. */
export function deriveManifest(shards: ShardProgress[]): ScreenManifest | undefined {
  if (!shards.length) return undefined;
  const first = shards[0];
  const devices = [...new Set(shards.map(s => s.device).filter((d): d is string => d !== null))];
  const count = first.shards;
  const finished = new Set(shards.filter(s => s.finished && s.shards === count).map(s => s.shard));
  return {
    format: SCREEN_FORMAT,
    ...first.identity,
    device: devices.length ? devices.join(',') : null,
    shards: count,
    parts: shards.flatMap(s => s.parts).sort((a, b) => a.firstRow - b.firstRow),
    refused: shards.map(s => s.refusedFile),
    started: shards.map(s => s.started).sort()[0],
    updated: shards
      .map(s => s.updated)
      .sort()
      .at(-1)!,
    finished: finished.size === count,
  };
}

/** Rewrites DIR/manifest.json from the shard files until what it wrote is what they say (a concurrent shard may
 *  have written an older view in between). */
export function refreshManifest(dir: string): ScreenManifest | undefined {
  for (let attempt = 0; attempt < 5; attempt++) {
    const manifest = deriveManifest(readShardFiles(dir));
    if (!manifest) return undefined;
    const text = JSON.stringify(manifest, null, 1) + '\n';
    writeFileAtomic(path.join(dir, MANIFEST_NAME), text);
    const again = deriveManifest(readShardFiles(dir));
    if (JSON.stringify(again, null, 1) + '\n' === text) return manifest;
  }
  return deriveManifest(readShardFiles(dir));
}

/** The screen in a folder: its manifest derived from the shard files. Throws ScreenFolderError when it is none. */
export function readScreen(dir: string): ScreenManifest {
  if (!fs.existsSync(dir)) throw new ScreenFolderError(`no such folder: ${dir}`);
  if (!fs.statSync(dir).isDirectory()) throw new ScreenFolderError(`${dir}: not a folder`);
  const manifest = deriveManifest(readShardFiles(dir));
  if (!manifest) throw new ScreenFolderError(`${dir}: not a screen folder (no ${SHARDS_DIR}/*.json; see molml screen)`);
  return manifest;
}

/** The parts whose row ranges hold any of `rows` (parts in row order, not overlapping, as a manifest lists them). */
export function partsHolding<P extends Pick<PartEntry, 'firstRow' | 'lastRow'>>(
  parts: readonly P[],
  rows: number[],
): P[] {
  const holding = new Set<P>();
  if (!parts.length) return [];
  for (const n of rows) {
    // The last part starting at or before n holds it unless n is past its end.
    let lo = 0,
      hi = parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (parts[mid].firstRow <= n) lo = mid;
      else hi = mid - 1;
    }
    if (parts[lo].firstRow <= n && n <= parts[lo].lastRow) holding.add(parts[lo]);
  }
  return parts.filter(p => holding.has(p));
}

/** The finished part files of a screen (absolute paths, in row order): the only ones a reader should read. */
export function finishedParts(dir: string, manifest: ScreenManifest = readScreen(dir)): string[] {
  return manifest.parts.map(p => path.resolve(dir, p.file));
}

/** Rows written to `parts` and rows of their ranges refused. */
export function partTotals(parts: readonly PartEntry[]): { rows: number; refused: number } {
  let rows = 0,
    refused = 0;
  for (const p of parts) {
    rows += p.rows;
    refused += p.refused;
  }
  return { rows, refused };
}

/**
 * Why a run with `identity` may not continue in a folder started with `other`, or undefined when it may. Only what
 * changes the results counts: the model's weights, the head, the tasks, the precision and the input's content.
 */
export function identityMismatch(other: ScreenIdentity, identity: ScreenIdentity): string | undefined {
  const name = (m: ScreenIdentity['model']) =>
    m ? `${m.name} (ONNX sha256 ${m.onnxSha256.slice(0, 12)})` : 'no model';
  if (other.input.sha256 !== identity.input.sha256 || other.input.size !== identity.input.size)
    return `the input changed: the folder was started on ${other.input.path} (${other.input.size} bytes, sha256 ${other.input.sha256.slice(0, 12)}), this is ${identity.input.path} (${identity.input.size} bytes, sha256 ${identity.input.sha256.slice(0, 12)})`;
  if (name(other.model) !== name(identity.model))
    return `the folder was screened with ${name(other.model)}, this run uses ${name(identity.model)}`;
  if ((other.head?.sha256 ?? null) !== (identity.head?.sha256 ?? null))
    return `the folder was screened with head ${other.head?.file ?? '(none)'}, this run uses ${identity.head?.file ?? '(none)'}`;
  const tasks = (t: ScreenTask[]) => t.map(x => x.name).join(',') || '(none)';
  if (tasks(other.tasks) !== tasks(identity.tasks))
    return `the folder was screened for tasks ${tasks(other.tasks)}, this run asks for ${tasks(identity.tasks)}`;
  if (other.precision !== identity.precision)
    return `the folder was screened at precision ${other.precision}, this run uses ${identity.precision} (pass --precision ${other.precision})`;
  if (other.input.moleculeColumn !== identity.input.moleculeColumn)
    return `the folder read molecules from column '${other.input.moleculeColumn}', this run from '${identity.input.moleculeColumn}'`;
  if (other.columns.join(',') !== identity.columns.join(','))
    return `the folder's parts have columns ${other.columns.join(', ')}, this run would write ${identity.columns.join(', ')}`;
  return undefined;
}

export interface ShardStatus {
  shard: number;
  started: boolean;
  firstRow: number;
  lastRow: number;
  /** Rows of the slice done: written to parts or refused. */
  done: number;
  written: number;
  refused: number;
  /** Rows per second over the shard's chunks (undefined before the first). */
  rate?: number;
  finished: boolean;
  updated?: string;
}

export interface ScreenStatus {
  manifest: ScreenManifest;
  rows: number;
  done: number;
  written: number;
  refused: number;
  remaining: number;
  /** Rows per second over the whole folder, from the first start to the last update (all shards together). */
  rate?: number;
  shards: ShardStatus[];
}

/** Progress of a screen over all its shards, those not started included. */
export function screenStatus(dir: string): ScreenStatus {
  const manifest = readScreen(dir);
  const files = readShardFiles(dir);
  const rows = manifest.input.rows;
  const shards: ShardStatus[] = [];
  for (let index = 0; index < manifest.shards; index++) {
    const s = files.find(f => f.shard === index && f.shards === manifest.shards);
    const slice = sliceRows(rows, { index, count: manifest.shards });
    if (!s) {
      shards.push({
        shard: index,
        started: false,
        firstRow: slice.first,
        lastRow: slice.last,
        done: 0,
        written: 0,
        refused: 0,
        finished: false,
      });
      continue;
    }
    const { rows: written, refused } = partTotals(s.parts);
    const seconds = s.parts.reduce((a, p) => a + p.seconds, 0);
    shards.push({
      shard: index,
      started: true,
      firstRow: s.firstRow,
      lastRow: s.lastRow,
      done: written + refused,
      written,
      refused,
      ...(seconds > 0 ? { rate: (written + refused) / seconds } : {}),
      finished: s.finished,
      updated: s.updated,
    });
  }
  const sum = (f: (s: ShardStatus) => number) => shards.reduce((a, s) => a + f(s), 0);
  const done = sum(s => s.done);
  const span = (Date.parse(manifest.updated) - Date.parse(manifest.started)) / 1000;
  return {
    manifest,
    rows,
    done,
    written: sum(s => s.written),
    refused: sum(s => s.refused),
    remaining: rows - done,
    ...(span > 0 && done > 0 ? { rate: done / span } : {}),
    shards,
  };
}
