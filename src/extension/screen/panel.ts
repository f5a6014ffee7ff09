// The screen results view: one webview panel per screen folder. Pages, counts and histograms are DuckDB queries on
// the folder's parquet parts (src/core/screen/table.ts: DuckDB runs them in its own threads, the extension host
// only awaits them); depictions of the rows in view come from the grid's RDKit worker. A screen still running adds
// parts: the panel re-reads the folder when its manifest or shard progress changes and tells the view.
import * as vscode from 'vscode';
import path from 'node:path';
import { ScreenTable, type ScreenFolder } from '../../core/screen/table';
import { partTotals } from '../../core/screen/folder';
import { localResourceRoots, webviewHtml } from '../webview/html';
import { createDispatcher } from '../webview/dispatcher';
import {
  toHostProblem,
  toHostShapes,
  type DepictedSmiles,
  type ScreenSummary,
  type ToHost,
  type ToWebview,
} from '../../common/screen/protocol';
import { GridWorker } from '../grid/worker-client';

export const SCREEN_VIEW_TYPE = 'molml.screenResults';

export function screenSummary(folder: ScreenFolder): ScreenSummary {
  const m = folder.manifest;
  const totals = partTotals(m.parts);
  return {
    folder: path.basename(folder.dir),
    input: path.basename(m.input.path),
    model: m.model?.name ?? (m.head ? path.basename(m.head.file) : 'none'),
    tasks: m.tasks.map(t => ({ name: t.name, kind: t.kind, ...(t.unit ? { unit: t.unit } : {}) })),
    device: m.device ?? '',
    precision: m.precision ?? '',
    rows: totals.rows,
    refused: totals.refused,
    inputRows: m.input.rows,
    finished: m.finished,
    updated: m.updated,
    refusedFiles: m.refused,
  };
}

export class ScreenPanel implements vscode.Disposable {
  private static readonly open = new Map<string, ScreenPanel>();
  private ready = false;
  private disposed = false;
  private readonly worker: GridWorker;
  private readonly disposables: vscode.Disposable[] = [];
  private reloadTimer?: NodeJS.Timeout;
  private deliver!: () => void;
  /** Resolves once the view has shown the folder's first page (for tests and the screen command). */
  readonly shown = new Promise<void>(resolve => {
    this.deliver = resolve;
  });

  /** Opens (or reveals) the results of the screen folder `dir`. */
  static async show(
    context: vscode.ExtensionContext,
    output: vscode.LogOutputChannel,
    dir: string,
  ): Promise<ScreenPanel> {
    const key = path.resolve(dir);
    const existing = ScreenPanel.open.get(key);
    if (existing) {
      existing.panel.reveal(undefined, false);
      existing.scheduleReload(0);
      return existing;
    }
    const table = await ScreenTable.open(key);
    const panel = vscode.window.createWebviewPanel(
      SCREEN_VIEW_TYPE,
      `Screen: ${path.basename(key)}`,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      {
        enableScripts: true,
        enableForms: false,
        retainContextWhenHidden: true,
        localResourceRoots: localResourceRoots(context.extensionUri),
      },
    );
    return new ScreenPanel(panel, table, context, output);
  }

  static forFolder(dir: string): ScreenPanel | undefined {
    return ScreenPanel.open.get(path.resolve(dir));
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly table: ScreenTable,
    context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {
    const dir = table.folder.dir;
    ScreenPanel.open.set(dir, this);
    this.worker = GridWorker.forExtension(context.extensionPath, m => output.error(m));
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
    panel.webview.html = webviewHtml({
      webview: panel.webview,
      extensionUri: context.extensionUri,
      title: `Screen: ${path.basename(dir)}`,
      script: ['dist', 'webview', 'screen', 'main.js'],
      styles: [['dist', 'webview', 'screen', 'main.css']],
    });
    const dispatch = createDispatcher<ToHost>(
      'screen results',
      toHostShapes,
      {
        ready: () => {
          this.ready = true;
          return this.sendInit();
        },
        page: async m => {
          const t0 = performance.now();
          try {
            const page = await this.table.page(m);
            await this.post({ type: 'page', id: m.id, ...page, millis: performance.now() - t0 });
            if (page.rows.length || page.total === 0) this.deliver();
          } catch (e) {
            await this.post({ type: 'failed', id: m.id, message: (e as Error).message });
          }
        },
        histogram: async m => {
          const t0 = performance.now();
          try {
            const histogram = await this.table.histogram(m.column, m.bins, m.filters);
            await this.post({ type: 'histogram', id: m.id, histogram, millis: performance.now() - t0 });
          } catch (e) {
            await this.post({ type: 'failed', id: m.id, message: (e as Error).message });
          }
        },
        depict: async m => {
          let items: DepictedSmiles[] = m.smiles.map(smiles => ({ smiles, error: 'not drawn' }));
          try {
            const drawn = await this.worker.depictSmiles(m.smiles, m.width);
            items = drawn.map(d => ({ smiles: m.smiles[d.row], ...(d.url ? { url: d.url } : { error: d.error }) }));
          } catch (e) {
            this.output.warn(`screen results: depiction failed: ${(e as Error).message}`);
          }
          await this.post({ type: 'depictions', items, width: m.width });
        },
        openRefused: async m => {
          const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, m.file)));
          await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
        },
      },
      output,
      text => void this.post({ type: 'status', text: `Failed: ${text}` }),
    );
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(dir), '{manifest.json,shards/*.json,refused*.csv}'),
    );
    this.disposables.push(
      panel.webview.onDidReceiveMessage(raw => {
        const problem = toHostProblem(raw, this.table.columns, this.table.folder.manifest.refused);
        if (problem) {
          output.warn(`screen results: ignored a webview message (${problem})`);
          return;
        }
        return dispatch(raw);
      }),
      panel.onDidDispose(() => this.dispose()),
      watcher,
      watcher.onDidChange(() => this.scheduleReload()),
      watcher.onDidCreate(() => this.scheduleReload()),
    );
  }

  /** Posts to the view; answers to requests that arrive after the panel closed are dropped. */
  private async post(m: ToWebview): Promise<void> {
    if (!this.ready || this.disposed) return;
    try {
      await this.panel.webview.postMessage(m);
    } catch (e) {
      if (!this.disposed) throw e;
    }
  }

  private sendInit(): Promise<void> {
    return this.post({ type: 'init', summary: screenSummary(this.table.folder), columns: [...this.table.columns] });
  }

  /** Re-reads the folder soon (parts arrive in bursts while a screen runs). */
  scheduleReload(delayMs = 500): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.table.reload().then(
        () => this.sendInit(),
        e => this.output.warn(`screen results: cannot re-read ${this.table.folder.dir}: ${(e as Error).message}`),
      );
    }, delayMs);
  }

  dispose(): void {
    this.disposed = true;
    if (ScreenPanel.open.get(this.table.folder.dir) === this) ScreenPanel.open.delete(this.table.folder.dir);
    clearTimeout(this.reloadTimer);
    this.worker.dispose();
    this.table.close();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
