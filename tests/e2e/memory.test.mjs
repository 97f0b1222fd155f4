// Browser tests of the memory tuning lab (#/memory): it runs the sweep, its main control
// moves the description and the chart the expected way, arm64 lowers the cost, bad input
// gets a message, the keyboard works and axe finds nothing serious.
// Run: DIST_DIR=$PWD/target/e2e-dist node --test tests/e2e/memory.test.mjs

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { setSlider } from './browser.mjs';
import { seriousAxeViolations, useWorkbook } from './harness.mjs';

const workbook = useWorkbook();

// Runs after the harness has closed the browser: no page of this file had a script error.
after(() => {
  assert.deepEqual(workbook.pageErrors, []);
});

async function openLab() {
  const page = await workbook.newPage();
  await workbook.openSection(page, 'memory');
  await page.getByTestId('memory-lab').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => /^Cheapest:/.test(
    document.querySelector('[data-testid=tuning-description]')?.textContent ?? ''));
  return page;
}

const description = (page) => page.getByTestId('tuning-description').textContent();
const labData = (page, name) => page.getByTestId('memory-lab').getAttribute(`data-${name}`);
const chartPixels = (page) => page.getByTestId('tuning-chart')
  .evaluate((canvas) => canvas.toDataURL());

/** Waits until the description differs from `before`, and returns it. */
async function nextDescription(page, before) {
  await page.waitForFunction((old) => {
    const text = document.querySelector('[data-testid=tuning-description]')?.textContent ?? '';
    return text !== old && /^Cheapest:/.test(text);
  }, before);
  return description(page);
}

test('the lab runs the sweep and reproduces the chapter example', async () => {
  const page = await openLab();
  const text = await description(page);
  assert.match(text, /Cheapest: 1,024 MB on x86_64 at 250\.0 ms and \$4\.3667 per million/);
  assert.match(text, /Fastest: 1,769 MB on x86_64 at 144\.7 ms/);
  const rows = page.getByTestId('tuning-table').locator('tbody tr');
  assert.equal(await rows.count(), 10);
  assert.match(await rows.nth(0).textContent(), /128 MB.*2,000\.0 ms.*\$4\.3667/);
  assert.ok(Number(await labData(page, 'sweep-ms')) >= 0);
  await page.close();
});

test('less CPU-bound work gives less speed-up, and the chart changes', async () => {
  const page = await openLab();
  const before = await description(page);
  const pixelsBefore = await chartPixels(page);
  const fastestBefore = Number(await labData(page, 'fastest-ms'));
  const cheapestBefore = Number(await labData(page, 'cheapest-mb'));
  await setSlider(page, 'slider-cpu', 0);
  const after = await nextDescription(page, before);
  const fastestAfter = Number(await labData(page, 'fastest-ms'));
  const cheapestAfter = Number(await labData(page, 'cheapest-mb'));
  assert.ok(fastestAfter > fastestBefore, `${fastestBefore} → ${fastestAfter}`);
  assert.ok(cheapestAfter < cheapestBefore, `${cheapestBefore} → ${cheapestAfter}`);
  assert.match(after, /runs 1\.00 times as fast as 128 MB/);
  assert.match(before, /runs 13\.82 times as fast/);
  await page.waitForFunction((old) => document.querySelector('[data-testid=tuning-chart]')
    .toDataURL() !== old, pixelsBefore);
  await page.close();
});

test('arm64 lowers the cost at the same speed', async () => {
  const page = await openLab();
  const before = await description(page);
  const costBefore = Number(await labData(page, 'cheapest-per-million'));
  await page.getByTestId('arch-arm').check();
  const after = await nextDescription(page, before);
  assert.match(after, /Cheapest: 1,024 MB on arm64 at 250\.0 ms/);
  const costAfter = Number(await labData(page, 'cheapest-per-million'));
  assert.ok(costAfter < costBefore * 0.85, `${costBefore} → ${costAfter}`);
  await page.getByTestId('arch-both').check();
  await page.waitForFunction(() => document.querySelectorAll(
    '[data-testid=tuning-table] tbody tr').length === 20);
  await page.close();
});

