// The "Chemical Pre-trained Models" webview view: the browser-side UI (webview/survey/main.ts) bundles the catalog
// and does search and filtering itself; the host does everything that touches the editor.
import * as vscode from 'vscode';
import { localResourceRoots, webviewHtml } from '../webview/html';
import { createDispatcher } from '../webview/dispatcher';
import { toHostShapes, type Tab, type ToHost, type ToWebview } from '../../../webview/survey/protocol';
import { copyBibtex, copyCitation, findReference, insertCitation, openReferenceLink } from './actions';
import { readOwnMetrics } from './ownMetricsFile';

export const SURVEY_VIEW_ID = 'molml.survey';

export class SurveyViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  /** Messages for a view that is not showing yet (reveal/showTab before the first resolve). */
  private pending: ToWebview[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly output: vscode.LogOutputChannel) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    view.webview.options = { enableScripts: true, enableForms: false, localResourceRoots: localResourceRoots(this.extensionUri) };
    view.webview.html = webviewHtml({
      webview: view.webview, extensionUri: this.extensionUri, title: 'Chemical Pre-trained Models',
      script: ['dist', 'webview', 'survey', 'main.js'], styles: [['media', 'survey', 'survey.css']],
    });
    const status = (text: string) => this.post({ type: 'status', text });
    const dispatch = createDispatcher<ToHost>('survey view', toHostShapes, {
      ready: async () => {
        this.ready = true;
        await this.post({ type: 'ownMetrics', metrics: await readOwnMetrics(this.extensionUri) });
        for (const m of this.pending.splice(0)) await this.post(m);
      },
      openLink: async m => {
        const opened = await openReferenceLink(findReference(m.id), m.url);
        this.output.info(`survey view: open ${m.url} → ${opened ? 'opened' : 'not opened'}`);
      },
      copyBibtex: async m => status(await copyBibtex(findReference(m.id))),
      copyCitation: async m => status(await copyCitation(findReference(m.id))),
      insertCitation: async m => status(await insertCitation(findReference(m.id))),
    }, this.output, text => void status(`Failed: ${text}`));
    view.webview.onDidReceiveMessage(dispatch);
    view.onDidDispose(() => { if (this.view === view) { this.view = undefined; this.ready = false; } });
  }

  private async post(m: ToWebview): Promise<void> {
    if (this.view && this.ready) await this.view.webview.postMessage(m);
    else this.pending.push(m);
  }

  /** Shows the view (resolving it if needed) and opens a reference's detail. */
  async reveal(id: string): Promise<void> {
    findReference(id);
    await this.show();
    await this.post({ type: 'reveal', id });
  }

  async showTab(tab: Tab): Promise<void> {
    await this.show();
    await this.post({ type: 'showTab', tab });
  }

  private async show(): Promise<void> {
    if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand(`${SURVEY_VIEW_ID}.focus`);
  }
}
