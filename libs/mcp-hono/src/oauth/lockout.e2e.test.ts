/**
 * Lockout by strangers, over real HTTP on two replicas sharing one database. Client ids
 * are readable in every JWT and emails are no secret, so failures from one address
 * must not refuse the owner's right secret or password from another. Callers get
 * distinct addresses by binding their sockets to different loopback addresses
 * (127.0.0.2, 127.0.0.3, …): the server sees the socket's peer, as in production.
 */
import { createHash, randomBytes } from 'node:crypto';

import type { MintResult } from '@lumen/auth';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { DEMO_PASSWORD } from '@lumen/domain';

import { seedDemoDataWithPasswords, startTestHttpServer } from '../testing/http-harness.js';
import type { TestHttpServer } from '../testing/http-harness.js';
import { hiddenFields } from '../testing/oauth-client.js';
import { rawRequest } from '../testing/raw-request.js';
import type { RawResponse } from '../testing/raw-request.js';

const REDIRECT = 'http://127.0.0.1:33418/callback';
const STRANGER = '127.0.0.2';
const OWNER = '127.0.0.3';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(testDatabases())('lockout by strangers on %s', (_kind, open) => {
  let db: Db;
  let one: TestHttpServer;
  let two: TestHttpServer;
  let client: MintResult;

  beforeAll(async () => {
    db = await open();
    await seedDemoDataWithPasswords(db);
    one = await startTestHttpServer(db);
    two = await startTestHttpServer(db);
    client = await one.mint('learner@lumen.test', '*', 'lockout target');
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await db?.close();
  });

  const token = (server: TestHttpServer, from: string, secret: string) =>
    rawRequest(server.baseUrl, {
      path: '/oauth/token',
      headers: FORM,
      localAddress: from,
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: secret,
      }).toString(),
    });

  it("serves the owner's right secret from their address after a stranger's ten wrong ones", async () => {
    const wrong = `${client.clientSecret.slice(0, -4)}AAAA`;
    for (let i = 0; i < 10; i++)
      expect((await token(i % 2 ? two : one, STRANGER, wrong)).status).toBe(401);
    for (const server of [one, two]) {
      const refused = await token(server, STRANGER, client.clientSecret);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(800);
      expect(refused.json).toMatchObject({ error: 'too_many_requests' });
      const owner = await token(server, OWNER, client.clientSecret);
      expect(owner.status).toBe(200);
      expect(owner.json).toMatchObject({ token_type: 'Bearer' });
    }
  });

  it('refuses NUL in client_id with invalid_client over the wire', async () => {
    const res = await rawRequest(one.baseUrl, {
      path: '/oauth/token',
      headers: FORM,
      localAddress: '127.0.0.6',
      body: `grant_type=client_credentials&client_id=${client.clientId}%00&client_secret=x`,
    });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: 'invalid_client' });
  });

  /** Opens an authorization on `server` and posts the login form, all from `from`. */
  async function signIn(
    server: TestHttpServer,
    from: string,
    clientId: string,
    password: string,
  ): Promise<RawResponse> {
    const verifier = randomBytes(32).toString('base64url');
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    const page = await rawRequest(server.baseUrl, {
      method: 'GET',
      path: `/oauth/authorize?${query}`,
      localAddress: from,
    });
    const cookie = ([page.headers['set-cookie']].flat()[0] ?? '').split(';')[0]!;
    return rawRequest(server.baseUrl, {
      path: '/oauth/authorize/login',
      headers: { ...FORM, cookie },
      localAddress: from,
      body: new URLSearchParams({
        ...hiddenFields(page.body),
        email: 'teacher@lumen.test',
        password,
      }).toString(),
    });
  }

  it("signs the owner in from their address after a stranger's ten wrong passwords", async () => {
    const registered = await rawRequest(one.baseUrl, {
      path: '/oauth/register',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Lockout app', redirect_uris: [REDIRECT] }),
    });
    const clientId = (registered.json as { client_id: string }).client_id;
    const stranger = '127.0.0.4';
    for (let i = 0; i < 10; i++)
      expect((await signIn(i % 2 ? two : one, stranger, clientId, `guess-${i}-wrong`)).status).toBe(
        401,
      );
    const refused = await signIn(two, stranger, clientId, DEMO_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatch(/Too many failed sign-ins. Try again in \d+ s/);
    for (const server of [one, two]) {
      const owner = await signIn(server, '127.0.0.5', clientId, DEMO_PASSWORD);
      expect(owner.status).toBe(200);
      expect(owner.body).toContain('teacher@lumen.test');
    }
  });
});
