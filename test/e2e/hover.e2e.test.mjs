// SMILES hover cards in the real workbench (code-server + headless Chromium), offline, on a copy of samples/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  atomLabelPx,
  MIN_LABEL_PX,
  openFile as openInEditor,
  openWorkbench,
  saveScreenshot,
  setColorTheme,
  THEMES,
} from './workbench.mjs';

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
  // The editor may still be laying the line out (a token found but not yet placed has no box): wait for one.
  await token.waitFor({ state: 'visible' });
  let box = await token.boundingBox();
  for (let i = 0; !box && i < 50; i++) {
    await page.waitForTimeout(100);
    box = await token.boundingBox();
  }
  if (!box) throw new Error(`the token '${text}' on the line '${lineText}' has no place on screen`);
  const x = box.x + Math.min(box.width / 2, 40);
  await page.mouse.move(x - 4, box.y + box.height / 2);
  await page.mouse.move(x, box.y + box.height / 2);
}

describe('SMILES hover in the workbench', () => {
  let wb, page;
  before(async () => {
    wb = await openWorkbench({ waitForFile: 'featurize.py' });
    page = wb.page;
  });
  after(async () => {
    if (page && process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT });
    await wb?.close();
  });
  after(() => assert.deepEqual(wb.external, [], 'requests left loopback: ' + wb.external.join(' ')));

  it('shows a decoded depiction on an opaque light card, and the properties', async () => {
    await openFile(page, 'featurize.py', 'REFERENCE_DRUGS');
    const t0 = Date.now();
    await hoverToken(page, '"aspirin"', 'CC(=O)Oc1ccccc1C(=O)O');
    const hover = page.locator('.monaco-hover .rendered-markdown', { hasText: 'C9H8O4' }).first();
    await hover.waitFor({ timeout: 20000 });
    log(`first hover (RDKit load included) shown ${Date.now() - t0} ms after the mouse move`);
    const text = await hover.innerText();
    assert.match(text, /CC\(=O\)Oc1ccccc1C\(=O\)O/);
    assert.match(text, /MW\s+180\.16 g\/mol/);
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

  for (const theme of THEMES)
    it(`shows the depiction and the key properties without scrolling (${theme.name} theme)`, async () => {
      await setColorTheme(page, theme);
      await openFile(page, 'featurize.py', 'REFERENCE_DRUGS');
      await hoverToken(page, '"aspirin"', 'CC(=O)Oc1ccccc1C(=O)O');
      const hover = page.locator('.monaco-hover .rendered-markdown', { hasText: 'C9H8O4' }).first();
      await hover.waitFor({ timeout: 20000 });
      await hover
        .locator('img')
        .first()
        .evaluate(e => (e.complete ? undefined : new Promise(r => (e.onload = e.onerror = r))));
      // Each key value's own box (the text, not its cell) against the part of the hover the editor lets show.
      const seen = await hover.evaluate(md => {
        const widget = md.closest('.monaco-hover');
        const scroller = widget.querySelector('.monaco-scrollable-element') ?? widget;
        const a = widget.getBoundingClientRect(),
          b = scroller.getBoundingClientRect();
        const view = {
          top: Math.max(a.top, b.top),
          bottom: Math.min(a.bottom, b.bottom),
          left: Math.max(a.left, b.left),
          right: Math.min(a.right, b.right),
        };
        const textBox = text => {
          const walker = document.createTreeWalker(md, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const at = (n.textContent ?? '').indexOf(text);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(n, at);
            range.setEnd(n, at + text.length);
            const r = range.getBoundingClientRect();
            return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
          }
          return null;
        };
        const img = md.querySelector('img').getBoundingClientRect();
        const boxes = {
          depiction: { top: img.top, bottom: img.bottom, left: img.left, right: img.right },
          ...Object.fromEntries(
            ['C9H8O4', '180.16 g/mol', '1.31', '63.6 Å²', '1 / 3', 'BSYNRYMUTXBXSQ-UHFFFAOYSA-N', 'Copy SMILES'].map(
              t => [t, textBox(t)],
            ),
          ),
        };
        return { view, boxes, height: view.bottom - view.top };
      });
      const labels = await atomLabelPx(hover.locator('img'));
      log(`${theme.name}: hover shows ${Math.round(seen.height)} px of height; atom labels ${labels.min} px`);
      assert.ok(labels.count > 0 && labels.min >= MIN_LABEL_PX, `atom labels ${labels.min} px on screen`);
      for (const [what, box] of Object.entries(seen.boxes)) {
        assert.ok(box, `${what} is on the card`);
        assert.ok(
          box.top >= seen.view.top - 0.5 &&
            box.bottom <= seen.view.bottom + 0.5 &&
            box.left >= seen.view.left - 0.5 &&
            box.right <= seen.view.right + 0.5,
          `${what} ${JSON.stringify(box)} lies within the hover's visible box ${JSON.stringify(seen.view)}`,
        );
      }
      const v = seen.view;
      await saveScreenshot(page, `hover-${theme.name}`, {
        x: Math.max(0, v.left - 40),
        y: Math.max(0, v.top - 40),
        width: v.right - v.left + 80,
        height: v.bottom - v.top + 80,
      });
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
    // 27 heavy atoms in the 250 px card: RDKit's own scaling drew its labels at 11 px.
    const labels = await atomLabelPx(hover.locator('img'));
    log(`C24H34N2O in the hover: atom labels ${labels.min}-${labels.max} px on screen`);
    assert.ok(labels.min >= MIN_LABEL_PX, `atom labels ${labels.min} px on screen`);
    await page.keyboard.press('Escape');
  });
});
