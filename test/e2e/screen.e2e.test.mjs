// The screen results view in the real workbench (code-server + headless Chromium), offline, on a 1,000,000-row
// screen folder written with DuckDB: opened from the explorer, it pages, scrolls (depictions of the rows in view),
// sorts, filters and draws a histogram, every query answered by the extension host. With E2E_SCREENSHOT=path.png it
// keeps a screenshot in the dark theme (path.dark.png) and in the light theme (path.png).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { openWorkbench, projectRoot, runCommand, workbenchState } from './workbench.mjs';

const { writeScreenFolder, REFUSE_EVERY } = createRequire(import.meta.url)('../fixtures/screen-folder.cjs');
const ROWS = 1_000_000;
const FOLDER = 'library-1m.screen';
const TOTAL = ROWS - Math.floor(ROWS / REFUSE_EVERY);
const int = n => n.toLocaleString('en-US');

/** Switches between the light and the dark theme as a user does, from the command palette. */
async function toggleTheme(page, dark) {
  await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
  await page.locator(dark ? '.monaco-workbench.vs-dark' : '.monaco-workbench.vs').waitFor({ timeout: 30000 });
  await page.waitForTimeout(1500);
}

describe('screen results view e2e', () => {
  let wb, fixtures;
  const cspErrors = [];
  before(async () => {
    fixtures = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-screen-e2e-'));
    await writeScreenFolder(path.join(fixtures, FOLDER), { root: projectRoot, rows: ROWS, partRows: 50_000 });
    wb = await openWorkbench({ fixtures, waitForFile: FOLDER });
    wb.page.on('console', m => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
    });
  });
  after(async () => {
    await wb?.close();
    if (fixtures) fs.rmSync(fixtures, { recursive: true, force: true });
  });
  after(() => assert.deepEqual(wb?.external ?? [], [], 'requests left loopback: ' + (wb?.external ?? []).join(' ')));

  it('opens a 1,000,000-row folder from the explorer, pages, scrolls, sorts, filters and draws a histogram', async t => {
    const { page } = wb;
    const fail = async e => {
      t.diagnostic(JSON.stringify(await workbenchState(wb), null, 1));
      throw e;
    };
    try {
      // The context menu offers the command once the extension's contributions are in.
      const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: FOLDER }).first();
      for (let i = 0; ; i++) {
        await row.click({ button: 'right' });
        const item = page.locator('.context-view .action-label', { hasText: 'Open Screen Results' });
        if (
          await item.waitFor({ timeout: 3000 }).then(
            () => true,
            () => false,
          )
        ) {
          await item.click();
          break;
        }
        await page.keyboard.press('Escape');
        if (i > 20) throw new Error('the explorer context menu never offered Open Screen Results');
      }
      await page.locator('.tab.active', { hasText: `Screen: ${FOLDER}` }).waitFor({ timeout: 60000 });
      const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      const label = view.locator('#page-label');
      await label.filter({ hasText: `1–100 of ${int(TOTAL)}` }).waitFor({ timeout: 60000 });

      // The manifest's summary, with a link to the refused rows.
      assert.match(await view.locator('#title').innerText(), /Screen of library\.smi/);
      assert.match(
        await view.locator('#model').innerText(),
        /Synthetic solubility model · tasks: solubility \(log mol\/L\), active/,
      );
      const progress = await view.locator('#progress').innerText();
      assert.match(
        progress,
        new RegExp(
          `Finished · ${int(TOTAL)} molecules predicted · ${int(ROWS)} of ${int(ROWS)} rows done · ${int(ROWS - TOTAL)} refused`,
        ),
      );
      assert.equal(await view.locator('a.refused-link').innerText(), 'refused-00000.csv');
      const headers = (await view.locator('thead th').allInnerTexts()).map(s => s.trim());
      assert.deepEqual(headers, [
        'Structure',
        'row',
        'id',
        'pred_solubility',
        'pred_active',
        'ad_similarity',
        'smiles',
        'canonical_smiles',
      ]);
      assert.equal(await view.locator('tbody tr').count(), 100);

      // Depictions: the rows in view are drawn, those far below are not asked for until scrolled to.
      const firstImg = view.locator('tbody tr').first().locator('img.depiction');
      await firstImg.and(view.locator('img.depiction:not(.pending)')).waitFor({ timeout: 60000 });
      assert.match(await firstImg.getAttribute('src'), /^data:image\/svg\+xml;base64,/);
      assert.ok(await firstImg.evaluate(i => i.complete && i.naturalWidth > 0), 'the depiction decoded');
      const lastImg = view.locator('tbody tr').last().locator('img.depiction');
      assert.equal(await lastImg.getAttribute('class'), 'depiction pending', 'rows out of view are not drawn');
      await view.locator('#table').evaluate(e => (e.scrollTop = e.scrollHeight));
      await lastImg.and(view.locator('img.depiction:not(.pending)')).waitFor({ timeout: 60000 });

      // Paging: next page, and the last page of a million rows.
      await view.locator('#page-next').click();
      await label.filter({ hasText: `101–200 of ${int(TOTAL)}` }).waitFor({ timeout: 30000 });
      assert.equal(await view.locator('tbody tr').first().locator('td').nth(1).innerText(), '101');
      await view.locator('#page-last').click();
      await label
        .filter({ hasText: `of ${int(TOTAL)}` })
        .filter({ hasText: new RegExp(`^${int(Math.floor((TOTAL - 1) / 100) * 100 + 1)}–`) })
        .waitFor({ timeout: 30000 });
      assert.equal(await view.locator('tbody tr').last().locator('td').nth(1).innerText(), String(ROWS));

      // Sort by a prediction (descending first), back at the top.
      await view.locator('thead th button.sort', { hasText: 'pred_solubility' }).click();
      await view.locator('thead th[aria-sort=descending]', { hasText: 'pred_solubility' }).waitFor({ timeout: 10000 });
      await label.filter({ hasText: `1–100 of ${int(TOTAL)}` }).waitFor({ timeout: 120000 });
      const col = async name => {
        const i = headers.indexOf(name);
        return (await view.locator(`tbody tr td:nth-child(${i + 1})`).allInnerTexts()).map(Number);
      };
      const sorted = await col('pred_solubility');
      assert.equal(sorted.length, 100);
      assert.deepEqual(
        sorted,
        [...sorted].sort((a, b) => b - a),
      );
      // Far down the sorted list: the host reads a band of the order around that page, then shows it.
      await view.locator('#goto').locator('input').fill('500001');
      await view.locator('#goto').locator('input').press('Enter');
      await label.filter({ hasText: `500,001–500,100 of ${int(TOTAL)}` }).waitFor({ timeout: 120000 });
      const middle = await col('pred_solubility');
      assert.ok(
        middle.every(v => v <= sorted[99]),
        'the middle of the sort lies below its top',
      );

      // A filter: pred_active >= 0.9 (about a tenth of the rows).
      await view.locator('#filter-column').evaluate(e => {
        e.value = 'pred_active';
        e.dispatchEvent(new Event('change'));
      });
      await view.locator('#filter-op').evaluate(e => (e.value = '>='));
      await view.locator('#filter-value').locator('input').fill('0.9');
      await view.locator('#filter-add').click();
      await view.locator('.chip', { hasText: 'pred_active >= 0.9' }).waitFor({ timeout: 10000 });
      await label.filter({ hasText: /^1–100 of / }).waitFor({ timeout: 60000 });
      const matching = Number((await label.innerText()).split(' of ')[1].replace(/,/g, ''));
      assert.ok(matching > TOTAL * 0.08 && matching < TOTAL * 0.12, `${matching} rows match pred_active >= 0.9`);
      assert.ok((await col('pred_active')).every(v => v >= 0.9));

      // A histogram of a prediction over the filtered rows.
      await view.locator('#histogram-column').evaluate(e => {
        e.value = 'pred_solubility';
        e.dispatchEvent(new Event('change'));
      });
      await view.locator('#histogram svg rect.bar').first().waitFor({ timeout: 60000 });
      assert.ok((await view.locator('#histogram svg rect.bar').count()) >= 20);
      assert.match(await view.locator('#histogram .note').innerText(), new RegExp(`^${int(matching)} values`));
      assert.deepEqual(cspErrors, [], 'no CSP violations');

      await view.locator('#table').evaluate(e => (e.scrollTop = 0));
      if (process.env.E2E_SCREENSHOT) {
        await toggleTheme(page, true);
        await page.screenshot({ path: process.env.E2E_SCREENSHOT.replace(/\.png$/, '') + '.dark.png' });
        await toggleTheme(page, false);
        await page.screenshot({ path: process.env.E2E_SCREENSHOT });
      }
    } catch (e) {
      await fail(e);
    }
  });
});
