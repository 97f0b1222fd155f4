// Measures how soon the workbook is usable after a first visit, in headless Debian chromium
// with a fresh profile each time (nothing cached): the time from navigation start until the
// section's heading is on the page (the app has mounted) and until the live figure has drawn
// its first frame (the model is running). Local server, so network time is near zero:
// this is the page's own start-up cost (download from localhost, compile, instantiate,
// render). A measurement, not a test.
//
// Usage: node scripts/measure/startup.mjs <dist-dir> [runs]

import { resolve } from 'node:path';
import { serveDist } from '../../tests/e2e/server.mjs';
import { openBrowser } from '../../tests/e2e/browser.mjs';

const distDir = resolve(process.argv[2] ?? 'dist');
const runs = Number(process.argv[3] ?? 7);
const server = await serveDist(distDir);
const mounted = [];
const running = [];
for (let run = 0; run < runs; run += 1) {
  const browser = await openBrowser();
  const page = await browser.context.newPage();
  await page.goto(`${server.url}#/concurrency`);
  await page.locator('#section-heading').waitFor();
  mounted.push(await page.evaluate(() => performance.now()));
  // The status line is written on the figure's first render (the spoken description waits
  // for its once-a-second turn, so it would measure the rate limit, not the start-up).
  await page.waitForFunction(() => (document.querySelector(
    '[data-testid=figure-status]')?.textContent ?? '').length > 0);
  running.push(await page.evaluate(() => performance.now()));
  await browser.close();
}
await server.close();
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const shown = (values) => `median ${median(values).toFixed(0)} ms, max ${
  Math.max(...values).toFixed(0)} ms`;
console.log(`first visit, ${runs} runs: app mounted ${shown(mounted)}; `
  + `figure running ${shown(running)}`);
