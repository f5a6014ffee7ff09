// Shared harness for browser tests: a real VS Code workbench (code-server) in headless Chromium, offline.
import fs from 'node:fs';
import path from 'node:path';
import { startCodeServer, launchBrowser, projectRoot } from '../../scripts/vscode-web-host.mjs';

export { projectRoot };
export const samplesDir = path.join(projectRoot, 'samples');
/** Where browser tests keep their screenshots (E2E_ARTIFACTS, else out/e2e-artifacts in the checkout). */
export const artefactsDir = process.env.E2E_ARTIFACTS || path.join(projectRoot, 'out', 'e2e-artifacts');

/** The colour themes every view is checked in: their label in the theme picker and the workbench's class. */
export const THEMES = [
  { name: 'light', label: 'Light Modern', bodyClass: 'vs' },
  { name: 'dark', label: 'Dark Modern', bodyClass: 'vs-dark' },
];

/** Switches the colour theme as a user does (Preferences: Color Theme) and waits until the workbench shows it. */
export async function setColorTheme(page, theme) {
  await runCommand(page, 'Preferences: Color Theme');
  await page.locator('.quick-input-widget input').fill(theme.label);
  await acceptRow(page, theme.label);
  await page.waitForFunction(
    cls => document.querySelector('.monaco-workbench')?.classList.contains(cls),
    theme.bodyClass,
    { timeout: 30000 },
  );
}

/** Atom labels must be at least this tall on screen (ATOM_LABEL_PX.min in src/core/chem/describe.ts). */
export const MIN_LABEL_PX = 12;

/**
 * The rendered size (CSS px) of the element symbols in depiction images: each SVG's font size times the scale the page
 * shows the image at (its box over the SVG's own width). Smallest and largest over all `imgs`. The SVG is read as
 * text: a parsed document would apply its style attributes under the webview's content security policy.
 */
export async function atomLabelPx(imgs) {
  const sizes = await imgs.evaluateAll(list =>
    list.flatMap(img => {
      const src = img.getAttribute('src') ?? '';
      const svg = atob(src.slice(src.indexOf(',') + 1));
      const drawn = Number(/<svg[^>]*\swidth=['"]([\d.]+)/.exec(svg)?.[1]);
      const scale = img.getBoundingClientRect().width / drawn;
      return [...svg.matchAll(/<text[^>]*font-size:\s*([\d.]+)px[^>]*>([^<]*)</g)]
        .filter(m => /^[A-Z][a-z]?$/.test(m[2]))
        .map(m => Number(m[1]) * scale);
    }),
  );
  return { min: Math.min(...sizes), max: Math.max(...sizes), count: sizes.length };
}

/** Saves a screenshot of the page, or of `clip` (a box in page pixels), as <artefactsDir>/<name>.png. */
export async function saveScreenshot(page, name, clip) {
  fs.mkdirSync(artefactsDir, { recursive: true });
  const file = path.join(artefactsDir, `${name}.png`);
  await page.screenshot({ path: file, ...(clip ? { clip } : {}) });
  return file;
}

// Loopback, webview resources served by the webview's service worker, and inline schemes are all that may load.
const LOCAL =
  /^(https?:\/\/(127\.0\.0\.1|localhost)[:/]|https:\/\/[^/]+\.vscode-resource\.vscode-cdn\.net\/|https:\/\/[^/]+\.vscode-cdn\.net\/|data:|blob:|vscode-|about:)/;

/**
 * Opens a workbench on a throw-away copy of `fixtures` with the extension loaded from this checkout, or installed
 * from `vsix`. `external` collects every request that left loopback: tests assert it stays empty.
 * @param {{ fixtures?: string, vsix?: string, waitForFile?: string }} [options]
 */
export async function openWorkbench({ fixtures = samplesDir, vsix, waitForFile } = {}) {
  const host = await startCodeServer({ fixtures, installVsix: vsix });
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const external = [];
  page.context().on('request', r => {
    if (!LOCAL.test(r.url())) external.push(r.url());
  });
  await page.goto(host.url(vsix ? [] : [['extensionDevelopmentPath', host.remoteUri(projectRoot)]]));
  if (waitForFile)
    await page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: waitForFile })
      .first()
      .waitFor({ timeout: 60000 });
  else await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  return {
    host,
    browser,
    page,
    external,
    async close() {
      await browser.close().catch(() => {});
      await host.stop();
    },
  };
}

