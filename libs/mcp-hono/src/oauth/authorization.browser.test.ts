/**
 * The login and consent pages in a real browser (headless Chromium, see
 * testing/chromium.ts): the MCP SDK's OAuth client starts the flow, a person signs in
 * and consents with the keyboard — with JavaScript turned off, since the pages need
 * none — the browser lands on the client's loopback redirect, and the client then
 * calls tools and, once its access token has expired, refreshes without the browser.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { DEMO_PASSWORD } from '@lumen/domain';
import type { Browser, Page } from 'playwright-core';

import { launchChromium } from '../testing/chromium.js';
import { seedDemoDataWithPasswords, startTestHttpServer } from '../testing/http-harness.js';
import type { TestHttpServer } from '../testing/http-harness.js';
import { callFailure, callOk } from '../testing/mcp-client.js';
import {
  createTestOAuthProvider,
  finishSdkAuthorization,
  startSdkAuthorization,
} from '../testing/oauth-client.js';

/** The desktop client's loopback redirect listener (RFC 8252 §7.3). */
async function startCallbackListener() {
  const received: URL[] = [];
  const server = createServer((req, res) => {
    received.push(new URL(req.url ?? '/', 'http://127.0.0.1'));
    res.writeHead(200, { 'content-type': 'text/html' }).end('<p>You can close this window.</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  return {
    url,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The id of the element with keyboard focus (a string expression: no DOM types here). */
const focusedId = (page: Page) =>
  page.evaluate('document.activeElement && document.activeElement.id');

describe.each(testDatabases().slice(0, 1))('OAuth pages in chromium on %s', (_kind, open) => {
  let db: Db;
  let server: TestHttpServer;
  let browser: Browser;
  let callback: Awaited<ReturnType<typeof startCallbackListener>>;
  let offsetMs = 0;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    db = await open();
    await seedDemoDataWithPasswords(db);
    server = await startTestHttpServer(db, {}, { clock: () => new Date(Date.now() + offsetMs) });
    callback = await startCallbackListener();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await callback?.close();
    await server?.close();
    await db?.close();
  });

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    page.on('console', (m) => {
      // CSP violations land here; the 401 of the deliberate wrong password is expected.
      if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(m.text());
    });
    return page;
  };

  it('signs in and consents with the keyboard, without JavaScript, then the client works and refreshes', async () => {
    const provider = createTestOAuthProvider({
      redirectUrl: callback.url,
      clientName: 'Keyboard Desktop',
    });
    const authorizationUrl = await startSdkAuthorization(server.mcpUrl, provider);
    const page = await newPage();
    await page.goto(authorizationUrl.href);

    // What a user checks before typing a password: who asks, and where it goes next.
    const intro = await page.locator('main').innerText();
    expect(intro).toContain('Keyboard Desktop');
    expect(intro).toContain(new URL(callback.url).origin);
    // Labelled fields, email focused first, then Tab order: password, Sign in.
    expect(await focusedId(page)).toBe('email');
    await page.keyboard.type('learner@lumen.test');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('password');
    await page.getByLabel('Password').fill('wrong password here');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('do not match');
    expect(await page.getByLabel('Email').inputValue()).toBe('learner@lumen.test');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByLabel('Password').press('Enter');

    await page.getByRole('heading', { name: /Allow Keyboard Desktop/ }).waitFor();
    const boxes = page.getByRole('checkbox');
    const offered = await Promise.all((await boxes.all()).map((b) => b.getAttribute('value')));
    expect(offered).toContain('list_courses');
    expect(offered).not.toContain('create_course_draft');
    // Untick one tool with the keyboard (focus + Space), then Tab to Allow.
    const tutor = page.getByRole('checkbox', { name: /ask_tutor/ });
    await tutor.focus();
    await page.keyboard.press('Space');
    expect(await tutor.isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Allow' }).focus();
    await Promise.all([page.waitForURL(/\/callback\?/), page.keyboard.press('Enter')]);

    const landed = new URL(page.url());
    expect(landed.searchParams.get('state')).toBe('state-from-the-client');
    expect(landed.searchParams.get('iss')).toBe(server.baseUrl);
    await page.context().close();
    expect(problems).toEqual([]);

    const client = await finishSdkAuthorization(
      server.mcpUrl,
      provider,
      landed.searchParams.get('code')!,
    );
    try {
      expect(await callOk(client, 'list_my_progress')).toMatchObject({
        courses: expect.any(Array),
      });
      const denied = await callFailure(client, 'ask_tutor', { course_slug: 'x', question: 'y' });
      expect(denied.code).toBe('mcp.scope.denied');
      offsetMs = 16 * 60_000; // the access token expired; the browser is gone
      expect(await callOk(client, 'list_courses', { limit: 1 })).toMatchObject({
        courses: expect.any(Array),
      });
      expect(provider.tokenHistory).toHaveLength(2);
    } finally {
      offsetMs = 0;
      await client.close();
    }
  }, 90_000);

  it('cannot be framed by another site (clickjacking the consent button)', async () => {
    const provider = createTestOAuthProvider({ redirectUrl: callback.url });
    const authorizationUrl = await startSdkAuthorization(server.mcpUrl, provider);
    const page = await newPage();
    await page.goto(callback.url); // any other origin
    await page.setContent(
      `<iframe src="${authorizationUrl.href}" width="600" height="400"></iframe>`,
    );
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const inside = frame ? await frame.locator('#email').count() : 0;
    expect(inside).toBe(0);
    await page.context().close();
  }, 60_000);
});
