// Browser tests of every section's live figure (cold starts, caching, the grill, the bill,
// the ticket sale, the sandbox): moving a section's main control changes its description and
// its chart in the expected direction, presets load, a bill line highlights its part of the
// figure, and axe finds no serious or critical violation. Runs are stepped with the Step
// button from a reset, so every comparison is between two deterministic runs.
// Run: DIST_DIR=... node --test --test-concurrency=1 tests/e2e/sections.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setSlider } from './browser.mjs';
import {
  figureChartPixels, figureDescription, seriousAxeViolations, useWorkbook,
  waitForFigureDescription,
} from './harness.mjs';

const FIGURES = {
  'cold-starts': 'cold-starts-figure',
  caching: 'caching-figure',
  downstream: 'downstream-figure',
  bill: 'bill-figure',
  'ticket-sale': 'ticket-sale-figure',
  sandbox: 'sandbox-figure',
};

const workbook = useWorkbook();

/** Opens a section, scrolls its figure on screen, pauses it and waits for its first words. */
async function openFigure(id, query = '') {
  const page = await workbook.newPage();
  await workbook.openSection(page, id, query);
  const figure = page.getByTestId(FIGURES[id]);
  await figure.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => (document.querySelector(
    '[data-testid=figure-description]')?.textContent ?? '').length > 10);
  if (await page.getByTestId('play-pause').getAttribute('aria-pressed') === 'false') {
    await page.getByTestId('play-pause').click();
  }
  return page;
}

/** Starts the current setup again from time zero and steps it `halfSeconds` times. */
async function rerun(page, halfSeconds) {
  await page.getByTestId('reset').click();
  for (let step = 0; step < halfSeconds; step += 1) {
    await page.getByTestId('step').click();
  }
  return page.getByTestId('chart-summary').textContent();
}

/** The number after (or before) `label` in `text`, without thousands separators. */
function numberIn(text, pattern) {
  const match = text.match(pattern);
  assert.ok(match, `${pattern} not found in: ${text}`);
  return Number(match[1].replaceAll(',', ''));
}

const description = figureDescription;
const chartPixels = figureChartPixels;
const waitForDescription = (page, pattern, timeout_ms = 5000) =>
  waitForFigureDescription(page, pattern, timeout_ms);

test('cold starts: more provisioned cashiers, fewer cold starts', async () => {
  const page = await openFigure('cold-starts');
  await setSlider(page, 'slider-provisioned', 0);
  const none = await rerun(page, 20);
  await waitForDescription(page, /no provisioned cashiers/);
  const chartNone = await chartPixels(page);
  await setSlider(page, 'slider-provisioned', 50);
  assert.match(await page.locator('output[for=slider-provisioned]').textContent(), /50 environments/);
  const many = await rerun(page, 20);
  await waitForDescription(page, /50 provisioned cashiers/);
  const cold = (text) => numberIn(text, /([\d,]+) cold starts/);
  assert.ok(cold(none) > 0, none);
  assert.ok(cold(many) < cold(none), `${many} vs ${none}`);
  assert.notEqual(await chartPixels(page), chartNone);
  // The comparison replays the setup at six provisioned values: cold starts fall to zero.
  await page.getByTestId('sweep-run').click();
  const cells = await page.getByTestId('sweep-table').locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => row.children[1].textContent));
  assert.equal(cells.length, 6);
  assert.ok(Number(cells[0].replaceAll(',', '')) > 0, cells.join());
  assert.equal(cells[5], '0');
  // The runtime is a select, operable from the keyboard.
  await page.getByTestId('select-runtime').focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getByTestId('select-runtime').inputValue(), '1');
  await page.close();
});

test('caching: a longer Redis TTL gives more cache hits and fewer orders at the grill',
  async () => {
    const page = await openFigure('caching');
    await setSlider(page, 'slider-redis', 5);
    const short = await rerun(page, 40);
    const chartShort = await chartPixels(page);
    await setSlider(page, 'slider-redis', 300);
    const long = await rerun(page, 40);
    assert.notEqual(await chartPixels(page), chartShort);
    const redis = (text) => numberIn(text, /Redis ([\d,]+)/);
    const queries = (text) => numberIn(text, /([\d,]+) database queries/);
    assert.ok(redis(long) > redis(short), `${long} vs ${short}`);
    assert.ok(queries(long) < queries(short), `${long} vs ${short}`);
    await setSlider(page, 'slider-redis', 0);
    await waitForDescription(page, /heat lamp \(Redis\) off/);
    await page.getByTestId('preset-layers').click();
    assert.equal(await page.getByTestId('slider-cdn').inputValue(), '10');
    const layers = await rerun(page, 20);
    assert.ok(numberIn(layers, /CDN ([\d,]+)/) > 0, layers);
    await page.close();
  });

