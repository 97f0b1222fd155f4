// Measures the frame time of a live figure in headless Debian chromium. Prints median and p95
// of (a) the work done in each animation frame callback (model step + canvas drawing + chart
// when due) and (b) the interval between frames. A measurement, not a test: it never fails
// on slowness.
//
// Figures:
// - concurrency: the door-and-cashiers figure with 1,000 cashiers busy (2,000 arrivals a
//   second against a limit of 1,000), sampled for [seconds] after 3 s.
// - ticket-sale-no-cache / ticket-sale-redis: the ticket sale at full load, sampled during
//   its spike (10,000 requests a second from 5 s to 15 s of figure time, 1,000 cashiers).
//
// Usage: node scripts/measure/frames.mjs <dist-dir> [seconds] [figure]

import { resolve } from 'node:path';
import { serveDist } from '../../tests/e2e/server.mjs';
import { openBrowser, setSlider } from '../../tests/e2e/browser.mjs';

const distDir = resolve(process.argv[2] ?? 'dist');
const seconds = Number(process.argv[3] ?? 10);
const figure = process.argv[4] ?? 'concurrency';

const server = await serveDist(distDir);
const browser = await openBrowser();
const page = await browser.context.newPage();
// Time every animation-frame callback the page registers (the figure's loop is one).
await page.addInitScript(() => {
  const samples = { work: [], starts: [] };
  window.__frameSamples = samples;
  const original = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => original((time) => {
    const start = performance.now();
    samples.starts.push(start);
    try { callback(time); } finally { samples.work.push(performance.now() - start); }
  });
});
const clearSamples = () => page.evaluate(() => {
  window.__frameSamples.work = [];
  window.__frameSamples.starts = [];
});

let sampledSeconds = seconds;
if (figure === 'concurrency') {
  await page.goto(`${server.url}#/concurrency`);
  await page.getByTestId('door-figure').waitFor();
  await page.getByTestId('door-figure').scrollIntoViewIfNeeded();
  // 2,000 arrivals a second at a 1 s handler need 2,000 cashiers; the limit allows 1,000.
  await setSlider(page, 'slider-limit', 1000);
  await setSlider(page, 'slider-rate', 2000);
  await page.getByTestId('door-figure').scrollIntoViewIfNeeded();
  await page.waitForTimeout(3000);
  await clearSamples();
  await page.waitForTimeout(seconds * 1000);
} else if (figure.startsWith('ticket-sale-')) {
  const preset = figure.slice('ticket-sale-'.length);
  await page.goto(`${server.url}#/ticket-sale`);
  const container = page.getByTestId('ticket-sale-figure');
  await container.waitFor();
  await container.scrollIntoViewIfNeeded();
  // The preset starts its run at figure time zero; the spike is from 5 s to 15 s.
  await page.getByTestId(`preset-${preset}`).click();
  await page.waitForFunction(() => {
    const status = document.querySelector('[data-testid=figure-status]')?.textContent ?? '';
    const time = Number((status.match(/Time ([\d.]+) s/) ?? [])[1] ?? 0);
    return time >= 5.5;
  }, null, { timeout: 20000, polling: 50 });
  await clearSamples();
  sampledSeconds = Math.min(seconds, 9);
  await page.waitForTimeout(sampledSeconds * 1000);
} else {
  throw new Error(`unknown figure ${figure}`);
}
const { work, starts } = await page.evaluate(() => window.__frameSamples);
const status = await page.getByTestId('figure-status').textContent();
const description = await page.getByTestId('figure-description').textContent();
await browser.close();
await server.close();

const intervals = starts.slice(1).map((start, index) => start - starts[index]);
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const row = (name, values) => `| ${name} | ${values.length} | ${quantile(values, 0.5).toFixed(2)} `
  + `| ${quantile(values, 0.95).toFixed(2)} | ${Math.max(...values).toFixed(2)} |`;
console.log(`figure: ${figure}, sampled ${sampledSeconds} s`);
console.log(`figure state at the end: ${description}`);
console.log(`status: ${status}`);
console.log('| measure (ms) | frames | median | p95 | max |');
console.log('|---|---|---|---|---|');
console.log(row('work per frame callback', work));
console.log(row('interval between frames', intervals));
