// A screen folder as a reader sees it (format in docs/screen.md): the manifest, the part files it lists as finished
// (the only ones trusted: a part being written has a temporary name, one a crashed run left behind is not listed),
// and the files of refused rows. Concurrent shards each keep their own progress file under shards/: their parts are
// read too, so a view opened while an array job runs sees every finished part.
import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';

export const SCREEN_FORMAT = 'molml-screen/1';

const part = z.object({
  file: z.string().regex(/^part-[A-Za-z0-9_-]+\.parquet$/, 'a part file name (part-<shard>-<seq>.parquet)'),
  shard: z.number().int().nonnegative(),
  firstRow: z.number().int().nonnegative(),
  lastRow: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
  refused: z.number().int().nonnegative(),
  seconds: z.number().nonnegative().optional(),
});

const task = z.object({
  name: z.string(),
  kind: z.enum(['regression', 'classification']),
  unit: z.string().optional(),
});

export const screenManifestSchema = z.object({
  format: z.literal(SCREEN_FORMAT),
  /** null: a screen without an encoder (a head on fingerprints). */
  model: z.object({ name: z.string(), directory: z.string().optional(), onnxSha256: z.string().optional() }).nullable(),
  head: z.object({ file: z.string(), sha256: z.string().optional() }).nullable().optional(),
  tasks: z.array(task),
  precision: z.string().nullable().optional(),
  device: z.string().nullable().optional(),
  input: z.object({
    path: z.string(),
    size: z.number().optional(),
    sha256: z.string().optional(),
    rows: z.number().int().nonnegative().nullable().optional(),
  }),
  shards: z.number().int().positive().optional(),
  parts: z.array(part),
  started: z.string().optional(),
  updated: z.string().optional(),
  finished: z.boolean(),
});

export type ScreenManifest = z.infer<typeof screenManifestSchema>;
export type ScreenPart = z.infer<typeof part>;

export interface ScreenFolder {
  dir: string;
  manifest: ScreenManifest;
  /** Finished parts, each once, in row order. */
  parts: ScreenPart[];
  /** Files of refused rows (refused.csv, refused-<shard>.csv), absolute paths. */
  refusedFiles: string[];
}

/** Why a folder cannot be read as a screen folder. */
export class ScreenFolderError extends Error {}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

/** Parts listed by shard progress files (shards/<i>-of-<n>.json); files that do not parse are skipped. */
function shardParts(dir: string): ScreenPart[] {
  const shards = path.join(dir, 'shards');
  let names: string[];
  try {
    names = fs.readdirSync(shards).filter(n => /^\d+-of-\d+\.json$/.test(n));
  } catch {
    return [];
  }
  const out: ScreenPart[] = [];
  for (const n of names) {
    try {
      const parsed = z.object({ parts: z.array(part) }).safeParse(readJson(path.join(shards, n)));
      if (parsed.success) out.push(...parsed.data.parts);
    } catch {
      // a progress file being replaced right now: the next read sees it
    }
  }
  return out;
}

export function readScreenFolder(dir: string): ScreenFolder {
  const file = path.join(dir, 'manifest.json');
  let raw: unknown;
  try {
    raw = readJson(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScreenFolderError(
      code === 'ENOENT'
        ? `${dir} is not a screen folder: it has no manifest.json`
        : `${file} cannot be read: ${(e as Error).message}`,
    );
  }
  const parsed = screenManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ScreenFolderError(
      `${file} is not a screen manifest: ${issue.path.join('.') || 'format'}: ${issue.message}`,
    );
  }
  const manifest = parsed.data;
  const byFile = new Map<string, ScreenPart>();
  for (const p of [...manifest.parts, ...shardParts(dir)])
    if (!byFile.has(p.file) && fs.existsSync(path.join(dir, p.file))) byFile.set(p.file, p);
  const parts = [...byFile.values()].sort((a, b) => a.firstRow - b.firstRow || a.shard - b.shard);
  const refusedFiles = fs
    .readdirSync(dir)
    .filter(n => /^refused(-[A-Za-z0-9_]+)?\.csv$/.test(n))
    .sort()
    .map(n => path.join(dir, n));
  return { dir, manifest, parts, refusedFiles };
}

/** Rows with predictions and rows refused over the finished parts. */
export function folderTotals(folder: ScreenFolder): { rows: number; refused: number } {
  let rows = 0,
    refused = 0;
  for (const p of folder.parts) {
    rows += p.rows;
    refused += p.refused;
  }
  return { rows, refused };
}
