// The molecule grid in a real VS Code workbench (code-server + headless Chromium), offline, on a copy of samples/
// plus the XSS fixture and a 100,000-row file generated for this run.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import rdkitPackage from '@rdkit/rdkit';
import {
  atomLabelPx,
  MIN_LABEL_PX,
  openWorkbench,
  runCommand,
  openFile,
  projectRoot,
  saveScreenshot,
  setColorTheme,
  THEMES,
  workbenchState,
} from './workbench.mjs';
import { gridFrame, openGridFromExplorer, writeLargeSmi } from '../../bench/grid-fixtures.mjs';

// The package's types declare an ES default export, but it is CommonJS: `import` hands over the factory itself.
const initRDKitModule = /** @type {typeof rdkitPackage.default} */ (/** @type {unknown} */ (rdkitPackage));

const log = (...a) => console.log('#', ...a);
const LARGE = 'large-100k.smi';
const SMARTS = 'c1ccc(F)cc1';

function csvRows(file) {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map(l => l.split(','));
}

describe('molecule grid in the workbench', () => {
  let wb, page, frame, fixtures;
  const dialogs = [];
  const cspErrors = [];
  before(async () => {
    fixtures = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-grid-e2e-'));
    fs.cpSync(path.join(projectRoot, 'samples'), fixtures, { recursive: true });
    fs.copyFileSync(path.join(projectRoot, 'test/fixtures/grid-xss.csv'), path.join(fixtures, 'grid-xss.csv'));
    writeLargeSmi(projectRoot, path.join(fixtures, LARGE));
    wb = await openWorkbench({ fixtures, waitForFile: 'datasets' });
    page = wb.page;
    page.on('dialog', d => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', m => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
    });
  });
  after(async () => {
    if (page && process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT });
    await wb?.close();
    fs.rmSync(fixtures, { recursive: true, force: true });
  });
  after(() => {
    assert.deepEqual(wb.external, [], 'requests left loopback: ' + wb.external.join(' '));
    assert.deepEqual(dialogs, [], 'no script from the file ran');
    assert.deepEqual(cspErrors, [], 'no CSP violations');
  });

  const status = () => frame.$eval('#status', e => e.textContent);
  const waitCount = (n, total) =>
    frame.waitForFunction(
      ([n, total]) => document.querySelector('#status')?.textContent?.startsWith(`${n} of ${total} molecules`),
      [n, total],
      { timeout: 120000 },
    );
  async function setSelect(id, value) {
    await frame.$eval(
      `#${id}`,
      (el, v) => {
        el.value = v;
        el.dispatchEvent(new Event('change', { bubbles: true }));
      },
      value,
    );
  }

  it('opens the grid on the hERG sample from the palette, with depictions and lint badges', async () => {
    await openFile(page, 'herg_activities.csv');
    await runCommand(page, 'MolML: Open as Molecule Grid');
    frame = await gridFrame(page, 'herg_activities.csv');
    await waitCount(33, 33);
    await frame.waitForSelector('.card img.depiction', { timeout: 60000 });
    const src = await frame.$eval('.card img.depiction', img => img.getAttribute('src'));
    assert.match(src, /^data:image\/svg\+xml;base64,/);
    assert.match(Buffer.from(src.split(',')[1], 'base64').toString('utf8'), /<svg/);
    // The linter runs on the open file: its findings show as badges with the rule code.
    await frame.waitForSelector('.card .badge.lint', { timeout: 60000 });
    // Each badge says what it is about: it sits on the depiction (the molecule), beside the value of its column, or
    // names its column.
    const badges = await frame.$$eval('.card .badge.lint', bs =>
      bs.map(b => ({
        text: b.textContent,
        column: b.dataset.column,
        place: b.closest('.on-molecule') ? 'molecule' : b.closest('.field') ? 'field' : 'row',
        field: b.closest('.field')?.querySelector('.name')?.textContent,
      })),
    );
    for (const b of badges) {
      assert.match(b.text, /^MOL\d{3}( · .+)?$/);
      if (b.place === 'field') assert.equal(b.field, `${b.column}: `, JSON.stringify(b));
      if (b.place === 'row' && b.column) assert.equal(b.text.split(' · ')[1], b.column, JSON.stringify(b));
    }
    log(`badges: ${[...new Set(badges.map(b => `${b.text} (${b.place})`))].join(', ')}`);
    // Numbers of numeric columns with a few significant digits, not the file's 1430.000000000.
    const fields = await frame.$$eval('.card .field', fs => fs.map(f => f.textContent));
    assert.ok(fields.length > 0);
    for (const f of fields) assert.doesNotMatch(f, /\d\.\d{5,}/, f);
  });

  it('lays the toolbar out in one row when the grid is wide, and wraps it beside the editor', async () => {
    const toolbar = () =>
      frame.$eval('.toolbar', t => {
        const tops = new Set([...t.querySelectorAll('.group')].map(g => Math.round(g.getBoundingClientRect().top)));
        return { rows: tops.size, height: t.getBoundingClientRect().height, width: t.getBoundingClientRect().width };
      });
    const beside = await toolbar();
    log(`toolbar beside the editor: ${beside.rows} rows, ${beside.height} px high, ${beside.width} px wide`);
    assert.ok(beside.rows <= 3, `${beside.rows} toolbar rows beside the editor`);
    await saveScreenshot(page, 'grid-toolbar-beside');
    await page.setViewportSize({ width: 2400, height: 900 });
    try {
      await frame.waitForFunction(() => document.querySelector('.toolbar').getBoundingClientRect().width > 1000);
      const wide = await toolbar();
      log(`toolbar in a ${wide.width} px grid: ${wide.rows} rows, ${wide.height} px high`);
      assert.equal(wide.rows, 1);
      await saveScreenshot(page, 'grid-toolbar-wide');
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  for (const theme of THEMES)
    it(`draws atom labels of at least ${MIN_LABEL_PX} px at the Medium card size (${theme.name} theme)`, async () => {
      await setColorTheme(page, theme);
      await frame.waitForSelector('.card img.depiction');
      assert.equal(await frame.$eval('#card-size', e => e.value), '180', 'Medium, the default size');
      // The card shows its depiction at the width it was drawn, so the SVG's label size is the size on screen.
      const scale = await frame.$eval('.card img.depiction', img => {
        const svg = atob(img.getAttribute('src').split(',')[1]);
        return img.getBoundingClientRect().width / Number(/<svg[^>]*\swidth='(\d+)/.exec(svg)[1]);
      });
      assert.equal(scale, 1);
      const labels = await atomLabelPx(frame.locator('.card img.depiction'));
      log(`${theme.name}: ${labels.count} atom labels on the cards in view, ${labels.min}-${labels.max} px`);
      assert.ok(labels.count > 0 && labels.min >= MIN_LABEL_PX, `atom labels ${labels.min} px on screen`);
      await saveScreenshot(page, `grid-${theme.name}`);
    });

  it('filters by SMARTS: the count changes and matches are highlighted', async () => {
    const RDKit = await initRDKitModule();
    const q = RDKit.get_qmol(SMARTS);
    const smiles = csvRows(path.join(fixtures, 'datasets/herg_activities.csv')).map(r => r[0]);
    const expected = smiles.filter(s => {
      const m = RDKit.get_mol(s);
      try {
        return m && m.get_substruct_match(q) !== '{}';
      } finally {
        m?.delete();
      }
    }).length;
    q.delete();
    assert.ok(expected > 0 && expected < 33, `fixture check: ${expected} fluorophenyl molecules`);
    await frame.fill('#smarts input', SMARTS);
    await waitCount(expected, 33);
    await frame.waitForFunction(
      () => !(/** @type {HTMLElement | null} */ (document.querySelector('#status'))?.dataset.pending),
    );
    await frame.waitForFunction(
      n =>
        document.querySelectorAll('.card .badge.match').length ===
        Math.min(n, document.querySelectorAll('.card').length),
      expected,
      { timeout: 30000 },
    );
    const svg = await frame.$eval('.card img.depiction', img => atob(img.getAttribute('src').split(',')[1]));
    assert.match(svg, /#FF8C19/i, 'highlighted atoms in the depiction');
    log(`SMARTS ${SMARTS}: ${await status()}`);
    await frame.fill('#smarts input', '');
    await waitCount(33, 33);
  });

  it('sorts by a numeric column', async () => {
    const rows = csvRows(path.join(fixtures, 'datasets/herg_activities.csv'));
    const col = await frame.$$eval('#sort vscode-option', opts =>
      opts.find(o => o.textContent === 'standard_value')?.getAttribute('value'),
    );
    await setSelect('sort', col);
    await frame.click('#sort-direction');
    await frame.waitForFunction(() => document.querySelector('#sort-direction')?.textContent === 'Descending');
    const max = Math.max(...rows.map(r => Number(r[4])));
    const firstRow = Number(await frame.$eval('.card[style*="translate(8px, 8px)"]', c => c.dataset.row));
    assert.equal(Number(rows[firstRow][4]), max, 'the first card has the largest standard_value');
    await setSelect('sort', 'row');
    await frame.click('#sort-direction');
  });

  it('a click selects a card and lands on its line in the source; the cursor highlights cards', async () => {
    const card = frame.locator('.card[data-row="4"]');
    const line = Number(await card.getAttribute('data-line'));
    await card.click();
    await page
      .locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line}, Col`) })
      .first()
      .waitFor({ timeout: 20000 });
    assert.equal(await card.getAttribute('aria-selected'), 'true');
    await frame.locator('.card[data-row="6"]').click({ modifiers: ['Control'] });
    await frame.locator('.card[data-row="2"]').click({ modifiers: ['Control'] });
    await frame.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('3 selected'));
    // Go to line 12 in the editor: that row's card is marked.
    await page.locator('.monaco-editor .view-line').first().click();
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(':12');
    await page.keyboard.press('Enter');
    await frame.waitForSelector('.card.source-row[data-line="12"]', { timeout: 20000 });
  });

  it('exports the selection as CSV through a save dialog', async () => {
    await frame.click('#selection-actions summary');
    await frame.click('#export-csv');
    // VS Code's own save dialog, proposing <name>-selection.csv beside the source file.
    const input = page.locator('.quick-input-widget input');
    await page.waitForFunction(
      () =>
        /** @type {HTMLInputElement | null} */ (document.querySelector('.quick-input-widget input'))?.value?.endsWith(
          'herg_activities-selection.csv',
        ),
      undefined,
      { timeout: 30000 },
    );
    const target = path.join(wb.host.dirs.ws, 'datasets', 'picked.csv');
    await input.fill(target);
    await page.keyboard.press('Enter');
    for (let i = 0; i < 300 && !fs.existsSync(target); i++) await new Promise(r => setTimeout(r, 200));
    const source = csvRows(path.join(fixtures, 'datasets/herg_activities.csv'));
    const exported = csvRows(target);
    assert.deepEqual(
      exported.map(r => r[2]),
      [2, 4, 6].map(i => source[i][2]),
      'the three selected rows, in grid order',
    );
    assert.equal(
      fs.readFileSync(target, 'utf8').split('\n')[0],
      fs.readFileSync(path.join(fixtures, 'datasets/herg_activities.csv'), 'utf8').split('\n')[0].trimEnd(),
    );
  });

  it('keeps the selection when the grid is closed and opened again', async () => {
    await frame.focus('#grid');
    await runCommand(page, 'View: Close Editor');
    const tab = page.locator('.tab', { hasText: 'Molecules: herg_activities.csv' });
    await tab.waitFor({ state: 'detached', timeout: 10_000 }).catch(async () => {
      // A busy workbench can drop a command from the palette: close the tab with its own button instead.
      await tab.hover();
      await tab.locator('.codicon-close').click();
      await tab.waitFor({ state: 'detached' });
    });
    await openFile(page, 'herg_activities.csv');
    await runCommand(page, 'MolML: Open as Molecule Grid');
    frame = await gridFrame(page, 'herg_activities.csv');
    await waitCount(33, 33);
    await frame.waitForFunction(
      () => document.querySelector('#status')?.textContent?.includes('3 selected'),
      undefined,
      { timeout: 20000 },
    );
    // Only cards in view are in the DOM: from the top, those of rows 2 and 4 are, and no other card is selected.
    await frame.$eval('#grid', g => {
      g.scrollTop = 0;
    });
    await frame.waitForSelector('.card[data-row="2"][aria-selected="true"]');
    const selected = await frame.$$eval('.card[aria-selected="true"]', cs => cs.map(c => Number(c.dataset.row)));
    assert.ok(
      selected.includes(2) && selected.includes(4) && selected.every(r => [2, 4, 6].includes(r)),
      selected.join(','),
    );
  });

  it('comes back with its selection and filter when the window is reloaded', async () => {
    await frame.fill('#search input', 'CHEMBL');
    await frame.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('of 33 molecules'));
    await new Promise(r => setTimeout(r, 800)); // the view saves its state shortly after a change
    // A window reload as VS Code does it (the workbench saves its layout on the way out).
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForTimeout(3000);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    // VS Code restores the grid's tab; its webview is rebuilt (by the panel serializer) once the tab is shown.
    await page.locator('.tab', { hasText: 'Molecules: herg_activities.csv' }).click({ timeout: 60000 });
    frame = await gridFrame(page, 'herg_activities.csv', 90000);
    await waitCount(33, 33);
    assert.equal(await frame.$eval('#search input', i => i.value), 'CHEMBL');
    await frame.waitForFunction(
      () => document.querySelector('#status')?.textContent?.includes('3 selected'),
      undefined,
      { timeout: 20000 },
    );
    await frame.fill('#search input', '');
  });

  it('moves focus with the keyboard: arrows, Space selects, Enter reveals', async () => {
    await frame.focus('#grid');
    await frame.press('#grid', 'Home');
    await frame.press('#grid', 'ArrowRight');
    const focused = await frame.$eval('#grid', g => g.getAttribute('aria-activedescendant'));
    const row = Number(focused.replace('card-', ''));
    await frame.press('#grid', 'Space');
    await frame.waitForFunction(
      r => document.getElementById(`card-${r}`)?.getAttribute('aria-selected') === 'true',
      row,
    );
    const line = Number(await frame.$eval(`#card-${row}`, c => c.dataset.line));
    await frame.press('#grid', 'Enter');
    await page
      .locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line}, Col`) })
      .first()
      .waitFor({ timeout: 20000 });
  });

  it('shows hostile names as text', async () => {
    await openFile(page, 'grid-xss.csv');
    await runCommand(page, 'MolML: Open as Molecule Grid');
    await page.locator('.tab.active', { hasText: 'Molecules: grid-xss.csv' }).waitFor();
    frame = await gridFrame(page, 'grid-xss.csv');
    await frame.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('4 of 4'));
    const titles = await frame.$$eval('.card .title', ts => ts.map(t => t.textContent));
    assert.ok(titles.includes('<img src=x onerror=alert(1)>'), titles.join(' | '));
    assert.ok(titles.includes('</script><script>alert(2)</script>'));
    assert.equal(await frame.$$eval('img:not(.depiction)', els => els.length), 0, 'no image element from the file');
    assert.equal(
      await frame.$$eval('script', els => els.filter(e => /alert/.test(e.textContent ?? '')).length),
      0,
      'no script from the file',
    );
    assert.equal(await frame.$$eval('b', els => els.length), 0);
    const columnNames = await frame.$$eval('#columns vscode-checkbox', bs => bs.map(b => b.getAttribute('label')));
    assert.ok(
      columnNames.includes('<img src=x onerror=alert(8)>'),
      `a column named with HTML is listed as text: ${columnNames.join(' | ')}`,
    );
    await frame.waitForSelector('.card .placeholder.invalid', { timeout: 30000 });
  });

  it(`opens ${LARGE} (100,000 rows) from the explorer and scrolls to the end`, async () => {
    // Start from an empty editor area with the keyboard focus in the explorer, not in a webview of an earlier test.
    await runCommand(page, 'View: Close All Editor Groups');
    await page.locator('.tab').first().waitFor({ state: 'detached', timeout: 20000 });
    await runCommand(page, 'File: Focus on Files Explorer');
    const t0 = Date.now();
    const tab = page.locator('.tab.active', { hasText: `Molecules: ${LARGE}` });
    for (let attempt = 1; ; attempt++) {
      await openGridFromExplorer(page, LARGE);
      try {
        await tab.waitFor({ timeout: 45000 });
        break;
      } catch (e) {
        // Say what the workbench and the extension host were doing, so that a failure elsewhere explains itself.
        log(`no grid tab 45 s after the menu click (attempt ${attempt}):\n${await workbenchState(wb)}`);
        if (attempt === 2) throw e;
      }
    }
    frame = await gridFrame(page, LARGE);
    await waitCount(100000, 100000);
    await frame.waitForSelector('.card img.depiction', { timeout: 60000 });
    log(`100k rows: first depiction ${Date.now() - t0} ms after the menu click`);
    const cards = await frame.$$eval('.card', cs => cs.length);
    assert.ok(cards < 200, `only visible cards are in the DOM (${cards})`);
    await frame.$eval('#grid', g => {
      g.scrollTop = g.scrollHeight;
    });
    await frame.waitForSelector('.card[data-row="99999"] img.depiction', { timeout: 60000 });
    assert.equal(await frame.$eval('.card[data-row="99999"] .title', t => t.textContent), 'P100000');
    await frame.fill('#search input', 'P099998');
    await waitCount(1, 100000);
  });
});
