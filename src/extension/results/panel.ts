// The results webview panel: one per command run, showing a ResultsPayload. Messages from the view are validated
// (protocol shapes, then ids and SMILES checked against the payload this panel sent) before anything happens.
import * as vscode from 'vscode';
import path from 'node:path';
import { localResourceRoots, webviewHtml } from '../webview/html';
import { createDispatcher } from '../webview/dispatcher';
import { toHostShapes, type ResultsPayload, type ToHost, type ToWebview } from '../../common/results/protocol';
import { viewRows } from '../../common/results/table-model';
import { payloadCsv } from './payloads';
import type { ModelClient } from '../model/client';

export const RESULTS_VIEW_TYPE = 'molml.results';
const DEPICTION_SIZE = 160;

export interface ResultsSource {
  uri: vscode.Uri;
  /** 0-based file line of each result row (by row id). */
  lines: number[];
}

export class ResultsPanel {
  private ready = false;
  private readonly pending: ToWebview[] = [];
  private readonly smiles: Set<string>;
  private readonly svgs = new Map<string, string | null>();
  private deliver!: (rows: number | false) => void;
  /** Resolves with the number of rows once the view has received the results (false if it closed first or never loaded). */
  readonly delivered = new Promise<number | false>(resolve => {
    this.deliver = resolve;
  });

  static show(
    extensionUri: vscode.Uri,
    client: ModelClient,
    output: vscode.LogOutputChannel,
    payload: ResultsPayload,
    source: ResultsSource,
  ): ResultsPanel {
    const panel = vscode.window.createWebviewPanel(
      RESULTS_VIEW_TYPE,
      payload.title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        enableForms: false,
        retainContextWhenHidden: true,
        localResourceRoots: localResourceRoots(extensionUri),
      },
    );
    return new ResultsPanel(panel, extensionUri, client, output, payload, source);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly client: ModelClient,
    output: vscode.LogOutputChannel,
    readonly payload: ResultsPayload,
    private readonly source: ResultsSource,
  ) {
    const smilesColumn = payload.columns.findIndex(c => c.role === 'smiles');
    this.smiles = new Set(payload.rows.map(r => String(r.values[smilesColumn] ?? '')));
    panel.webview.html = webviewHtml({
      webview: panel.webview,
      extensionUri,
      title: payload.title,
      script: ['dist', 'webview', 'results', 'main.js'],
      styles: [['media', 'results', 'results.css']],
    });
    const status = (text: string) => this.post({ type: 'status', text });
    const dispatch = createDispatcher<ToHost>(
      'results view',
      toHostShapes,
      {
        ready: async () => {
          this.ready = true;
          const ok = await this.panel.webview.postMessage({
            type: 'results',
            payload: this.payload,
          } satisfies ToWebview);
          this.deliver(ok ? this.payload.rows.length : false);
          for (const m of this.pending.splice(0)) await this.post(m);
        },
        reveal: async m => this.reveal(m.id),
        export: async m => status(await this.export(m)),
        depict: async m => this.depict(m.smiles),
      },
      output,
      text => void status(`Failed: ${text}`),
    );
    panel.webview.onDidReceiveMessage(dispatch);
    panel.onDidDispose(() => this.deliver(false));
    // A view that never loads (no webview support) must not hold the command forever.
    setTimeout(() => this.deliver(false), 30000);
  }

  private async post(m: ToWebview): Promise<void> {
    if (this.ready) await this.panel.webview.postMessage(m);
    else this.pending.push(m);
  }

  /** Opens the source file with the row's line selected. */
  async reveal(id: number): Promise<void> {
    const line = this.source.lines[id];
    if (!Number.isInteger(id) || line === undefined) return;
    const doc = await vscode.workspace.openTextDocument(this.source.uri);
    const range = doc.lineAt(Math.min(line, doc.lineCount - 1)).range;
    await vscode.window.showTextDocument(doc, {
      viewColumn: vscode.ViewColumn.One,
      selection: range,
      preserveFocus: false,
    });
  }

  private async export(view: {
    filter: string;
    flaggedOnly: boolean;
    sortKey: string;
    descending: boolean;
  }): Promise<string> {
    const dir = vscode.Uri.joinPath(this.source.uri, '..');
    const base = path.basename(this.source.uri.path).replace(/\.[^.]+$/, '');
    const target = await vscode.window.showSaveDialog({
      title: 'Export results as CSV',
      defaultUri: vscode.Uri.joinPath(dir, `${base}.results.csv`),
      filters: { CSV: ['csv'] },
      saveLabel: 'Export',
    });
    if (!target) return 'Export cancelled.';
    if (target.toString() === this.source.uri.toString()) return 'Not exported: that is the source file.';
    const shown = viewRows(this.payload.columns, this.payload.rows, view);
    await vscode.workspace.fs.writeFile(target, Buffer.from(payloadCsv(this.payload, shown), 'utf8'));
    return `Exported ${shown.length} rows to ${vscode.workspace.asRelativePath(target)}.`;
  }

  private async depict(smiles: string[]): Promise<void> {
    const wanted = [...new Set(smiles)].filter(s => this.smiles.has(s) && !this.svgs.has(s)).slice(0, 200);
    if (wanted.length) {
      const { svgs } = await this.client.run({ kind: 'depict', smiles: wanted, size: DEPICTION_SIZE });
      wanted.forEach((s, i) => this.svgs.set(s, svgs[i]));
    }
    const out: Record<string, string | null> = {};
    for (const s of smiles) if (this.svgs.has(s)) out[s] = this.svgs.get(s)!;
    await this.post({ type: 'depictions', svgs: out });
  }

  /** Rows delivered to the view (for callers that summarise what was shown). */
  get rowCount(): number {
    return this.payload.rows.length;
  }
}
