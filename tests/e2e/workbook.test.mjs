// Browser end-to-end tests of the built workbook (node's test runner + playwright-core with
// Debian's headless chromium). The site is served from a subpath to prove relative URLs work.
// Run through scripts/test, which builds dist/ first and sets DIST_DIR.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setSlider } from './browser.mjs';
import {
  figureChartPixels, figureDescription, seriousAxeViolations, useWorkbook,
  waitForFigureDescription,
} from './harness.mjs';

const SECTIONS = [
  'concurrency', 'cold-starts', 'caching', 'memory', 'downstream', 'bill',
  'ticket-sale', 'exercises', 'challenges', 'interviews', 'sandbox',
];

const workbook = useWorkbook();
const { newPage, openSection } = workbook;

/** Scrolls the figure on screen (it only runs while visible) and waits for a description. */
async function showFigure(page) {
  await page.getByTestId('door-figure').scrollIntoViewIfNeeded();
  await page.getByTestId('figure-chart').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => /cashiers busy/.test(
    document.querySelector('[data-testid=figure-description]')?.textContent ?? ''));
}

const description = figureDescription;
const chartPixels = figureChartPixels;
const waitForDescription = (page, pattern, timeout_ms = 15000) =>
  waitForFigureDescription(page, pattern, timeout_ms);

test('the page loads from a subpath and shows the first section', async () => {
  const page = await newPage();
  await page.goto(workbook.url);
  await page.locator('article[data-section="concurrency"]').waitFor();
  assert.match(await page.locator('h1').textContent(), /Scaling/);
  assert.equal(await page.locator('nav.toc a').count(), SECTIONS.length);
  await page.close();
});

test('the figure throttles when the limit is below demand and recovers when it is raised',
  async () => {
    const page = await newPage();
    await openSection(page, 'concurrency');
    await showFigure(page);
    const before = await description(page);
    const chartBefore = await chartPixels(page);

    // Demand of about 2,000 concurrent requests against a limit of 300.
    await setSlider(page, 'slider-rate', 2000);
    await setSlider(page, 'slider-limit', 300);
    assert.match(await page.locator('output[for=slider-limit]').textContent(), /300 concurrent/);
    const throttling = await waitForDescription(page, /\d customers? turned away \(HTTP 429\)/);
    assert.notEqual(throttling, before);
    assert.match(throttling, /of 300 cashiers busy/);
    await page.waitForFunction(() => /[1-9][\d,]* throttled/.test(
      document.querySelector('[data-testid=chart-summary]')?.textContent ?? ''));
    assert.notEqual(await chartPixels(page), chartBefore, 'the chart was redrawn');

    // Raise the limit above demand: the door stops turning people away.
    await setSlider(page, 'slider-limit', 3000);
    const recovered = await waitForDescription(page, /no customers turned away/, 30000);
    assert.match(recovered, /of 3,000 cashiers busy/);
    await page.close();
  });

test('a link can carry a prepared setup; bad parameters are reported', async () => {
  const page = await newPage();
  await page.goto(`${workbook.url}#/concurrency?rate=2000&limit=300&reserved=0&seed=4`);
  await showFigure(page);
  assert.equal(await page.getByTestId('slider-limit').inputValue(), '300');
  await waitForDescription(page, /of 300 cashiers busy.*\d customers? turned away/);
  assert.equal(await page.getByTestId('link-notice').count(), 0);
  assert.match(await page.getByTestId('setup-link').getAttribute('href'),
    /rate=2000&limit=300&reserved=0&seed=4/);
  await page.goto(`${workbook.url}#/concurrency?rate=lots&limit=500`);
  await page.reload();
  await page.getByTestId('link-notice').waitFor();
  assert.match(await page.getByTestId('link-notice').textContent(), /rate=lots/);
  assert.equal(await page.getByTestId('slider-limit').inputValue(), '500');
  await page.close();
});

