// The editor's end of the model worker: one worker thread, jobs with progress in a cancellable notification.
import * as vscode from 'vscode';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FromWorker, Job, LoadedModel, Outcome, ToWorker } from '../../core/model/worker-protocol';

export type OutcomeOf<J extends Job> = Extract<Outcome, { kind: J['kind'] }>;

/** The job was cancelled by the user: callers stop quietly. */
export class Cancelled extends Error {}

interface Pending { resolve(o: Outcome): void; reject(e: Error): void; progress?: (done: number, total: number) => void }

export class ModelClient implements vscode.Disposable {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Fires when a job has loaded (or reused) a model: the status bar shows it. */
  readonly onModel = new vscode.EventEmitter<LoadedModel>();

  constructor(private readonly extensionPath: string, private readonly output: vscode.LogOutputChannel) {}

  private post(m: ToWorker): void {
    if (!this.worker) {
      const worker = new Worker(path.join(this.extensionPath, 'dist', 'workers', 'model-worker.js'));
      worker.on('message', (r: FromWorker) => this.receive(r));
      worker.on('error', e => this.output.error(`MolML model worker: ${e.stack ?? e}`));
      worker.on('exit', code => {
        if (this.worker === worker) this.worker = undefined;
        for (const [id, p] of this.pending) { p.reject(new Error(`the model worker stopped (exit code ${code})`)); this.pending.delete(id); }
      });
      this.worker = worker;
    }
    this.worker.postMessage(m);
  }

  private receive(r: FromWorker): void {
    const p = this.pending.get(r.id);
    if (r.type === 'model') { this.onModel.fire(r.model); return; }
    if (!p) return;
    if (r.type === 'progress') p.progress?.(r.done, r.total);
    else {
      this.pending.delete(r.id);
      if (r.type === 'done') p.resolve(r.outcome);
      else p.reject(r.cancelled ? new Cancelled('cancelled') : new Error(r.message));
    }
  }

  /** Runs a job; `token` cancels it (between batches), `progress` receives molecules done out of the total. */
  run<J extends Job>(job: J, token?: vscode.CancellationToken, progress?: (done: number, total: number) => void): Promise<OutcomeOf<J>> {
    const id = this.nextId++;
    return new Promise<Outcome>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(progress ? { progress } : {}) });
      token?.onCancellationRequested(() => this.post({ type: 'cancel', id }));
      this.post({ type: 'run', id, job });
    }) as Promise<OutcomeOf<J>>;
  }

  /** Runs a job in a cancellable progress notification titled `title`. */
  withProgress<J extends Job>(title: string, job: J): Promise<OutcomeOf<J>> {
    const task = (report: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => {
      let last = 0;
      return this.run(job, token, (done, total) => {
        const pct = total ? (done / total) * 100 : 0;
        report.report({ message: `${done} of ${total} molecules`, increment: pct - last });
        last = pct;
      });
    };
    return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, task));
  }

  reset(): void { if (this.worker) this.post({ type: 'reset' }); }

  dispose(): void {
    void this.worker?.terminate();
    this.onModel.dispose();
  }
}
