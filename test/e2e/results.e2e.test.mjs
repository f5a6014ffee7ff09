// "MolML: Predict Properties" on a sample CSV in the real workbench (code-server + headless Chromium), offline:
// the results view shows the table with depictions, flagged rows and a plot. The tiny test encoder is configured
// through molml.models in the workspace settings.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkbench, runCommand, openFile, samplesDir, projectRoot } from './workbench.mjs';

describe('results view e2e', () => {
  let wb, fixtures;
  const cspErrors = [];
  before(async () => {
    fixtures = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-results-'));
    fs.cpSync(samplesDir, fixtures, { recursive: true });
    fs.mkdirSync(path.join(fixtures, '.vscode'), { recursive: true });
    fs.writeFileSync(
      path.join(fixtures, '.vscode', 'settings.json'),
      JSON.stringify({
        'molml.models': [path.join(projectRoot, 'test/fixtures/model-tiny-smiles')],
        'molml.inference.device': 'cpu',
      }),
    );
    wb = await openWorkbench({ fixtures, waitForFile: 'featurize.py' });
    wb.page.on('console', m => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
    });
  });
  after(async () => {
    if (wb?.page && process.env.E2E_SCREENSHOT) await wb.page.screenshot({ path: process.env.E2E_SCREENSHOT });
    await wb?.close();
    if (fixtures) fs.rmSync(fixtures, { recursive: true, force: true });
  });
  after(() => assert.deepEqual(wb?.external ?? [], [], 'requests left loopback: ' + (wb?.external ?? []).join(' ')));

  it('shows predictions with depictions, flagged rows and a histogram after Predict Properties', async () => {
    const { page } = wb;
    // The configured test encoder, picked as a user would (the bundled default model comes first otherwise).
    await runCommand(page, 'MolML: Select Model');
    const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'tiny-smiles-test@1.0.0' }).first();
    await pick.waitFor({ timeout: 30000 });
    await pick.click();
    await openFile(page, 'herg_activities.csv');
    await runCommand(page, 'MolML: Predict Properties');
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('#row-count', { hasText: '33 of 33 rows' }).waitFor({ timeout: 60000 });
    assert.match(await view.locator('#title').innerText(), /Predictions: herg_activities\.csv/);
    assert.match(await view.locator('#subtitle').innerText(), /tiny-smiles-test@1\.0\.0 · on cpu/);
    const headers = await view.locator('.header [role=columnheader]').allInnerTexts();
    // Each task's header: its name, then its unit; the refusal reason sits beside the molecule, not in a column.
    assert.deepEqual(
      headers.map(h => h.replace(/\s+/g, ' ').trim()),
      ['#', 'Molecule', 'logS log10(mol/L)', 'soluble'],
    );
    // Depictions arrive for the rows in sight as decoded SVG images.
    const img = view.locator('img.depiction').first();
    await img.waitFor({ timeout: 30000 });
    assert.match(await img.getAttribute('src'), /^data:image\/svg\+xml;charset=utf-8,%3C/);
    assert.ok(await img.evaluate(i => i.complete && i.naturalWidth > 0), 'the depiction decoded');
    // The tiny model refuses long molecules: those rows carry the pre-flight reason.
    await view.locator('#flagged-only').click();
    const flagged = await view.locator('.body .row.flagged').count();
    assert.ok(flagged > 0);
    // The reason sits under the molecule; its tooltip names the model that refused it.
    const reason = view.locator('.body .row.flagged .flag').first();
    assert.match(await reason.innerText(), /^Refused: /);
    assert.match(await reason.getAttribute('title'), /tiny-smiles-test@1\.0\.0: /);
    assert.match(await view.locator('#row-count').innerText(), new RegExp(`^\\d+ of 33 rows`));
    await view.locator('#flagged-only').click();
    // Plots: one histogram per prediction, drawn as inline SVG bars.
    const plots = view.locator('figure.plot-figure[data-kind=histogram]');
    assert.equal(await plots.count(), 2);
    assert.ok((await plots.first().locator('svg rect.bar').count()) > 0);
    // Sorting by a prediction column reorders the rows (descending first for predictions).
    await view.locator('button.sort[data-key="pred:logS"]').click();
    await view.locator('.header [aria-sort=descending]').waitFor();
    // Keyboard: arrows move between rows.
    await view.locator('.body .row').first().focus();
    await view.locator('.body .row').first().press('ArrowDown');
    await view.locator('.body .row[data-index="1"]:focus').waitFor({ timeout: 5000 });
    // Clicking a row reveals it in the source file.
    await view.locator('.body .row').first().click();
    await page
      .locator('.tab.active .label-name', { hasText: /^herg_activities\.csv$/ })
      .first()
      .waitFor();
    await page
      .locator('.statusbar-item', { hasText: /Ln \d+, Col \d+ \(\d+ selected\)/ })
      .first()
      .waitFor({ timeout: 15000 });
    assert.deepEqual(cspErrors, []);
  });
});
