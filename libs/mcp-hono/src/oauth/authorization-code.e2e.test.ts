import { createHash, randomBytes } from 'node:crypto';

import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { DEMO_PASSWORD } from '@lumen/domain';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { decodeJwt } from 'jose';

import { seedDemoDataWithPasswords, startTestHttpServer } from '../testing/http-harness.js';
import type { TestHttpServer } from '../testing/http-harness.js';
import { callFailure, callOk } from '../testing/mcp-client.js';
import {
  authorizeByForms,
  createTestOAuthProvider,
  finishSdkAuthorization,
  hiddenFields,
  startSdkAuthorization,
} from '../testing/oauth-client.js';

const REDIRECT = 'http://127.0.0.1:33418/callback';
const learner = { email: 'learner@lumen.test', password: DEMO_PASSWORD };

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

describe.each(testDatabases())('OAuth authorization code + PKCE on %s', (_kind, open) => {
  let db: Db;
  let server: TestHttpServer;
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);
  const clients: Client[] = [];

  beforeAll(async () => {
    db = await open();
    await seedDemoDataWithPasswords(db);
    server = await startTestHttpServer(db, {}, { clock });
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await server?.close();
    await db?.close();
  });
  beforeEach(() => {
    offsetMs = 0;
  });

  /** DCR by hand, as a raw client would: returns its client_id. */
  const register = async (body: Record<string, unknown>) =>
    fetch(`${server.baseUrl}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const registeredClient = async (redirect = REDIRECT) =>
    (
      (await (await register({ client_name: 'Raw client', redirect_uris: [redirect] })).json()) as {
        client_id: string;
      }
    ).client_id;
  const authorizeUrl = (params: Record<string, string>) => {
    const url = new URL(`${server.baseUrl}/oauth/authorize`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url;
  };
  /** A code for `clientId`, obtained through the real pages. */
  const codeFor = async (clientId: string, challenge: string, redirect = REDIRECT) => {
    const { location } = await authorizeByForms(
      authorizeUrl({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: redirect,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: 's1',
      }),
      learner,
    );
    return location.searchParams.get('code')!;
  };
  const token = (fields: Record<string, string>) =>
    fetch(`${server.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  /** The whole flow for `clientId` through the pages, then the code exchange. */
  const exchangeFreshCode = async (clientId: string) => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(clientId, challenge);
    return token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: clientId,
      code_verifier: verifier,
    });
  };
  /** Opens a fresh authorization for `clientId` on `target` and posts the login form. */
  const signInAttempt = async (
    target: TestHttpServer,
    clientId: string,
    user: { email: string; password: string },
  ) => {
    const start = await fetch(
      `${target.baseUrl}/oauth/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: REDIRECT,
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      })}`,
    );
    return fetch(`${target.baseUrl}/oauth/authorize/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: start.headers.getSetCookie()[0]!.split(';')[0]!,
      },
      body: new URLSearchParams({ ...hiddenFields(await start.text()), ...user }).toString(),
    });
  };
  const expectOAuthError = async (response: Response, error: string) => {
    expect(await response.json()).toMatchObject({ error });
    expect(response.status).toBe(error === 'invalid_client' ? 401 : 400);
  };

  it('connects the SDK OAuth client with DCR, signs in, consents, calls tools, and refreshes after expiry', async () => {
    const provider = createTestOAuthProvider({ redirectUrl: REDIRECT, clientName: 'Claude Test' });
    const authorizationUrl = await startSdkAuthorization(server.mcpUrl, provider);
    expect(provider.saved.client?.client_id).toMatch(/^lmo_/);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('resource')).toBe(server.mcpUrl);

    const { consentHtml, location } = await authorizeByForms(authorizationUrl, learner);
    expect(consentHtml).toContain('Claude Test');
    expect(consentHtml).toContain('http://127.0.0.1:33418');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('state-from-the-client');
    expect(location.searchParams.get('iss')).toBe(server.baseUrl);

    const client = await finishSdkAuthorization(
      server.mcpUrl,
      provider,
      location.searchParams.get('code')!,
    );
    clients.push(client);
    const first = provider.saved.tokens!;
    expect(first.refresh_token).toBeDefined();
    expect(decodeJwt(first.access_token)).toMatchObject({ iss: 'lumen-mcp', aud: server.mcpUrl });
    expect(await callOk(client, 'list_my_progress')).toMatchObject({ courses: expect.any(Array) });

    offsetMs = 16 * 60_000; // the access token has expired; no browser from here on
    expect(await callOk(client, 'list_courses', { limit: 1 })).toMatchObject({
      courses: expect.any(Array),
    });
    expect(provider.tokenHistory).toHaveLength(2);
    expect(provider.saved.tokens!.refresh_token).not.toBe(first.refresh_token);
  });

  it('offers the admin scope only to an admin, and only when the client asks for it by name', async () => {
    const admin = { email: 'admin@lumen.test', password: DEMO_PASSWORD };
    const clientId = await registeredClient();
    const { verifier, challenge } = pkce();
    const ask = (scope?: string) =>
      authorizeUrl({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: REDIRECT,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        ...(scope ? { scope } : {}),
      });
    // No scope asked (`*`): the tools only, even for an admin.
    expect((await authorizeByForms(ask(), admin)).consentHtml).not.toContain('value="admin"');
    const forLearner = (await authorizeByForms(ask('list_courses admin'), learner)).consentHtml;
    expect(forLearner).not.toContain('value="admin"');
    expect(forLearner).toMatch(/Not available to your account[^<]*<code>admin/);
    const forAdmin = await authorizeByForms(ask('list_courses admin'), admin);
    expect(forAdmin.consentHtml).toContain('value="admin"');
    const granted = (await (
      await token({
        grant_type: 'authorization_code',
        code: forAdmin.location.searchParams.get('code')!,
        redirect_uri: REDIRECT,
        client_id: clientId,
        code_verifier: verifier,
      })
    ).json()) as { access_token: string; scope: string };
    expect(granted.scope.split(' ')).toEqual(['list_courses', 'admin']);
    const listed = await fetch(`${server.baseUrl}/api/v1/admin/mcp-clients`, {
      headers: { authorization: `Bearer ${granted.access_token}` },
    });
    expect(listed.status).toBe(200);
  });

  it('never offers a learner instructor tools: such calls fail the scope gate', async () => {
    const provider = createTestOAuthProvider({ redirectUrl: REDIRECT });
    const authorizationUrl = await startSdkAuthorization(server.mcpUrl, provider);
    const { consentHtml, location } = await authorizeByForms(authorizationUrl, learner, {
      decision: 'allow',
      untick: ['ask_tutor'],
    });
    expect(consentHtml).not.toContain('value="create_course_draft"');
    expect(consentHtml).toMatch(/Not available to your account[^<]*<code>create_course_draft/);
    const client = await finishSdkAuthorization(
      server.mcpUrl,
      provider,
      location.searchParams.get('code')!,
    );
    clients.push(client);
    expect(provider.saved.tokens!.scope).not.toContain('create_course_draft');
    expect(provider.saved.tokens!.scope).not.toContain('ask_tutor');
    const draft = await callFailure(client, 'create_course_draft', { brief: 'Intro to knots' });
    expect(draft.code).toBe('mcp.scope.denied');
    // What the user reads: the fix for a sign-in, never "re-mint" (they minted nothing).
    expect(draft.text).toContain('it is an instructor tool and your account is a learner');
    expect(draft.text).toContain('Ask an admin for the instructor role, then sign in again');
    const tutor = await callFailure(client, 'ask_tutor', { course_slug: 'x', question: 'why?' });
    expect(tutor.text).toBe(
      'mcp.scope.denied: This sign-in does not allow ask_tutor: it was unticked on the consent page, or your MCP client did not ask for it. Sign in again (reconnect Lumen in your MCP client) and leave ask_tutor ticked.',
    );
    for (const { text } of [draft, tutor]) expect(text).not.toMatch(/mint|--scopes/);
  });

  it('sends the user back with access_denied when they deny', async () => {
    const provider = createTestOAuthProvider({ redirectUrl: REDIRECT });
    const authorizationUrl = await startSdkAuthorization(server.mcpUrl, provider);
    const { location } = await authorizeByForms(authorizationUrl, learner, { decision: 'deny' });
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('code')).toBeNull();
    expect(location.searchParams.get('iss')).toBe(server.baseUrl);
  });

  it('refuses a wrong verifier, a reused code (revoking its grant) and a code for another client', async () => {
    const clientId = await registeredClient();
    const other = await registeredClient();
    const { verifier, challenge } = pkce();
    const code = await codeFor(clientId, challenge);
    const exchange = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT };
    await expectOAuthError(
      await token({ ...exchange, client_id: clientId, code_verifier: pkce().verifier }),
      'invalid_grant',
    );
    await expectOAuthError(
      await token({ ...exchange, client_id: other, code_verifier: verifier }),
      'invalid_grant',
    );
    await expectOAuthError(
      await token({
        ...exchange,
        client_id: clientId,
        code_verifier: verifier,
        redirect_uri: 'http://127.0.0.1:1/other',
      }),
      'invalid_grant',
    );
    const ok = await token({ ...exchange, client_id: clientId, code_verifier: verifier });
    expect(ok.status).toBe(200);
    const issued = (await ok.json()) as { access_token: string; refresh_token: string };
    const mcp = (t: string) =>
      fetch(server.mcpUrl, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${t}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
    expect((await mcp(issued.access_token)).status).toBe(200);
    const replay = await token({ ...exchange, client_id: clientId, code_verifier: verifier });
    await expectOAuthError(replay, 'invalid_grant');
    // The replay revoked the grant: the live access token and its refresh token are dead.
    const refused = await mcp(issued.access_token);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'mcp.client_revoked' });
    await expectOAuthError(
      await token({
        grant_type: 'refresh_token',
        refresh_token: issued.refresh_token,
        client_id: clientId,
      }),
      'invalid_grant',
    );
  });

  it('refuses an expired code', async () => {
    const clientId = await registeredClient();
    const { verifier, challenge } = pkce();
    const code = await codeFor(clientId, challenge);
    offsetMs = 61_000;
    const res = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: clientId,
      code_verifier: verifier,
    });
    await expectOAuthError(res, 'invalid_grant');
  });

  it('rotates refresh tokens and revokes the grant when a used one is replayed', async () => {
    const clientId = await registeredClient();
    const first = (await (await exchangeFreshCode(clientId)).json()) as { refresh_token: string };
    const refresh = (rt: string) =>
      token({ grant_type: 'refresh_token', refresh_token: rt, client_id: clientId });
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    const rotated = (await second.json()) as { refresh_token: string; access_token: string };
    expect(rotated.refresh_token).not.toBe(first.refresh_token);
    await expectOAuthError(await refresh(first.refresh_token), 'invalid_grant'); // replay
    // Reuse detection revoked the whole grant: the newest refresh token is dead too.
    await expectOAuthError(await refresh(rotated.refresh_token), 'invalid_grant');
    const connections = (await (
      await fetch(`${server.baseUrl}/api/v1/me/connections`, {
        headers: { authorization: `Bearer ${rotated.access_token}` },
      })
    ).json()) as { error: string };
    expect(connections.error).toBe('mcp.client_revoked');
  });

  it('shows an error page, never a redirect, for an unregistered redirect URI or client', async () => {
    const clientId = await registeredClient();
    const { challenge } = pkce();
    const base = {
      response_type: 'code',
      client_id: clientId,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    for (const redirect of [
      'https://evil.example/callback',
      'http://127.0.0.1:33418/callback/../evil',
      'http://127.0.0.1.evil.example:33418/callback',
      `${REDIRECT}?next=https://evil.example`,
    ]) {
      const res = await fetch(authorizeUrl({ ...base, redirect_uri: redirect }), {
        redirect: 'manual',
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('Invalid redirect');
    }
    const unknown = await fetch(
      authorizeUrl({ ...base, client_id: 'lmo_AAAAAAAAAAAAAAAAAAAAAA', redirect_uri: REDIRECT }),
      { redirect: 'manual' },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('location')).toBeNull();
    // A loopback redirect may use any port (RFC 8252 §7.3).
    const otherPort = await fetch(
      authorizeUrl({ ...base, redirect_uri: 'http://127.0.0.1:50123/callback' }),
      { redirect: 'manual' },
    );
    expect(otherPort.status).toBe(200);
    // Without PKCE S256 the error goes back to the (valid) redirect URI.
    const plain = await fetch(
      authorizeUrl({ ...base, redirect_uri: REDIRECT, code_challenge_method: 'plain' }),
      { redirect: 'manual' },
    );
    expect(plain.status).toBe(303);
    expect(new URL(plain.headers.get('location')!).searchParams.get('error')).toBe(
      'invalid_request',
    );
  });

  it('refuses consent posted without its CSRF token or from another browser', async () => {
    const clientId = await registeredClient();
    const { challenge } = pkce();
    const start = await fetch(
      authorizeUrl({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: REDIRECT,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
    );
    const csp = start.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    const html = await start.text();
    const cookie = start.headers.getSetCookie()[0]!.split(';')[0]!;
    const fields = hiddenFields(html);
    const post = (path: string, body: Record<string, string>, withCookie = true) =>
      fetch(`${server.baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(withCookie ? { cookie } : {}),
        },
        body: new URLSearchParams(body).toString(),
      });
    const login = await post('/oauth/authorize/login', { ...fields, ...learner });
    expect(login.status).toBe(200);
    const noCsrf = await post('/oauth/authorize/consent', {
      pending: fields['pending']!,
      decision: 'allow',
      scope: 'list_courses',
    });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.headers.get('location')).toBeNull();
    const noCookie = await post(
      '/oauth/authorize/consent',
      { ...fields, decision: 'allow', scope: 'list_courses' },
      false,
    );
    expect(noCookie.status).toBe(403);
    const wrongPassword = await post('/oauth/authorize/login', {
      ...fields,
      email: learner.email,
      password: 'not-the-password',
    });
    expect(wrongPassword.status).toBe(401);
    expect(await wrongPassword.text()).toContain('do not match');
  });

  it('lets an unused DCR registration lapse after a day, and keeps one in use', async () => {
    const unused = await registeredClient();
    const used = await registeredClient();
    expect((await exchangeFreshCode(used)).status).toBe(200);
    offsetMs = 25 * 3600_000;
    const authorizeAs = (clientId: string) =>
      fetch(
        authorizeUrl({
          response_type: 'code',
          client_id: clientId,
          redirect_uri: REDIRECT,
          code_challenge: pkce().challenge,
          code_challenge_method: 'S256',
        }),
        { redirect: 'manual' },
      );
    const lapsed = await authorizeAs(unused);
    expect(lapsed.status).toBe(400);
    expect(await lapsed.text()).toContain('Unknown application');
    expect((await authorizeAs(used)).status).toBe(200);
  });

  it('refuses DCR with a javascript:, data: or plain-http redirect', async () => {
    for (const uri of ['javascript:alert(1)', 'data:text/html,hi', 'http://evil.example/cb']) {
      const res = await register({ client_name: 'x', redirect_uris: [uri] });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid_redirect_uri' });
    }
  });

  it('lists a user’s connected apps and lets them revoke one, which stops its tokens', async () => {
    const provider = createTestOAuthProvider({ redirectUrl: REDIRECT, clientName: 'Revocable' });
    const authorizationUrl = await startSdkAuthorization(server.mcpUrl, provider);
    const { location } = await authorizeByForms(authorizationUrl, learner);
    const client = await finishSdkAuthorization(
      server.mcpUrl,
      provider,
      location.searchParams.get('code')!,
    );
    clients.push(client);
    const auth = { authorization: `Bearer ${provider.saved.tokens!.access_token}` };
    const listed = (await (
      await fetch(`${server.baseUrl}/api/v1/me/connections`, { headers: auth })
    ).json()) as { connections: Array<Record<string, unknown>> };
    const mine = listed.connections.find((c) => c['client_name'] === 'Revocable')!;
    expect(mine).toMatchObject({
      client_id: provider.saved.client!.client_id,
      scopes: expect.arrayContaining(['list_courses']),
      owner_email: 'learner@lumen.test',
      revoked_at: null,
    });
    expect(JSON.stringify(listed)).not.toContain(provider.saved.tokens!.refresh_token!);
    const del = await fetch(
      `${server.baseUrl}/api/v1/me/connections/${String(mine['connection_id'])}`,
      { method: 'DELETE', headers: auth },
    );
    expect(del.status).toBe(200);
    const revoked =
      'This sign-in to Lumen has been revoked (mcp.client_revoked). Sign in again: reconnect Lumen in your MCP client.';
    const after = await fetch(`${server.baseUrl}/api/v1/me/connections`, { headers: auth });
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual({ error: 'mcp.client_revoked', message: revoked });
    // The MCP endpoint says the same, in the body and in the RFC 6750 challenge.
    const mcp = await fetch(server.mcpUrl, {
      method: 'POST',
      headers: {
        ...auth,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(mcp.status).toBe(401);
    expect(mcp.headers.get('www-authenticate')).toContain(`error_description="${revoked}"`);
    expect(await mcp.json()).toEqual({ error: 'mcp.client_revoked', message: revoked });
    await expect(client.callTool({ name: 'list_courses', arguments: {} })).rejects.toThrow();
  });
  it('answers hostile parameters with a stable refusal, never a crash, and keeps serving', async () => {
    const clientId = await registeredClient();
    const nasty = ['\u0000', 'a\u0000b', '\ud800', "'; DROP TABLE users;--", 'x'.repeat(5_000)];
    const good = {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      state: 's',
    };
    for (const key of Object.keys(good)) {
      for (const value of nasty) {
        const res = await fetch(authorizeUrl({ ...good, [key]: value }), { redirect: 'manual' });
        // 200 only where the value is harmless text once URL-encoded (a lone surrogate
        // travels as U+FFFD; SQL is just text): the login page for that request.
        expect([200, 303, 400]).toContain(res.status);
        expect(await res.text()).not.toMatch(/\bat .+:\d+:\d+|SELECT|prisma/i);
      }
    }
    for (const field of ['code', 'refresh_token', 'client_id', 'code_verifier', 'redirect_uri']) {
      for (const value of nasty) {
        for (const grant of ['authorization_code', 'refresh_token']) {
          const res = await token({
            grant_type: grant,
            client_id: clientId,
            code: 'c',
            code_verifier: pkce().verifier,
            redirect_uri: REDIRECT,
            refresh_token: 'r',
            [field]: value,
          });
          expect([400, 401]).toContain(res.status);
          expect(await res.json()).toHaveProperty('error');
        }
      }
    }
    for (const value of nasty) {
      const res = await register({ client_name: value, redirect_uris: [`${REDIRECT}${value}`] });
      expect(res.status).toBe(400);
    }
    // Sign-in with a hostile email is an ordinary failed sign-in.
    const login = await signInAttempt(server, clientId, {
      email: 'a\u0000@lumen.test',
      password: 'whatever-it-is',
    });
    expect(login.status).toBe(401);
    expect((await exchangeFreshCode(clientId)).status).toBe(200); // still serving
  });

  // Last: it exhausts this address's sign-in allowance for the rest of the file.
  it('rate-limits failed sign-ins per (account, address), across replicas, before checking the password', async () => {
    const replica = await startTestHttpServer(db, {}, { clock });
    try {
      const clientId = await registeredClient();
      const attempt = (target: TestHttpServer, password: string) =>
        signInAttempt(target, clientId, { email: 'teacher@lumen.test', password });
      // Alternate replicas: the count lives in the shared auth_failures table. Earlier
      // tests' failures from this address count too, so the block may come sooner.
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        statuses.push((await attempt(i % 2 ? replica : server, `wrong-password-${i}`)).status);
      }
      expect(statuses[0]).toBe(401);
      expect(statuses.every((st) => st === 401 || st === 429)).toBe(true);
      const blocked = await attempt(replica, DEMO_PASSWORD);
      expect(blocked.status).toBe(429);
      expect(await blocked.text()).toMatch(/Too many failed sign-ins. Try again in \d+ s/);
    } finally {
      await replica.close();
    }
  });
});
