// SMILES hover cards in the real workbench (code-server + headless Chromium), offline, on a copy of samples/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startCodeServer, launchBrowser, projectRoot } from '../../scripts/vscode-web-host.mjs';
import { openFile as openInEditor } from './workbench.mjs';

const log = (...a) => console.log('#', ...a);

/** Opens a sample through Quick Open and waits until the editor shows `lineText`. */
async function openFile(page, name, lineText) {
  await openInEditor(page, name);
  await page.locator('.monaco-editor .view-line', { hasText: lineText }).first().waitFor();
}

/** Moves the mouse onto the start of the editor token holding `text` (a plain-text line is one token). */
async function hoverToken(page, lineText, text) {
  await page.mouse.move(0, 0);
  const token = page
    .locator('.monaco-editor .view-line', { hasText: lineText })
    .first()
    .locator('span span', { hasText: text })
    .first();
  const box = await token.boundingBox();
  const x = box.x + Math.min(box.width / 2, 40);
  await page.mouse.move(x - 4, box.y + box.height / 2);
  await page.mouse.move(x, box.y + box.height / 2);
}

describe('SMILES hover in the workbench', () => {
  let host, browser, page;
  const external = [];
  before(async () => {
    host = await startCodeServer({ fixtures: path.join(projectRoot, 'samples') });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Offline guard: record every request the workbench, its workers and webviews make that leaves loopback.
    // (*.vscode-resource.vscode-cdn.net is the virtual host of webview.asWebviewUri: the webview's service worker answers it.)
    page.context().on('request', r => {
      if (
        !/^(https?:\/\/(127\.0\.0\.1|localhost)[:/]|https:\/\/[^/]+\.vscode-resource\.vscode-cdn\.net\/|data:|blob:|vscode-|about:)/.test(
          r.url(),
        )
      )
        external.push(r.url());
    });
    await page.goto(host.url([['extensionDevelopmentPath', host.remoteUri(projectRoot)]]));
    await page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: 'featurize.py' })
      .waitFor({ timeout: 60000 });
  });
  after(async () => {
    if (page && process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT });
    await browser?.close();
    await host?.stop();
  });
  after(() => assert.deepEqual(external, [], 'requests left loopback: ' + external.join(' ')));

  it('shows a decoded depiction on an opaque light card, and the properties', async () => {
    await openFile(page, 'featurize.py', 'REFERENCE_DRUGS');
    const t0 = Date.now();
    await hoverToken(page, '"aspirin"', 'CC(=O)Oc1ccccc1C(=O)O');
    const hover = page.locator('.monaco-hover .rendered-markdown', { hasText: 'C9H8O4' }).first();
    await hover.waitFor({ timeout: 20000 });
    log(`first hover (RDKit load included) shown ${Date.now() - t0} ms after the mouse move`);
    const text = await hover.innerText();
    assert.match(text, /CC\(=O\)Oc1ccccc1C\(=O\)O/);
    assert.match(text, /Molecular weight\s+180\.16 g\/mol/);
    assert.match(text, /BSYNRYMUTXBXSQ-UHFFFAOYSA-N/);
    assert.match(text, /Copy SMILES/);
    const img = hover.locator('img').first();
    assert.match(await img.getAttribute('src'), /^data:image\/svg\+xml;base64,/);
    assert.ok(
      await img.evaluate(
        e =>
          new Promise(r =>
            e.complete
              ? r(e.naturalWidth > 0)
              : ((e.onload = () => r(e.naturalWidth > 0)), (e.onerror = () => r(false))),
          ),
      ),
      'image did not decode',
    );
    // Readable on any theme: the card's own background is opaque white, whatever the hover's colour.
    const pixel = await img.evaluate(e => {
      const c = document.createElement('canvas');
      c.width = e.naturalWidth;
      c.height = e.naturalHeight;
      const ctx = c.getContext('2d');
      ctx.drawImage(e, 0, 0);
      return Array.from(ctx.getImageData(20, 20, 1, 1).data);
    });
    assert.deepEqual(pixel, [255, 255, 255, 255]);
    await page.keyboard.press('Escape');
  });

  it("shows RDKit's reason for an invalid SMILES", async () => {
    await hoverToken(page, '"broken"', 'c1ccccc');
    const hover = page.locator('.monaco-hover .rendered-markdown', { hasText: 'Invalid SMILES' }).first();
    await hover.waitFor({ timeout: 15000 });
    assert.match(await hover.innerText(), /Invalid SMILES: unclosed ring \(at character 2\)/);
    await page.keyboard.press('Escape');
  });

  it('shows a card for a SMILES cell of a CSV dataset', async () => {
    await openFile(page, 'herg_activities.csv', 'CHEMBL1008');
    await hoverToken(page, 'CHEMBL1008', 'CC(C)COCC');
    const hover = page.locator('.monaco-hover .rendered-markdown', { hasText: 'C24H34N2O' }).first();
    await hover.waitFor({ timeout: 15000 });
    assert.ok(
      await hover
        .locator('img')
        .first()
        .evaluate(e => e.complete && e.naturalWidth > 0),
    );
    await page.keyboard.press('Escape');
  });
});
