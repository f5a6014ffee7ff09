// Runs one screen in a worker thread of its own (dist/workers/screen-worker.js), so that the screen never runs on the
// extension host's thread, and a crash (out of memory, say) ends that worker only. Cancelling asks the worker to stop
// at the next chunk boundary and waits until it has, so that a run started next on the same folder finds it settled.
// No `vscode` here: the unit tests run this against the bundled worker.
import type { ResourceLimits } from 'node:worker_threads';
import { RpcClient, WorkerStoppedError } from '../../core/worker-rpc';
import {
  checkScreenMessage,
  screenResultSchema,
  screenUpdateSchema,
  type ScreenCalls,
  type ScreenJob,
  type ScreenNotes,
  type ScreenResult,
  type ScreenUpdate,
} from '../../core/screen/worker-protocol';

/** `<file>.screen` beside the library (`.gz` dropped first: lib.smi.gz gives lib.smi.screen). */
export function defaultScreenFolder(file: string): string {
  return file.replace(/\.gz$/i, '') + '.screen';
}

/** After Cancel, how long the chunk in flight may take to finish before the worker is ended (as a kill would). */
export const CANCEL_GRACE_MS = 60_000;

export interface ScreenRunOptions {
  /** The bundled screen worker. */
  script: string;
  job: ScreenJob;
  signal?: AbortSignal;
  onProgress?: (p: ScreenUpdate) => void;
  /** Errors inside the worker, for the log. */
  log?: (message: string) => void;
  cancelGraceMs?: number;
  /** The worker's heap limits (default: the extension host's). */
  resourceLimits?: ResourceLimits;
}

export type ScreenRunResult =
  | ScreenResult
  /** The screen's own error (`crashed`: false), or the worker's end (`crashed`: true); the folder resumes either way. */
  | { status: 'failed'; message: string; crashed: boolean };

export async function runScreenInWorker(o: ScreenRunOptions): Promise<ScreenRunResult> {
  if (o.signal?.aborted) return { status: 'cancelled', done: 0, total: 0, refused: 0 };
  const worker = new RpcClient<ScreenCalls, ScreenNotes>(o.script, {
    name: 'screen worker',
    ...(o.log ? { log: o.log } : {}),
    ...(o.resourceLimits ? { resourceLimits: o.resourceLimits } : {}),
  });
  let last: ScreenUpdate | undefined;
  let invalid: Error | undefined;
  let grace: NodeJS.Timeout | undefined;
  const cancel = () => {
    worker.notify('cancel', {});
    grace = setTimeout(() => void worker.terminate(), o.cancelGraceMs ?? CANCEL_GRACE_MS);
  };
  o.signal?.addEventListener('abort', cancel, { once: true });
  try {
    const result = await worker.call('screen', o.job, {
      onProgress: p => {
        try {
          last = checkScreenMessage(screenUpdateSchema, 'progress message', p);
        } catch (e) {
          // Thrown here it would reach the worker's message listener: end the run instead, as for a bad result.
          invalid = e as Error;
          void worker.terminate();
          return;
        }
        o.onProgress?.(last);
      },
    });
    return checkScreenMessage(screenResultSchema, 'result', result);
  } catch (e) {
    if (invalid) return { status: 'failed', message: invalid.message, crashed: false };
    // Ended after the grace period: as a killed run, the next one rolls the folder back to its last chunk.
    if (o.signal?.aborted)
      return { status: 'cancelled', done: last?.done ?? 0, total: last?.total ?? 0, refused: last?.refused ?? 0 };
    return { status: 'failed', message: (e as Error).message, crashed: e instanceof WorkerStoppedError };
  } finally {
    clearTimeout(grace);
    o.signal?.removeEventListener('abort', cancel);
    await worker.terminate();
  }
}
