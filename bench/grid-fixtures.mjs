// Shared by the grid browser test and benchmark: a 100,000-row .smi file of real SMILES, and the frame of the grid
// webview inside the workbench page.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** The pre-training corpus (one SMILES a line, gzip) under MOLML_DATA, for the benchmark; undefined when unset. */
export const CORPUS = () =>
  process.env.MOLML_DATA && path.join(process.env.MOLML_DATA, 'pretrain/pretrain_smiles.txt.gz');

/** The SMILES of the committed HIV excerpt (4,500 real screening compounds), the test's source of molecules. */
function fixtureSmiles(projectRoot) {
  const text = fs.readFileSync(path.join(projectRoot, 'test/fixtures/data/dirty/hiv_deepchem_raw_crlf.csv'), 'utf8');
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter(Boolean)
    .map(l => l.split(',')[0]);
}

/** Writes `rows` lines `SMILES<TAB>P000001`: the first `rows` SMILES of the corpus when `fromCorpus` (distinct
 *  molecules, for the benchmark), else the committed excerpt over and over (each line still has its own name). */
export function writeLargeSmi(projectRoot, file, rows = 100_000, fromCorpus = false) {
  let smiles;
  if (fromCorpus) {
    if (!CORPUS()) throw new Error('set MOLML_DATA to the folder holding pretrain/pretrain_smiles.txt.gz');
    smiles = zlib.gunzipSync(fs.readFileSync(CORPUS())).toString('utf8').split('\n').filter(Boolean);
    if (smiles.length < rows) throw new Error(`the corpus has ${smiles.length} SMILES, fewer than ${rows}`);
  } else {
    smiles = fixtureSmiles(projectRoot);
  }
  const out = Array.from(
    { length: rows },
    (_, i) => `${smiles[i % smiles.length].trim()}\tP${String(i + 1).padStart(6, '0')}`,
  );
  fs.writeFileSync(file, out.join('\n') + '\n');
  return out;
}

/** The frame holding the grid of `file` (the webview's inner frame with #grid), once it has loaded. */
export async function gridFrame(page, file, timeout = 60000) {
  const t0 = Date.now();
  for (;;) {
    for (const f of page.frames()) {
      try {
        if (f.isDetached()) continue;
        if (
          await f.evaluate(
            name => document.title === `Molecules: ${name}` && !!document.querySelector('#grid[role=listbox]'),
            file,
          )
        )
          return f;
      } catch {
        /* detached while looking */
      }
    }
    if (Date.now() - t0 > timeout) throw new Error('the grid webview did not appear');
    await new Promise(r => setTimeout(r, 200));
  }
}

/** Opens `file` as a grid from the explorer's context menu (retried: the menu lists the command only once the
 *  extension's contributions are loaded). */
export async function openGridFromExplorer(page, file, attempts = 10) {
  const item = page.locator('.context-view .action-label', { hasText: 'Open as Molecule Grid' });
  for (let i = 1; ; i++) {
    try {
      // A context menu still open from before covers the explorer and takes the click: close it first (Escape,
      // or a click on the layer it lays over the page when the keyboard focus is elsewhere, e.g. in a webview).
      const block = page.locator('.context-view-block');
      if (await block.count()) await page.keyboard.press('Escape');
      if (await block.count())
        await block
          .first()
          .click({ force: true, timeout: 2000 })
          .catch(() => undefined);
      await page
        .locator('.explorer-folders-view .monaco-list-row', { hasText: file })
        .first()
        .click({ button: 'right', timeout: 5000 });
      await item.waitFor({ timeout: 3000 });
      // After a click the menu ignored, choose the item with the keyboard instead (the menu has the focus).
      if (i === 1) await item.click();
      else {
        await item.hover();
        await page.keyboard.press('Enter');
      }
      // A menu that stays open did not take the click (it was still laying itself out): try again.
      await item.waitFor({ state: 'detached', timeout: 3000 });
      return;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (i >= attempts) throw e;
      await new Promise(r => setTimeout(r, 1000));
    }
  }
}
