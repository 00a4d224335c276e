import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';

import { fetchAccessToken, startTestHttpServer } from './testing/http-harness.js';
import type { TestHttpServer } from './testing/http-harness.js';

const MUSIC_COURSE = 'foundations-of-western-harmony'; // published; the learner starts unenrolled

describe.each(testDatabases())('REST scopes on %s', (_kind, open) => {
  let db: Db;
  let server: TestHttpServer;
  const tokenFor = async (email: string, scopes: string) =>
    fetchAccessToken(server.baseUrl, await server.mint(email, scopes));
  const call = (token: string, path: string, method = 'GET', body?: unknown) =>
    fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const expectScopeDenied = async (response: Response, scope: string) => {
    expect(response.status).toBe(403);
    // RFC 6750 §3.1: the challenge names the scope that would have been enough.
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain(`scope="${scope}"`);
    expect(await response.json()).toMatchObject({
      error: 'mcp.scope.denied',
      message: expect.stringContaining(`"${scope}" scope`),
    });
  };

  beforeAll(async () => {
    db = await open();
    await seedDemoData(db, new Date());
    server = await startTestHttpServer(db);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('refuses an admin-owned token narrowed to list_courses everywhere in the admin API', async () => {
    const narrow = await tokenFor('admin@lumen.test', 'list_courses');
    const victim = await server.mint('learner@lumen.test', '*', 'Victim');
    await expectScopeDenied(await call(narrow, '/api/v1/admin/mcp-clients'), 'admin');
    await expectScopeDenied(
      await call(narrow, `/api/v1/admin/mcp-clients/${victim.clientId}`, 'DELETE'),
      'admin',
    );
    await expectScopeDenied(await call(narrow, '/api/v1/admin/connections'), 'admin');
    for (const section of ['spend', 'llm-calls', 'retrievals', 'tool-calls', 'clients'])
      await expectScopeDenied(
        await call(narrow, `/api/v1/admin/observability/${section}`),
        'admin',
      );
    // The refused revocation changed nothing: the victim's client still gets tokens.
    await expect(fetchAccessToken(server.baseUrl, victim)).resolves.toEqual(expect.any(String));
  });

  it('serves the admin API to admin-owned tokens holding `*` (the default) or `admin`', async () => {
    for (const scopes of ['*', 'admin']) {
      const token = await tokenFor('admin@lumen.test', scopes);
      const clients = await call(token, '/api/v1/admin/mcp-clients');
      expect(clients.status).toBe(200);
      expect(await clients.json()).toMatchObject({ clients: expect.any(Array) });
      expect((await call(token, '/api/v1/admin/observability/spend')).status).toBe(200);
      expect((await call(token, '/api/v1/admin/connections')).status).toBe(200);
    }
  });

  it('still needs the admin role: a learner holding `admin` or `*` gets mcp.forbidden', async () => {
    for (const scopes of ['admin', '*']) {
      const token = await tokenFor('learner@lumen.test', scopes);
      const res = await call(token, '/api/v1/admin/mcp-clients');
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: 'mcp.forbidden' });
    }
  });

  it('refuses enrolment and lesson completion to a token scoped list_courses,get_course', async () => {
    const browse = await tokenFor('learner@lumen.test', 'list_courses,get_course');
    await expectScopeDenied(
      await call(browse, '/api/v1/me/enrollments', 'POST', { course_slug: MUSIC_COURSE }),
      'ask_tutor',
    );
    await expectScopeDenied(
      await call(browse, '/api/v1/me/lessons/any-lesson/complete', 'POST'),
      'list_my_progress',
    );
    const enrolled = await db.prisma.enrollment.count({
      where: { user: { email: 'learner@lumen.test' }, course: { slug: MUSIC_COURSE } },
    });
    expect(enrolled).toBe(0);
  });

  it('lets a token holding the matching tool scope enrol, and any token list its connections', async () => {
    const tutor = await tokenFor('learner@lumen.test', 'ask_tutor');
    const res = await call(tutor, '/api/v1/me/enrollments', 'POST', { course_slug: MUSIC_COURSE });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ enrolled: true, course_slug: MUSIC_COURSE });
    const browse = await tokenFor('learner@lumen.test', 'list_courses');
    expect((await call(browse, '/api/v1/me/connections')).status).toBe(200);
  });

  it('advertises `admin` in scopes_supported and lets the token endpoint narrow `*` to it', async () => {
    const metadata = (await (
      await fetch(`${server.baseUrl}/.well-known/oauth-authorization-server`)
    ).json()) as { scopes_supported: string[] };
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['admin', '*']));
    const client = await server.mint('admin@lumen.test', '*');
    const response = await fetch(`${server.baseUrl}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        scope: 'admin',
      }),
    });
    const body = (await response.json()) as { access_token: string; scope: string };
    expect(body.scope).toBe('admin');
    expect((await call(body.access_token, '/api/v1/admin/mcp-clients')).status).toBe(200);
    await expectScopeDenied(
      await call(body.access_token, '/api/v1/me/enrollments', 'POST', {
        course_slug: MUSIC_COURSE,
      }),
      'ask_tutor',
    );
  });
});
