// Messages between the editor and the screen worker thread (src/workers/screen-worker.ts), one screen per worker:
// start is the `screen` call, progress its progress, finished (or stopped on request) its result, failed its error,
// and the `cancel` note stops the run at the next chunk boundary. Both sides check what they receive against these
// schemas: a message that does not fit fails the run with what is wrong, never a half-read screen.
import * as z from 'zod/mini';
import { DEVICES } from '../model/providers';
import { PRECISIONS } from '../model/manifest';

const count = z.int().check(z.nonnegative());
const text = z.string().check(z.minLength(1));

export const screenJobSchema = z.strictObject({
  input: text,
  out: text,
  smilesColumn: z.optional(text),
  model: z.strictObject({
    directory: text,
    device: z.enum(DEVICES),
    precision: z.optional(z.enum(['auto', ...PRECISIONS])),
    batchSize: z.optional(z.int().check(z.positive())),
  }),
  chunkRows: z.optional(z.int().check(z.positive())),
});

/** Loading the model, then runScreen's phases; rate (rows/s) and secondsLeft once two reports measured them. */
export const screenUpdateSchema = z.strictObject({
  phase: z.enum(['loading', 'hashing', 'counting', 'screening']),
  done: count,
  total: count,
  refused: count,
  rate: z.optional(z.number().check(z.positive())),
  secondsLeft: z.optional(z.number().check(z.nonnegative())),
  /** A report from inside a chunk: `done` counts the rows the model has read, not yet written. */
  partial: z.optional(z.literal(true)),
});

export const screenResultSchema = z.discriminatedUnion('status', [
  z.strictObject({
    /** 'already-finished': the folder held this screen finished; nothing was computed. */
    status: z.enum(['finished', 'already-finished']),
    firstRow: z.int(),
    lastRow: z.int(),
    /** Rows screened by this run. */
    accepted: count,
    refused: count,
    seconds: z.number().check(z.nonnegative()),
    model: z.string(),
    device: z.nullable(z.string()),
    deviceNote: z.optional(z.string()),
    warnings: z.array(z.string()),
  }),
  /** Stopped by the cancel note; every finished chunk is in the folder, the one in flight was left out. */
  z.strictObject({ status: z.literal('cancelled'), done: count, total: count, refused: count }),
]);

export type ScreenJob = z.infer<typeof screenJobSchema>;
export type ScreenUpdate = z.infer<typeof screenUpdateSchema>;
export type ScreenResult = z.infer<typeof screenResultSchema>;

/** Calls to the screen worker (src/core/worker-rpc.ts). */
export type ScreenCalls = { screen: { params: ScreenJob; result: ScreenResult; progress: ScreenUpdate } };
export type ScreenNotes = { cancel: Record<string, never> };

/** A message between the editor and the screen worker that does not fit its schema. */
export class ScreenMessageError extends Error {}

/** `v` as a message of `schema`, or a ScreenMessageError that names the first field that is wrong. */
export function checkScreenMessage<T>(schema: z.ZodMiniType<T>, what: string, v: unknown): T {
  const r = schema.safeParse(v);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue.path.length ? ` (${issue.path.join('.')})` : '';
  throw new ScreenMessageError(`invalid screen ${what}${where}: ${issue.message}`);
}
