// One grid worker thread per open grid, over the worker RPC layer: depictions and SMILES on request, scans with their
// parts as progress. Ends with the grid (RDKit's wasm memory is returned with the thread); a crashed worker is
// started again by the next request and gets the molecules again.
import path from 'node:path';
import { CancelledError, RpcClient } from '../../core/worker-rpc';
import type { SimilarityMethod } from '../../common/grid/query';
import type {
  DepictionItem,
  GridCalls,
  GridNotes,
  ScanChunk,
  ScanKind,
  ScanRequest,
} from '../../common/grid/worker-protocol';

export interface ScanOptions {
  smarts?: string;
  smiles?: string;
  method?: SimilarityMethod;
  modelDirectory?: string;
}

export class GridWorker {
  private readonly rpc: RpcClient<GridCalls, GridNotes>;
  private readonly scans = new Map<ScanKind, AbortController>();
  private loaded?: GridNotes['load'];

  constructor(script: string, log: (message: string) => void) {
    this.rpc = new RpcClient(script, {
      name: 'grid worker',
      log,
      onStart: () => {
        if (this.loaded) this.rpc.notify('load', this.loaded);
      },
    });
  }

  static forExtension(extensionPath: string, log: (message: string) => void): GridWorker {
    return new GridWorker(path.join(extensionPath, 'dist', 'workers', 'grid-worker.js'), log);
  }

  /** Hands the worker the file's molecules; scans of the previous ones end. */
  load(molecules: string[], molblock: boolean): void {
    this.loaded = { molecules, molblock };
    for (const s of this.scans.values()) s.abort();
    this.scans.clear();
    // A worker that is not running gets them when it starts.
    if (this.rpc.running) this.rpc.notify('load', this.loaded);
    else this.rpc.start();
  }

  depict(rows: number[], width: number, smarts: string): Promise<DepictionItem[]> {
    return this.rpc.call('depict', { rows, width, smarts });
  }

  /** Depictions of SMILES not loaded as rows (the worker needs no `load` for these). */
  depictSmiles(smiles: string[], width: number): Promise<DepictionItem[]> {
    return this.rpc.call('depictSmiles', { smiles, width });
  }

  smiles(rows: number[]): Promise<string[]> {
    return this.rpc.call('smiles', { rows });
  }

  /** Runs a scan; `onChunk` gets its parts in row order. Resolves when it finished or a newer scan replaced it. */
  async scan(kind: ScanKind, onChunk: (c: ScanChunk) => void, options: ScanOptions = {}): Promise<void> {
    const request: ScanRequest =
      kind === 'properties'
        ? { kind }
        : kind === 'smarts'
          ? { kind, smarts: options.smarts ?? '' }
          : {
              kind,
              smiles: options.smiles ?? '',
              method: options.method ?? 'ecfp',
              ...(options.modelDirectory ? { modelDirectory: options.modelDirectory } : {}),
            };
    // A newer scan of the same kind ends the older one, whose promise resolves.
    this.scans.get(request.kind)?.abort();
    const controller = new AbortController();
    this.scans.set(request.kind, controller);
    try {
      await this.rpc.call('scan', request, { signal: controller.signal, onProgress: onChunk });
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
    } finally {
      if (this.scans.get(request.kind) === controller) this.scans.delete(request.kind);
    }
  }

  dispose(): void {
    void this.rpc.terminate();
  }
}
