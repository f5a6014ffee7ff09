// The prediction results and the training report as a chemist first sees them, in the real workbench (code-server +
// headless Chromium, offline) with the shipped model, in a light and a dark theme: the file's own task first, the
// refusal reason beside the molecule in the refused-rows view, every axis label inside its plot, the training
// report's candidates against the baseline. Screenshots are kept in test-results/screenshots/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkbench, runCommand, openFile, samplesDir, projectRoot } from './workbench.mjs';

const SHOTS = path.join(projectRoot, 'test-results', 'screenshots');
const BBBP = path.join(projectRoot, 'test/fixtures/data/moleculenet/bbbp_BBBP.csv');
/** The header and the first 80 rows of BBBP: two of them (file lines 61 and 63) are refused by RDKit. */
const ROWS = 80;
const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern' };

describe('results and training report layout e2e', () => {
  let wb, fixtures;
  before(async () => {
    fixtures = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-layout-'));
    fs.cpSync(samplesDir, fixtures, { recursive: true });
    const lines = fs.readFileSync(BBBP, 'utf8').split('\n');
    fs.writeFileSync(path.join(fixtures, 'bbbp.csv'), lines.slice(0, ROWS + 1).join('\n') + '\n');
    fs.mkdirSync(path.join(fixtures, '.vscode'), { recursive: true });
    writeSettings(fixtures, 'light');
    fs.mkdirSync(SHOTS, { recursive: true });
    wb = await openWorkbench({ fixtures, waitForFile: 'bbbp.csv' });
  });
  after(async () => {
    if (wb?.page && process.env.E2E_SCREENSHOT) await wb.page.screenshot({ path: process.env.E2E_SCREENSHOT });
    await wb?.close();
    if (fixtures) fs.rmSync(fixtures, { recursive: true, force: true });
  });
  after(() => assert.deepEqual(wb?.external ?? [], [], 'requests left loopback: ' + (wb?.external ?? []).join(' ')));

  function writeSettings(dir, theme) {
    fs.writeFileSync(
      path.join(dir, '.vscode', 'settings.json'),
      JSON.stringify({ 'molml.inference.device': 'cpu', 'workbench.colorTheme': THEMES[theme] }),
    );
  }

  /** Switches the colour theme through the workspace settings and waits for the view to follow. */
  async function useTheme(view, theme) {
    writeSettings(wb.host.dirs.ws, theme);
    await view.locator(`body.vscode-${theme}`).waitFor({ timeout: 30000 });
  }

  const webview = () => wb.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

  async function shoot(name, view, scrollTo) {
    if (scrollTo) await view.locator(scrollTo).scrollIntoViewIfNeeded();
    await wb.page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    await wb.page.locator('iframe.webview.ready').screenshot({ path: path.join(SHOTS, `${name}-view.png`) });
  }

  /** Every text of every plot lies inside its SVG; tick labels are plain decimals. */
  async function assertPlotsFit(view) {
    const report = await view.locator('figure.plot-figure svg').evaluateAll(svgs =>
      svgs.map(svg => {
        const box = svg.getBoundingClientRect();
        const outside = [...svg.querySelectorAll('text')]
          .map(t => ({ text: t.textContent, r: t.getBoundingClientRect() }))
          .filter(
            ({ r }) =>
              r.left < box.left - 0.5 ||
              r.right > box.right + 0.5 ||
              r.top < box.top - 0.5 ||
              r.bottom > box.bottom + 0.5,
          )
          .map(x => x.text);
        const ticks = [...svg.querySelectorAll('text.tick')].map(t => t.textContent);
        return { label: svg.getAttribute('aria-label'), outside, ticks };
      }),
    );
    assert.ok(report.length > 0, 'plots are drawn');
    for (const p of report) {
      assert.deepEqual(p.outside, [], `${p.label}: labels outside the plot`);
      assert.ok(p.ticks.length >= 4, `${p.label}: ticks on both axes`);
      for (const t of p.ticks) assert.doesNotMatch(t, /\de[-+]?\d/i, `${p.label}: tick "${t}" in e-notation`);
    }
  }

  it('prediction results: the measured task first, refusals beside the molecule, plots that fit, both themes', async () => {
    const { page } = wb;
    await openFile(page, 'bbbp.csv');
    await runCommand(page, 'MolML: Predict Properties');
    const view = webview();
    await view.locator('#row-count', { hasText: `${ROWS} of ${ROWS} rows` }).waitFor({ timeout: 120000 });
    await view.locator('body.vscode-light').waitFor();

    // BBBP's p_np is the task this file measures: it is what the view shows first, its measured column once.
    assert.equal(await view.locator('#task-group').inputValue(), 'relevant');
    const keys = await view.locator('.header button.sort').evaluateAll(bs => bs.map(b => b.dataset.key));
    assert.deepEqual(keys, ['row', 'smiles', 'pred:BBBP_p_np', 'measured:p_np']);
    const header = await view.locator('.header button.sort[data-key="pred:BBBP_p_np"]');
    assert.equal(await header.locator('.name').innerText(), 'p_np');
    assert.equal(await header.locator('.unit').innerText(), 'BBBP · probability');
    assert.match(await header.getAttribute('title'), /trained on BBBP/);
    assert.match(await view.locator('#task-hint').innerText(), /p_np \(measured in this file\)/);
    const options = await view.locator('#task-group option').allInnerTexts();
    assert.equal(options[0], 'Relevant to this file (1 task)');
    assert.ok(options.includes('SIDER (27 tasks)') && options.at(-1) === 'All tasks (47 tasks)', options.join(' | '));

    // SMILES read as plain monospace text: no box behind it.
    const smiles = view.locator('.body .row .smiles').first();
    await smiles.waitFor();
    const style = await smiles.evaluate(e => {
      const s = getComputedStyle(e);
      return { tag: e.tagName, background: s.backgroundColor, font: s.fontFamily };
    });
    assert.equal(style.tag, 'SPAN');
    assert.match(style.background, /rgba\(0, 0, 0, 0\)|transparent/);
    assert.match(style.font, /mono|Consolas|Courier|Menlo|Droid Sans Mono/i);
    await view.locator('img.depiction').first().waitFor({ timeout: 60000 });

    // The model was trained on BBBP: its ROC here is marked as possibly in-sample.
    const roc = view.locator('figure.plot-figure[data-kind=roc]');
    assert.equal(await roc.count(), 1);
    assert.equal(await roc.locator('.badge.in-sample').innerText(), 'possibly in-sample');
    await assertPlotsFit(view);
    await shoot('predictions-light', view);
    await shoot('predictions-plots-light', view, '#plots');

    // Flagged rows only: the two RDKit refuses and the rows scored out of domain (salts, read whole as in training),
    // each with its reason beside the molecule, inside the table.
    await view.locator('#flagged-only').click();
    await view
      .locator('#row-count', { hasText: new RegExp(`^\\d+ of ${ROWS} rows$`) })
      .filter({ hasNotText: `${ROWS} of ${ROWS} rows` })
      .waitFor({ timeout: 15000 });
    const table = await view.locator('#table').boundingBox();
    let refusedShown = 0;
    for (const flag of await view.locator('.body .row.flagged .flag').all()) {
      assert.ok(await flag.isVisible());
      const text = await flag.innerText();
      assert.match(text, /^(Refused: .*valence|Out of domain: )/i);
      if (text.startsWith('Refused')) refusedShown++;
      const box = await flag.boundingBox();
      assert.ok(box.x >= table.x && box.x + box.width <= table.x + table.width, 'the reason is in sight');
    }
    assert.equal(refusedShown, 2, 'the two molecules RDKit rejects');
    await shoot('predictions-refused-light', view);

    await useTheme(view, 'dark');
    await shoot('predictions-refused-dark', view);
    await view.locator('#flagged-only').click();
    await view.locator('#row-count', { hasText: `${ROWS} of ${ROWS} rows` }).waitFor();
    await assertPlotsFit(view);
    await shoot('predictions-dark', view);
    await shoot('predictions-plots-dark', view, '#plots');

    // Another dataset's tasks through the picker: Tox21's twelve, plots still inside their frames.
    await view.locator('#task-group').selectOption('dataset:Tox21');
    const tox = await view.locator('.header button.sort').evaluateAll(bs => bs.map(b => b.dataset.key));
    assert.equal(tox.filter(k => k.startsWith('pred:Tox21_')).length, 12);
    await assertPlotsFit(view);
    await shoot('predictions-tox21-dark', view);
  });

  it('training report: k, split, rows, candidates against the baseline, in-sample numbers apart', async () => {
    const { page } = wb;
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'bbbp.csv');
    await runCommand(page, 'MolML: Train a Property Model on This Dataset');
    const label = page.locator('.quick-input-list .monaco-list-row', { hasText: 'p_np' }).first();
    await label.waitFor({ timeout: 30000 });
    await label.click();
    // VS Code's save dialog proposes <file>.p_np.head.json beside the data: accept it.
    await page.waitForFunction(
      () =>
        /** @type {HTMLInputElement | null} */ (document.querySelector('.quick-input-widget input'))?.value?.endsWith(
          '.head.json',
        ),
      undefined,
      { timeout: 180000 },
    );
    await page.keyboard.press('Enter');
    const view = webview();
    await view.locator('#report-candidates').waitFor({ timeout: 120000 });
    await view.locator('body.vscode-dark').waitFor();

    const facts = Object.fromEntries(
      await view
        .locator('#report-facts dt')
        .evaluateAll(dts => dts.map(dt => [dt.textContent, dt.nextElementSibling?.textContent])),
    );
    assert.equal(facts['Cross-validation'], '5-fold (k = 5)');
    assert.match(facts.Split, /^scaffold-grouped/, 'scaffold folds are the default');
    assert.equal(facts['Rows used'], String(ROWS - 2));
    assert.equal(facts['Rows refused'], '2');
    assert.match(facts['Saved to'], /bbbp\.p_np\.head\.json$/);
    const rows = view.locator('#report-candidates tbody tr');
    // Embeddings, ECFP and both together, then the baseline in the same folds.
    assert.deepEqual(await rows.evaluateAll(rs => rs.map(r => r.dataset.kind)), [
      'candidate',
      'candidate',
      'candidate',
      'baseline',
    ]);
    assert.equal(await view.locator('#report-candidates tr.chosen .badge.kept').count(), 1);
    const headers = await view.locator('#report-candidates thead th').allInnerTexts();
    assert.deepEqual(headers, ['Model', 'Method', 'Rows', 'ROC AUC ↑', 'Accuracy ↑']);
    assert.match(await view.locator('#report-candidates caption').innerText(), /Cross-validated \(out-of-fold\)/);
    assert.match(await view.locator('#report-in-sample caption').innerText(), /^In-sample: .*Optimistic/);
    // Metrics read as three significant digits, never e-notation.
    for (const t of await view.locator('#report-candidates tbody tr.candidate td.num').allInnerTexts())
      assert.match(t, /^(\d+|\d\.\d{1,3}|0\.\d{1,3}|n\/a)$/);
    await assertPlotsFit(view);
    await shoot('training-dark', view);
    await shoot('training-plots-dark', view, '#plots');
    await useTheme(view, 'light');
    await shoot('training-light', view);
    await shoot('training-plots-light', view, '#plots');
  });
});