test('sliders work from the keyboard and pause is respected', async () => {
  const page = await newPage();
  await openSection(page, 'concurrency');
  await showFigure(page);
  const slider = page.getByTestId('slider-rate');
  const start = Number(await slider.inputValue());
  await slider.focus();
  // Arrows move one step (one request a second); Page Up moves a large stride.
  await page.keyboard.press('ArrowRight');
  assert.equal(Number(await slider.inputValue()), start + 1);
  await page.keyboard.press('PageUp');
  const strided = Number(await slider.inputValue());
  assert.ok(strided >= start + 100, `Page Up moved the rate only to ${strided}`);

  await page.getByTestId('play-pause').click();
  assert.equal(await page.getByTestId('play-pause').getAttribute('aria-pressed'), 'true');
  const status = await page.getByTestId('figure-status').textContent();
  // Scroll away and back: the figure must stay paused.
  await page.locator('h1').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await page.getByTestId('door-figure').scrollIntoViewIfNeeded();
  await page.waitForTimeout(1200);
  assert.equal(await page.getByTestId('figure-status').textContent(), status);
  await page.close();
});

test('with prefers-reduced-motion the figure still changes state', async () => {
  const page = await newPage();
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openSection(page, 'concurrency');
  await showFigure(page);
  assert.equal(await page.getByTestId('door-figure').getAttribute('data-motion'), 'reduced');
  await setSlider(page, 'slider-rate', 2000);
  await setSlider(page, 'slider-limit', 300);
  await waitForDescription(page, /\d customers? turned away \(HTTP 429\)/);
  await page.close();
});

test('the live description speaks at most once a second, even while a slider moves',
  async () => {
    const page = await newPage();
    await openSection(page, 'concurrency');
    await showFigure(page);
    await page.evaluate(() => {
      window.__liveUpdates = [];
      const region = document.querySelector('[data-testid=figure-description]');
      // One callback per batch of mutations, that is per update of the text.
      new MutationObserver(() => { window.__liveUpdates.push(performance.now()); })
        .observe(region, { childList: true, characterData: true, subtree: true });
    });
    for (let step = 0; step < 20; step += 1) {
      await setSlider(page, 'slider-rate', 500 + step * 100);
      await page.waitForTimeout(100);
    }
    await page.waitForTimeout(1000);
    const times = await page.evaluate(() => window.__liveUpdates);
    const updates = times.length;
    // However long a busy machine made the loop take, no two updates come closer than the
    // once-a-second limit (a few ms of timer slack allowed).
    const gaps = times.slice(1).map((time, index) => time - times[index]);
    assert.ok(gaps.every((gap) => gap >= 990), `updates only ${gaps.map(Math.round)} ms apart`);
    assert.ok(updates >= 1, 'the live region never changed');
    await page.close();
  });

test('the architecture view toggle redraws the same state', async () => {
  const page = await newPage();
  await openSection(page, 'concurrency');
  await showFigure(page);
  await page.getByTestId('play-pause').click();
  const scene = page.locator('canvas.scene');
  const restaurant = await scene.evaluate((canvas) => canvas.toDataURL());
  await page.getByTestId('view-toggle').click();
  assert.equal(await page.getByTestId('view-toggle').getAttribute('aria-pressed'), 'true');
  assert.notEqual(await scene.evaluate((canvas) => canvas.toDataURL()), restaurant);
  await page.close();
});

test('every section passes axe with no serious or critical violations', async () => {
  const page = await newPage();
  for (const id of SECTIONS) {
    await openSection(page, id);
    const bad = await seriousAxeViolations(page, id);
    assert.deepEqual(bad, [], bad.join('\n'));
  }
  await page.close();
});

test('a deep link survives a reload; j and k move between sections', async () => {
  const page = await newPage();
  await openSection(page, 'caching');
  await page.reload();
  await page.locator('article[data-section="caching"]').waitFor();
  assert.equal(await page.locator('nav.toc a[aria-current=page]').getAttribute('href'),
    '#/caching');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('j');
  await page.locator('article[data-section="memory"]').waitFor();
  assert.ok(page.url().endsWith('#/memory'));
  await page.keyboard.press('k');
  await page.locator('article[data-section="caching"]').waitFor();
  const focused = await page.evaluate(() => document.activeElement?.id);
  assert.equal(focused, 'section-heading');
  await page.close();
});

