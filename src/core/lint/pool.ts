// A pool of lint worker threads (dist/workers/lint-worker.js) analysing batches of molecule cells.
import { Worker } from 'node:worker_threads';
import type { MolFacts } from '../chem/analyze';
import type { AnalyzeOptions } from '../chem/analyze';
import type { MoleculeAnalyzer } from './analyzer';
import type { WorkerRequest, WorkerResponse } from './worker-protocol';
import { workerScript } from '../worker-script';

const POOL_CACHE = 30_000;

interface Pending { resolve: (f: MolFacts[]) => void; reject: (e: Error) => void }

export class WorkerPool implements MoleculeAnalyzer {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending>();
  private readonly load: number[];
  private nextId = 1;

  constructor(size: number, options: AnalyzeOptions = {}) {
    const script = workerScript('lint-worker.js');
    // Each worker remembers the facts of recent cells (repeated molecules are common); bounded to keep memory flat.
    this.workers = Array.from({ length: Math.max(1, size) }, () => new Worker(script, { workerData: { options, cacheLimit: POOL_CACHE } }));
    this.load = this.workers.map(() => 0);
    this.workers.forEach((w, i) => {
      w.on('message', (m: WorkerResponse) => {
        if (m.type !== 'facts' && m.type !== 'error') return;
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        this.load[i]--;
        if (m.type === 'facts') p.resolve(m.facts); else p.reject(new Error(m.message));
      });
      w.on('error', e => { for (const p of this.pending.values()) p.reject(e); this.pending.clear(); });
    });
  }

  analyze(texts: string[], molblock: boolean): Promise<MolFacts[]> {
    const id = this.nextId++;
    // The least busy worker takes the batch.
    const i = this.load.indexOf(Math.min(...this.load));
    this.load[i]++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: WorkerRequest = { type: 'analyze', id, texts, molblock };
      this.workers[i].postMessage(request);
    });
  }

  ionNames(): Promise<Map<string, string>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: f => resolve(new Map(f as unknown as Array<[string, string]>)), reject });
      this.load[0]++;
      const request: WorkerRequest = { type: 'ionNames', id };
      this.workers[0].postMessage(request);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(w => w.terminate()));
  }
}
