// Requests to a worker thread and their replies, one layer for every worker (lint, grid, model, screen): numbered
// calls that resolve with the worker's result, progress on the way, cancellation, one-way notes, and events the worker
// sends on its own. A worker that dies rejects every call in flight with an error that says so; the next call starts
// a new one.
import { Worker, type MessagePort, type ResourceLimits, type Transferable } from 'node:worker_threads';

/** Per method: what a call sends, what it resolves with, and the progress it reports (`never`: none). */
export type CallMap = Record<string, { params: unknown; result: unknown; progress: unknown }>;
/** Per name: the value of a note (to the worker) or of an event (from the worker). */
export type MessageMap = Record<string, unknown>;

type ToWorker =
  | { rpc: 'call'; id: number; method: string; params: unknown }
  | { rpc: 'cancel'; id: number }
  | { rpc: 'note'; method: string; params: unknown };
type FromWorker =
  | { rpc: 'result'; id: number; value: unknown }
  | { rpc: 'error'; id: number; message: string; cancelled: boolean }
  | { rpc: 'progress'; id: number; value: unknown }
  | { rpc: 'event'; name: string; value: unknown };

/** The call was cancelled (its signal aborted, or the worker stopped it on request): callers stop quietly. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** The worker ended (crashed, exited or was closed) before answering. */
export class WorkerStoppedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerStoppedError';
  }
}

export interface CallOptions<P> {
  signal?: AbortSignal;
  onProgress?: (progress: P) => void;
}

export type EventOf<E extends MessageMap> = { [K in keyof E]: { name: K; value: E[K] } }[keyof E];

export interface RpcClientOptions<E extends MessageMap> {
  /** Names the worker in errors: "the <name> stopped (exit code 1)". */
  name: string;
  workerData?: unknown;
  /** The worker's heap limits (default: the process's); a worker over them ends, not the process. */
  resourceLimits?: ResourceLimits;
  /** After each start (the first and every restart), before the message that caused it: state to send again. */
  onStart?: () => void;
  onEvent?: (event: EventOf<E>) => void;
  /** The worker ended (after the calls in flight were rejected). */
  onExit?: (error: WorkerStoppedError) => void;
  /** Uncaught errors inside the worker. */
  log?: (message: string) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  progress?: (value: unknown) => void;
  done(): void;
}

export class RpcClient<
  C extends CallMap,
  N extends MessageMap = Record<never, never>,
  E extends MessageMap = Record<never, never>,
> {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  constructor(
    private readonly script: string,
    private readonly options: RpcClientOptions<E>,
  ) {}

  /** Calls in flight. */
  get busy(): number {
    return this.pending.size;
  }
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Starts the worker if it is not running. */
  start(): void {
    if (this.worker) return;
    if (this.closed) throw new WorkerStoppedError(`the ${this.options.name} was closed`);
    const { workerData, resourceLimits } = this.options;
    const w = new Worker(this.script, {
      ...(workerData === undefined ? {} : { workerData }),
      ...(resourceLimits ? { resourceLimits } : {}),
    });
    this.worker = w;
    w.on('message', (m: FromWorker) => this.receive(m));
    w.on('error', e => {
      this.options.log?.(`${this.options.name}: ${e.stack ?? e}`);
      if (this.worker === w) this.failAll(new WorkerStoppedError(`the ${this.options.name} failed: ${e.message}`));
    });
    w.on('exit', code => {
      if (this.worker !== w) return;
      this.worker = undefined;
      const error = new WorkerStoppedError(`the ${this.options.name} stopped (exit code ${code})`);
      this.failAll(error);
      this.options.onExit?.(error);
    });
    this.options.onStart?.();
  }

  call<M extends keyof C & string>(
    method: M,
    params: C[M]['params'],
    options: CallOptions<C[M]['progress']> = {},
  ): Promise<C[M]['result']> {
    return new Promise((resolve, reject) => {
      const { signal, onProgress } = options;
      if (signal?.aborted) {
        reject(new CancelledError());
        return;
      }
      this.start();
      const id = this.nextId++;
      const abort = () => {
        if (!this.pending.delete(id)) return;
        this.post({ rpc: 'cancel', id });
        reject(new CancelledError());
      };
      signal?.addEventListener('abort', abort, { once: true });
      this.pending.set(id, {
        resolve,
        reject,
        done: () => signal?.removeEventListener('abort', abort),
        ...(onProgress ? { progress: onProgress as (value: unknown) => void } : {}),
      });
      this.post({ rpc: 'call', id, method, params });
    });
  }

  /** A one-way message (no reply); dropped once the client is terminated. */
  notify<M extends keyof N & string>(method: M, params: N[M]): void {
    if (this.closed) return;
    this.start();
    this.post({ rpc: 'note', method, params });
  }

  /** Ends the worker for good: calls in flight are rejected, later calls too. */
  async terminate(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = undefined;
    this.failAll(new WorkerStoppedError(`the ${this.options.name} was closed`));
    await w?.terminate();
  }

  private post(m: ToWorker): void {
    this.worker?.postMessage(m);
  }

  private failAll(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) {
      p.done();
      p.reject(error);
    }
  }

  private receive(m: FromWorker): void {
    if (m.rpc === 'event') {
      this.options.onEvent?.({ name: m.name, value: m.value } as EventOf<E>);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.rpc === 'progress') {
      p.progress?.(m.value);
      return;
    }
    this.pending.delete(m.id);
    p.done();
    if (m.rpc === 'result') p.resolve(m.value);
    else p.reject(m.cancelled ? new CancelledError() : new Error(m.message));
  }
}

