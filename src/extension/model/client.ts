// The editor's end of the model worker: one worker thread (started again after a crash), jobs with progress in a
// cancellable notification.
import * as vscode from 'vscode';
import path from 'node:path';
import { CancelledError, RpcClient } from '../../core/worker-rpc';
import type { Job, LoadedModel, ModelCalls, ModelEvents, ModelNotes, Outcome } from '../../core/model/worker-protocol';

export type OutcomeOf<J extends Job> = Extract<Outcome, { kind: J['kind'] }>;

/** The job was cancelled by the user: callers stop quietly. */
export { CancelledError as Cancelled };

export class ModelClient implements vscode.Disposable {
  private readonly worker: RpcClient<ModelCalls, ModelNotes, ModelEvents>;
  /** Fires when a job has loaded (or reused) a model: the status bar shows it. */
  readonly onModel = new vscode.EventEmitter<LoadedModel>();

  constructor(extensionPath: string, output: vscode.LogOutputChannel) {
    this.worker = new RpcClient(path.join(extensionPath, 'dist', 'workers', 'model-worker.js'), {
      name: 'model worker',
      onEvent: e => this.onModel.fire(e.value),
      log: m => output.error(`MolML ${m}`),
    });
  }

  /** Runs a job; `token` cancels it (between batches), `progress` receives molecules done out of the total. */
  run<J extends Job>(
    job: J,
    token?: vscode.CancellationToken,
    progress?: (done: number, total: number, fitting?: string) => void,
  ): Promise<OutcomeOf<J>> {
    const controller = new AbortController();
    const cancel = token?.onCancellationRequested(() => controller.abort());
    const result = this.worker.call('run', job, {
      signal: controller.signal,
      ...(progress ? { onProgress: p => progress(p.done, p.total, p.fitting) } : {}),
    });
    return (result as Promise<OutcomeOf<J>>).finally(() => cancel?.dispose());
  }

  /** Runs a job in a cancellable progress notification titled `title`. */
  withProgress<J extends Job>(title: string, job: J): Promise<OutcomeOf<J>> {
    const task = (
      report: vscode.Progress<{ message?: string; increment?: number }>,
      token: vscode.CancellationToken,
    ) => {
      let last = 0;
      return this.run(job, token, (done, total, fitting) => {
        // Molecules first (the bar), then cross-validation fits per candidate (the message only).
        if (fitting) {
          report.report({ message: `cross-validating ${fitting}: fit ${done} of ${total}` });
          return;
        }
        const pct = total ? (done / total) * 100 : 0;
        report.report({ message: `${done} of ${total} molecules`, increment: pct - last });
        last = pct;
      });
    };
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, task),
    );
  }

  reset(): void {
    if (this.worker.running) this.worker.notify('reset', {});
  }

  dispose(): void {
    void this.worker.terminate();
    this.onModel.dispose();
  }
}
