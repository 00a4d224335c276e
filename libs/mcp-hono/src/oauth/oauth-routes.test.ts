import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import {
  OAuthMetadataSchema,
  OAuthProtectedResourceMetadataSchema,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { createArgon2Pool } from '@lumen/auth';
import type { MintResult } from '@lumen/auth';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import { basic, createReplica, form, ISSUER, MCP_URL } from './test-harness.js';
import type { Replica } from './test-harness.js';

const t0 = new Date('2026-03-01T10:00:00Z');

describe.each(testDatabases())('OAuth token endpoint on %s', (_kind, open) => {
  let db: Db;
  let now = t0;
  let replica: Replica;
  let star: MintResult;
  let narrow: MintResult;
  const clock = () => now;
  beforeAll(async () => {
    db = await open();
    replica = createReplica({ db, clock });
    await db.prisma.user.create({
      data: { email: 'teacher@lumen.test', displayName: 'T', role: 'instructor' },
    });
    star = await replica.registry.mint({
      ownerEmail: 'teacher@lumen.test',
      name: 'Star',
      scopes: '*',
    });
    narrow = await replica.registry.mint({
      ownerEmail: 'teacher@lumen.test',
      name: 'Narrow',
      scopes: 'ask_tutor,list_my_progress',
    });
  });
  afterAll(() => db.close());
  beforeEach(() => {
    now = t0;
  });

  const token = (
    fields: Record<string, string>,
    init: { authorization?: string; peer?: string; app?: Replica } = {},
  ) => {
    const request = form(fields);
    const headers: Record<string, string> = { ...request.headers };
    if (init.authorization) headers['authorization'] = init.authorization;
    if (init.peer) headers['x-test-peer'] = init.peer;
    return (init.app ?? replica).app.request('/oauth/token', { ...request, headers });
  };

  it('issues a 15-minute bearer token with client_secret_post', async () => {
    const res = await token({
      grant_type: 'client_credentials',
      client_id: star.clientId,
      client_secret: star.clientSecret,
      scope: '*',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
    const body = (await res.json()) as { access_token: string };
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
      scope: '*',
    });
    const claims = await replica.tokens.verify(body.access_token, { audience: MCP_URL });
    expect(claims).toMatchObject({
      clientId: star.clientId,
      userId: star.ownerUserId,
      scopes: ['*'],
    });
  });

  it('issues a token with client_secret_basic and binds the RFC 8707 resource', async () => {
    const res = await token(
      { grant_type: 'client_credentials', resource: MCP_URL },
      { authorization: basic(narrow.clientId, narrow.clientSecret) },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ scope: 'ask_tutor list_my_progress' });
  });

  it('narrows scopes on request and refuses to broaden them', async () => {
    const creds = {
      grant_type: 'client_credentials',
      client_id: narrow.clientId,
      client_secret: narrow.clientSecret,
    };
    const narrowed = await token({ ...creds, scope: 'ask_tutor' });
    expect(await narrowed.json()).toMatchObject({ scope: 'ask_tutor' });
    for (const scope of ['ask_tutor create_course_draft', '*', 'not_a_tool']) {
      const res = await token({ ...creds, scope });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid_scope' });
    }
  });

  it('refuses a bad secret, an unknown client and missing credentials with 401 invalid_client', async () => {
    const wrong = `${star.clientSecret.slice(0, -4)}AAAA`;
    const attempts: Array<Record<string, string>> = [
      { grant_type: 'client_credentials', client_id: star.clientId, client_secret: wrong },
      {
        grant_type: 'client_credentials',
        client_id: 'lmc_AAAAAAAAAAAAAAAAAAAAAA',
        client_secret: star.clientSecret,
      },
      { grant_type: 'client_credentials' },
    ];
    for (const fields of attempts) {
      const res = await token(fields, { peer: '198.51.100.7' });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ error: 'invalid_client' });
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(star.clientSecret);
    }
  });

  it('refuses other grant types, malformed requests and foreign resources', async () => {
    const creds = { client_id: star.clientId, client_secret: star.clientSecret };
    const cases: Array<[Record<string, string>, number, string]> = [
      [{ ...creds, grant_type: 'password' }, 400, 'unsupported_grant_type'],
      [{ ...creds, grant_type: 'authorization_code' }, 400, 'unsupported_grant_type'],
      [{ ...creds }, 400, 'invalid_request'],
      [
        { ...creds, grant_type: 'client_credentials', resource: 'https://evil.example/mcp' },
        400,
        'invalid_target',
      ],
    ];
    for (const [fields, status, error] of cases) {
      const res = await token(fields);
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject({ error });
    }
    const both = await token(
      { grant_type: 'client_credentials', ...creds },
      { authorization: basic(star.clientId, star.clientSecret) },
    );
    expect(await both.json()).toMatchObject({ error: 'invalid_request' });
    const json = await replica.app.request('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', ...creds }),
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses new tokens for a revoked client', async () => {
    const c = await replica.registry.mint({
      ownerEmail: 'teacher@lumen.test',
      name: 'Gone',
      scopes: '*',
    });
    await replica.registry.revoke(c.clientId, now);
    const res = await token({
      grant_type: 'client_credentials',
      client_id: c.clientId,
      client_secret: c.clientSecret,
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      error: 'invalid_client',
      error_description: expect.stringContaining('revoked'),
    });
  });

  it("does not let a stranger's bad secrets lock the owner out from another address, on any replica", async () => {
    const c = await replica.registry.mint({
      ownerEmail: 'teacher@lumen.test',
      name: 'Target',
      scopes: '*',
    });
    const one = createReplica({ db, clock });
    const two = createReplica({ db, clock });
    const bad = {
      grant_type: 'client_credentials',
      client_id: c.clientId, // readable in every token the client was ever issued
      client_secret: `${c.clientSecret.slice(0, -4)}AAAA`,
    };
    for (let i = 0; i < 10; i++) {
      now = new Date(t0.getTime() + i * 1_000);
      expect((await token(bad, { app: i % 2 ? two : one, peer: '192.0.2.66' })).status).toBe(401);
    }
    now = new Date(t0.getTime() + 10_000);
    const good = { ...bad, client_secret: c.clientSecret };
    // The stranger's address is refused for this client, even with the right secret…
    for (const app of [one, two]) {
      const res = await token(good, { app, peer: '192.0.2.66' });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBe(15 * 60 - 10);
      expect(await res.json()).toMatchObject({ error: 'too_many_requests' });
    }
    // …the owner's own address is not, on either replica.
    for (const app of [one, two]) {
      const res = await token(good, { app, peer: '198.51.100.20' });
      expect(res.status).toBe(200);
    }
    now = new Date(t0.getTime() + 16 * 60_000);
    expect((await token(good, { app: two, peer: '192.0.2.66' })).status).toBe(200);
  });

  it('refuses an address that keeps failing across many client ids, on every replica', async () => {
    const one = createReplica({ db, clock, maxFailuresPerAddress: 6 });
    const two = createReplica({ db, clock, maxFailuresPerAddress: 6 });
    now = new Date(t0.getTime() + 60 * 60_000);
    for (let i = 0; i < 6; i++) {
      const guess = {
        grant_type: 'client_credentials',
        client_id: `lmc_${String(i).padStart(22, 'x')}`,
        client_secret: `lumen_sk_lmc_${String(i).padStart(22, 'x')}_${'A'.repeat(43)}`,
      };
      expect((await token(guess, { app: i % 2 ? two : one, peer: '203.0.113.50' })).status).toBe(
        401,
      );
    }
    const honest = {
      grant_type: 'client_credentials',
      client_id: narrow.clientId,
      client_secret: narrow.clientSecret,
    };
    const fromThere = await token(honest, { app: two, peer: '203.0.113.50' });
    expect(fromThere.status).toBe(429);
    expect(await fromThere.json()).toMatchObject({ error: 'too_many_requests' });
    expect((await token(honest, { app: one, peer: '203.0.113.51' })).status).toBe(200);
  });

  it('refuses NUL and other control characters in any field with a stable code, storing nothing', async () => {
    const before = await db.prisma.authFailure.count();
    const valid = {
      grant_type: 'client_credentials',
      client_id: star.clientId,
      client_secret: star.clientSecret,
    };
    for (const field of ['client_id', 'client_secret'] as const) {
      for (const value of [`${valid[field]}\u0000`, '\u0000', `a\u001fb`]) {
        const res = await token({ ...valid, [field]: value }, { peer: '192.0.2.77' });
        expect(res.status).toBe(401);
        expect(await res.json()).toMatchObject({ error: 'invalid_client' });
      }
    }
    const viaBasic = await token(
      { grant_type: 'client_credentials' },
      { authorization: basic(`${star.clientId}\u0000`, star.clientSecret), peer: '192.0.2.77' },
    );
    expect(viaBasic.status).toBe(401);
    expect(await viaBasic.json()).toMatchObject({ error: 'invalid_client' });
    const extras: Array<Record<string, string>> = [
      { scope: 'ask_tutor\u0000' },
      { grant_type: 'client_\u0000credentials' },
    ];
    for (const extra of extras) {
      const res = await token({ ...valid, ...extra }, { peer: '192.0.2.77' });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid_request' });
    }
    expect(await db.prisma.authFailure.count()).toBe(before);
    expect((await token(valid, { peer: '192.0.2.77' })).status).toBe(200);
  });

  it('answers 503 temporarily_unavailable at once when every argon2 thread is busy and the queue full', async () => {
    const pool = createArgon2Pool({ size: 1, maxQueue: 0 });
    try {
      const busy = createReplica({ db, clock, hasher: pool });
      // Holds the only thread for a while (a deliberately heavy cost).
      const holding = pool.hash('hold', {
        params: { memoryKiB: 65_536, iterations: 6, parallelism: 1 },
      });
      const before = await db.prisma.authFailure.count();
      const exchange = () =>
        token(
          {
            grant_type: 'client_credentials',
            client_id: star.clientId,
            client_secret: star.clientSecret,
          },
          { app: busy, peer: '192.0.2.88' },
        );
      const res = await exchange();
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await res.json()).toMatchObject({ error: 'temporarily_unavailable' });
      expect(await db.prisma.authFailure.count()).toBe(before); // not the client's failure
      await holding;
      const retried = await exchange();
      expect(retried.status).toBe(200);
    } finally {
      await pool.close();
    }
  });

  it('serves RFC 8414 and RFC 9728 metadata that the MCP SDK schemas accept', async () => {
    const as = (await (
      await replica.app.request('/.well-known/oauth-authorization-server')
    ).json()) as {
      scopes_supported: string[];
    };
    expect(OAuthMetadataSchema.safeParse(as).success).toBe(true);
    expect(as).toMatchObject({
      issuer: ISSUER,
      token_endpoint: `${ISSUER}/oauth/token`,
      authorization_endpoint: `${ISSUER}/oauth/authorize`,
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(as.scopes_supported).toContain('*');
    expect(as.scopes_supported).toContain('ingest_url_to_draft');
    for (const path of [
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/mcp',
    ]) {
      const pr = await (await replica.app.request(path)).json();
      expect(OAuthProtectedResourceMetadataSchema.safeParse(pr).success).toBe(true);
      expect(pr).toMatchObject({
        resource: MCP_URL,
        authorization_servers: [ISSUER],
        bearer_methods_supported: ['header'],
      });
    }
  });

  it("lets the MCP SDK's ClientCredentialsProvider discover the server and obtain a token unmodified", async () => {
    const fetchFn = (url: string | URL, init?: RequestInit) =>
      Promise.resolve(replica.app.request(url.toString(), init));
    for (const client of [star, narrow]) {
      const provider = new ClientCredentialsProvider({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        expectedIssuer: ISSUER,
      });
      expect(await auth(provider, { serverUrl: MCP_URL, fetchFn })).toBe('AUTHORIZED');
      const issued = provider.tokens();
      const claims = await replica.tokens.verify(issued!.access_token, { audience: MCP_URL });
      expect(claims.clientId).toBe(client.clientId);
      expect(claims.scopes).toEqual(client.scopes);
    }
  });
});
