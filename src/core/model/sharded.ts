// Data-parallel runs on the CPU for large inputs: each shard is a model worker thread with its own RDKit module and
// onnxruntime session using its share of the cores. RDKit canonicalisation is single-threaded and would otherwise
// run before inference on one core while the others wait; sharded, it runs beside inference.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerScript } from '../lint/pool';
import type { ModelRun, RunResult } from './runtime';
import type { FromWorker, ModelSpec, ToWorker, VectorsOutcome } from './worker-protocol';

/** Below this many molecules a second session and RDKit module cost more than they save. */
export const MIN_MOLECULES_PER_SHARD = 2000;

/** Shards for `molecules` inputs on `cores` cores: one per core up to four, each with at least MIN molecules. */
export function shardCount(molecules: number, cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(4, cores, Math.floor(molecules / MIN_MOLECULES_PER_SHARD)));
}

function runShard(spec: ModelSpec, smiles: string[]): Promise<VectorsOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript('model-worker.js'));
    const finish = (f: () => void) => { void worker.terminate(); f(); };
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'done' && m.outcome.kind === 'vectors') finish(() => resolve(m.outcome as VectorsOutcome));
      else if (m.type === 'failed') finish(() => reject(new Error(m.message)));
    });
    worker.on('error', e => finish(() => reject(e)));
    const request: ToWorker = { type: 'run', id: 1, job: { kind: 'vectors', smiles, model: spec } };
    worker.postMessage(request);
  });
}

/**
 * Model.run over `shards` contiguous slices of `smiles` in parallel, merged back in input order (indices as if
 * one run had done it). The spec's device should be the CPU; each shard gets cores / shards intra-op threads.
 */
export async function runSharded(spec: ModelSpec, smiles: string[], shards: number): Promise<ModelRun> {
  const size = Math.ceil(smiles.length / shards);
  const threads = Math.max(1, Math.floor(os.availableParallelism() / shards));
  const starts = Array.from({ length: shards }, (_, i) => i * size).filter(s => s < smiles.length);
  const parts = await Promise.all(starts.map(s => runShard({ ...spec, threads }, smiles.slice(s, s + size))));
  const results: RunResult['results'] = [];
  const issues: RunResult['issues'] = [];
  parts.forEach((p, k) => {
    const offset = starts[k];
    for (const r of p.results) results.push(r && { ...r, index: r.index + offset });
    for (const i of p.issues) issues.push({ ...i, index: i.index + offset });
  });
  return { results, issues, device: parts[0].device as RunResult['device'], ...(parts[0].deviceNote ? { deviceNote: parts[0].deviceNote } : {}) };
}
