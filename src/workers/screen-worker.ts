// The screen worker thread: one library screen (runScreen, with the model loaded here) per worker, so that the
// editor's extension host never reads the library, runs the model or writes Parquet. The `cancel` note goes through
// runScreen's signal: the chunk in flight is finished if it is being written, abandoned otherwise, so the folder
// resumes with nothing lost and nothing twice. A worker that dies instead leaves what a killed `molml screen` leaves,
// which the next run rolls back to its last recorded chunk.
import { parentPort } from 'node:worker_threads';
import { Model, ModelLoadError } from '../core/model/runtime';
import { TaskError } from '../core/model/tasks';
import { InputFileError } from '../core/model/input-file';
import { OutputError } from '../core/io/safe-write';
import { ScreenFolderError } from '../core/screen/folder';
import { runScreen, ScreenMismatchError } from '../core/screen/run';
import {
  checkScreenMessage,
  screenJobSchema,
  ScreenMessageError,
  type ScreenCalls,
  type ScreenNotes,
  type ScreenResult,
  type ScreenUpdate,
} from '../core/screen/worker-protocol';
import { RateMeter } from '../common/screen/progress';
import { serve, type CallContext } from '../core/worker-rpc';

const stop = new AbortController();

async function screen(params: unknown, ctx: CallContext<ScreenUpdate>): Promise<ScreenResult> {
  const job = checkScreenMessage(screenJobSchema, 'start message', params);
  const signal = AbortSignal.any([stop.signal, ctx.signal]);
  let last: ScreenUpdate = { phase: 'loading', done: 0, total: 0, refused: 0 };
  // The last report of rows written (not of a chunk in flight): where a cancelled run stopped.
  let written = last;
  ctx.progress(last);
  const meter = new RateMeter();
  let model: Model | undefined;
  try {
    model = await Model.load(job.model.directory, {
      device: job.model.device,
      ...(job.model.precision ? { precision: job.model.precision } : {}),
    });
    signal.throwIfAborted();
    const r = await runScreen({
      input: job.input,
      out: job.out,
      model,
      ...(job.smilesColumn !== undefined ? { smilesColumn: job.smilesColumn } : {}),
      ...(job.model.batchSize ? { batchSize: job.model.batchSize } : {}),
      ...(job.chunkRows ? { chunkRows: job.chunkRows } : {}),
      signal,
      onProgress: p => {
        const { rate, secondsLeft } = p.phase === 'screening' ? meter.update(p) : {};
        last = {
          phase: p.phase,
          done: p.done,
          total: p.total,
          refused: p.refused,
          ...(rate ? { rate } : {}),
          ...(secondsLeft !== undefined ? { secondsLeft } : {}),
          ...(p.partial ? { partial: true as const } : {}),
        };
        if (!p.partial) written = last;
        ctx.progress(last);
      },
    });
    return {
      status: r.status,
      firstRow: r.firstRow,
      lastRow: r.lastRow,
      accepted: r.accepted,
      refused: r.refused,
      seconds: r.seconds,
      model: model.label,
      device: r.device,
      ...(model.deviceNote ? { deviceNote: model.deviceNote } : {}),
      warnings: r.warnings,
    };
  } catch (e) {
    if (stop.signal.aborted)
      return { status: 'cancelled', done: written.done, total: written.total, refused: written.refused };
    throw e;
  } finally {
    await model?.dispose();
  }
}

serve<ScreenCalls, ScreenNotes>(parentPort!, {
  calls: { screen },
  notes: { cancel: () => stop.abort() },
  // Expected failures (a folder holding another screen, an unreadable library or model) read as their message;
  // anything else keeps its stack for the log.
  errorMessage: e =>
    e instanceof ScreenMismatchError ||
    e instanceof ScreenFolderError ||
    e instanceof ScreenMessageError ||
    e instanceof TaskError ||
    e instanceof ModelLoadError ||
    e instanceof InputFileError ||
    e instanceof OutputError
      ? e.message
      : String((e as Error)?.stack ?? e),
});
