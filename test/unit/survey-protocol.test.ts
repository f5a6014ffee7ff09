// The survey webview's message protocol and the shared webview plumbing: what the host accepts from untrusted
// webview content, and the content security policy every MolML webview gets.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { messageProblem, parseMessage } from '../../src/common/messages';
import { toHostShapes, toWebviewShapes, type ToHost } from '../../src/common/survey/protocol';
import { contentSecurityPolicy, escapeHtml, newNonce } from '../../src/extension/webview/csp';

describe('survey webview protocol', () => {
  it('accepts exactly the declared messages', () => {
    const ok: ToHost[] = [
      { type: 'ready' },
      { type: 'openLink', id: 'molclr-2022', url: 'https://arxiv.org/abs/2102.10056' },
      { type: 'copyBibtex', id: 'x' },
      { type: 'copyCitation', id: 'x' },
      { type: 'insertCitation', id: 'x' },
    ];
    for (const m of ok) assert.deepEqual(parseMessage(toHostShapes, m), m);
  });

  it('rejects unknown types, missing, mistyped and extra fields, and oversized strings', () => {
    assert.equal(messageProblem(toHostShapes, null), 'not an object');
    assert.equal(messageProblem(toHostShapes, { type: 'runShell', cmd: 'rm' }), 'unknown message type "runShell"');
    assert.equal(messageProblem(toHostShapes, { type: 'toString' }), 'unknown message type "toString"');
    assert.equal(messageProblem(toHostShapes, { type: 'openLink', id: 'a' }), 'openLink: field url must be string');
    assert.equal(messageProblem(toHostShapes, { type: 'copyBibtex', id: 3 }), 'copyBibtex: field id must be string');
    assert.equal(
      messageProblem(toHostShapes, { type: 'copyBibtex', id: 'a', extra: 1 }),
      'copyBibtex: unexpected field extra',
    );
    assert.equal(
      messageProblem(toHostShapes, { type: 'copyBibtex', id: 'a'.repeat(10_001) }),
      'copyBibtex: field id must be string',
    );
    assert.equal(parseMessage(toWebviewShapes, { type: 'status', text: 'ok' })?.type, 'status');
    assert.equal(parseMessage(toWebviewShapes, { type: 'ownMetrics', metrics: null }), null);
  });
});

describe('webview shell', () => {
  it('builds a strict CSP around a fresh nonce', () => {
    const nonce = newNonce();
    assert.match(nonce, /^[A-Za-z0-9_-]{24}$/);
    assert.notEqual(newNonce(), nonce);
    const csp = contentSecurityPolicy('https://*.vscode-cdn.net', nonce);
    const rules = new Map(
      csp.split('; ').map(r => {
        const [k, ...v] = r.split(' ');
        return [k, v.join(' ')];
      }),
    );
    assert.equal(rules.get('default-src'), "'none'");
    assert.equal(rules.get('script-src'), `'nonce-${nonce}'`);
    assert.equal(rules.get('connect-src'), "'none'");
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:\/\/(?!\*\.vscode-cdn\.net)/);
  });

  it('escapes text for HTML', () => {
    assert.equal(
      escapeHtml(`<img src=x onerror="a('b')">&`),
      '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;',
    );
  });
});
