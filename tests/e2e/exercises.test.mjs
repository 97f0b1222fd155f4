// Browser tests of the graded items and the saved progress: feedback and explanations, hints,
// an ordering item driven from the keyboard, progress across reloads, a corrupt saved entry,
// export and import, and axe on the exercise and progress pages.
// Run like workbook.test.mjs: DIST_DIR=... node --test tests/e2e/exercises.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seriousAxeViolations, useWorkbook } from './harness.mjs';

const KEY = 'serverless-workbook.progress.v2';
const BACKUP_KEY = 'serverless-workbook.progress.v2.unreadable';

const workbook = useWorkbook();
const { newPage } = workbook;

async function open(page, hash) {
  await page.goto(`${workbook.url}#/${hash}`);
  await page.locator('article').first().waitFor();
}

/**
 * Starts from empty progress, or from `saved` as the stored value. The app is left (for
 * about:blank) so that the next `open` loads it afresh with what is stored.
 */
async function seedProgress(page, saved = null, key = KEY) {
  await page.goto(workbook.url);
  await page.locator('article').first().waitFor();
  await page.waitForTimeout(100);
  await page.evaluate(([storageKey, value]) => {
    localStorage.clear();
    if (value !== null) localStorage.setItem(storageKey, value);
  }, [key, saved]);
  await page.goto('about:blank');
}

const clearProgress = (page) => seedProgress(page);

const item = (page, id) => page.locator(`[data-item="${id}"][data-testid=item]`);

test('a wrong answer explains itself; a retry that is right shows the explanation', async () => {
  const page = await newPage();
  await clearProgress(page);
  await open(page, 'concurrency');
  const card = item(page, 'concurrency-reserved-cap');
  await card.scrollIntoViewIfNeeded();
  await card.locator('#concurrency-reserved-cap-choice-1').check();
  await card.getByTestId('check').click();
  assert.match(await card.getByTestId('feedback').textContent(), /Not quite/);
  assert.match(await card.getByTestId('why').textContent(), /ceiling as well as a floor/);
  assert.equal(await card.getByTestId('explanation').count(), 0, 'not given away yet');
  assert.match(await card.getByTestId('item-status').textContent(), /Best score 0% after 1 attempt/);

  await card.getByTestId('try-again').click();
  await card.locator('#concurrency-reserved-cap-choice-0').check();
  await card.getByTestId('check').click();
  assert.match(await card.getByTestId('feedback').textContent(), /Correct/);
  assert.match(await card.getByTestId('explanation').textContent(), /works both ways/);
  assert.match(await card.getByTestId('item-status').textContent(), /Solved ✓ \(2 attempts\)/);
  assert.equal(await card.getByTestId('feedback').getAttribute('role'), 'status');
  await page.close();
});

test('hints unlock one at a time; a number is checked with its unit', async () => {
  const page = await newPage();
  await clearProgress(page);
  await open(page, 'memory');
  const card = item(page, 'memory-invocation-cost');
  await card.scrollIntoViewIfNeeded();
  assert.equal(await card.getByTestId('hints').locator('li').count(), 0);
  await card.getByTestId('hint').click();
  assert.equal(await card.getByTestId('hints').locator('li').count(), 1);
  assert.match(await card.getByTestId('hint').textContent(), /1 left/);
  await card.getByTestId('hint').click();
  assert.equal(await card.getByTestId('hints').locator('li').count(), 2);
  assert.equal(await card.getByTestId('hint').count(), 0, 'no hints left');

  assert.match(await card.locator('label[for="memory-invocation-cost-number"]').textContent(),
    /in USD/);
  const input = card.getByTestId('numeric-input');
  await input.fill('lots');
  await card.getByTestId('check').click();
  assert.match(await card.getByTestId('feedback').textContent(), /not a number/);
  assert.match(await card.getByTestId('item-status').textContent(), /Not answered yet/);
  await input.fill('$3.53');
  await input.press('Enter');
  assert.match(await card.getByTestId('feedback').textContent(), /Correct: 3.5333 USD/);
  await page.close();
});

