// "MolML: Screen a Library" (a CSV, TSV, SMILES or SDF file, also .gz: predictions for every row into a screen
// folder, resumable) and "MolML: Open Screen Results" (the results view of a screen folder). The model is the one
// the other model commands use (Select Model; models named by the workspace only in a trusted workspace).
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import { Models, NO_MODEL_MESSAGE } from '../model/models';
import { inferenceBatchSize, inferenceDevice, inferencePrecision } from '../model/settings';
import { ScreenPanel } from './panel';
import { formatDuration } from '../../common/screen/progress';
import type { ScreenJob, ScreenUpdate } from '../../core/screen/worker-protocol';
import { defaultScreenFolder, runScreenInWorker, type ScreenRunResult } from './run';

export const SCREEN_LIBRARY_COMMAND = 'molml.screenLibrary';
export const OPEN_SCREEN_COMMAND = 'molml.openScreenResults';
const LIBRARY = /\.(csv|tsv|smi|smiles|sdf)(\.gz)?$/i;
/** Output folders being screened now: a second run into one of them is refused until the first has stopped. */
const running = new Set<string>();

/** What the commands return (for tests and callers). */
export interface ScreenCommandResult {
  ok: boolean;
  message?: string;
  folder?: string;
  /** The results view showed its first page. */
  shown?: boolean;
}

function argUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'object' && arg !== null && (arg as { uri?: unknown }).uri instanceof vscode.Uri)
    return (arg as { uri: vscode.Uri }).uri;
  return undefined;
}

function progressMessage(p: ScreenUpdate): string {
  switch (p.phase) {
    case 'loading':
      return 'loading the model…';
    case 'hashing':
      return 'reading the library…';
    case 'counting':
      return 'counting its rows…';
    case 'screening': {
      const parts = [`${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} rows`];
      if (p.rate) parts.push(`${Math.round(p.rate).toLocaleString('en-US')} rows/s`);
      if (p.secondsLeft !== undefined) parts.push(`${formatDuration(p.secondsLeft)} left`);
      return parts.join(' · ');
    }
  }
}

async function pickLibrary(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && LIBRARY.test(active.fsPath)) return active;
  const files = await vscode.workspace.findFiles(
    '**/*.{csv,tsv,smi,smiles,sdf,csv.gz,tsv.gz,smi.gz,smiles.gz,sdf.gz}',
    '**/node_modules/**',
    500,
  );
  const picked = await vscode.window.showQuickPick(
    files.map(uri => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: 'Screen a Library', placeHolder: 'Library file (CSV, TSV, SMILES or SDF, also .gz)' },
  );
  return picked?.uri;
}

