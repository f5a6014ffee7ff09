// One molecule grid: a webview panel tied to its source file. The file is read through the VS Code file system
// (or its open document), parsed by src/core/io, and kept in step: edits re-read it, lint diagnostics become card
// badges, the cursor in the source highlights its card, and a card reveals its row in the source.
import * as vscode from 'vscode';
import path from 'node:path';
import { readText, formatOf, type ReadOptions } from '../../core/io';
import { packRows, rowAtLine } from '../../common/grid/data';
import { columnAt, gridSource, type GridSource } from '../../core/grid/source';
import { sanitizeQuery, type GridQuery, type SimilarityMethod } from '../../common/grid/query';
import { rowsAsCsv, rowsAsSmiles } from '../../core/grid/export';
import type { DepictionItem, ScanKind } from '../../common/grid/worker-protocol';
import { columnsFor } from '../../core/lint/config';
import { defaultModelDirectory } from '../../core/model/registry';
import { localResourceRoots, webviewHtml } from '../webview/html';
import { createDispatcher } from '../webview/dispatcher';
import { loadLintConfig } from '../lint/settings';
import {
  toHostProblem,
  toHostShapes,
  type DiagnosticRow,
  type ExportFormat,
  type ToHost,
  type ToWebview,
} from '../../common/grid/protocol';
import { GridWorker } from './worker-client';
import { rememberOpenedGrid, restorableUri, showCannotRestore } from './restore';

export const GRID_VIEW_TYPE = 'molml.moleculeGrid';
const SELECTION_KEY = 'molml.grid.selection:';
/** Rows sent with the view's first message, then per following message. */
const FIRST_ROWS = 2000;
const MORE_ROWS = 10000;

export interface OpenTarget {
  line?: number;
  smiles?: string;
}

export class GridPanel implements vscode.Disposable {
  private static readonly open = new Map<string, GridPanel>();
  private source?: GridSource;
  private ready = false;
  private pending: ToWebview[] = [];
  private target: OpenTarget = {};
  private readonly worker: GridWorker;
  private readonly disposables: vscode.Disposable[] = [];
  private reloadTimer?: NodeJS.Timeout;
  private scanKeys = new Map<ScanKind, string>();
  private initGeneration = 0;
  /** Depiction requests being answered. */
  private depicting = 0;
  private depicted = 0;
  /** Called when the last depiction request being answered is posted (see depictionsIdle). */
  private idleWaiters: Array<() => void> = [];

  /** Opens (or reveals) the grid of `uri`, focusing a line or a molecule when asked. */
  static async show(
    context: vscode.ExtensionContext,
    output: vscode.LogOutputChannel,
    uri: vscode.Uri,
    target: OpenTarget = {},
  ): Promise<GridPanel> {
    const existing = GridPanel.open.get(uri.toString());
    if (existing) {
      existing.panel.reveal(undefined, false);
      // Only a new line or molecule to focus needs the view re-initialised.
      if (target.line !== undefined || target.smiles) {
        existing.target = target;
        await existing.sendInit();
      }
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      GRID_VIEW_TYPE,
      GridPanel.title(uri),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      {
        enableScripts: true,
        enableForms: false,
        retainContextWhenHidden: true,
        localResourceRoots: localResourceRoots(context.extensionUri),
      },
    );
    const grid = new GridPanel(panel, uri, context, output);
    grid.target = target;
    await rememberOpenedGrid(context, uri);
    await grid.load();
    return grid;
  }

  /**
   * Rebuilds a grid VS Code restored after a reload, from the state its webview saved: only for a file the user
   * opened as a grid in this workspace (see restore.ts); otherwise the panel says why it cannot come back.
   */
  static async restore(
    context: vscode.ExtensionContext,
    output: vscode.LogOutputChannel,
    panel: vscode.WebviewPanel,
    state: unknown,
  ): Promise<void> {
    const restorable = restorableUri(context, state);
    if ('reason' in restorable) {
      output.warn(`molecule grid: not restored: ${restorable.reason}`);
      showCannotRestore(panel, restorable.reason);
      return;
    }
    const { uri } = restorable;
    await rememberOpenedGrid(context, uri);
    panel.webview.options = {
      enableScripts: true,
      enableForms: false,
      localResourceRoots: localResourceRoots(context.extensionUri),
    };
    const grid = new GridPanel(panel, uri, context, output);
    await grid.load();
  }

  static forUri(uri: vscode.Uri): GridPanel | undefined {
    return GridPanel.open.get(uri.toString());
  }

