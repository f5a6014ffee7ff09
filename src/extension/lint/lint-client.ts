// Keeps the lint worker in step with the open documents: full text on open, only the changes on each edit, and
// the findings back as diagnostics. The worker runs off the extension host's thread, so typing never waits on RDKit.
import * as vscode from 'vscode';
import path from 'node:path';
import { formatOf } from '../../core/io/format';
import type { LintConfig } from '../../core/lint/config';
import type { FileLintResult } from '../../core/lint/file-linter';
import type { LintEvents, LintNotes } from '../../core/lint/worker-protocol';
import { RpcClient, type EventOf } from '../../core/worker-rpc';
import { toDiagnostic } from './diagnostics';
import { applyLintDelta, type LintDelta } from '../../core/lint/delta';
import type { LintDiagnostic } from '../../core/lint/rules';

export interface LintStatus {
  uri: string;
  state: 'running' | 'done' | 'too-large' | 'failed';
  done?: number;
  total?: number;
  result?: FileLintResult;
}

export class LintClient implements vscode.Disposable {
  private readonly worker: RpcClient<Record<never, never>, LintNotes, LintEvents>;
  private readonly open = new Set<string>();
  private readonly results = new Map<string, FileLintResult>();
  private readonly waiters = new Map<string, Array<(r: FileLintResult) => void>>();
  /** Editor diagnostics per finding: a delta keeps most findings as the same objects, so most are reused. */
  private readonly converted = new WeakMap<LintDiagnostic, vscode.Diagnostic>();
  readonly onStatus = new vscode.EventEmitter<LintStatus>();

  constructor(
    extensionPath: string,
    private readonly collection: vscode.DiagnosticCollection,
    private readonly output: vscode.LogOutputChannel,
    private config: LintConfig,
  ) {
    this.worker = new RpcClient(path.join(extensionPath, 'dist', 'workers', 'lint-worker.js'), {
      name: 'lint worker',
      onEvent: e => this.receive(e),
      log: m => this.output.error(`MolML ${m}`),
      // A new worker knows no document: they are sent again as they are edited or opened.
      onExit: () => this.open.clear(),
    });
  }

  private receive(e: EventOf<LintEvents>): void {
    if (e.name === 'progress') {
      const r = e.value;
      this.onStatus.fire({ uri: r.uri, state: 'running', done: r.done, total: r.total });
    } else if (e.name === 'failed') {
      const r = e.value;
      this.output.error(`MolML lint of ${r.uri} failed: ${r.message}`);
      this.onStatus.fire({ uri: r.uri, state: 'failed' });
    } else {
      const r = e.value;
      if (!this.open.has(r.uri)) return;
      const uri = vscode.Uri.parse(r.uri);
      const base = this.results.get(r.uri);
      if (r.delta !== undefined && !base) {
        // Cannot happen while the worker and this client agree on what was sent; start the document over.
        this.output.error(
          `MolML lint: ${r.uri}: a change to a result this client does not have; linting the file again`,
        );
        const document = vscode.workspace.textDocuments.find(d => d.uri.toString() === r.uri);
        if (document) this.openDocument(document, true);
        return;
      }
      // Every result is the base of the worker's next delta, so it is kept even when a newer edit makes it stale.
      const result =
        r.delta !== undefined
          ? applyLintDelta(base!, JSON.parse(r.delta) as LintDelta)
          : (JSON.parse(r.result!) as FileLintResult);
      this.results.set(r.uri, result);
      const doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === r.uri);
      if (doc && doc.version !== r.version) return; // a newer edit is on its way
      this.collection.set(
        uri,
        result.diagnostics.map(d => {
          let converted = this.converted.get(d);
          if (!converted) {
            converted = toDiagnostic(d);
            this.converted.set(d, converted);
          }
          return converted;
        }),
      );
      this.output.debug(
        `MolML lint: ${r.uri} v${r.version}: ${result.diagnostics.length} findings in ${r.millis.toFixed(0)} ms`,
      );
      this.onStatus.fire({ uri: r.uri, state: 'done', result });
      for (const resolve of this.waiters.get(r.uri) ?? []) resolve(result);
      this.waiters.delete(r.uri);
    }
  }

  static lintable(document: vscode.TextDocument): boolean {
    return (
      (document.uri.scheme === 'file' ||
        document.uri.scheme === 'untitled' ||
        document.uri.scheme === 'vscode-remote') &&
      formatOf(document.fileName) !== undefined
    );
  }

  /** Starts linting a document (or re-sends it after a configuration change). `force` lints files over the size limit. */
  openDocument(document: vscode.TextDocument, force = false): void {
    const format = formatOf(document.fileName);
    if (!format) return;
    const uri = document.uri.toString();
    const text = document.getText();
    if (!force && text.length > this.config.maxFileSizeMB * 1024 * 1024) {
      this.onStatus.fire({ uri, state: 'too-large' });
      return;
    }
    this.open.add(uri);
    this.onStatus.fire({ uri, state: 'running' });
    this.worker.notify('open', {
      uri,
      fileName: document.fileName,
      format,
      version: document.version,
      text,
      config: this.config,
    });
  }

  change(event: vscode.TextDocumentChangeEvent): void {
    const uri = event.document.uri.toString();
    if (!this.open.has(uri) || event.contentChanges.length === 0) return;
    // VS Code reports simultaneous changes against the old text; applied from the bottom up they stay valid.
    const changes = [...event.contentChanges]
      .sort((a, b) => b.range.start.compareTo(a.range.start))
      .map(c => ({
        startLine: c.range.start.line,
        startCharacter: c.range.start.character,
        endLine: c.range.end.line,
        endCharacter: c.range.end.character,
        text: c.text,
      }));
    this.worker.notify('change', { uri, version: event.document.version, changes });
  }

  close(document: vscode.TextDocument): void {
    const uri = document.uri.toString();
    if (!this.open.delete(uri)) return;
    this.results.delete(uri);
    this.collection.delete(document.uri);
    this.worker.notify('close', { uri });
  }

  setConfig(config: LintConfig): void {
    this.config = config;
    if (this.worker.running) this.worker.notify('config', { config });
  }

  isOpen(uri: vscode.Uri): boolean {
    return this.open.has(uri.toString());
  }
  result(uri: vscode.Uri): FileLintResult | undefined {
    return this.results.get(uri.toString());
  }

  /** The next result for a document (after an edit or a forced lint). */
  nextResult(uri: vscode.Uri): Promise<FileLintResult> {
    return new Promise(resolve => {
      const key = uri.toString();
      this.waiters.set(key, [...(this.waiters.get(key) ?? []), resolve]);
    });
  }

  dispose(): void {
    void this.worker.terminate();
    this.onStatus.dispose();
  }
}
