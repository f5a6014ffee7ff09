// Data-parallel runs on the CPU for large inputs: each shard is a model worker thread with its own RDKit module and
// onnxruntime session using its share of the cores. RDKit canonicalisation is single-threaded and would otherwise
// run before inference on one core while the others wait; sharded, it runs beside inference. Shards share the disk
// cache: each appends whole batches in one write to a file opened for appending, and a torn line is never trusted.
import os from 'node:os';
import path from 'node:path';
import { workerScript } from '../worker-script';
import { RpcClient } from '../worker-rpc';
import type { Model, ModelRun, RunOptions, RunResult } from './runtime';
import type { ModelCalls, ModelSpec, VectorsOutcome } from './worker-protocol';

/** Below this many molecules a second session and RDKit module cost more than they save. */
export const MIN_MOLECULES_PER_SHARD = 2000;

/** Shards for `molecules` inputs on `cores` cores: one per core up to four, each with at least MIN molecules. */
export function shardCount(molecules: number, cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(4, cores, Math.floor(molecules / MIN_MOLECULES_PER_SHARD)));
}

export interface ShardOptions {
  signal?: AbortSignal;
  /** Molecules done out of those accepted, summed over the shards. */
  onProgress?: (done: number, total: number) => void;
}

/** One shard in a worker of its own, ended when the shard is (cancelling ends it at once). */
async function runShard(
  spec: ModelSpec,
  smiles: string[],
  options: ShardOptions,
  progress: (done: number, total: number) => void,
): Promise<VectorsOutcome> {
  const worker = new RpcClient<ModelCalls>(workerScript('model-worker.js'), { name: 'model shard worker' });
  const abort = () => void worker.terminate();
  options.signal?.addEventListener('abort', abort);
  try {
    const outcome = await worker.call(
      'run',
      { kind: 'vectors', smiles, model: spec },
      { onProgress: p => progress(p.done, p.total) },
    );
    return outcome as VectorsOutcome;
  } catch (e) {
    options.signal?.throwIfAborted();
    throw e;
  } finally {
    options.signal?.removeEventListener('abort', abort);
    void worker.terminate();
  }
}

/**
 * Model.run over `shards` contiguous slices of `smiles` in parallel, merged back in input order (indices as if
 * one run had done it). The spec's device should be the CPU; each shard gets cores / shards intra-op threads.
 */
export async function runSharded(
  spec: ModelSpec,
  smiles: string[],
  shards: number,
  options: ShardOptions = {},
): Promise<ModelRun> {
  options.signal?.throwIfAborted();
  const size = Math.ceil(smiles.length / shards);
  const threads = Math.max(1, Math.floor(os.availableParallelism() / shards));
  const starts = Array.from({ length: shards }, (_, i) => i * size).filter(s => s < smiles.length);
  const done = starts.map(() => 0),
    totals = starts.map(() => -1);
  const report = (k: number) => (d: number, t: number) => {
    done[k] = d;
    totals[k] = t;
    // Once every shard knows its total (after its pre-flight), the sum means something.
    if (totals.every(x => x >= 0))
      options.onProgress?.(
        done.reduce((a, b) => a + b, 0),
        totals.reduce((a, b) => a + b, 0),
      );
  };
  const parts = await Promise.all(
    starts.map((s, k) => runShard({ ...spec, threads }, smiles.slice(s, s + size), options, report(k))),
  );
  const results: RunResult['results'] = [];
  const issues: RunResult['issues'] = [];
  parts.forEach((p, k) => {
    const offset = starts[k];
    for (const r of p.results) results.push(r && { ...r, index: r.index + offset });
    for (const i of p.issues) issues.push({ ...i, index: i.index + offset });
  });
  return {
    results,
    issues,
    device: parts[0].device as RunResult['device'],
    ...(parts[0].deviceNote ? { deviceNote: parts[0].deviceNote } : {}),
  };
}

/**
 * A requested shard count within what pays: at most one per core, and each shard with at least
 * MIN_MOLECULES_PER_SHARD molecules (more shards only add sessions and RDKit modules: 64 shards over 50 molecules
 * took 3.2 GB and 26 s against 173 MB and 1.6 s). `note` says why a request was lowered.
 */
export function cappedShards(
  requested: number,
  molecules: number,
  cores = os.availableParallelism(),
): { shards: number; note?: string } {
  const byWork = Math.max(1, Math.floor(molecules / MIN_MOLECULES_PER_SHARD));
  const shards = Math.max(1, Math.min(requested, cores, byWork));
  if (shards === requested) return { shards };
  const why =
    shards === byWork && byWork < cores
      ? `${molecules} molecules, at least ${MIN_MOLECULES_PER_SHARD} per shard`
      : `${cores} CPU core${cores === 1 ? '' : 's'}`;
  return { shards, note: `lowered to ${shards} (${why})` };
}

/** Shards for running `model` over `molecules` inputs: only on the CPU; `requested` (e.g. --shards) within cappedShards. */
export function plannedShards(model: Model, molecules: number, requested?: number): number {
  if (model.device !== 'cpu') return 1;
  return requested === undefined ? shardCount(molecules) : cappedShards(requested, molecules).shards;
}

/** `model.run`, or the same run in parallel shards when the model is on the CPU and the input is large. */
export async function runModel(
  model: Model,
  smiles: string[],
  options: RunOptions & { shards?: number } = {},
): Promise<ModelRun> {
  const shards = plannedShards(model, smiles.length, options.shards);
  if (shards <= 1) return model.run(smiles, options);
  const spec: ModelSpec = {
    directory: model.directory,
    device: 'cpu',
    precision: model.precision,
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    ...(options.fragments ? { fragments: options.fragments } : {}),
    ...(model.disk ? { cacheDirectory: path.dirname(model.disk.file) } : {}),
  };
  const run = await runSharded(spec, smiles, shards, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  // The shards appended to the disk cache this model read before.
  model.disk?.forget();
  return run;
}
