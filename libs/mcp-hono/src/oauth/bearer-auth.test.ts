import { createTokenService } from '@lumen/auth';
import type { MintResult } from '@lumen/auth';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { SignJWT, UnsecuredJWT } from 'jose';

import { createReplica, form, ISSUER, JWT_SECRET, MCP_URL } from './test-harness.js';
import type { Replica } from './test-harness.js';

const t0 = new Date('2026-03-01T10:00:00Z');
type Listing = { clients: Array<{ client_id: string }> };

describe.each(testDatabases())('bearer auth and admin API on %s', (_kind, open) => {
  let db: Db;
  let now = t0;
  let replica: Replica;
  const clients: Record<'learnerNarrow' | 'learnerStar' | 'admin' | 'teacher', MintResult> =
    {} as never;
  const clock = () => now;
  beforeAll(async () => {
    db = await open();
    replica = createReplica({ db, clock });
    await db.prisma.user.createMany({
      data: [
        { email: 'learner@lumen.test', displayName: 'L' },
        { email: 'admin@lumen.test', displayName: 'A', role: 'admin' },
        { email: 'teacher@lumen.test', displayName: 'T', role: 'instructor' },
      ],
    });
    const mint = (ownerEmail: string, scopes: string) =>
      replica.registry.mint({ ownerEmail, name: ownerEmail, scopes });
    clients.learnerNarrow = await mint('learner@lumen.test', 'ask_tutor');
    clients.learnerStar = await mint('learner@lumen.test', '*');
    clients.admin = await mint('admin@lumen.test', '*');
    clients.teacher = await mint('teacher@lumen.test', 'create_course_draft');
  });
  afterAll(() => db.close());
  beforeEach(() => {
    now = t0;
  });

  const accessToken = async (c: MintResult): Promise<string> => {
    const res = await replica.app.request(
      '/oauth/token',
      form({
        grant_type: 'client_credentials',
        client_id: c.clientId,
        client_secret: c.clientSecret,
      }),
    );
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const callTool = (tool: string, token?: string, app: Replica = replica) =>
    app.app.request('/mcp', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ tool }),
    });
  const expectRefused = async (res: Response, code: string, token?: string) => {
    expect(res.status).toBe(401);
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain(
      `resource_metadata="${ISSUER}/.well-known/oauth-protected-resource/mcp"`,
    );
    if (code !== 'mcp.token_required') expect(challenge).toContain('error="invalid_token"');
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ error: code });
    if (token) {
      expect(text).not.toContain(token);
      expect(challenge).not.toContain(token);
    }
  };

  it('asks for a token, pointing at the protected-resource metadata', async () => {
    await expectRefused(await callTool('list_courses'), 'mcp.token_required');
    const challenge = (await callTool('list_courses')).headers.get('www-authenticate');
    expect(challenge).not.toContain('error=');
  });

  it('resolves a valid token into the principal and records last use', async () => {
    const token = await accessToken(clients.learnerStar);
    now = new Date(t0.getTime() + 120_000);
    const res = await callTool('list_courses', token);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      principal: { role: 'learner', clientId: clients.learnerStar.clientId, scopes: ['*'] },
    });
    expect((await replica.registry.find(clients.learnerStar.clientId))?.client.lastUsedAt).toEqual(
      now,
    );
  });

  it('refuses an expired token', async () => {
    const token = await accessToken(clients.learnerStar);
    now = new Date(t0.getTime() + 15 * 60_000 + 1_000);
    await expectRefused(await callTool('list_courses', token), 'mcp.invalid_token', token);
  });

  it('refuses tokens with the wrong issuer or audience, alg none, and tampered tokens', async () => {
    const claims = {
      sub: clients.learnerStar.ownerUserId,
      client_id: clients.learnerStar.clientId,
      scope: '*',
    };
    const iat = Math.floor(t0.getTime() / 1000);
    const key = new TextEncoder().encode(JWT_SECRET);
    const signed = (iss: string, aud: string) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(iss)
        .setAudience(aud)
        .setJti('j')
        .setIssuedAt(iat)
        .setExpirationTime(iat + 600)
        .sign(key);
    const wrongIss = await signed('lumen-api', MCP_URL);
    const wrongAud = await signed('lumen-mcp', 'https://other.example/mcp');
    const none = new UnsecuredJWT(claims)
      .setIssuer('lumen-mcp')
      .setAudience(MCP_URL)
      .setJti('j')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 600)
      .encode();
    const good = await accessToken(clients.learnerNarrow);
    const [h, p, s] = good.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, scope: '*' })).toString('base64url')}.${s}`;
    for (const token of [wrongIss, wrongAud, none, tampered, 'garbage']) {
      await expectRefused(await callTool('list_courses', token), 'mcp.invalid_token', token);
    }
  });

  it('refuses a token minted before JWT_SECRET rotated', async () => {
    const token = await accessToken(clients.learnerStar);
    const rotated = createReplica({
      db,
      clock,
      jwtSecret: 'a-brand-new-jwt-secret-after-rotation-xyz',
    });
    const res = await callTool('list_courses', token, rotated);
    const body = (await res.clone().json()) as { message: string };
    expect(body.message).toContain('JWT_SECRET');
    await expectRefused(res, 'mcp.invalid_token', token);
    expect(createTokenService({ secret: JWT_SECRET }).issuer).toBe('lumen-mcp');
  });

  it('applies the scope gate before the role gate', async () => {
    const narrowToken = await accessToken(clients.learnerNarrow);
    const scopeRes = await callTool('create_course_draft', narrowToken);
    expect(scopeRes.status).toBe(403);
    expect(await scopeRes.json()).toMatchObject({ error: 'mcp.scope.denied' });
    const starToken = await accessToken(clients.learnerStar);
    const roleRes = await callTool('create_course_draft', starToken);
    expect(await roleRes.json()).toMatchObject({
      error: 'mcp.role.denied',
      message: expect.stringContaining('instructor or admin'),
    });
    expect((await callTool('create_course_draft', await accessToken(clients.teacher))).status).toBe(
      200,
    );
    expect((await callTool('ask_tutor', narrowToken)).status).toBe(200);
  });

  it('lets only admins list clients, never showing hashes or secrets', async () => {
    const learnerRes = await replica.app.request('/api/v1/admin/mcp-clients', {
      headers: { authorization: `Bearer ${await accessToken(clients.learnerStar)}` },
    });
    expect(learnerRes.status).toBe(403);
    expect(await learnerRes.json()).toMatchObject({ error: 'mcp.forbidden' });
    expect((await replica.app.request('/api/v1/admin/mcp-clients')).status).toBe(401);
    const res = await replica.app.request('/api/v1/admin/mcp-clients', {
      headers: { authorization: `Bearer ${await accessToken(clients.admin)}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as { clients: Array<Record<string, unknown>> };
    expect(body.clients.find((c) => c['client_id'] === clients.teacher.clientId)).toEqual({
      client_id: clients.teacher.clientId,
      name: 'teacher@lumen.test',
      owner_user_id: clients.teacher.ownerUserId,
      owner_email: 'teacher@lumen.test',
      scopes: ['create_course_draft'],
      created_at: t0.toISOString(),
      last_used_at: expect.any(String),
      revoked_at: null,
    });
    expect(text).not.toContain('argon2');
    expect(text).not.toContain('secret');
    for (const c of Object.values(clients)) expect(text).not.toContain(c.clientSecret);
  });

  it('revokes through the admin API, after which even an unexpired JWT is refused', async () => {
    const victim = await replica.registry.mint({
      ownerEmail: 'learner@lumen.test',
      name: 'Lost laptop',
      scopes: '*',
    });
    const victimToken = await accessToken(victim);
    expect((await callTool('list_courses', victimToken)).status).toBe(200);
    const admin = { authorization: `Bearer ${await accessToken(clients.admin)}` };
    const del = await replica.app.request(`/api/v1/admin/mcp-clients/${victim.clientId}`, {
      method: 'DELETE',
      headers: admin,
    });
    expect(del.status).toBe(200);
    expect(await del.json()).toMatchObject({
      revoked: true,
      client: { client_id: victim.clientId, revoked_at: t0.toISOString() },
    });
    await expectRefused(
      await callTool('list_courses', victimToken),
      'mcp.client_revoked',
      victimToken,
    );
    const again = await replica.app.request(`/api/v1/admin/mcp-clients/${victim.clientId}`, {
      method: 'DELETE',
      headers: admin,
    });
    expect(again.status).toBe(200);
    const listed = (await (
      await replica.app.request('/api/v1/admin/mcp-clients', { headers: admin })
    ).json()) as Listing;
    expect(listed.clients.map((c) => c.client_id)).not.toContain(victim.clientId);
    const all = (await (
      await replica.app.request('/api/v1/admin/mcp-clients?include_revoked=true', {
        headers: admin,
      })
    ).json()) as Listing;
    expect(all.clients.map((c) => c.client_id)).toContain(victim.clientId);
    const unknown = await replica.app.request(
      '/api/v1/admin/mcp-clients/lmc_AAAAAAAAAAAAAAAAAAAAAA',
      { method: 'DELETE', headers: admin },
    );
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'auth.client.unknown' });
  });
});
