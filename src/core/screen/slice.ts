// Which data rows a shard of a screen owns: n contiguous slices by row count, every row in exactly one slice.
// Rows are 1-based data-row numbers (header excluded; for SDF the record number).

/** Why a --shard value or the Slurm array variables cannot be used; the message is for the user. */
export class ShardSpecError extends Error {}

/** Shard `index` (0-based) of `count`. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** The slice of shard `index` of `count` over `rows` rows: rows first..last (1-based, inclusive; empty when last < first). */
export function sliceRows(rows: number, spec: ShardSpec): { first: number; last: number } {
  const first = Math.floor((spec.index * rows) / spec.count) + 1;
  const last = Math.floor(((spec.index + 1) * rows) / spec.count);
  return { first, last };
}

function wholeNumber(text: string | undefined): number | undefined {
  return text !== undefined && /^\s*\d+\s*$/.test(text) ? Number(text) : undefined;
}

function checked(index: number, count: number, what: string): ShardSpec {
  if (!Number.isSafeInteger(count) || count < 1 || count > 100_000)
    throw new ShardSpecError(`${what}: the shard count must be from 1 to 100000 (got ${count})`);
  if (!Number.isSafeInteger(index) || index < 0 || index >= count)
    throw new ShardSpecError(`${what}: the shard index must be from 0 to ${count - 1} (got ${index})`);
  return { index, count };
}

/** `--shard i/n`: i is 0-based, from 0 to n-1. */
export function parseShard(text: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new ShardSpecError(`--shard must be i/n with 0 <= i < n, e.g. 0/4 (got '${text.slice(0, 20)}')`);
  return checked(Number(m[1]), Number(m[2]), `--shard ${text.trim()}`);
}

/**
 * The shard of a Slurm job-array task: SLURM_ARRAY_TASK_ID less SLURM_ARRAY_TASK_MIN (so `--array=0-3` and
 * `--array=1-4` both give shards 0..3) of SLURM_ARRAY_TASK_COUNT. Undefined outside an array job.
 */
export function shardFromSlurm(env: NodeJS.ProcessEnv): ShardSpec | undefined {
  // An empty variable counts as unset.
  const idText = env.SLURM_ARRAY_TASK_ID || undefined;
  const countText = env.SLURM_ARRAY_TASK_COUNT || undefined;
  if (idText === undefined && countText === undefined) return undefined;
  const what = `SLURM_ARRAY_TASK_ID=${idText ?? ''} SLURM_ARRAY_TASK_COUNT=${countText ?? ''}`;
  const id = wholeNumber(idText);
  const count = wholeNumber(countText);
  if (id === undefined || count === undefined)
    throw new ShardSpecError(`${what}: both must be set to whole numbers (or pass --shard i/n)`);
  const minText = env.SLURM_ARRAY_TASK_MIN;
  const min = minText === undefined || minText === '' ? 0 : wholeNumber(minText);
  if (min === undefined) throw new ShardSpecError(`SLURM_ARRAY_TASK_MIN=${minText}: not a whole number`);
  const step = wholeNumber(env.SLURM_ARRAY_TASK_STEP);
  if (step !== undefined && step > 1)
    throw new ShardSpecError(`${what}: an array with a step (${step}) is not supported; use --array=0-${count - 1}`);
  return checked(id - min, count, `${what}${minText ? ` SLURM_ARRAY_TASK_MIN=${minText}` : ''}`);
}