test('the grill: more connections, fewer failed orders', async () => {
  const page = await openFigure('downstream');
  const few = await rerun(page, 30);
  await waitForDescription(page, /of 100 connections busy/);
  const chartFew = await chartPixels(page);
  await setSlider(page, 'slider-connections', 300);
  const many = await rerun(page, 30);
  await waitForDescription(page, /of 300 connections busy/);
  const failed = (text) => numberIn(text, /([\d,]+) failed orders/);
  assert.ok(failed(few) > 0, few);
  assert.ok(failed(many) < failed(few), `${many} vs ${few}`);
  assert.notEqual(await chartPixels(page), chartFew);
  // Reuse is a checkbox; switching it starts a fresh run (the model fixes it for a run).
  await page.getByTestId('toggle-reuse').focus();
  await page.keyboard.press('Space');
  assert.equal(await page.getByTestId('toggle-reuse').isChecked(), false);
  assert.match(await page.getByTestId('setup-link').getAttribute('href'), /reuse=0/);
  await page.close();
});

test('the ticket sale: Redis saves the grill; more database capacity, fewer errors',
  async () => {
    const page = await openFigure('ticket-sale');
    await page.getByTestId('preset-no-cache').click();
    const direct = await rerun(page, 40);
    await waitForDescription(page, /of 150 connections busy/);
    const failed = (text) => numberIn(text, /([\d,]+) failed orders/);
    assert.ok(failed(direct) > 5000, direct);
    await setSlider(page, 'slider-connections', 1000);
    const chartDirect = await chartPixels(page);
    const bigger = await rerun(page, 40);
    await waitForDescription(page, /of 1,000 connections busy/);
    assert.ok(failed(bigger) < failed(direct), `${bigger} vs ${direct}`);
    assert.notEqual(await chartPixels(page), chartDirect);
    await page.getByTestId('preset-redis').click();
    assert.equal(await page.getByTestId('slider-redis').inputValue(), '300');
    assert.equal(await page.getByTestId('slider-connections').inputValue(), '150');
    const cached = await rerun(page, 40);
    assert.ok(failed(cached) < 1000, cached);
    assert.ok(numberIn(cached, /Redis ([\d,]+)/) > 80000, cached);
    // Ready before the doors open: nobody waits for an apron, nobody is refused.
    await page.getByTestId('preset-ready').click();
    const ready = await rerun(page, 40);
    assert.equal(failed(ready), 0, ready);
    assert.equal(numberIn(ready, /([\d,]+) throttles/), 0, ready);
    await page.close();
  });

test('the bill: selecting a line highlights its part; arm64 is priced lower', async () => {
  const page = await openFigure('bill');
  await rerun(page, 10);
  const figure = page.getByTestId('bill-figure');
  assert.equal(await figure.getAttribute('data-highlight'), 'none');
  const scene = page.locator('canvas.scene');
  const plain = await scene.evaluate((canvas) => canvas.toDataURL());
  await page.getByTestId('bill-line-2').click();
  assert.equal(await figure.getAttribute('data-highlight'), 'provisioned');
  assert.notEqual(await scene.evaluate((canvas) => canvas.toDataURL()), plain);
  await page.getByTestId('bill-line-8').focus();
  await page.keyboard.press('Enter');
  assert.equal(await figure.getAttribute('data-highlight'), 'grill');
  await page.keyboard.press('Enter');
  assert.equal(await figure.getAttribute('data-highlight'), 'none');
  const dollars = async (id) => Number((await page.getByTestId(id).textContent())
    .replace(/[$,]/g, ''));
  assert.ok(await dollars('bill-total-other') < await dollars('bill-total-month'));
  await page.close();
});

test('the sandbox: presets load every control', async () => {
  const page = await openFigure('sandbox');
  await page.getByTestId('preset-nightly-batch').click();
  assert.equal(await page.getByTestId('toggle-async').isChecked(), true);
  assert.equal(await page.getByTestId('slider-reserved').inputValue(), '100');
  await rerun(page, 4);
  await page.waitForFunction(() => /queued for a retry|no events throttled/.test(
    document.querySelector('[data-testid=figure-description]')?.textContent ?? ''));
  await page.getByTestId('preset-ticket-sale').click();
  assert.equal(await page.getByTestId('slider-rate').inputValue(), '10000');
  assert.equal(await page.getByTestId('select-pattern').inputValue(), '1');
  await page.close();
});

test('a link carries a section\'s setup', async () => {
  const page = await openFigure('caching', '?redis=120&keys=1&seed=9');
  assert.equal(await page.getByTestId('slider-redis').inputValue(), '120');
  assert.equal(await page.getByTestId('select-keys').inputValue(), '1');
  assert.match(await page.getByTestId('setup-link').getAttribute('href'),
    /^#\/caching\?.*redis=120.*seed=9$/);
  await page.close();
});

test('every figure passes axe with no serious or critical violations', async () => {
  for (const id of Object.keys(FIGURES)) {
    const page = await openFigure(id);
    const bad = await seriousAxeViolations(page, id);
    assert.deepEqual(bad, [], bad.join('\n'));
    await page.close();
  }
});

test('no script error happened', () => {
  assert.deepEqual(workbook.pageErrors, []);
});
