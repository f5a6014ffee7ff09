// Dataset lint in the editor: diagnostics while typing (worker thread), quick fixes, a status bar item, and the
// "Lint dataset" / "Lint workspace" commands with a summary report.
import * as vscode from 'vscode';
import os from 'node:os';
import { LintClient } from './lint-client';
import { LintCodeActions, SAVE_CONFIG_COMMAND } from './code-actions';
import { loadLintConfig, lintEnabled } from './settings';
import { markdownReport } from './report';
import { WorkerPool } from '../../core/lint/pool';
import { lintText, splitLeakage, type LintedFile } from '../../core/lint/lint-file';
import type { FileLintResult } from '../../core/lint/file-linter';

const SELECTOR: vscode.DocumentSelector = [{ pattern: '**/*.{csv,tsv,tab,smi,smiles,sdf,sd}' }, { language: 'smiles' }];

export function registerLint(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  const collection = vscode.languages.createDiagnosticCollection('molml-lint');
  const report = vscode.window.createOutputChannel('MolML Lint');
  const status = vscode.window.createStatusBarItem('molml.lint', vscode.StatusBarAlignment.Left, 50);
  status.name = 'MolML Lint';
  status.command = 'molml.lintDataset';
  let client: LintClient | undefined;
  context.subscriptions.push(collection, report, status, { dispose: () => client?.dispose() });

  const updateStatus = (s?: { uri: string; state: string; done?: number; total?: number; result?: FileLintResult }) => {
    const active = vscode.window.activeTextEditor?.document;
    if (!active || !LintClient.lintable(active)) {
      status.hide();
      return;
    }
    if (s && s.uri !== active.uri.toString()) return;
    if (s?.state === 'running') {
      status.text = `$(sync~spin) MolML lint${s.total ? ` ${Math.round((100 * (s.done ?? 0)) / s.total)}%` : ''}`;
      status.tooltip = s.total ? `Checking ${s.done} of ${s.total} molecules` : 'Checking molecules';
    } else if (s?.state === 'too-large') {
      status.text = '$(warning) MolML lint: large file';
      status.tooltip = 'Over molml.lint.maxFileSizeMB: click to lint it now';
    } else if (s?.state === 'failed') {
      status.text = '$(error) MolML lint failed';
      status.tooltip = 'See the MolML output';
    } else {
      const result = s?.result ?? client?.result(active.uri);
      if (!result) {
        status.text = 'MolML lint';
        status.tooltip = 'Lint this dataset';
      } else {
        const errors = result.diagnostics.filter(d => d.severity === 'error').length;
        const warnings = result.diagnostics.filter(d => d.severity === 'warning').length;
        status.text = `$(beaker) ${errors} $(error) ${warnings} $(warning)`;
        status.tooltip = `MolML lint: ${result.rows} rows, ${result.diagnostics.length} findings (click for the report)`;
      }
    }
    status.show();
  };

  const start = async () => {
    const config = await loadLintConfig(output);
    if (client && !lintEnabled()) {
      for (const doc of vscode.workspace.textDocuments) client.close(doc);
      collection.clear();
      return;
    }
    if (client) {
      client.setConfig(config);
      for (const doc of vscode.workspace.textDocuments)
        if (LintClient.lintable(doc) && !client.isOpen(doc.uri)) client.openDocument(doc);
      return;
    }
    client = new LintClient(context.extensionPath, collection, output, config);
    client.onStatus.event(updateStatus);
    if (!lintEnabled()) return;
    for (const doc of vscode.workspace.textDocuments) if (LintClient.lintable(doc)) client.openDocument(doc);
  };
  const ready = start();

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(doc => {
      void ready.then(() => {
        if (lintEnabled() && LintClient.lintable(doc)) client?.openDocument(doc);
      });
    }),
    vscode.workspace.onDidChangeTextDocument(e => client?.change(e)),
    vscode.workspace.onDidCloseTextDocument(doc => client?.close(doc)),
    vscode.window.onDidChangeActiveTextEditor(() => updateStatus()),
    vscode.workspace.onDidChangeConfiguration(e => {
      if (e.affectsConfiguration('molml.lint')) void start();
    }),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new LintCodeActions(uri => client?.result(uri)), {
      providedCodeActionKinds: LintCodeActions.kinds,
    }),
  );
  context.subscriptions.push(
    vscode.commands.registerCommand(SAVE_CONFIG_COMMAND, async (uri: vscode.Uri) => {
      const doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
      if (doc?.isDirty) await doc.save();
      await start();
    }),
  );
  const watcher = vscode.workspace.createFileSystemWatcher('**/{molml.lint.json,.molmlrc}');
  watcher.onDidChange(() => void start());
  watcher.onDidCreate(() => void start());
  watcher.onDidDelete(() => void start());
  context.subscriptions.push(watcher);

  const show = (results: FileLintResult[]) => {
    report.clear();
    report.append(markdownReport(results, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath));
    report.show(true);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(
      'molml.lintDataset',
      async (uri?: vscode.Uri): Promise<FileLintResult | undefined> => {
        await ready;
        const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
        if (!document || !LintClient.lintable(document)) {
          void vscode.window.showWarningMessage('MolML: open a CSV, TSV, .smi or SDF file to lint it.');
          return undefined;
        }
        let result = client!.isOpen(document.uri) ? client!.result(document.uri) : undefined;
        if (!result) {
          const next = client!.nextResult(document.uri);
          client!.openDocument(document, true);
          result = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: 'MolML: linting' },
            () => next,
          );
        }
        show([result]);
        return result;
      },
    ),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand('molml.lintWorkspace', async (): Promise<FileLintResult[]> => {
      const config = await loadLintConfig(output);
      const uris = await vscode.workspace.findFiles('**/*.{csv,tsv,smi,sdf}', '**/{node_modules,.git}/**', 500);
      const limit = config.maxFileSizeMB * 1024 * 1024;
      return vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'MolML: linting the workspace', cancellable: true },
        async (progress, token) => {
          const pool = new WorkerPool(Math.max(1, Math.min(2, os.availableParallelism() - 1)), {
            noStereo: config.duplicates.ignoreStereo,
          });
          const linted: LintedFile[] = [];
          try {
            for (const uri of uris) {
              if (token.isCancellationRequested) break;
              progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / uris.length });
              const bytes = await vscode.workspace.fs.readFile(uri);
              if (bytes.length > limit) {
                output.info(`MolML lint: skipped ${uri.fsPath} (over ${config.maxFileSizeMB} MB)`);
                continue;
              }
              linted.push(await lintText(uri.fsPath, new TextDecoder().decode(bytes), config, pool));
            }
          } finally {
            await pool.close();
          }
          splitLeakage(linted, config);
          const results = linted.map(l => l.result);
          show(results);
          return results;
        },
      );
    }),
  );
}
