// The HTML shell of every MolML webview: a strict CSP (nothing remote, scripts and styles only from the extension
// or carrying this page's nonce), the bundled module script, and no content from files: views render their data
// from messages or bundled modules with textContent, never by string interpolation.
import * as vscode from 'vscode';
import { contentSecurityPolicy, escapeHtml, newNonce } from './csp';

export interface WebviewHtmlOptions {
  webview: vscode.Webview;
  extensionUri: vscode.Uri;
  /** Path of the bundled script below the extension root, e.g. ['dist', 'webview', 'survey', 'main.js']. */
  script: readonly string[];
  /** Stylesheets below the extension root. */
  styles?: ReadonlyArray<readonly string[]>;
  title: string;
}

/** Where a webview may load files from: the webview bundles and the media folder. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewHtml(o: WebviewHtmlOptions): string {
  const nonce = newNonce();
  const uri = (p: readonly string[]) =>
    escapeHtml(o.webview.asWebviewUri(vscode.Uri.joinPath(o.extensionUri, ...p)).toString());
  const links = (o.styles ?? []).map(s => `<link rel="stylesheet" nonce="${nonce}" href="${uri(s)}">`).join('\n  ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(o.webview.cspSource, nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <title>${escapeHtml(o.title)}</title>
  ${links}
</head>
<body>
  <main id="app" aria-busy="true"></main>
  <script type="module" nonce="${nonce}" src="${uri(o.script)}"></script>
</body>
</html>`;
}