const escapeRegExp = text => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The labels of the quick input's rows as rendered, top first (the focused one marked with `*`). */
async function quickInputRows(page) {
  return page
    .locator('.quick-input-list .monaco-list-row')
    .evaluateAll(rows =>
      rows
        .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
        .map(r => `${r.classList.contains('focused') ? '*' : ''}${r.querySelector('.label-name')?.textContent ?? ''}`),
    )
    .catch(() => []);
}

/**
 * Moves the quick input's focus onto the row labelled exactly `label`, checks that the focused row is that one, and
 * accepts it with Enter. Never accepts another row: a recently used or better-scored entry may sit on top of a
 * similar label, so the top row is not trusted. Throws, naming the rows it saw, when no row carries the label.
 */
export async function acceptRow(page, label, timeout = 5000) {
  const exact = new RegExp(`^${escapeRegExp(label)}$`);
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exact }) });
  try {
    await row.first().waitFor({ timeout });
  } catch {
    throw new Error(`no quick input row labelled "${label}"; rows: ${(await quickInputRows(page)).join(' | ')}`);
  }
  const count = await page.locator('.quick-input-list .monaco-list-row').count();
  const focusedLabel = () =>
    page
      .locator('.quick-input-list .monaco-list-row.focused .label-name')
      .first()
      .textContent({ timeout: 1000 })
      .catch(() => null);
  // Down moves the focus one row and wraps: within as many presses as there are rows it reaches every row.
  for (let i = 0; i <= count && (await focusedLabel()) !== label; i++) await page.keyboard.press('ArrowDown');
  const chosen = await focusedLabel();
  if (chosen !== label)
    throw new Error(
      `the quick input focus is on "${chosen}", not "${label}"; rows: ${(await quickInputRows(page)).join(' | ')}`,
    );
  await page.keyboard.press('Enter');
}

/** Runs a command by its exact palette title, as a user would, and never a similarly named one (see acceptRow).
 *  The palette lists what was registered when it opened, so right after start-up (extensions still registering) it is
 *  reopened until the command shows. */
export async function runCommand(page, title, attempts = 6) {
  const input = page.locator('.quick-input-widget input');
  for (let i = 1; ; i++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill('>' + title);
    try {
      await acceptRow(page, title);
      return;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (i >= attempts) throw e;
    }
  }
}

/** Opens a workspace file through Quick Open: the row named exactly as the file (see acceptRow). */
export async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await acceptRow(page, path.basename(name), 30000);
  await page.locator('.tab.active', { hasText: path.basename(name) }).waitFor();
}

/** Waits for a notification toast (or the notification centre) to show `text`. */
export async function expectNotification(page, text, timeout = 30000) {
  await page.locator('.notifications-toasts, .notifications-center').getByText(text).first().waitFor({ timeout });
}

/** The lines of the extension host's log files whose names match `name` (MolML's channel: /^MolML\.log$/), by file,
 *  from the server's log folder. */
export function extensionHostLogs(udd, name) {
  const found = [];
  const walk = dir => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (name.test(e.name))
        found.push({ file: path.relative(udd, p), lines: fs.readFileSync(p, 'utf8').trimEnd().split('\n') });
    }
  };
  if (fs.existsSync(path.join(udd, 'logs'))) walk(path.join(udd, 'logs'));
  return found;
}

/** What the workbench shows and the extension host logged: printed when a browser test times out, so that a failure
 *  on another machine says whether the command ran, failed or never arrived. */
export async function workbenchState(wb) {
  const tabs = await wb.page
    .$$eval('.tab', ts =>
      ts.map(t => `${t.classList.contains('active') ? '*' : ''}${t.getAttribute('aria-label') ?? t.textContent}`),
    )
    .catch(e => [e.message]);
  const toasts = await wb.page.$$eval('.notification-toast', ts => ts.map(t => t.textContent)).catch(e => [e.message]);
  const menus = await wb.page
    .locator('.context-view .action-label')
    .allTextContents()
    .catch(e => [e.message]);
  return [
    `tabs: ${tabs.join(' | ')}`,
    `notifications: ${toasts.join(' | ') || 'none'}`,
    `open menu: ${menus.join(' | ') || 'none'}`,
    ...extensionHostLogs(wb.host.dirs.udd, /^(MolML.*|remoteexthost)\.log$/).map(
      l => `${l.file}:\n  ${l.lines.slice(-15).join('\n  ')}`,
    ),
  ].join('\n');
}
