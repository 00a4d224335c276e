import type { MintResult } from '@lumen/auth';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';

import { ARTICLE_TITLE, startArticleSite } from './testing/article-site.js';
import type { ArticleSite } from './testing/article-site.js';
import { fetchAccessToken, startTestHttpServer } from './testing/http-harness.js';
import type { TestHttpServer } from './testing/http-harness.js';
import { assertNoInternals, callFailure, callOk, connectHttpClient } from './testing/mcp-client.js';
import { mcpHeaders, rawRequest } from './testing/raw-request.js';
import { GUIDE_TOOL_NAMES } from './testing/tool-names.js';

const SQL_COURSE = 'database-indexing-in-postgresql'; // learner enrolled, first lesson done
const BIO_COURSE = 'how-cells-make-energy'; // learner enrolled
const MUSIC_COURSE = 'foundations-of-western-harmony'; // published, learner not enrolled

type Card = { cardId: string; course: { slug: string } };

describe.each(testDatabases())('MCP over streamable HTTP on %s', (_kind, open) => {
  let db: Db;
  let server: TestHttpServer;
  let site: ArticleSite;
  let learner: Client;
  let teacher: Client;
  let admin: MintResult;
  const extraClients: Client[] = [];

  beforeAll(async () => {
    db = await open();
    await seedDemoData(db, new Date());
    site = await startArticleSite();
    server = await startTestHttpServer(db, { LUMEN_INGEST_ALLOW_HOSTS: '127.0.0.1' });
    admin = await server.mint('admin@lumen.test', '*', 'admin console');
    learner = (await connectHttpClient(server, await server.mint('learner@lumen.test', '*')))
      .client;
    teacher = (await connectHttpClient(server, await server.mint('teacher@lumen.test', '*')))
      .client;
  });
  afterAll(async () => {
    for (const c of [learner, teacher, ...extraClients]) await c?.close();
    await server?.close();
    await site?.close();
    await db?.close();
  });

  it('lists exactly the nine tools, each with an output schema', async () => {
    const { tools } = await learner.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(GUIDE_TOOL_NAMES);
    for (const tool of tools) {
      expect(tool.outputSchema).toMatchObject({ type: 'object' });
      expect(tool.annotations).toEqual(
        expect.objectContaining({
          readOnlyHint: expect.any(Boolean),
          openWorldHint: expect.any(Boolean),
        }),
      );
    }
  });

  it('lets a learner browse the catalog and open a course syllabus', async () => {
    const page = (await callOk(learner, 'list_courses')) as {
      courses: Array<{ slug: string; enrolled: boolean; status: string }>;
    };
    expect(page.courses.map((c) => c.slug).sort()).toEqual(
      [SQL_COURSE, MUSIC_COURSE, BIO_COURSE].sort(),
    );
    expect(
      page.courses
        .filter((c) => c.enrolled)
        .map((c) => c.slug)
        .sort(),
    ).toEqual([SQL_COURSE, BIO_COURSE].sort());

    const { course } = (await callOk(learner, 'get_course', { slug: SQL_COURSE })) as {
      course: { slug: string; modules: Array<{ lessons: Array<{ completed: boolean }> }> };
    };
    expect(course.slug).toBe(SQL_COURSE);
    expect(course.modules.length).toBeGreaterThan(0);
    expect(course.modules[0]?.lessons[0]?.completed).toBe(true);
  });

  it('searches lesson content and answers with the tutor in an enrolled course', async () => {
    const search = (await callOk(learner, 'search_lesson_content', {
      course_slug: SQL_COURSE,
      query: 'B-tree index',
      top_k: 3,
    })) as { hits: Array<{ text: string; lessonSlug: string }> };
    expect(search.hits.length).toBeGreaterThan(0);
    expect(search.hits.length).toBeLessThanOrEqual(3);

    const answer = (await callOk(learner, 'ask_tutor', {
      course_slug: SQL_COURSE,
      question: 'What is a B-tree index good for?',
    })) as { answer: string; citations: unknown[] };
    expect(answer.answer.length).toBeGreaterThan(0);
  });

  it('grades a due review card, which then leaves the due list', async () => {
    const before = (await callOk(learner, 'list_my_due_reviews', { limit: 100 })) as {
      cards: Card[];
    };
    const card = before.cards[0];
    expect(card).toBeDefined();
    const graded = (await callOk(learner, 'grade_review_card', {
      card_id: card!.cardId,
      rating: 3,
    })) as {
      cardId: string;
      due: string;
    };
    expect(graded.cardId).toBe(card!.cardId);
    expect(new Date(graded.due).getTime()).toBeGreaterThan(Date.now());
    const after = (await callOk(learner, 'list_my_due_reviews', { limit: 100 })) as {
      cards: Card[];
    };
    expect(after.cards.map((c) => c.cardId)).not.toContain(card!.cardId);
    expect(after.cards).toHaveLength(before.cards.length - 1);
  });

  it('reports progress for each enrolled course', async () => {
    const { courses } = (await callOk(learner, 'list_my_progress')) as {
      courses: Array<{ course: { slug: string }; lessonsCompleted: number }>;
    };
    expect(courses.map((c) => c.course.slug).sort()).toEqual([SQL_COURSE, BIO_COURSE].sort());
    expect(courses.find((c) => c.course.slug === SQL_COURSE)?.lessonsCompleted).toBe(1);
  });

  it('drafts a course for a teacher and streams progress notifications', async () => {
    const updates: Progress[] = [];
    const draft = (await callOk(
      teacher,
      'create_course_draft',
      {
        brief: 'An introduction to tide pools for curious ten-year-olds.',
        subject_slug: 'biology',
      },
      { onprogress: (p) => void updates.push(p) },
    )) as { slug: string; status: string };
    expect(draft.status).toBe('draft');
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.every((u) => typeof u.progress === 'number')).toBe(true);
    const mine = (await callOk(teacher, 'list_courses', { limit: 100 })) as {
      courses: Array<{ slug: string }>;
    };
    expect(mine.courses.map((c) => c.slug)).toContain(draft.slug);
  });

  it('ingests a web page into a new draft for a teacher', async () => {
    const result = (await callOk(teacher, 'ingest_url_to_draft', { url: site.articleUrl })) as {
      status: string;
      lessonsAdded: number;
      source: { kind: string; title: string };
    };
    expect(result.status).toBe('draft');
    expect(result.lessonsAdded).toBeGreaterThan(0);
    expect(result.source).toMatchObject({ kind: 'web', title: ARTICLE_TITLE });
  });

  it('refuses the tutor in a course the learner is not enrolled in', async () => {
    const failure = await callFailure(learner, 'ask_tutor', {
      course_slug: MUSIC_COURSE,
      question: 'What is a triad?',
    });
    expect(failure.code).toBe('mcp.tutor.not_enrolled');
  });

  it('applies the role gate: a learner cannot draft courses', async () => {
    const failure = await callFailure(learner, 'create_course_draft', {
      brief: 'Anything at all.',
    });
    expect(failure.code).toBe('mcp.role.denied');
  });

  it('applies the scope gate before the role gate', async () => {
    const narrow = await connectHttpClient(
      server,
      await server.mint('learner@lumen.test', 'list_courses', 'narrow'),
    );
    extraClients.push(narrow.client);
    await expect(callOk(narrow.client, 'list_courses')).resolves.toHaveProperty('courses');
    const denied = await callFailure(narrow.client, 'get_course', { slug: SQL_COURSE });
    expect(denied.code).toBe('mcp.scope.denied');
    // A minted client's fix is to mint one with broader scopes.
    expect(denied.text).toBe(
      'mcp.scope.denied: This client\'s scopes do not include get_course. Revoke and re-mint the client with broader scopes (e.g. --scopes "get_course" or "*"), or use a different client.',
    );
    // The learner is also the wrong role for create_course_draft; the scope answers first.
    expect((await callFailure(narrow.client, 'create_course_draft', { brief: 'x' })).code).toBe(
      'mcp.scope.denied',
    );
  });

  it('answers an unknown tool with a JSON-RPC error, not a tool result', async () => {
    await expect(
      learner.callTool({ name: 'drop_all_tables', arguments: {} }),
    ).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
      // The client adds "MCP error -32602: " once; the server's message starts with the code.
      message: expect.stringMatching(
        /^MCP error -32602: mcp\.tool\.not_found: no tool named "drop_all_tables"; Lumen has list_courses, get_course, /,
      ),
      data: { code: 'mcp.tool.not_found', retryable: false },
    });
  });

  it('stops a client revoked through the admin API on its next call', async () => {
    const revocable = await server.mint('learner@lumen.test', '*', 'to be revoked');
    const { client, provider } = await connectHttpClient(server, revocable);
    extraClients.push(client);
    await callOk(client, 'list_my_progress');
    const accessToken = provider.tokens()!.access_token;

    const adminToken = await fetchAccessToken(server.baseUrl, admin);
    const revoke = await fetch(`${server.baseUrl}/api/v1/admin/mcp-clients/${revocable.clientId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(revoke.status).toBe(200);

    // The JWT is still cryptographically valid; the principal lookup refuses it.
    const raw = await rawRequest(server.baseUrl, {
      path: '/mcp',
      headers: mcpHeaders(accessToken),
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(raw.status).toBe(401);
    expect(raw.json).toEqual({
      error: 'mcp.client_revoked',
      message:
        'This MCP client has been revoked (mcp.client_revoked). Mint a new client with `lumen mcp-token`.',
    });
    assertNoInternals(raw.body);
    // The SDK client tries to fetch a fresh token, which the token endpoint refuses.
    await expect(client.callTool({ name: 'list_my_progress', arguments: {} })).rejects.toThrow();
  });

  it('stops a client revoked by another writer (CLI, replica) within moments, though the server caches clients', async () => {
    const revocable = await server.mint('learner@lumen.test', '*', 'revoked elsewhere');
    const token = await fetchAccessToken(server.baseUrl, revocable);
    const listTools = () =>
      rawRequest(server.baseUrl, {
        path: '/mcp',
        headers: mcpHeaders(token),
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
    expect((await listTools()).status).toBe(200);
    expect((await listTools()).status).toBe(200); // now answered from the cache
    // What `lumen mcp-clients revoke` does from another process: a plain UPDATE.
    await db.sql`UPDATE mcp_clients SET revoked_at = now() WHERE client_id = ${revocable.clientId}`;
    const revokedAt = Date.now();
    let answer = await listTools();
    while (answer.status === 200 && Date.now() - revokedAt < 2_000) answer = await listTools();
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: 'mcp.client_revoked' });
  });

  it('shows a catalog change made by another writer within moments, though the server remembers listings', async () => {
    const titleOf = async () => {
      const { courses } = (await callOk(learner, 'list_courses', { filter: 'harmony' })) as {
        courses: Array<{ slug: string; title: string }>;
      };
      return courses.find((c) => c.slug === MUSIC_COURSE)?.title;
    };
    const before = await titleOf();
    expect(await titleOf()).toBe(before); // now answered from memory
    // Another replica, the CLI or an admin's SQL: a plain UPDATE on this database.
    await db.sql`UPDATE courses SET title = ${`${before} (revised)`} WHERE slug = ${MUSIC_COURSE}`;
    try {
      const changedAt = Date.now();
      let title = await titleOf();
      while (title === before && Date.now() - changedAt < 2_000) title = await titleOf();
      expect(title).toBe(`${before} (revised)`);
    } finally {
      await db.sql`UPDATE courses SET title = ${before!} WHERE slug = ${MUSIC_COURSE}`;
    }
  });

  it('keeps secrets out of its logs', () => {
    const logs = server.logLines.join('');
    expect(logs).toContain('"msg":"tool.call"');
    expect(logs).not.toContain(admin.clientSecret);
    expect(logs).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/); // no JWT
  });
});