test('a mangled hash shows a message and the first section', async () => {
  const page = await newPage();
  await page.goto(`${workbook.url}#/%3Cscript%3E/../nowhere`);
  await page.getByTestId('route-notice').waitFor();
  assert.match(await page.getByTestId('route-notice').textContent(), /no section called/);
  await page.locator('article[data-section="concurrency"]').waitFor();
  await page.close();
});

test('progress is saved; a corrupt entry is reported and kept', async () => {
  const page = await newPage();
  await openSection(page, 'memory');
  await page.getByTestId('complete-toggle').click();
  const saved = await page.evaluate(
    () => localStorage.getItem('serverless-workbook.progress.v2'));
  assert.match(saved, /completed: memory/);
  await page.reload();
  await page.locator('article[data-section="memory"]').waitFor();
  assert.match(await page.getByTestId('progress').textContent(), /1 completed/);

  await page.evaluate(() => {
    localStorage.setItem('serverless-workbook.progress.v2', '{"garbage": tru');
    localStorage.setItem('someone-else', 'keep me');
  });
  await page.reload();
  await page.getByTestId('storage-notice').waitFor();
  assert.match(await page.getByTestId('storage-notice').textContent(), /unreadable/);
  const kept = await page.evaluate(() => [
    localStorage.getItem('serverless-workbook.progress.v2.unreadable'),
    localStorage.getItem('someone-else'),
  ]);
  assert.deepEqual(kept, ['{"garbage": tru', 'keep me']);
  await page.close();
});

test('progress can be exported and reset', async () => {
  const page = await newPage();
  await openSection(page, 'downstream');
  await page.getByTestId('complete-toggle').click();
  const href = await page.locator('a[download]').getAttribute('href');
  assert.match(decodeURIComponent(href), /completed: downstream/);
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByTestId('reset-progress').click();
  await page.waitForFunction(() => /0 completed/.test(
    document.querySelector('[data-testid=progress]')?.textContent ?? ''));
  const saved = await page.evaluate(
    () => localStorage.getItem('serverless-workbook.progress.v2'));
  assert.doesNotMatch(saved, /downstream/);
  await page.close();
});

test('the dark mode toggle persists across reloads', async () => {
  const page = await newPage();
  await openSection(page, 'concurrency');
  const toggle = page.locator('button.theme-toggle');
  const wasDark = await toggle.getAttribute('aria-pressed');
  await toggle.click();
  const theme = await page.evaluate(() => document.documentElement.dataset.theme);
  assert.equal(theme, wasDark === 'true' ? 'light' : 'dark');
  await page.reload();
  await page.locator('article').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
  await page.close();
});

test('the layout fits a 360 px phone without horizontal scrolling', async () => {
  const page = await newPage();
  await page.setViewportSize({ width: 360, height: 780 });
  await openSection(page, 'concurrency');
  await showFigure(page);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await page.close();
});

test('a panic shows the error panel, and its button reloads a working workbook', async () => {
  // Not newPage(): the panic's own wasm trap is expected here, not an error to report.
  const page = await workbook.context.newPage();
  const trapped = [];
  page.on('pageerror', (error) => trapped.push(error.message));
  await openSection(page, 'concurrency');
  const panel = page.locator('#panic-panel');
  assert.equal(await panel.isVisible(), false);
  await page.evaluate(() => window.dispatchEvent(new Event('workbook-test-panic')));
  await panel.waitFor({ state: 'visible' });
  assert.match(await page.locator('#panic-message').textContent(), /test panic/);
  await page.getByRole('button', { name: 'Reload the workbook' }).click();
  await page.locator('article[data-section="concurrency"]').waitFor();
  assert.equal(await panel.isVisible(), false);
  assert.ok(trapped.length >= 1, 'the panic stopped the wasm module');
  await page.close();
});

test('no request left the page origin and no script error happened', () => {
  assert.deepEqual(workbook.foreignRequests, []);
  assert.deepEqual(workbook.pageErrors, []);
});
