// Browser end-to-end test of the challenges section: the ticket sale graded in the browser
// fails with the starting setup, passes with a good answer, and both grades equal the native
// grader's (tests/e2e/fixtures/challenge-grades.json, kept current by tests/challenges.rs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { setSlider } from './browser.mjs';
import { seriousAxeViolations, useWorkbook } from './harness.mjs';

const FIXTURE = JSON.parse(await readFile(
  new URL('./fixtures/challenge-grades.json', import.meta.url), 'utf8'));

const workbook = useWorkbook();
const { newPage } = workbook;

async function openChallenges(page) {
  await workbook.openSection(page, 'challenges');
  await page.getByTestId('challenges').waitFor();
}

/** Sets one control of a challenge, whatever its kind, as a learner would. */
async function setControl(page, prefix, key, value) {
  const testId = `${prefix}-${key}`;
  const kind = await page.getByTestId(testId).evaluate((element) => element.type);
  if (kind === 'range') {
    await setSlider(page, testId, value);
  } else if (kind === 'checkbox') {
    await page.getByTestId(testId).setChecked(value === 1);
  } else {
    await page.getByTestId(testId).selectOption(String(value));
  }
}

/** Clicks "Run the replay" and waits for the grade; returns the milliseconds grading took in
 * the page (the model's replays, as the page measured them). */
async function runReplay(page, prefix) {
  await page.getByTestId(`${prefix}-run`).click();
  await page.waitForFunction((id) => /Replay finished/.test(
    document.querySelector(`[data-testid="${id}-status"]`)?.textContent ?? ''), prefix,
  { timeout: 20000 });
  return Number(await page.getByTestId(`${prefix}-status`).getAttribute('data-replay-ms'));
}

/** The grade table's rows as "measure: measured, result" lines, to compare with the fixture. */
async function clauseLines(page, prefix) {
  return page.getByTestId(`${prefix}-grade`).locator('.grade-table tbody tr').evaluateAll((rows) => rows.map(
    (row) => [...row.children].map((cell) => cell.textContent.trim()).join(' | ')));
}

/** The fixture report's clause lines, in the same shape as `clauseLines`. */
function fixtureClauses(report) {
  return report.split('\n').filter((line) => / measured /.test(line)).map((line) => {
    const [, clause, measured, verdict, credit, broke] = line.match(
      /^(.*?): measured (.*?), (met|not met), credit (\d+%)(?:, first broke at (\d+ s))?$/);
    const [, measure, side] = clause.match(/^(.*?) (at (?:most|least) .*)$/);
    return [measure, side, measured, verdict, credit, broke ? `at ${broke}` : '—'].join(' | ');
  });
}

test('the ticket sale fails from the start and passes with a good answer, as natively', async () => {
  const id = 'ticket-sale-budget';
  const prefix = `challenge-${id}`;
  const expected = FIXTURE[id];
  const page = await newPage();
  await openChallenges(page);
  await page.getByTestId(prefix).scrollIntoViewIfNeeded();

  const startMs = await runReplay(page, prefix);
  assert.equal(await page.getByTestId(`${prefix}-score`).textContent(), expected.start.score);
  assert.match(await page.getByTestId(`${prefix}-status`).textContent(), /not passed yet/);
  assert.deepEqual(await clauseLines(page, prefix), fixtureClauses(expected.start.report));
  const feedback = await page.getByTestId(`${prefix}-feedback`).textContent();
  assert.match(feedback, /never got past the door/);

  await page.getByTestId(`${prefix}-again`).click();
  for (const { key, value } of expected.good.controls) {
    await setControl(page, prefix, key, value);
  }
  const goodMs = await runReplay(page, prefix);
  assert.equal(await page.getByTestId(`${prefix}-score`).textContent(), expected.good.score);
  assert.match(await page.getByTestId(`${prefix}-status`).textContent(), /passed, score 100/);
  assert.deepEqual(await clauseLines(page, prefix), fixtureClauses(expected.good.report));
  const goodFeedback = (await page.getByTestId(`${prefix}-feedback`).locator('li')
    .allTextContents()).join('\n');
  const expectedFeedback = expected.good.report.split('\n')
    .filter((line) => !/ measured |^score /.test(line)).join('\n');
  assert.equal(goodFeedback, expectedFeedback);
  // The month the budget priced: the sale's usage thirty times, the hourly lines all month.
  const month = page.getByTestId(`${prefix}-month-bill`);
  assert.match(await month.locator('tr', { hasText: 'Redis' }).textContent(), /all 730 hours/);
  assert.match(await month.locator('tr', { hasText: 'Lambda requests' }).textContent(),
    /30 replays/);
  // A measurement for the report, not a timing assertion.
  console.log(`ticket sale graded in the browser: start ${startMs} ms (one replay), good `
    + `answer ${goodMs} ms (its replay and the start's)`);
  // The best score is saved with the learner's progress and counts towards caching.
  await page.goto(`${workbook.url}#/progress`);
  await page.getByTestId('progress-page').waitFor();
  assert.match(await page.locator(`[data-item="${prefix}"]`).textContent(), /full marks/);
  await page.reload();
  await page.getByTestId('progress-page').waitFor();
  assert.match(await page.locator(`[data-item="${prefix}"]`).textContent(), /full marks/);
  await page.close();
});

test('every challenge starting setup grades as natively', async () => {
  const page = await newPage();
  await openChallenges(page);
  for (const [id, expected] of Object.entries(FIXTURE)) {
    const prefix = `challenge-${id}`;
    await page.getByTestId(prefix).scrollIntoViewIfNeeded();
    const ms = await runReplay(page, prefix);
    assert.equal(await page.getByTestId(`${prefix}-score`).textContent(), expected.start.score, id);
    assert.deepEqual(await clauseLines(page, prefix), fixtureClauses(expected.start.report), id);
    console.log(`${id}: starting setup graded in ${ms} ms`);
  }
  await page.close();
});

test('the challenges section passes axe after a grade, and nothing leaves the origin', async () => {
  const page = await newPage();
  await openChallenges(page);
  await runReplay(page, 'challenge-spare-the-grill');
  const bad = await seriousAxeViolations(page);
  assert.deepEqual(bad, [], bad.join('\n'));
  await page.close();
  assert.deepEqual(workbook.foreignRequests, []);
  assert.deepEqual(workbook.pageErrors, []);
});
