// A pool of lint worker threads (dist/workers/lint-worker.js) analysing batches of molecule cells.
import type { AnalyzeOptions, MolFacts } from '../chem/analyze';
import type { MoleculeAnalyzer } from './analyzer';
import type { LintCalls } from './worker-protocol';
import { workerScript } from '../worker-script';
import { RpcClient } from '../worker-rpc';

const POOL_CACHE = 30_000;

export class WorkerPool implements MoleculeAnalyzer {
  private readonly workers: Array<RpcClient<LintCalls>>;

  constructor(size: number, options: AnalyzeOptions = {}) {
    const script = workerScript('lint-worker.js');
    // Each worker remembers the facts of recent cells (repeated molecules are common); bounded to keep memory flat.
    this.workers = Array.from(
      { length: Math.max(1, size) },
      () =>
        new RpcClient<LintCalls>(script, {
          name: 'lint worker',
          workerData: { options, cacheLimit: POOL_CACHE },
        }),
    );
    for (const w of this.workers) w.start();
  }

  analyze(texts: string[], molblock: boolean): Promise<MolFacts[]> {
    // The least busy worker takes the batch.
    const least = this.workers.reduce((best, w) => (w.busy < best.busy ? w : best));
    return least.call('analyze', { texts, molblock });
  }

  async ionNames(): Promise<Map<string, string>> {
    return new Map(await this.workers[0].call('ionNames', {}));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(w => w.terminate()));
  }
}