test('an ordering item can be solved from the keyboard alone', async () => {
  const page = await newPage();
  await clearProgress(page);
  await open(page, 'caching');
  const id = 'caching-layers-order';
  const card = item(page, id);
  await card.scrollIntoViewIfNeeded();
  const order = () => card.locator('li[data-entry]').evaluateAll(
    (items) => items.map((li) => Number(li.dataset.entry)));
  const start = await order();
  assert.notDeepEqual(start, [0, 1, 2, 3], 'shown shuffled');
  for (let target = 0; target < start.length; target += 1) {
    let current = await order();
    if (current.indexOf(target) === target) continue;
    await page.locator(`#${id}-up-${target}`).focus();
    while (current.indexOf(target) > target) {
      await page.keyboard.press('Enter');
      current = await order();
      // The app puts focus back on the moved entry's button on the next frame.
      await page.waitForFunction((ids) => ids.includes(document.activeElement?.id),
        [`${id}-up-${target}`, `${id}-down-${target}`], { timeout: 2000 });
    }
  }
  assert.deepEqual(await order(), [0, 1, 2, 3]);
  await card.getByTestId('check').focus();
  await page.keyboard.press('Enter');
  assert.match(await card.getByTestId('feedback').textContent(), /everything is in order/);
  assert.match(await card.getByTestId('explanation').textContent(), /Edge, gateway/);
  await page.close();
});

