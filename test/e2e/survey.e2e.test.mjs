// The survey view in a real VS Code workbench (code-server) driven through headless Chromium. Offline: the run
// fails if any request leaves loopback.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startCodeServer, launchBrowser, projectRoot } from '../../scripts/vscode-web-host.mjs';
import { parseBibtex } from '../fixtures/bibtex-reader.cjs';
import { acceptRow, runCommand, saveScreenshot, setColorTheme, THEMES } from './workbench.mjs';

const catalog = JSON.parse(fs.readFileSync(path.join(projectRoot, 'src/common/survey/data/references.json'), 'utf8'));

describe('survey view e2e', () => {
  let host, browser, context, page, view;
  const external = [];
  const popups = [];
  const cspErrors = [];
  before(async () => {
    host = await startCodeServer({ fixtures: path.join(projectRoot, 'samples') });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://${host.authority}` });
    page = await context.newPage();
    // Offline guard (as in the test-host recipe): every request that leaves loopback is recorded and fails the run.
    // (*.vscode-resource.vscode-cdn.net is the virtual host of webview.asWebviewUri: the webview's service worker answers it.)
    context.on('request', r => {
      if (
        !/^(https?:\/\/(127\.0\.0\.1|localhost)[:/]|https:\/\/[^/]+\.vscode-resource\.vscode-cdn\.net\/|data:|blob:|vscode-|about:)/.test(
          r.url(),
        )
      )
        external.push(r.url());
    });
    context.on('page', p => popups.push(p.url()));
    page.on('console', m => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(host.url([['extensionDevelopmentPath', host.remoteUri(projectRoot)]]));
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'notes.md' }).waitFor({ timeout: 60000 });
  });
  after(async () => {
    if (page && process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT });
    await browser?.close();
    await host?.stop();
  });
  after(() => assert.deepEqual(external, [], 'requests left loopback: ' + external.join(' ')));

  // Activity bar entries carry their container id in a class (their aria-label is only filled in on hover).
  const molmlActivity = () =>
    page.locator('.activitybar .action-label[class*="workbench-view-extension-molml"]').first();

  it('opens the MolML activity bar container with the survey view', async () => {
    await molmlActivity().click({ timeout: 60000 });
    await page.locator('.pane-header', { hasText: 'Chemical Pre-trained Models' }).waitFor();
    await page.locator('.pane-header', { hasText: 'Survey Taxonomy' }).waitFor();
    view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view
      .locator('#result-count', { hasText: `${catalog.references.length} of ${catalog.references.length}` })
      .waitFor({ timeout: 30000 });
  });

  it('search narrows the results', async () => {
    const input = view.locator('#search input');
    await input.fill('molclr');
    await view.locator('#result-count', { hasText: /^1 of / }).waitFor();
    assert.deepEqual(await view.locator('#results li[role=option]').evaluateAll(els => els.map(e => e.dataset.id)), [
      'molclr-2022',
    ]);
    await input.fill('contrastive');
    const expected = catalog.references.filter(r =>
      [r.title, r.model ?? '', r.venue, ...r.authors].join('\n').toLowerCase().includes('contrastive'),
    ).length;
    await view.locator('#result-count', { hasText: new RegExp(`^${expected} of `) }).waitFor();
    await input.fill('');
  });

  it('a filter combination gives the expected count', async () => {
    // In the narrow side bar the facets are folded into "Filters"; facet groups start collapsed too. Open three.
    if ((await view.locator('#filters-toggle').getAttribute('aria-expanded')) !== 'true')
      await view.locator('#filters-toggle').click();
    for (const facet of ['scope', 'descriptor', 'strategy'])
      await view.locator(`vscode-collapsible[data-facet=${facet}]`).click({ position: { x: 20, y: 10 } });
    await view.locator('#f-scope-molecular').click();
    await view.locator('#f-descriptor-sequence').click();
    await view.locator('#f-strategy-MCM').click();
    const expected = catalog.references.filter(
      r => r.scope === 'molecular' && r.tags.descriptor.includes('sequence') && r.tags.strategy.includes('MCM'),
    ).length;
    assert.ok(expected > 5);
    await view.locator('#result-count', { hasText: new RegExp(`^${expected} of `) }).waitFor();
    // The count beside an unselected strategy is what selecting it alone would give.
    const ae = catalog.references.filter(
      r => r.scope === 'molecular' && r.tags.descriptor.includes('sequence') && r.tags.strategy.includes('AE'),
    ).length;
    assert.match(await view.locator('#f-strategy-AE').getAttribute('label'), new RegExp(`\\(${ae}\\)$`));
    await view.locator('#clear-filters').click();
    await view.locator('#result-count', { hasText: `${catalog.references.length} of` }).waitFor();
  });

  it('copy BibTeX puts valid BibTeX on the clipboard', async () => {
    await view.locator('#search input').fill('molclr');
    await view.locator('#results li[data-id="molclr-2022"]').click();
    await view.locator('#detail-title', { hasText: 'Molecular contrastive learning' }).waitFor();
    if (process.env.E2E_SCREENSHOT)
      await page.screenshot({ path: process.env.E2E_SCREENSHOT.replace(/\.png$/, '-detail.png') });
    await view.locator('vscode-button[data-action=copyBibtex]').click();
    await view.locator('#status', { hasText: 'BibTeX for MolCLR copied' }).waitFor();
    const text = await page.evaluate(() => navigator.clipboard.readText());
    const { type, key, fields } = parseBibtex(text);
    assert.equal(type, 'article');
    assert.equal(key, 'molclr-2022');
    assert.equal(fields.author, 'Yuyang Wang and Jianren Wang and Zhonglin Cao and Amir Barati Farimani');
    assert.equal(fields.journal, 'Nature Machine Intelligence');
    assert.equal(fields.year, '2022');
  });

  it('links open through VS Code, which asks before leaving; the webview itself never navigates', async () => {
    const framesBefore = page.frames().map(f => f.url());
    await view.locator('vscode-button.link[data-kind=paper]').click();
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'open the external website' });
    await dialog.waitFor({ timeout: 15000 });
    assert.match(await dialog.innerText(), /https:\/\/www\.nature\.com\/articles\/s42256-022-00447-x/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual(popups, []);
    assert.deepEqual(
      page.frames().map(f => f.url()),
      framesBefore,
    );
  });

  /** The comparison's editor tab: the webview whose #compare is showing (webview iframes share one overlay layer). */
  async function comparePanel() {
    for (let t = 0; t < 100; t++) {
      const n = await page.locator('iframe.webview.ready').count();
      for (let i = 0; i < n; i++) {
        const f = page.locator('iframe.webview.ready').nth(i).contentFrame().locator('#active-frame').contentFrame();
        if (
          await f
            .locator('#compare table[data-protocol]')
            .first()
            .isVisible()
            .catch(() => false)
        )
          return f;
      }
      await page.waitForTimeout(200);
    }
    throw new Error('no visible comparison in any webview');
  }

  for (const theme of THEMES)
    it(`shows results under the filters in the narrow side bar, and tables that scroll, not wrap (${theme.name} theme)`, async () => {
      await setColorTheme(page, theme);
      if (await view.locator('#back').isVisible()) await view.locator('#back').click();
      await view.locator('#search input').fill('');
      if ((await view.locator('#filters-toggle').getAttribute('aria-expanded')) === 'true')
        await view.locator('#filters-toggle').click();
      const fit = await view.locator('#results').evaluate(list => {
        const bottom = window.innerHeight;
        const items = [...list.querySelectorAll('li[role=option]')];
        return {
          width: window.innerWidth,
          inView: items.filter(li => li.getBoundingClientRect().bottom <= bottom).length,
        };
      });
      console.log(`# ${theme.name}: ${fit.inView} results in view in a ${fit.width} px side bar`);
      await saveScreenshot(page, `survey-sidebar-${theme.name}`);
      assert.ok(fit.width < 480, `the side bar is narrow (${fit.width} px)`);
      assert.ok(fit.inView >= 6, `${fit.inView} results in view under the folded filters`);
      // A detail with benchmark tables: no row header or cell wraps onto a second line; the block scrolls sideways.
      await view.locator('#search input').fill('molclr');
      await view.locator('#results li[data-id="molclr-2022"]').click();
      await view.locator('.bench-block table.bench').first().waitFor();
      const wrapped = await view
        .locator('.bench-block table.bench')
        .evaluateAll(tables =>
          tables.flatMap(t =>
            [...t.querySelectorAll('th, td')]
              .filter(c => c.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(c).lineHeight || '16'))
              .map(c => c.textContent),
          ),
        );
      assert.deepEqual(wrapped, [], 'cells wrapped onto several lines');
      await saveScreenshot(page, `survey-detail-${theme.name}`);
    });

  it('opens the comparison from the side bar in an editor tab, with our own numbers marked', async () => {
    await view.locator('#back').click();
    await view.locator('#open-compare').click();
    await page.locator('.tab.active', { hasText: 'Benchmark Comparison' }).waitFor();
    const panel = await comparePanel();
    await panel.locator('#compare table[data-protocol="hu2020-transfer"]').waitFor();
    assert.match(await panel.locator('#ours').innerText(), /ours/i);
    // Our own numbers come from the extension's model manifest when it has one; otherwise the view says so.
    const manifest = path.join(projectRoot, 'models/default/manifest.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).metrics) {
      assert.match(await panel.locator('#ours table.ours-table .ours-row').innerText(), /\(ours\)/);
    } else {
      assert.match(await panel.locator('#ours-missing').innerText(), /not available/);
    }
    await panel.locator('#task-MUV').click();
    await panel.locator('#compare table[data-protocol="hu2020-transfer"] th', { hasText: 'MUV' }).waitFor();
    assert.equal(await panel.locator('#list-pane').isVisible(), false, 'the tab shows the comparison alone');
    await saveScreenshot(page, 'survey-compare-dark');
    await runCommand(page, 'View: Close Editor');
    await page.locator('.tab', { hasText: 'Benchmark Comparison' }).waitFor({ state: 'detached' });
    await view.locator('#results li[data-id="molclr-2022"]').click();
  });

  it('keeps its state when hidden and shown again', async () => {
    await page.locator('.activitybar .action-label.codicon-explorer-view-icon').first().click();
    await page.locator('.explorer-folders-view').waitFor();
    await molmlActivity().click();
    view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('#detail-title', { hasText: 'Molecular contrastive learning' }).waitFor({ timeout: 20000 });
    await view.locator('#back').click();
    assert.equal(await view.locator('#search input').inputValue(), 'molclr');
    await view.locator('#result-count', { hasText: /^1 of / }).waitFor();
  });

  it('works from the keyboard: arrows move through results, Enter opens, Escape returns', async () => {
    await view.locator('#search input').fill('chemberta');
    await view.locator('#result-count', { hasText: /^[2-9] of / }).waitFor();
    const ids = await view.locator('#results li[role=option]').evaluateAll(els => els.map(e => e.dataset.id));
    await view.locator('#search input').press('Tab'); // sort
    await view.locator('#results').focus();
    await view.locator('#results').press('ArrowDown');
    assert.equal(await view.locator('#results').getAttribute('aria-activedescendant'), `r-${ids[1]}`);
    await view.locator('#results').press('Enter');
    const title = catalog.references.find(r => r.id === ids[1]).title;
    await view.locator('#detail-title', { hasText: title }).waitFor();
    assert.equal(
      await view.locator('#detail-title').evaluate(e => e.ownerDocument.activeElement === e),
      true,
      'focus moves to the detail heading',
    );
    await view.locator('#detail-title').press('Escape');
    await view.locator('#results').waitFor();
    assert.equal(
      await view.locator('#results').evaluate(e => e.ownerDocument.activeElement === e),
      true,
      'focus returns to the list',
    );
    assert.equal(await view.locator('#results').getAttribute('aria-activedescendant'), `r-${ids[1]}`);
  });

  it('"MolML: Find Reference" opens the chosen entry in the panel', async () => {
    await runCommand(page, 'MolML: Find Reference');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Find a reference' }).waitFor();
    const input = page.locator('.quick-input-widget input');
    await input.fill('ChemBERTa-2');
    await acceptRow(page, 'ChemBERTa-2');
    await view.locator('#detail-title', { hasText: 'ChemBERTa-2' }).waitFor({ timeout: 20000 });
    assert.match(await view.locator('#runnable').innerText(), /MolML's model, not these authors' weights/);
  });

  it('"MolML: Compare Benchmark Numbers" opens the comparison in an editor tab', async () => {
    await runCommand(page, 'MolML: Compare Benchmark Numbers');
    await page.locator('.tab.active', { hasText: 'Benchmark Comparison' }).waitFor();
    // Webview iframes sit in one overlay layer; the panel's is the one whose Compare tab is showing.
    const table = i =>
      page
        .locator('iframe.webview.ready')
        .nth(i)
        .contentFrame()
        .locator('#active-frame')
        .contentFrame()
        .locator('#compare table[data-protocol="molclr-scaffold"]');
    let found = false;
    for (let t = 0; t < 100 && !found; t++) {
      const n = await page.locator('iframe.webview.ready').count();
      for (let i = 0; i < n && !found; i++)
        found = await table(i)
          .isVisible()
          .catch(() => false);
      if (!found) await page.waitForTimeout(200);
    }
    assert.ok(found, 'no visible comparison table in any webview');
    assert.equal(await page.locator('iframe.webview.ready').count(), 2, 'the side view and the comparison tab');
    if (process.env.E2E_SCREENSHOT)
      await page.screenshot({ path: process.env.E2E_SCREENSHOT.replace(/\.png$/, '-panel.png') });
  });

  it('loaded everything within its content security policy', () => {
    assert.deepEqual(cspErrors, []);
  });
});
