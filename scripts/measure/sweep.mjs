// Measures the memory tuning lab's sweep in headless Debian chromium: all ten preset sizes,
// 100 invocations each, run again and again with the lab's "Run the sweep again" button.
// The lab times each sweep with performance.now() around the Rust call and shows it as
// data-sweep-ms; this script reads it after every run. Prints the median and max, for
// x86_64 alone and for both architectures (twenty model runs per sweep). A measurement, not a
// test: it never fails on slowness.
// Usage: node scripts/measure/sweep.mjs <dist-dir> [sweeps]

import { resolve } from 'node:path';
import { serveDist } from '../../tests/e2e/server.mjs';
import { openBrowser } from '../../tests/e2e/browser.mjs';

const distDir = resolve(process.argv[2] ?? 'dist');
const sweeps = Number(process.argv[3] ?? 30);

const server = await serveDist(distDir);
const browser = await openBrowser();
const page = await browser.context.newPage();
await page.goto(`${server.url}#/memory`);
const lab = page.getByTestId('memory-lab');
await lab.scrollIntoViewIfNeeded();
await page.waitForFunction(() => document.querySelector('[data-testid=memory-lab]')
  ?.getAttribute('data-sweep-count'));

/** Clicks Run `count` times, waiting for each sweep; returns the sweep times in ms. */
async function measure(count) {
  const times = [];
  for (let run = 0; run < count; run += 1) {
    const before = Number(await lab.getAttribute('data-sweep-count'));
    await page.getByTestId('tuning-run').click();
    await page.waitForFunction((previous) => Number(document
      .querySelector('[data-testid=memory-lab]').getAttribute('data-sweep-count')) > previous,
    before);
    times.push(Number(await lab.getAttribute('data-sweep-ms')));
  }
  return times;
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const row = (name, values) => `| ${name} | ${values.length} | ${quantile(values, 0.5).toFixed(2)} `
  + `| ${Math.max(...values).toFixed(2)} |`;

const first = Number(await lab.getAttribute('data-sweep-ms'));
const rows = [];
const invocations = await page.getByTestId('tuning-invocations').inputValue();
const sizes = await page.locator('[data-testid^=size-]:checked').count();
await measure(3); // warm-up: the first sweeps include the wasm engine's tiering
rows.push(row(`x86_64: ${sizes} sizes × ${invocations} invocations`, await measure(sweeps)));
await page.getByTestId('arch-both').check();
await measure(3);
rows.push(row(`both architectures: ${2 * sizes} runs × ${invocations}`, await measure(sweeps)));
await page.getByTestId('tuning-invocations').fill('1000');
await page.getByTestId('tuning-invocations').press('Enter');
await page.getByTestId('tuning-invocations').blur();
await measure(3);
rows.push(row(`both architectures: ${2 * sizes} runs × 1000`, await measure(sweeps)));
await browser.close();
await server.close();

console.log('| sweep in the browser (ms) | sweeps | median | max |');
console.log('|---|---|---|---|');
for (const line of rows) console.log(line);
console.log(`first sweep after the page loaded (x86_64, ${invocations} invocations): `
  + `${first.toFixed(2)} ms`);
