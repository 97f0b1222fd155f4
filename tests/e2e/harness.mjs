// The set-up every browser test file shares: serve the built workbook (DIST_DIR, default
// dist/) from a subpath, open one headless chromium for the file, give out pages that record
// what a test must never see (requests leaving the origin, uncaught script errors), open a
// section, and run axe-core, keeping its serious and critical findings as readable lines.
// Separate from browser.mjs because it registers node:test hooks, which the measurement
// scripts that import browser.mjs must not do.

import { after, before } from 'node:test';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { serveDist } from './server.mjs';
import { openBrowser } from './browser.mjs';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

/**
 * Registers `before` (start the server and the browser) and `after` (close both) in the
 * calling test file, and returns the workbook under test: `url` and `origin` (set once
 * `before` has run), `context` (the browser context, for a page that must not record),
 * `newPage()`, `openSection(page, id, query)`, and the arrays `foreignRequests` and
 * `pageErrors` that every page from `newPage()` appends to.
 */
export function useWorkbook(distDir = process.env.DIST_DIR ?? 'dist') {
  let server;
  let browser;
  const foreignRequests = [];
  const pageErrors = [];

  before(async () => {
    server = await serveDist(resolve(distDir));
    browser = await openBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    get url() { return server.url; },
    get origin() { return server.origin; },
    get context() { return browser.context; },
    foreignRequests,
    pageErrors,

    /** A new page that records requests leaving the origin and uncaught errors. */
    async newPage() {
      const page = await browser.context.newPage();
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(server.origin + '/') && !url.startsWith('data:')) {
          foreignRequests.push(url);
        }
      });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      return page;
    },

    /** Goes to section `id` (with an optional `?query`) and waits for its article. */
    async openSection(page, id, query = '') {
      await page.goto(`${server.url}#/${id}${query}`);
      await page.locator(`article[data-section="${id}"]`).waitFor();
    },
  };
}

/**
 * Runs axe-core on the page as it stands and returns its serious and critical violations,
 * one readable line each (rule, impact, help, the first three elements), each line starting
 * with `label: ` when a label is given. An empty array means nothing serious was found.
 */
export async function seriousAxeViolations(page, label = '') {
  await page.addScriptTag({ path: AXE_PATH });
  const results = await page.evaluate(() => window.axe.run(document));
  const prefix = label ? `${label}: ` : '';
  return results.violations
    .filter((violation) => ['serious', 'critical'].includes(violation.impact))
    .map((violation) => `${prefix}${violation.id} (${violation.impact}): ${violation.help} — `
      + violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join('; '));
}

/** The text of a section figure's live description. */
export const figureDescription = (page) => page.getByTestId('figure-description').textContent();

/** The figure's chart as a data URL, to tell whether it was redrawn. */
export const figureChartPixels = (page) => page.getByTestId('figure-chart')
  .evaluate((canvas) => canvas.toDataURL());

/** Waits up to `timeout_ms` for the live description to match `pattern`; returns its text. */
export async function waitForFigureDescription(page, pattern, timeout_ms) {
  await page.waitForFunction((source) => new RegExp(source).test(
    document.querySelector('[data-testid=figure-description]')?.textContent ?? ''),
  pattern.source, { timeout: timeout_ms });
  return figureDescription(page);
}