async function screenLibrary(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  models: Models,
  arg: unknown,
  options: { out?: string; open?: boolean },
): Promise<ScreenCommandResult> {
  const uri = argUri(arg) ?? (await pickLibrary());
  if (!uri) return { ok: false, message: 'no library' };
  if (uri.scheme !== 'file' || !LIBRARY.test(uri.fsPath)) {
    void vscode.window.showWarningMessage(
      `MolML: ${vscode.workspace.asRelativePath(uri)} is not a CSV, TSV, SMILES or SDF file (or one of them gzipped).`,
    );
    return { ok: false, message: 'not a library file' };
  }
  const library = uri.fsPath;
  let out = options.out;
  if (!out) {
    out = await vscode.window.showInputBox({
      title: 'Screen a Library: output folder',
      value: defaultScreenFolder(library),
      prompt: 'A folder that exists and holds a screen of this file with this model is resumed.',
      ignoreFocusOut: true,
    });
    if (!out) return { ok: false, message: 'cancelled' };
  }
  out = path.resolve(path.dirname(library), out);
  const { entry, problems } = models.current();
  for (const p of problems) output.warn(`screen: ${p}`);
  if (!entry) {
    void vscode.window.showErrorMessage(NO_MODEL_MESSAGE);
    return { ok: false, message: 'no model' };
  }
  if (running.has(out)) {
    void vscode.window.showWarningMessage(`MolML: ${path.basename(out)} is being screened already.`);
    return { ok: false, message: 'already running', folder: out };
  }
  const resuming = fs.existsSync(path.join(out, 'manifest.json')) || fs.existsSync(path.join(out, 'shards'));
  const batch = inferenceBatchSize();
  const job: ScreenJob = {
    input: library,
    out,
    model: {
      directory: entry.directory,
      device: inferenceDevice(),
      precision: inferencePrecision(),
      ...(batch ? { batchSize: batch } : {}),
    },
  };
  output.info(`screen: ${library} into ${out} with ${entry.directory} (${job.model.device}, ${job.model.precision})`);
  const name = path.basename(library);
  running.add(out);
  let result: ScreenRunResult;
  try {
    result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `MolML: ${resuming ? 'resuming the screen of' : 'screening'} ${name}`,
        cancellable: true,
      },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => {
          controller.abort();
          progress.report({ message: 'stopping after the chunk in flight…' });
        });
        let reported = 0;
        return runScreenInWorker({
          script: path.join(context.extensionPath, 'dist', 'workers', 'screen-worker.js'),
          job,
          signal: controller.signal,
          log: m => output.error(`MolML ${m}`),
          onProgress: p => {
            if (controller.signal.aborted) return;
            const message = progressMessage(p);
            if (p.phase !== 'screening') {
              progress.report({ message });
              return;
            }
            output.info(`screen: ${message}, ${p.refused.toLocaleString('en-US')} refused`);
            const fraction = p.total ? (100 * p.done) / p.total : 0;
            progress.report({ message, increment: fraction - reported });
            reported = fraction;
          },
        });
      },
    );
  } finally {
    running.delete(out);
  }
  const kept = `Its finished parts are kept in ${path.basename(out)}: run Screen a Library on the same file and folder to resume.`;
  switch (result.status) {
    case 'cancelled':
      void vscode.window.showInformationMessage(`MolML: the screen of ${name} stopped. ${kept}`);
      return { ok: false, message: 'cancelled', folder: out };
    case 'failed': {
      output.error(`screen: ${result.message}`);
      // The screen's own errors are one sentence; anything else shows its first line (the log has the stack).
      const reason = result.message.split('\n')[0];
      void vscode.window.showErrorMessage(
        result.crashed
          ? `MolML: the screen of ${name} stopped unexpectedly (${reason}). ${kept}`
          : `MolML: the screen of ${name} failed: ${reason}`,
      );
      return { ok: false, message: reason, folder: out };
    }
  }
  for (const w of result.warnings) output.warn(`screen: ${w}`);
  if (result.deviceNote) output.info(`screen: note: ${result.deviceNote}`);
  output.info(
    result.status === 'already-finished'
      ? `screen: ${out} is already finished: nothing to do`
      : `screen: finished rows ${result.firstRow}-${result.lastRow}: ${result.accepted} written, ${result.refused} refused in ${result.seconds.toFixed(1)} s with ${result.model} on ${result.device ?? job.model.device}`,
  );
  if (options.open === false) return { ok: true, folder: out };
  const shown = await openResults(context, output, out);
  return { ...shown, folder: out };
}

async function openResults(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  dir: string,
): Promise<ScreenCommandResult> {
  try {
    const panel = await ScreenPanel.show(context, output, dir);
    // The view answers once it drew its first page; a panel closed before that is not waited for.
    const shown = await Promise.race([
      panel.shown.then(() => true),
      new Promise<boolean>(resolve => panel.panel.onDidDispose(() => resolve(false))),
    ]);
    return { ok: true, folder: dir, shown };
  } catch (e) {
    const message = `MolML: cannot open the screen results in ${dir}: ${(e as Error).message}`;
    output.warn(message);
    void vscode.window.showErrorMessage(message);
    return { ok: false, message: (e as Error).message, folder: dir };
  }
}

export function registerScreen(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  const models = new Models(context);
  context.subscriptions.push(
    vscode.commands.registerCommand(SCREEN_LIBRARY_COMMAND, (arg: unknown, options?: unknown) => {
      const o = (typeof options === 'object' && options !== null ? options : {}) as { out?: unknown; open?: unknown };
      return screenLibrary(context, output, models, arg, {
        ...(typeof o.out === 'string' ? { out: o.out } : {}),
        ...(o.open === false ? { open: false } : {}),
      });
    }),
    vscode.commands.registerCommand(OPEN_SCREEN_COMMAND, async (arg: unknown) => {
      let uri = argUri(arg);
      if (!uri) {
        const picked = await vscode.window.showOpenDialog({
          canSelectFolders: true,
          canSelectFiles: false,
          openLabel: 'Open Screen Results',
          title: 'A screen folder (written by Screen a Library or molml screen)',
        });
        uri = picked?.[0];
      }
      if (!uri) return { ok: false, message: 'no folder' } satisfies ScreenCommandResult;
      // The manifest itself (or any file in the folder) stands for its folder.
      const dir = fs.statSync(uri.fsPath, { throwIfNoEntry: false })?.isDirectory()
        ? uri.fsPath
        : path.dirname(uri.fsPath);
      return openResults(context, output, dir);
    }),
  );
}