  private static title(uri: vscode.Uri): string {
    return `Molecules: ${path.posix.basename(uri.path)}`;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    readonly uri: vscode.Uri,
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {
    GridPanel.open.set(uri.toString(), this);
    this.worker = GridWorker.forExtension(context.extensionPath, m => output.error(m));
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
    panel.webview.html = webviewHtml({
      webview: panel.webview,
      extensionUri: context.extensionUri,
      title: GridPanel.title(uri),
      script: ['dist', 'webview', 'grid', 'main.js'],
      styles: [['dist', 'webview', 'grid', 'main.css']],
    });
    const status = (text: string) => void this.post({ type: 'status', text });
    const dispatch = createDispatcher<ToHost>(
      'molecule grid',
      toHostShapes,
      {
        ready: async () => {
          this.ready = true;
          await this.sendInit();
          for (const m of this.pending.splice(0)) await this.post(m);
        },
        depict: async m => {
          // Always answered (empty on failure): the view keeps only a few requests in flight.
          this.depicting++;
          let items: DepictionItem[] = [];
          try {
            items = await this.worker.depict(m.rows, m.width, m.smarts);
          } catch (e) {
            this.output.warn(`molecule grid: depiction failed: ${(e as Error).message}`);
          }
          try {
            await this.post({ type: 'depictions', items, width: m.width, smarts: m.smarts });
          } finally {
            this.depictionAnswered();
          }
        },
        computeProperties: () => this.runScan('properties', 'properties', {}),
        smarts: m => this.runScan('smarts', m.smarts, { smarts: m.smarts }),
        similarity: m => this.runSimilarity(m.smiles, m.method as SimilarityMethod),
        reveal: m => this.revealRow(m.row),
        selectionChanged: m =>
          this.context.workspaceState.update(SELECTION_KEY + this.uri.toString(), {
            rows: m.rows,
            count: this.source?.data.rows.length ?? 0,
          }),
        export: async m => status(await this.exportRows(m.rows, m.format as ExportFormat)),
        copy: async m => {
          const text = await this.rowsText(m.rows, m.format as ExportFormat);
          await vscode.env.clipboard.writeText(text);
          status(
            `Copied ${m.rows.length} row${m.rows.length === 1 ? '' : 's'} as ${m.format === 'csv' ? 'CSV' : 'SMILES'}.`,
          );
        },
      },
      output,
      text => status(`Failed: ${text}`),
    );
    this.disposables.push(
      panel.webview.onDidReceiveMessage(raw => {
        const problem = toHostProblem(raw, this.source?.data.rows.length ?? 0);
        if (problem && (raw as { type?: unknown })?.type !== 'ready') {
          output.warn(`molecule grid: ignored a webview message (${problem})`);
          return;
        }
        return dispatch(raw);
      }),
      panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidChangeTextDocument(e => {
        if (e.document.uri.toString() === this.uri.toString() && e.contentChanges.length) this.scheduleReload();
      }),
      vscode.languages.onDidChangeDiagnostics(e => {
        if (e.uris.some(u => u.toString() === this.uri.toString())) void this.sendDiagnostics();
      }),
      vscode.window.onDidChangeTextEditorSelection(e => {
        if (e.textEditor.document.uri.toString() !== this.uri.toString() || !this.source) return;
        const row = rowAtLine(this.source.data.rows, e.selections[0].active.line);
        if (row >= 0) void this.post({ type: 'highlightRow', row });
      }),
    );
    if (uri.scheme !== 'untitled') {
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), path.posix.basename(uri.path)),
      );
      this.disposables.push(
        watcher,
        watcher.onDidChange(() => this.scheduleReload()),
      );
    }
  }

  private async post(m: ToWebview): Promise<void> {
    if (this.ready) await this.panel.webview.postMessage(m);
    else if (m.type !== 'depictions' && m.type !== 'chunk' && m.type !== 'rows') this.pending.push(m);
  }

  /** The file's text: the open document when there is one (unsaved edits included), else the file system's. */
  private async readSourceText(): Promise<string> {
    const doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === this.uri.toString());
    if (doc) return doc.getText();
    const bytes = await vscode.workspace.fs.readFile(this.uri);
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
      throw new Error('the file is UTF-16; save it as UTF-8');
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new Error('the file is not valid UTF-8 text');
    }
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  private async readOptions(): Promise<ReadOptions> {
    const config = await loadLintConfig(this.output, vscode.workspace.getWorkspaceFolder(this.uri));
    const c = columnsFor(config, this.uri.path);
    const options: ReadOptions = {};
    if (c.smilesColumn) options.smilesColumn = c.smilesColumn;
    if (c.labelColumns) options.labelColumns = c.labelColumns;
    if (c.idColumn) options.idColumn = c.idColumn;
    return options;
  }

  /** Reads and parses the file, hands its molecules to the worker and (re)initialises the view. */
  async load(): Promise<void> {
    const format = formatOf(this.uri.path);
    try {
      if (!format) throw new Error(`${path.posix.basename(this.uri.path)} is not a CSV, TSV, SMILES or SDF file`);
      const t0 = performance.now();
      const text = await this.readSourceText();
      const t1 = performance.now();
      const table = readText(text, format, await this.readOptions());
      this.source = gridSource(table);
      const t2 = performance.now();
      this.output.info(
        `molecule grid: ${this.uri.toString()}: ${table.rows.length} rows; read ${(t1 - t0).toFixed(0)} ms, parsed ${(t2 - t1).toFixed(0)} ms`,
      );
      this.worker.load(this.source.molecules, this.source.molblocks);
      this.scanKeys.clear();
      await this.sendInit();
    } catch (e) {
      this.source = undefined;
      const message = `MolML: cannot show ${path.posix.basename(this.uri.path)} as a grid: ${(e as Error).message}`;
      this.output.warn(message);
      void vscode.window.showErrorMessage(message);
      await this.post({ type: 'status', text: message });
    }
  }

  /**
   * Resolves once the first depictions were answered and none is being answered now (waiting at most 1.5 s: the
   * rows must arrive in the end).
   */
  private async depictionsIdle(): Promise<void> {
    if (this.depicting === 0 && this.depicted > 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>(resolve => this.idleWaiters.push(resolve)),
      new Promise<void>(resolve => {
        timer = setTimeout(resolve, 1500);
      }),
    ]);
    clearTimeout(timer);
  }

  private depictionAnswered(): void {
    this.depicting--;
    this.depicted++;
    if (this.depicting === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void this.load(), 400);
  }

  private embedding(): { available: boolean; note: string; directory?: string } {
    const directory = defaultModelDirectory(path.join(this.context.extensionPath, 'dist'));
    return directory
      ? { available: true, note: 'Embedding similarity uses the bundled pre-trained encoder.', directory }
      : { available: false, note: 'No pre-trained model is installed: similarity uses ECFP4 Tanimoto only.' };
  }

  private async sendInit(): Promise<void> {
    if (!this.ready || !this.source) return;
    const data = this.source.data;
    const saved = this.context.workspaceState.get<{ rows?: unknown; count?: unknown }>(
      SELECTION_KEY + this.uri.toString(),
    );
    const selection = Array.isArray(saved?.rows)
      ? saved.rows.filter((r): r is number => Number.isInteger(r) && r >= 0 && r < data.rows.length)
      : [];
    const target = this.target;
    this.target = {};
    let focusRow = target.line !== undefined ? rowAtLine(data.rows, target.line) : -1;
    let query: Partial<GridQuery> = {};
    if (target.smiles) {
      const exact = this.source.molecules.findIndex(m => m === target.smiles);
      if (exact >= 0) focusRow = exact;
      query = {
        similarity: { smiles: target.smiles, method: 'ecfp', min: 0 },
        sort: { key: 'similarity', descending: true },
      };
    }
    const { available, note } = this.embedding();
    // The first rows go with init so that cards paint at once; the rest follow in parts.
    const generation = ++this.initGeneration;
    const t0 = performance.now();
    await this.post({
      type: 'init',
      uri: this.uri.toString(),
      file: path.posix.basename(this.uri.path),
      data: { ...data, rows: data.rows.slice(0, FIRST_ROWS) },
      total: data.rows.length,
      selection,
      focusRow,
      query: target.smiles ? sanitizeQuery(query, data) : {},
      embedding: { available, note },
      cardSize: gridCardSize(),
    });
    for (let start = FIRST_ROWS; start < data.rows.length && generation === this.initGeneration; start += MORE_ROWS) {
      // Depictions of the cards in view go first: the rows share the channel to the view with them.
      await this.depictionsIdle();
      await this.post({ type: 'rows', start, rows: packRows(data.rows.slice(start, start + MORE_ROWS)) });
    }
    if (generation === this.initGeneration)
      this.output.info(
        `molecule grid: ${this.uri.toString()}: rows sent to the view in ${(performance.now() - t0).toFixed(0)} ms`,
      );
    await this.sendDiagnostics();
  }

  private async sendDiagnostics(): Promise<void> {
    if (!this.source) return;
    const rows = this.source.data.rows;
    type Entry = { findings: Map<string, DiagnosticRow['findings'][number]>; severity: number; messages: string[] };
    const byRow = new Map<number, Entry>();
    for (const d of vscode.languages.getDiagnostics(this.uri)) {
      const row = rowAtLine(rows, d.range.start.line);
      if (row < 0) continue;
      const code =
        typeof d.code === 'object'
          ? String(d.code.value)
          : d.code === undefined
            ? (d.source ?? 'problem')
            : String(d.code);
      // Which column the finding is about, so that the card does not show it under whatever value is last.
      const cell = columnAt(this.source, row, d.range.start.line, d.range.start.character);
      const entry: Entry = byRow.get(row) ?? { findings: new Map(), severity: d.severity, messages: [] };
      const key = `${code}\u0000${cell?.name ?? ''}`;
      if (!entry.findings.has(key))
        entry.findings.set(key, { code, column: cell?.name ?? '', molecule: cell?.molecule ?? false });
      entry.severity = Math.min(entry.severity, d.severity);
      if (entry.messages.length < 5) entry.messages.push(`${code}${cell ? ` (${cell.name})` : ''}: ${d.message}`);
      byRow.set(row, entry);
    }
    const names = ['error', 'warning', 'info', 'hint'];
    await this.post({
      type: 'diagnostics',
      rows: [...byRow].map(([row, e]) => ({
        row,
        findings: [...e.findings.values()],
        severity: names[e.severity]!,
        messages: e.messages,
      })),
    });
  }

  private async runScan(kind: ScanKind, key: string, options: Parameters<GridWorker['scan']>[2]): Promise<void> {
    if (this.scanKeys.get(kind) === key && kind === 'properties') return;
    this.scanKeys.set(kind, key);
    try {
      await this.worker.scan(
        kind,
        c =>
          void this.post({
            type: 'chunk',
            kind,
            key,
            start: c.start,
            count: c.count,
            done: c.done,
            total: c.total,
            values: c.values.map(v => (Number.isFinite(v) ? v : null)),
          }),
        options,
      );
    } catch (e) {
      if (this.scanKeys.get(kind) === key) this.scanKeys.delete(kind);
      await this.post({ type: 'scanError', kind, key, message: (e as Error).message });
    }
  }

  private runSimilarity(smiles: string, method: SimilarityMethod): Promise<void> {
    const model = this.embedding();
    if (method === 'embedding' && !model.available) {
      return this.post({ type: 'scanError', kind: 'similarity', key: `${method}:${smiles}`, message: model.note });
    }
    return this.runScan('similarity', `${method}:${smiles}`, { smiles, method, modelDirectory: model.directory });
  }

  /** Selects the row's lines in the source editor, opening it beside the grid when it is not visible. */
  async revealRow(row: number): Promise<void> {
    const r = this.source?.data.rows[row];
    if (!r) return;
    const doc = await vscode.workspace.openTextDocument(this.uri);
    const visible = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === this.uri.toString());
    const column =
      visible?.viewColumn ??
      (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    const last = Math.min(r.lastLine, doc.lineCount - 1);
    const range = new vscode.Range(r.line, 0, last, doc.lineAt(last).text.length);
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: column,
      preserveFocus: false,
      selection: range,
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async rowsText(rows: number[], format: ExportFormat): Promise<string> {
    const source = this.source;
    if (!source) throw new Error('the grid has no data');
    const needSmiles = format === 'smiles' || source.molblocks;
    const smiles = needSmiles ? await this.worker.smiles(rows) : undefined;
    return format === 'csv'
      ? rowsAsCsv(source.data, rows, source.molblocks ? smiles : undefined)
      : rowsAsSmiles(source.data, rows, smiles!);
  }

  /** Writes the rows to a file the user picks; never the grid's own source file. */
  private async exportRows(rows: number[], format: ExportFormat): Promise<string> {
    if (!rows.length) return 'Nothing is selected.';
    const base = path.posix.basename(this.uri.path).replace(/\.[^.]+$/, '');
    const ext = format === 'csv' ? 'csv' : 'smi';
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(this.uri, '..', `${base}-selection.${ext}`),
      filters: format === 'csv' ? { CSV: ['csv'] } : { SMILES: ['smi', 'smiles'] },
      saveLabel: 'Export selection',
    });
    if (!target) return 'Export cancelled.';
    if (target.toString() === this.uri.toString()) {
      void vscode.window.showWarningMessage(
        'MolML: the selection cannot be written over the file the grid shows. Choose another name.',
      );
      return 'Not exported: that is the source file.';
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(await this.rowsText(rows, format)));
    return `Exported ${rows.length} row${rows.length === 1 ? '' : 's'} to ${path.posix.basename(target.path)}.`;
  }

  dispose(): void {
    if (GridPanel.open.get(this.uri.toString()) === this) GridPanel.open.delete(this.uri.toString());
    clearTimeout(this.reloadTimer);
    this.worker.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** molml.grid.cardSize, clamped to what the view supports. */
export function gridCardSize(): number {
  const v = vscode.workspace.getConfiguration('molml.grid').get<number>('cardSize', 180);
  return Number.isFinite(v) ? Math.min(400, Math.max(120, Math.round(v))) : 180;
}