test('sizes can be added and removed, and bad input gets a message', async () => {
  const page = await openLab();
  const problem = page.getByTestId('tuning-problem');
  await page.getByTestId('size-custom').fill('64');
  await page.getByTestId('size-custom').press('Enter');
  assert.match(await problem.textContent(), /64 MB is not a Lambda memory size/);
  await page.getByTestId('size-custom').fill('1,024');
  await page.getByRole('button', { name: 'Add size' }).click();
  assert.match(await problem.textContent(), /1,024 MB is already in the sweep/);
  await page.getByTestId('size-custom').fill('3538');
  await page.getByTestId('size-custom').press('Enter');
  assert.equal(await problem.textContent(), '');
  const rows = page.getByTestId('tuning-table').locator('tbody tr');
  await page.waitForFunction(() => document.querySelectorAll(
    '[data-testid=tuning-table] tbody tr').length === 11);
  assert.match(await rows.nth(8).textContent(), /3,538 MB.*144\.7 ms/);
  for (const size of [128, 256, 512, 1024, 1536, 1769, 2048, 3008, 4096, 10240, 3538]) {
    await page.getByTestId(`size-${size}`).uncheck();
  }
  await page.waitForFunction(() => /Choose at least one memory size/.test(
    document.querySelector('[data-testid=tuning-description]')?.textContent ?? ''));
  await page.getByTestId('tuning-invocations').fill('5000');
  await page.getByTestId('tuning-invocations').press('Enter');
  await page.getByTestId('tuning-invocations').blur();
  assert.match(await problem.textContent(), /from 1 to 1,000/);
  await page.close();
});

test('the main control works from the keyboard; the live text speaks once a second', async () => {
  const page = await openLab();
  await page.waitForTimeout(1100);
  await page.evaluate(() => {
    window.__spoken = [];
    const region = document.querySelector('[data-testid=tuning-description]');
    new MutationObserver(() => window.__spoken.push([performance.now(), region.textContent]))
      .observe(region, { childList: true, characterData: true, subtree: true });
  });
  await page.getByTestId('slider-cpu').focus();
  for (let step = 0; step < 10; step += 1) await page.keyboard.press('ArrowLeft');
  assert.equal(await page.getByTestId('slider-cpu').inputValue(), '50');
  await page.waitForFunction(() => /Fastest: 1,769 MB on x86_64 at 1,072\.4 ms/.test(
    document.querySelector('[data-testid=tuning-description]')?.textContent ?? ''));
  const spoken = await page.evaluate(() => window.__spoken);
  // However slowly a busy machine presses the keys, no two updates come closer than a second
  // (a few ms of timer slack allowed).
  const gaps = spoken.slice(1).map(([time], index) => time - spoken[index][0]);
  assert.ok(gaps.every((gap) => gap >= 990),
    `spoke ${spoken.length} times, ${gaps.map(Math.round)} ms apart: `
    + spoken.map(([, text]) => text).join(' | '));
  await page.close();
});

test('the memory section passes axe with no serious or critical violations', async () => {
  const page = await openLab();
  const bad = await seriousAxeViolations(page);
  assert.deepEqual(bad, [], bad.join('\n'));
  await page.close();
});

test('varied handler times show a p95 above the mean in the table and the chart', async () => {
  const page = await openLab();
  const before = await description(page);
  const pixelsBefore = await chartPixels(page);
  const cells = (row) => page.getByTestId('tuning-table').locator('tbody tr').nth(row)
    .locator('td').allTextContents();
  const ms = (text) => Number(text.replace(/[^0-9.]/g, ''));
  // Exact times: the p95 column shows exactly the mean.
  const [, exactMean, exactP95] = await cells(0);
  assert.equal(exactP95, exactMean);
  await page.getByTestId('tuning-varied').check();
  await nextDescription(page, before);
  const [, mean, p95] = await cells(0);
  assert.ok(ms(p95) > ms(mean) * 1.2, `p95 ${p95} should sit well above the mean ${mean}`);
  assert.notEqual(await chartPixels(page), pixelsBefore);
  await page.close();
});

test('the lab chart follows the system switching to a dark colour scheme', async () => {
  const page = await openLab();
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await chartPixels(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction((before) => document.querySelector(
    '[data-testid=tuning-chart]').toDataURL() !== before, light);
  // Dark background: the top-left pixel of the chart is dark.
  const corner = await page.getByTestId('tuning-chart').evaluate((canvas) => {
    const [r, g, b] = canvas.getContext('2d').getImageData(1, 1, 1, 1).data;
    return r + g + b;
  });
  assert.ok(corner < 200, `corner brightness ${corner}`);
  await page.close();
});
