// The survey UI in a webview: the "Chemical Pre-trained Models" side view (browse and detail), and the benchmark
// comparison in an editor tab, where its wide tables fit. The browser side (webview/survey/main.ts) bundles the catalog and does search and
// filtering itself; the host does everything that touches the editor.
import * as vscode from 'vscode';
import { localResourceRoots, webviewHtml } from '../webview/html';
import { createDispatcher } from '../webview/dispatcher';
import { toHostShapes, type ToHost, type ToWebview } from '../../common/survey/protocol';
import { copyBibtex, copyCitation, findReference, insertCitation, openReferenceLink } from './actions';
import { readOwnMetrics } from './ownMetricsFile';

export const SURVEY_VIEW_ID = 'molml.survey';
export const COMPARE_PANEL_TYPE = 'molml.surveyCompare';

/** One live survey webview: its HTML, its validated message handling, and a queue until its script is ready. */
class SurveyWebview {
  private ready = false;
  private pending: ToWebview[] = [];

  constructor(
    private readonly webview: vscode.Webview,
    extensionUri: vscode.Uri,
    output: vscode.LogOutputChannel,
    disposables: vscode.Disposable[],
    openComparison: () => Promise<void>,
  ) {
    webview.options = { enableScripts: true, enableForms: false, localResourceRoots: localResourceRoots(extensionUri) };
    webview.html = webviewHtml({
      webview,
      extensionUri,
      title: 'Chemical Pre-trained Models',
      script: ['dist', 'webview', 'survey', 'main.js'],
      styles: [['media', 'survey', 'survey.css']],
    });
    const status = (text: string) => this.post({ type: 'status', text });
    const dispatch = createDispatcher<ToHost>(
      'survey view',
      toHostShapes,
      {
        ready: async () => {
          this.ready = true;
          await this.post({ type: 'ownMetrics', metrics: await readOwnMetrics(extensionUri) });
          for (const m of this.pending.splice(0)) await this.post(m);
        },
        openLink: async m => {
          const opened = await openReferenceLink(findReference(m.id), m.url);
          output.info(`survey view: open ${m.url} → ${opened ? 'opened' : 'not opened'}`);
        },
        copyBibtex: async m => status(await copyBibtex(findReference(m.id))),
        copyCitation: async m => status(await copyCitation(findReference(m.id))),
        insertCitation: async m => status(await insertCitation(findReference(m.id))),
        openComparison,
      },
      output,
      text => void status(`Failed: ${text}`),
    );
    disposables.push(webview.onDidReceiveMessage(dispatch));
  }

  async post(m: ToWebview): Promise<void> {
    if (this.ready) await this.webview.postMessage(m);
    else this.pending.push(m);
  }
}

export class SurveyViewProvider implements vscode.WebviewViewProvider {
  private view: { host: vscode.WebviewView; ui: SurveyWebview } | undefined;
  /** Messages for a view that is not resolved yet (a reveal that caused the view to open). */
  private early: ToWebview[] = [];
  private panel: { host: vscode.WebviewPanel; ui: SurveyWebview } | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(host: vscode.WebviewView): void {
    const disposables: vscode.Disposable[] = [];
    const ui = new SurveyWebview(host.webview, this.extensionUri, this.output, disposables, () =>
      this.openComparison(),
    );
    this.view = { host, ui };
    for (const m of this.early.splice(0)) void ui.post(m);
    host.onDidDispose(() => {
      vscode.Disposable.from(...disposables).dispose();
      if (this.view?.host === host) this.view = undefined;
    });
  }

  /** Shows the side view (resolving it if needed) and opens a reference's detail there. */
  async reveal(id: string): Promise<void> {
    findReference(id);
    await this.postToView({ type: 'reveal', id });
  }

  private async postToView(m: ToWebview): Promise<void> {
    if (this.view) {
      this.view.host.show(true);
      await this.view.ui.post(m);
      return;
    }
    this.early.push(m);
    await vscode.commands.executeCommand(`${SURVEY_VIEW_ID}.focus`);
  }

  /** The benchmark comparison needs width: the same UI in an editor tab, opened on its Compare tab. */
  async openComparison(): Promise<void> {
    if (this.panel) {
      this.panel.host.reveal();
      return;
    }
    const host = vscode.window.createWebviewPanel(
      COMPARE_PANEL_TYPE,
      'Benchmark Comparison',
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        localResourceRoots: localResourceRoots(this.extensionUri),
      },
    );
    host.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'molml-activity.svg');
    const disposables: vscode.Disposable[] = [];
    const ui = new SurveyWebview(host.webview, this.extensionUri, this.output, disposables, () =>
      this.openComparison(),
    );
    this.panel = { host, ui };
    host.onDidDispose(() => {
      vscode.Disposable.from(...disposables).dispose();
      this.panel = undefined;
    });
    await ui.post({ type: 'showTab', tab: 'compare' });
  }
}
