/**
 * Issue 17 items 4 and 5 over HTTP, on both databases: a NUL or an unpaired surrogate
 * in any tool argument or REST input, and a forged list_courses cursor with a year
 * PostgreSQL cannot read, are refused with mcp.invalid_argument naming the argument
 * (HTTP 400 on REST, an isError result on /mcp), never mcp.internal; nothing already
 * stored is lost and the server keeps serving.
 */
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';

import { fetchAccessToken, startTestHttpServer } from './testing/http-harness.js';
import type { TestHttpServer } from './testing/http-harness.js';
import { assertNoInternals } from './testing/mcp-client.js';
import { rawRequest } from './testing/raw-request.js';
import { rawToolCall } from './testing/raw-tool-call.js';

const COURSE = 'how-cells-make-energy';
const UUID = '00000000-0000-4000-8000-000000000000';
const NUL = /must not contain NUL \(U\+0000\) characters/;
const SURROGATE = /must not contain unpaired UTF-16 surrogates/;

/** Each string argument of the nine tools with schema-valid companions. */
const TOOL_STRINGS: Array<[string, string, Record<string, unknown>]> = [
  ['list_courses', 'filter', {}],
  ['list_courses', 'cursor', {}],
  ['get_course', 'slug', {}],
  ['search_lesson_content', 'course_slug', { query: 'ATP' }],
  ['search_lesson_content', 'query', { course_slug: COURSE }],
  ['ask_tutor', 'course_slug', { question: 'What is ATP?' }],
  ['ask_tutor', 'question', { course_slug: COURSE }],
  ['grade_review_card', 'card_id', { rating: 3 }],
  ['create_course_draft', 'brief', {}],
  ['create_course_draft', 'subject_slug', { brief: 'Tides' }],
  ['ingest_url_to_draft', 'url', {}],
  ['ingest_url_to_draft', 'course_id', { url: 'https://example.com/' }],
];

const cursorOf = (iso: string) => Buffer.from(`${iso}|${UUID}`).toString('base64url');

describe.each(testDatabases())('text that cannot be stored, over HTTP on %s', (_kind, open) => {
  let db: Db;
  let server: TestHttpServer;
  let learner: string;
  let teacher: string;
  let admin: string;

  const rest = async (method: string, path: string, token: string, body?: string) => {
    const res = await rawRequest(server.baseUrl, {
      method,
      path,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
    });
    assertNoInternals(res.body);
    return { status: res.status, ...(res.json as { error?: string; message?: string }) };
  };

  beforeAll(async () => {
    db = await open();
    await seedDemoData(db, new Date());
    server = await startTestHttpServer(db);
    learner = await fetchAccessToken(server.baseUrl, await server.mint('learner@lumen.test', '*'));
    teacher = await fetchAccessToken(server.baseUrl, await server.mint('teacher@lumen.test', '*'));
    admin = await fetchAccessToken(server.baseUrl, await server.mint('admin@lumen.test', '*'));
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it.each([
    ['NUL', 'x\u0000y', NUL],
    ['a lone surrogate', 'x\ud800', SURROGATE],
  ])('refuses %s in every tool string argument over /mcp', async (_what, value, why) => {
    for (const [tool, argument, rest] of TOOL_STRINGS) {
      const call = await rawToolCall(server.mcpUrl, teacher, tool, {
        ...rest,
        [argument]: value,
      });
      expect({ tool, argument, outcome: call.outcome, status: call.status }).toEqual({
        tool,
        argument,
        outcome: 'mcp.invalid_argument',
        status: 200,
      });
      expect(call.body).toContain(`${argument} must not contain`);
      expect(JSON.parse(call.body).result.content[0].text).toMatch(why);
    }
  });

  it.each(['0000', '-000001', '+010000', '+275760'])(
    'refuses a forged list_courses cursor from year %s',
    async (year) => {
      const call = await rawToolCall(server.mcpUrl, learner, 'list_courses', {
        cursor: cursorOf(`${year}-09-13T00:00:00.000Z`),
      });
      expect(call.outcome).toBe('mcp.invalid_argument');
      expect(call.body).toContain('cursor is not valid');
    },
  );

  it('refuses NUL and lone surrogates in REST bodies, paths and queries with 400', async () => {
    const enrol = (body: string) => rest('POST', '/api/v1/me/enrollments', learner, body);
    const cases: Array<
      [string, Promise<{ status: number; error?: string; message?: string }>, RegExp]
    > = [
      ['enrolment course_slug', enrol('{"course_slug":"a\\u0000b"}'), /^course_slug .*NUL/],
      ['enrolment surrogate', enrol('{"course_slug":"\\udfff"}'), /^course_slug .*surrogates/],
      ['a key in the body', enrol(`{"course_slug":"${COURSE}","\\u0000":1}`), /^a key .*NUL/],
      [
        'lesson slug in the path',
        rest('POST', '/api/v1/me/lessons/a%00b/complete', learner),
        /^the URL path .*NUL/,
      ],
      [
        'lesson-complete course_slug',
        rest('POST', '/api/v1/me/lessons/anything/complete', learner, '{"course_slug":"\\u0000"}'),
        /^course_slug .*NUL/,
      ],
      [
        'client id to revoke',
        rest('DELETE', '/api/v1/admin/mcp-clients/lmc_%00', admin),
        /^the URL path .*NUL/,
      ],
      [
        'admin list query',
        rest('GET', '/api/v1/admin/mcp-clients?include_revoked=tr%00ue', admin),
        /^include_revoked\[0\] .*NUL/,
      ],
      [
        'my connection id',
        rest('DELETE', '/api/v1/me/connections/x%00', learner),
        /^the URL path .*NUL/,
      ],
      [
        'any connection id',
        rest('DELETE', '/api/v1/admin/connections/x%00', admin),
        /^the URL path .*NUL/,
      ],
      [
        'observability section',
        rest('GET', '/api/v1/admin/observability/spend%00', admin),
        /^the URL path .*NUL/,
      ],
    ];
    for (const [name, answer, message] of cases) {
      const res = await answer;
      expect({ name, status: res.status, error: res.error }).toEqual({
        name,
        status: 400,
        error: 'mcp.invalid_argument',
      });
      expect(res.message).toMatch(message);
    }
  });

  it('answers a path escape that is not UTF-8 with the route’s own stable code', async () => {
    const res = await rest('POST', '/api/v1/me/lessons/%ED%A0%80/complete', learner);
    expect({ status: res.status, error: res.error }).toEqual({
      status: 404,
      error: 'mcp.lesson.not_found',
    });
  });

  it('loses nothing and keeps serving: an enrolment made before a refusal is still there', async () => {
    const enrolled = await rest(
      'POST',
      '/api/v1/me/enrollments',
      learner,
      `{"course_slug":"${COURSE}"}`,
    );
    expect(enrolled).toMatchObject({ status: 200, enrolled: true });
    await rest('POST', '/api/v1/me/enrollments', learner, '{"course_slug":"\\u0000"}');
    const listed = await rawToolCall(server.mcpUrl, learner, 'list_courses', { filter: 'cells' });
    expect(listed.outcome).toBe('ok');
    const courses = JSON.parse(listed.body).result.structuredContent.courses as Array<{
      slug: string;
      enrolled: boolean;
    }>;
    expect(courses.find((c) => c.slug === COURSE)?.enrolled).toBe(true);
    const clients = await rest('GET', '/api/v1/admin/mcp-clients', admin);
    expect(clients.status).toBe(200);
  });
});