test('progress survives a reload and shows on the progress page', async () => {
  const page = await newPage();
  await clearProgress(page);
  await open(page, 'downstream');
  const card = item(page, 'downstream-busy-connections');
  await card.getByTestId('numeric-input').fill('12');
  await card.getByTestId('check').click();
  await page.reload();
  await page.locator('article[data-section="downstream"]').waitFor();
  assert.match(await item(page, 'downstream-busy-connections').getByTestId('item-status')
    .textContent(), /Solved ✓ \(1 attempt\)/);
  assert.equal(await item(page, 'downstream-busy-connections').getByTestId('numeric-input')
    .inputValue(), '12', 'the last answer is back');

  await page.getByTestId('progress-link').click();
  await page.getByTestId('progress-page').waitFor();
  const row = page.locator('[data-testid=mastery] li[data-objective=downstream]');
  assert.match(await row.textContent(), /1 of \d+ graded items at full marks, 1 tried/);
  assert.ok(Number(await row.locator('meter').getAttribute('value')) > 0);
  assert.match(await page.locator('[data-testid=item-list] li[data-item=downstream-busy-connections]')
    .textContent(), /solved ✓/);

  // Each question on the progress page links back to it on the exercises page, focused.
  await page.locator('[data-testid=item-list] li[data-item=memory-arm64-cost] a').click();
  await page.locator('article[data-section="exercises"]').waitFor();
  assert.match(page.url(), /#\/exercises\?item=memory-arm64-cost$/);
  await page.waitForFunction(() => document.activeElement?.id === 'memory-arm64-cost-title');
  const top = await page.evaluate(() =>
    document.getElementById('memory-arm64-cost-title').getBoundingClientRect().top);
  assert.ok(top >= 0 && top < 900, `the question is scrolled into view (top at ${top} px)`);
  await page.close();
});

test('a written answer is kept as a draft across a reload', async () => {
  const page = await newPage();
  await clearProgress(page);
  await open(page, 'exercises');
  const written = item(page, 'exercise-memory-lower-bill').getByTestId('written-text');
  await written.fill('More memory finishes CPU work sooner; I/O waits do not shrink.');
  await page.reload();
  await page.locator('article[data-section="exercises"]').waitFor();
  assert.equal(await item(page, 'exercise-memory-lower-bill').getByTestId('written-text')
    .inputValue(), 'More memory finishes CPU work sooner; I/O waits do not shrink.');
  await page.close();
});

test('one corrupt saved entry is reported and set aside; the rest of the progress loads',
  async () => {
    const page = await newPage();
    await seedProgress(page, [
      'workbook-progress 2',
      'visited: caching',
      'completed: caching',
      'item caching-redis-bill: attempts=2 best=1',
      'item caching-layers-order: attempts=many best=1',
      '',
    ].join('\n'));
    await open(page, 'caching');
    await page.getByTestId('storage-notice').waitFor();
    const notice = await page.getByTestId('storage-notice').textContent();
    assert.match(notice, /One saved entry could not be read \(line 5: bad attempts "many"\)/);
    assert.match(notice, /rest of your progress is loaded/);
    assert.match(await item(page, 'caching-redis-bill').getByTestId('item-status').textContent(),
      /Solved ✓/);
    assert.match(await item(page, 'caching-layers-order').getByTestId('item-status')
      .textContent(), /Not answered yet/);
    assert.match(await page.getByTestId('progress').textContent(), /1 completed/);
    const backup = await page.evaluate(([key]) => localStorage.getItem(key), [BACKUP_KEY]);
    assert.equal(backup, 'item caching-layers-order: attempts=many best=1');
    await page.close();
  });

test('progress saved in the old format (version 1) is read and migrated', async () => {
  const page = await newPage();
  await seedProgress(page, 'workbook-progress 1\nvisited: memory\ncompleted: memory\n',
    'serverless-workbook.progress.v1');
  await open(page, 'caching');
  assert.match(await page.getByTestId('progress').textContent(), /1 completed/);
  assert.equal(await page.getByTestId('storage-notice').count(), 0, 'no complaint');
  const saved = await page.evaluate(([key]) => localStorage.getItem(key), [KEY]);
  assert.match(saved, /^workbook-progress 2\nvisited: caching, memory\ncompleted: memory\n/);
  await page.close();
});

test('export, reset everything, then import restores the progress', async () => {
  const page = await newPage();
  await clearProgress(page);
  await open(page, 'concurrency');
  const card = item(page, 'concurrency-littles-law');
  await card.getByTestId('numeric-input').fill('300');
  await card.getByTestId('check').click();
  await page.getByTestId('complete-toggle').click();

  await open(page, 'progress');
  const href = await page.getByTestId('export').getAttribute('href');
  const exported = decodeURIComponent(href.replace(/^data:text\/plain;charset=utf-8,/, ''));
  assert.match(exported, /^workbook-progress 2\n/);
  assert.match(exported, /item concurrency-littles-law: attempts=1 best=1/);

  page.once('dialog', (dialog) => dialog.accept());
  await page.getByTestId('reset-all').click();
  await page.waitForFunction(() => /All progress was reset/.test(
    document.querySelector('[data-testid=progress-message]')?.textContent ?? ''));
  const row = page.locator('[data-testid=mastery] li[data-objective=concurrency]');
  assert.match(await row.textContent(), /0 of \d+ graded items at full marks/);

  // A file that is not progress changes nothing.
  await page.getByTestId('import').setInputFiles({
    name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('my shopping list'),
  });
  await page.waitForFunction(() => /cannot be imported/.test(
    document.querySelector('[data-testid=progress-message]')?.textContent ?? ''));
  assert.match(await row.textContent(), /0 of \d+ graded items at full marks/);

  await page.getByTestId('import').setInputFiles({
    name: 'workbook-progress.txt', mimeType: 'text/plain', buffer: Buffer.from(exported),
  });
  await page.waitForFunction(() => /Imported/.test(
    document.querySelector('[data-testid=progress-message]')?.textContent ?? ''));
  assert.match(await row.textContent(), /1 of \d+ graded items at full marks/);
  assert.match(await page.getByTestId('progress').textContent(), /1 completed/);
  const saved = await page.evaluate(([key]) => localStorage.getItem(key), [KEY]);
  assert.match(saved, /item concurrency-littles-law: attempts=1 best=1/);
  await page.close();
});

test('resetting one section keeps the others', async () => {
  const page = await newPage();
  await seedProgress(page, [
    'workbook-progress 2', 'visited: memory, caching', 'completed: memory, caching',
    'item memory-power-tuning: attempts=1 best=1', 'item caching-hit-ratio: attempts=1 best=1', '',
  ].join('\n'));
  await open(page, 'progress');
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByTestId('reset-memory').click();
  await page.waitForFunction(() => /was reset/.test(
    document.querySelector('[data-testid=progress-message]')?.textContent ?? ''));
  const saved = await page.evaluate(([key]) => localStorage.getItem(key), [KEY]);
  assert.doesNotMatch(saved, /memory-power-tuning/);
  assert.match(saved, /completed: caching\n/);
  assert.match(saved, /item caching-hit-ratio/);
  await page.close();
});

test('the exercises and progress pages pass axe with no serious or critical violations',
  async () => {
    const page = await newPage();
    await clearProgress(page);
    for (const hash of ['exercises', 'progress']) {
      await open(page, hash);
      if (hash === 'exercises') {
        await page.getByTestId('exercise-set').waitFor();
        // Open a written item's rubric and one feedback, so their markup is checked too.
        const written = item(page, 'exercise-memory-lower-bill');
        await written.getByTestId('show-model').click();
        await written.getByTestId('check').click();
      }
      const bad = await seriousAxeViolations(page, hash);
      assert.deepEqual(bad, [], bad.join('\n'));
    }
    await page.close();
  });

test('the exercises and progress pages fit a 360 px phone', async () => {
  const page = await newPage();
  await page.setViewportSize({ width: 360, height: 780 });
  for (const hash of ['exercises', 'progress']) {
    await open(page, hash);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `#/${hash} is ${overflow}px wider than the screen`);
  }
  await page.close();
});

test('no request left the origin and no script error happened', () => {
  assert.deepEqual(workbook.foreignRequests, []);
  assert.deepEqual(workbook.pageErrors, []);
});
