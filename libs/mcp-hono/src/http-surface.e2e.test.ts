import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

import { fetchAccessToken, startTestHttpServer } from './testing/http-harness.js';
import type { TestHttpServer } from './testing/http-harness.js';
import { runInspector } from './testing/inspector.js';
import { assertNoInternals, callOk, connectHttpClient } from './testing/mcp-client.js';
import { mcpHeaders, rawRequest } from './testing/raw-request.js';
import type { RawResponse } from './testing/raw-request.js';

/** Defines nothing: for tests that run on one database variant only. */
const notHere = (() => undefined) as unknown as typeof it;

const MUSIC_COURSE = 'foundations-of-western-harmony'; // published; the learner starts unenrolled
const LIST_TOOLS = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });

/** Every error response must be free of stack traces and SQL. */
function clean(response: RawResponse): RawResponse {
  assertNoInternals(response.body);
  return response;
}

describe.each(testDatabases())('HTTP surface on %s', (kind, open) => {
  let db: Db;
  let server: TestHttpServer;
  let token: string;
  let learner: Client;
  const post = (
    path: string,
    init: { headers?: Record<string, string>; body?: string | Buffer } = {},
  ) =>
    rawRequest(server.baseUrl, {
      path,
      headers: mcpHeaders(token),
      body: LIST_TOOLS,
      ...init,
    }).then(clean);

  beforeAll(async () => {
    db = await open();
    await seedDemoData(db, new Date());
    server = await startTestHttpServer(db);
    const credentials = await server.mint('learner@lumen.test', '*');
    token = await fetchAccessToken(server.baseUrl, credentials);
    learner = (await connectHttpClient(server, credentials)).client;
  });
  afterAll(async () => {
    await learner?.close();
    await server?.close();
    await db?.close();
  });

  describe('/mcp transport guards', () => {
    it('challenges a request without a token, pointing at the protected-resource metadata', async () => {
      const res = await post('/mcp', { headers: mcpHeaders() });
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({ error: 'mcp.token_required' });
      const challenge = String(res.headers['www-authenticate']);
      expect(challenge).toMatch(/^Bearer /);
      const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
      expect(metadataUrl).toBeDefined();
      const metadata = (await (await fetch(metadataUrl!)).json()) as { resource: string };
      expect(metadata.resource).toBe(server.mcpUrl);
    });

    it('answers a valid JSON-RPC request with a token', async () => {
      const res = await post('/mcp');
      expect(res.status).toBe(200);
      expect((res.json as { result: { tools: unknown[] } }).result.tools).toHaveLength(9);
    });

    it('answers GET and DELETE with 405: the server is stateless', async () => {
      for (const method of ['GET', 'DELETE']) {
        const res = clean(
          await rawRequest(server.baseUrl, { method, path: '/mcp', headers: mcpHeaders(token) }),
        );
        expect(res.status).toBe(405);
        expect(res.headers['allow']).toBe('POST');
      }
    });

    it('refuses a foreign Host header (DNS rebinding)', async () => {
      const res = await post('/mcp', {
        headers: { ...mcpHeaders(token), host: 'evil.example:80' },
      });
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } });
    });

    it('refuses a foreign Origin but serves its own', async () => {
      const evil = await post('/mcp', {
        headers: { ...mcpHeaders(token), origin: 'https://evil.example' },
      });
      expect(evil.status).toBe(403);
      const own = await post('/mcp', { headers: { ...mcpHeaders(token), origin: server.baseUrl } });
      expect(own.status).toBe(200);
    });

    it('refuses an oversized body with 413', async () => {
      const huge = JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: {
          name: 'list_courses',
          arguments: { filter: 'x'.repeat(server.config.http.maxBodyBytes) },
        },
      });
      const res = await post('/mcp', { body: huge });
      expect(res.status).toBe(413);
      expect(res.json).toMatchObject({ jsonrpc: '2.0', error: { code: -32600 } });
      // The unread body must not wedge a keep-alive connection.
      expect(res.headers['connection']).toBe('close');
    });

    it('answers malformed JSON with a JSON-RPC parse error', async () => {
      const res = await post('/mcp', { body: '{"jsonrpc": "2.0", "id": 1, "method": ' });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ jsonrpc: '2.0', error: { code: -32700 }, id: null });
    });

    it('answers an unknown tool and an unknown method with JSON-RPC errors', async () => {
      const unknownTool = await post('/mcp', {
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 7,
          method: 'tools/call',
          params: { name: 'rm_rf', arguments: {} },
        }),
      });
      expect(unknownTool.json).toMatchObject({
        jsonrpc: '2.0',
        id: 7,
        error: {
          code: -32602,
          message: expect.stringMatching(
            /^mcp\.tool\.not_found: no tool named "rm_rf"; Lumen has /,
          ),
          data: { code: 'mcp.tool.not_found', retryable: false },
        },
      });
      const unknownMethod = await post('/mcp', {
        body: JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'tables/drop' }),
      });
      expect(unknownMethod.json).toMatchObject({ jsonrpc: '2.0', id: 8, error: { code: -32601 } });
    });

    it('answers a tools/call without a tool name, or with non-object arguments, with InvalidParams', async () => {
      for (const params of [{ arguments: {} }, { name: 'list_courses', arguments: 'all' }]) {
        const res = await post('/mcp', {
          body: JSON.stringify({ jsonrpc: '2.0', id: 'bad', method: 'tools/call', params }),
        });
        expect(res.status).toBe(200);
        expect(res.json).toMatchObject({
          jsonrpc: '2.0',
          id: 'bad',
          error: {
            code: -32602,
            message: expect.stringMatching(/^mcp\.invalid_argument: Invalid tools\/call request/),
            data: { code: 'mcp.invalid_argument', retryable: false },
          },
        });
        expect(JSON.stringify(res.json)).not.toMatch(/at .*\.(ts|js):\d+/);
      }
    });
  });

  describe('learner REST', () => {
    const rest = (path: string, body?: unknown, bearer: string | null = token) =>
      fetch(`${server.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        },
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });

    it('enrols idempotently, after which the course cards are due and the tutor answers', async () => {
      const first = await rest('/api/v1/me/enrollments', { course_slug: MUSIC_COURSE });
      expect(first.status).toBe(200);
      const created = (await first.json()) as { enrolled: boolean; cardsCreated: number };
      expect(created).toMatchObject({
        enrolled: true,
        course_slug: MUSIC_COURSE,
        newlyEnrolled: true,
      });
      expect(created.cardsCreated).toBeGreaterThan(0);
      const again = await rest('/api/v1/me/enrollments', { course_slug: MUSIC_COURSE });
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({
        enrolled: true,
        newlyEnrolled: false,
        cardsCreated: 0,
      });

      const due = (await callOk(learner, 'list_my_due_reviews', { limit: 100 })) as {
        cards: Array<{ course: { slug: string } }>;
      };
      expect(due.cards.filter((c) => c.course.slug === MUSIC_COURSE)).toHaveLength(
        created.cardsCreated,
      );
      await expect(
        callOk(learner, 'ask_tutor', {
          course_slug: MUSIC_COURSE,
          question: 'What is an interval?',
        }),
      ).resolves.toHaveProperty('answer');
    });

    it('marks a lesson complete, which list_my_progress then shows', async () => {
      const { course } = (await callOk(learner, 'get_course', { slug: MUSIC_COURSE })) as {
        course: { modules: Array<{ lessons: Array<{ slug: string }> }> };
      };
      const lesson = course.modules[0]!.lessons[0]!.slug;
      const res = await rest(`/api/v1/me/lessons/${lesson}/complete`, {
        course_slug: MUSIC_COURSE,
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ completed: true, lesson_slug: lesson });
      const { courses } = (await callOk(learner, 'list_my_progress')) as {
        courses: Array<{ course: { slug: string }; lessonsCompleted: number }>;
      };
      expect(courses.find((c) => c.course.slug === MUSIC_COURSE)?.lessonsCompleted).toBe(1);
    });

    it('answers bad requests with a stable code and no internals', async () => {
      const cases: Array<[Response, number, string]> = [
        [
          await rest('/api/v1/me/enrollments', { course_slug: MUSIC_COURSE }, null),
          401,
          'mcp.token_required',
        ],
        [
          await rest('/api/v1/me/enrollments', { course_slug: 'no-such-course' }),
          404,
          'mcp.course.not_found',
        ],
        [await rest('/api/v1/me/enrollments', '{"course_slug": '), 400, 'mcp.invalid_argument'],
        [await rest('/api/v1/me/lessons/no-such-lesson/complete'), 404, 'mcp.lesson.not_found'],
      ];
      for (const [res, status, code] of cases) {
        const text = await res.text();
        assertNoInternals(text);
        expect({
          status: res.status,
          error: (JSON.parse(text) as { error: string }).error,
        }).toEqual({ status, error: code });
      }
    });
  });

  describe('MCP Inspector CLI', () => {
    // A transport check: once, on the first database, keeps the suite fast.
    // The other database simply does not define it (no skipped test in the report).
    const once = kind === testDatabases()[0]![0] ? it : notHere;
    once('lists and calls tools over HTTP with a bearer header', async () => {
      const target = [
        server.mcpUrl,
        '--transport',
        'http',
        '--header',
        `Authorization: Bearer ${token}`,
      ];
      const listed = await runInspector([...target, '--method', 'tools/list']);
      expect(listed.code).toBe(0);
      expect((listed.json as { tools: unknown[] }).tools).toHaveLength(9);
      const called = await runInspector([
        ...target,
        ...[
          '--method',
          'tools/call',
          '--tool-name',
          'get_course',
          '--tool-arg',
          `slug=${MUSIC_COURSE}`,
        ],
      ]);
      expect(called.code).toBe(0);
      expect(called.json).toMatchObject({ structuredContent: { course: { slug: MUSIC_COURSE } } });
    });
  });
});
