/**
 * The observability page in a real browser: headless Chromium (the system's, or the one
 * packaged in @sparticuz/chromium) driven by playwright-core; see testing/chromium.ts.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';

import { launchChromium } from '../testing/chromium.js';

import {
  makeObservedActivity,
  recordedToolCalls,
  SEARCH_QUERY,
  TUTOR_QUESTION,
} from '../testing/observed-activity.js';
import type { ObservedActivity } from '../testing/observed-activity.js';
import { serverDatabases, startObservedServer } from '../testing/observed-server.js';
import type { ObservedServer } from '../testing/observed-server.js';

const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/', import.meta.url));

/** Opens the page in a fresh context (its own sessionStorage) and signs in with `token`. */
async function signIn(
  browser: Browser,
  baseUrl: string,
  token: string,
  problems: string[],
): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A CSP violation shows up as a console error; 401/403 fetches are expected.
    if (message.type() === 'error' && !/status of 40[13]/.test(message.text()))
      problems.push(message.text());
  });
  await page.goto(`${baseUrl}/admin/observability`);
  await page.locator('#token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

const rowText = (page: Page, table: string, first: string) =>
  page
    .locator(`#${table} tr`)
    .filter({ has: page.locator('td', { hasText: first }) })
    .first()
    .innerText();

describe.each(serverDatabases())('observability page in chromium on %s', (kind, database) => {
  let observed: ObservedServer;
  let activity: ObservedActivity;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    observed = await startObservedServer(await database());
    activity = await makeObservedActivity(observed);
    await recordedToolCalls(observed, 7);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await observed?.close();
  });

  it('shows an admin who spent what, what the tutor saw and which tool fails', async () => {
    const page = await signIn(browser, observed.baseUrl, activity.adminToken, problems);
    await page.locator('#data').waitFor({ state: 'visible' });
    expect(await page.locator('#signin').isHidden()).toBe(true);

    const teacher = await rowText(page, 'spend', 'teacher@lumen.test');
    expect(teacher).toContain(`$${activity.teacherSpendUsd.toFixed(4)}`);
    expect(teacher).toContain('unlimited');
    expect(await page.locator('#spend').innerText()).toContain('mcp.ask_tutor');

    const tutor = page.locator('article.retrieval').filter({ hasText: TUTOR_QUESTION });
    expect(await tutor.locator('.answer').innerText()).toMatch(
      /^Answered by model call .+ \(noop, ok, /,
    );
    const chunks = await tutor.locator('li.chunk').allInnerTexts();
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks[0]).toMatch(/^\d+\.\d{4} · .+ › .+ · [\w-]+$/);

    const tools = page.locator('#tools');
    expect(await rowText(page, 'tools', 'list_courses')).toMatch(/^list_courses\t3\t0\t0\.0%/);
    expect(await rowText(page, 'tools', 'ask_tutor')).toMatch(
      /^ask_tutor\t2\t1\t50\.0%.*mcp\.tutor\.not_enrolled × 1/,
    );
    expect(await tools.locator('tbody tr').count()).toBe(4);

    // The model call row links to the retrieval it was grounded on.
    await page.locator('#llm-calls a', { hasText: 'what it saw' }).first().click();
    expect(await page.locator('article.retrieval:target h3').innerText()).toBe(TUTOR_QUESTION);

    mkdirSync(ARTIFACTS, { recursive: true });
    const file = kind === 'pglite' ? 'observability.png' : `observability-${kind}.png`;
    await page.screenshot({ path: `${ARTIFACTS}${file}`, fullPage: true });
    await page.context().close();
  }, 60_000);

  it('renders user-controlled text as text, never as markup', async () => {
    const page = await signIn(browser, observed.baseUrl, activity.adminToken, problems);
    await page.locator('#data').waitFor({ state: 'visible' });
    expect(
      await page.locator('article.retrieval h3', { hasText: 'partial index' }).innerText(),
    ).toBe(SEARCH_QUERY);
    expect(await rowText(page, 'clients', activity.learner.clientId)).toContain(
      "Lee's <b>laptop</b>",
    );
    expect(await page.locator('#data img, #data b').count()).toBe(0);
    await page.context().close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('shows a learner the refusal and no data, and forgets the token', async () => {
    const page = await signIn(browser, observed.baseUrl, activity.learnerToken, problems);
    await page.locator('#error', { hasText: '403' }).waitFor();
    expect(await page.locator('#error').innerText()).toMatch(/^403 mcp\.forbidden: /);
    expect(await page.locator('#data').isHidden()).toBe(true);
    expect(await page.locator('#spend, #retrievals, #tools, #clients').allInnerTexts()).toEqual([
      '',
      '',
      '',
      '',
    ]);
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    expect(await page.locator('#token').isVisible()).toBe(true);
    await page.context().close();
  }, 60_000);
});
