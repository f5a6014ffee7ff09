// One grid worker thread per open grid: request/response by id, scan chunks to a callback. Ends with the grid
// (RDKit's wasm memory is returned with the thread).
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DepictionItem, GridWorkerRequest, GridWorkerResponse, ScanKind } from '../../shared/grid/worker-protocol';
import type { SimilarityMethod } from '../../shared/grid/query';

type Chunk = Extract<GridWorkerResponse, { type: 'chunk' }>;
type Request<T> = { resolve: (v: T) => void; reject: (e: Error) => void };
type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

export class GridWorker {
  private worker?: Worker;
  private nextId = 1;
  private readonly requests = new Map<number, Request<unknown>>();
  private readonly scans = new Map<number, { kind: ScanKind; onChunk: (c: Chunk) => void } & Request<void>>();
  private loaded?: { molecules: string[]; molblock: boolean };

  constructor(private readonly script: string, private readonly log: (message: string) => void) {}

  static forExtension(extensionPath: string, log: (message: string) => void): GridWorker {
    return new GridWorker(path.join(extensionPath, 'dist', 'workers', 'grid-worker.js'), log);
  }

  private post(m: GridWorkerRequest): void {
    if (!this.worker) {
      const w = new Worker(this.script);
      this.worker = w;
      w.on('message', (r: GridWorkerResponse) => this.receive(r));
      w.on('error', e => { this.log(`grid worker: ${e.stack ?? e}`); this.failAll(e); });
      w.on('exit', () => { if (this.worker === w) { this.worker = undefined; this.failAll(new Error('the grid worker stopped')); } });
      // A restarted worker gets the molecules again.
      if (this.loaded && m.type !== 'load') w.postMessage({ type: 'load', ...this.loaded } satisfies GridWorkerRequest);
    }
    this.worker.postMessage(m);
  }

  private failAll(e: Error): void {
    for (const r of this.requests.values()) r.reject(e);
    for (const s of this.scans.values()) s.reject(e);
    this.requests.clear(); this.scans.clear();
  }

  private receive(r: GridWorkerResponse): void {
    if (r.type === 'chunk') {
      const scan = this.scans.get(r.id);
      if (!scan) return;
      scan.onChunk(r);
      if (r.done >= r.total) { this.scans.delete(r.id); scan.resolve(); }
      return;
    }
    if (r.type === 'error') {
      const pending = this.requests.get(r.id) ?? this.scans.get(r.id);
      this.requests.delete(r.id); this.scans.delete(r.id);
      pending?.reject(new Error(r.message));
      return;
    }
    const pending = this.requests.get(r.id);
    this.requests.delete(r.id);
    pending?.resolve(r.type === 'depictions' ? r.items : r.smiles);
  }

  private request<T>(m: DistributiveOmit<GridWorkerRequest & { id: number }, 'id'>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.requests.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.post({ ...m, id } as GridWorkerRequest);
    });
  }

  load(molecules: string[], molblock: boolean): void {
    this.loaded = { molecules, molblock };
    for (const s of this.scans.values()) s.resolve();
    this.scans.clear();
    this.post({ type: 'load', molecules, molblock });
  }

  depict(rows: number[], width: number, smarts: string): Promise<DepictionItem[]> {
    return this.request({ type: 'depict', rows, width, smarts });
  }

  smiles(rows: number[]): Promise<string[]> {
    return this.request({ type: 'smiles', rows });
  }

  /** Runs a scan; `onChunk` gets its parts in row order. Resolves when it finished or a newer scan replaced it. */
  scan(kind: ScanKind, onChunk: (c: Chunk) => void, options: { smarts?: string; smiles?: string; method?: SimilarityMethod; modelDirectory?: string } = {}): Promise<void> {
    const id = this.nextId++;
    // A newer scan of the same kind ends the older one in the worker; its promise settles here.
    for (const [otherId, s] of this.scans) if (s.kind === kind) { this.scans.delete(otherId); s.resolve(); }
    return new Promise<void>((resolve, reject) => {
      this.scans.set(id, { kind, onChunk, resolve, reject });
      if (kind === 'properties') this.post({ type: 'properties', id });
      else if (kind === 'smarts') this.post({ type: 'smarts', id, smarts: options.smarts ?? '' });
      else this.post({ type: 'similarity', id, smiles: options.smiles ?? '', method: options.method ?? 'ecfp', modelDirectory: options.modelDirectory });
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.failAll(new Error('the grid was closed'));
  }
}