// ---------- the worker's side ----------

export interface CallContext<P> {
  id: number;
  /** Aborted when the caller cancels. */
  signal: AbortSignal;
  progress(value: P, transfer?: Transferable[]): void;
}

/** A result sent with buffers moved rather than copied. */
export class Transfer<T> {
  constructor(
    readonly value: T,
    readonly transfer: Transferable[],
  ) {}
}

export type CallHandlers<C extends CallMap> = {
  [M in keyof C]: (
    params: C[M]['params'],
    ctx: CallContext<C[M]['progress']>,
  ) => C[M]['result'] | Transfer<C[M]['result']> | Promise<C[M]['result'] | Transfer<C[M]['result']>>;
};
export type NoteHandlers<N extends MessageMap> = { [M in keyof N]: (params: N[M]) => void };

export interface Server<E extends MessageMap> {
  emit<K extends keyof E & string>(name: K, value: E[K], transfer?: Transferable[]): void;
}

/**
 * Answers an RpcClient from inside a worker: each call runs its handler (several may run at once) and replies
 * with the result or the error's message (`errorMessage` chooses it); a cancelled call replies as cancelled.
 */
export function serve<
  C extends CallMap,
  N extends MessageMap = Record<never, never>,
  E extends MessageMap = Record<never, never>,
>(
  port: MessagePort,
  handlers: { calls: CallHandlers<C>; notes?: NoteHandlers<N>; errorMessage?: (e: unknown) => string },
): Server<E> {
  const running = new Map<number, AbortController>();
  const send = (m: FromWorker, transfer?: Transferable[]) => port.postMessage(m, transfer);
  const messageOf = handlers.errorMessage ?? ((e: unknown) => (e instanceof Error ? e.message : String(e)));
  port.on('message', (m: ToWorker) => {
    if (m.rpc === 'cancel') {
      running.get(m.id)?.abort();
      return;
    }
    if (m.rpc === 'note') {
      (handlers.notes as Record<string, (p: unknown) => void> | undefined)?.[m.method]?.(m.params);
      return;
    }
    const { id } = m;
    const controller = new AbortController();
    running.set(id, controller);
    const handler = (handlers.calls as Record<string, (p: unknown, ctx: CallContext<unknown>) => unknown>)[m.method];
    const ctx: CallContext<unknown> = {
      id,
      signal: controller.signal,
      progress: (value, transfer) => send({ rpc: 'progress', id, value }, transfer),
    };
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown method ${m.method}`);
        return handler(m.params, ctx);
      })
      .then(
        r =>
          r instanceof Transfer
            ? send({ rpc: 'result', id, value: r.value }, r.transfer)
            : send({ rpc: 'result', id, value: r }),
        (e: unknown) => {
          const cancelled = controller.signal.aborted;
          send({ rpc: 'error', id, cancelled, message: cancelled ? 'cancelled' : messageOf(e) });
        },
      )
      .finally(() => running.delete(id));
  });
  return { emit: (name, value, transfer) => send({ rpc: 'event', name, value }, transfer) };
}
