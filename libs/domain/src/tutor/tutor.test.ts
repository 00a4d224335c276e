import { randomUUID } from 'node:crypto';

import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import type { Actor, Role } from '../actor.js';
import { LumenError } from '../errors.js';
import { createSearch } from '../knowledge/search/create-search.js';
import { reindexLesson } from '../knowledge/search/reindex-lesson.js';
import { createLlmGateway } from '../llm/llm-gateway.js';
import { createNoopProvider } from '../llm/noop-provider.js';
import { createOpenAiProvider } from '../llm/openai-provider.js';
import {
  openAiCompletion,
  startLoopbackModelServer,
} from '../llm/testing/loopback-model-server.js';
import type { LoopbackModelServer } from '../llm/testing/loopback-model-server.js';
import { createTutor } from './tutor.js';
import type { Tutor } from './tutor.js';

const NOW = new Date('2026-04-01T09:00:00.000Z');

const LESSONS = [
  {
    slug: 'b-tree-indexes',
    title: 'B-tree indexes',
    content: `# B-tree indexes

A B-tree index keeps its keys sorted in a balanced tree. Each lookup walks from the root to a leaf, so finding a key takes logarithmic time even in a table with millions of rows.

## Range scans

Because the leaves are linked in key order, a B-tree index also answers range queries such as BETWEEN and ORDER BY without sorting.`,
  },
  {
    slug: 'composite-indexes',
    title: 'Composite indexes',
    content: `# Composite indexes

A composite index covers several columns. Column order matters: the index helps queries that filter on a leftmost prefix of its columns.

## Covering queries

When an index contains every column a query reads, PostgreSQL can answer with an index-only scan and skip the table heap.`,
  },
];

async function makeUser(db: Db, role: Role): Promise<Actor> {
  const id = randomUUID();
  await db.prisma.user.create({
    data: { id, email: `${id}@example.test`, displayName: 'Tester', role },
  });
  return { userId: id, role, clientId: 'tutor-test-client' };
}

/** A published course whose lessons are chunked and indexed the way authoring does it. */
async function makeIndexedCourse(db: Db, owner: Actor): Promise<{ id: string; slug: string }> {
  const slug = `sql-indexing-${randomUUID().slice(0, 8)}`;
  const course = await db.prisma.course.create({
    data: {
      slug,
      title: 'SQL indexing',
      summary: 'Indexes in PostgreSQL.',
      ownerId: owner.userId,
      status: 'published',
    },
  });
  const module = await db.prisma.module.create({
    data: { courseId: course.id, position: 1, title: 'Indexes' },
  });
  for (const [i, lesson] of LESSONS.entries()) {
    const row = await db.prisma.lesson.create({
      data: {
        courseId: course.id,
        moduleId: module.id,
        position: i + 1,
        slug: lesson.slug,
        title: lesson.title,
        contentMd: lesson.content,
      },
    });
    await reindexLesson(db.prisma, row.id);
  }
  return { id: course.id, slug };
}

async function thrown(promise: Promise<unknown>): Promise<LumenError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LumenError) return error;
    throw error;
  }
  throw new Error('expected a LumenError');
}

describe.each(testDatabases())('tutor on %s', (_kind, open) => {
  let db: Db;
  let tutor: Tutor;
  let owner: Actor;
  let learner: Actor;
  let course: { id: string; slug: string };
  let server: LoopbackModelServer | undefined;

  beforeAll(async () => {
    db = await open();
    owner = await makeUser(db, 'instructor');
    learner = await makeUser(db, 'learner');
    course = await makeIndexedCourse(db, owner);
    await db.prisma.enrollment.create({ data: { userId: learner.userId, courseId: course.id } });
    const gateway = createLlmGateway({ db, provider: createNoopProvider(), budgetUsd24h: 1 });
    tutor = createTutor({ db, search: createSearch({ db }), gateway });
  });
  afterAll(() => db.close());
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('gives an enrolled learner an offline, cited answer drawn from what was retrieved', async () => {
    const question = 'How does a B-tree index make lookups fast?';
    const result = await tutor.ask(learner, { courseSlug: course.slug, question }, {}, NOW);
    expect(result.covered).toBe(true);
    expect(result.answer).toContain('finding a key takes logarithmic time');
    expect(result.answer).toMatch(/\[1\]/);
    expect(result.citations[0]).toMatchObject({
      n: 1,
      lessonSlug: 'b-tree-indexes',
      lessonTitle: 'B-tree indexes',
    });
    expect(result.citations[0]?.headingPath).toContain('B-tree indexes');

    const audit = await db.prisma.retrievalAudit.findFirstOrThrow({
      where: { userId: learner.userId, query: question },
    });
    expect(audit).toMatchObject({
      feature: 'mcp.ask_tutor',
      courseId: course.id,
      clientId: 'tutor-test-client',
    });
    const retrieved = (audit.results as Array<{ chunkId: string }>).map((r) => r.chunkId);
    for (const citation of result.citations) expect(retrieved).toContain(citation.chunkId);

    const calls = await db.prisma.llmCallLog.findMany({ where: { userId: learner.userId } });
    expect(calls).toEqual([
      expect.objectContaining({
        feature: 'mcp.ask_tutor',
        provider: 'noop',
        status: 'ok',
        clientId: 'tutor-test-client',
      }),
    ]);
    expect(calls[0]?.tokensIn).toBeGreaterThan(0);
  });

  it('refuses a learner who is not enrolled, pointing at how to enrol', async () => {
    const stranger = await makeUser(db, 'learner');
    const error = await thrown(
      tutor.ask(
        stranger,
        { courseSlug: course.slug, question: 'What is a composite index?' },
        {},
        NOW,
      ),
    );
    expect(error.code).toBe('mcp.tutor.not_enrolled');
    expect(error.message).toContain('POST /api/v1/me/enrollments');
    // The body the enrolment endpoint accepts, spelled as it accepts it.
    expect(error.message).toContain(`{"course_slug":"${course.slug}"}`);
    expect(error.message).not.toContain('courseSlug');
    expect(await db.prisma.retrievalAudit.count({ where: { userId: stranger.userId } })).toBe(0);
    expect(await db.prisma.llmCallLog.count({ where: { userId: stranger.userId } })).toBe(0);
  });

  it('answers the course owner and an admin without an enrolment', async () => {
    const admin = await makeUser(db, 'admin');
    for (const actor of [owner, admin]) {
      const result = await tutor.ask(
        actor,
        { courseSlug: course.slug, question: 'Why does column order matter in a composite index?' },
        {},
        NOW,
      );
      expect(result.covered).toBe(true);
      expect(result.citations.map((c) => c.lessonSlug)).toContain('composite-indexes');
    }
  });

  it('reports an unknown course as not found', async () => {
    const error = await thrown(
      tutor.ask(learner, { courseSlug: 'no-such-course', question: 'Anything?' }, {}, NOW),
    );
    expect(error.code).toBe('mcp.course.not_found');
  });

  it('says the course does not cover an off-topic question, without a model call', async () => {
    const asker = await makeUser(db, 'learner');
    await db.prisma.enrollment.create({ data: { userId: asker.userId, courseId: course.id } });
    const question = 'What was the weather in Paris on the day the table was built?';
    const result = await tutor.ask(asker, { courseSlug: course.slug, question }, {}, NOW);
    expect(result).toMatchObject({ covered: false, citations: [] });
    expect(result.answer).toBe(
      'The course "SQL indexing" does not cover this: no lesson is about your question. ' +
        'If it is about the course, try rephrasing it with terms the lessons use.',
    );
    expect(await db.prisma.llmCallLog.count({ where: { userId: asker.userId } })).toBe(0);
    expect(
      await db.prisma.retrievalAudit.count({
        where: { userId: asker.userId, feature: 'mcp.ask_tutor' },
      }),
    ).toBe(1);
  });

  it('drops a citation the model made up and bills the call to mcp.ask_tutor', async () => {
    server = await startLoopbackModelServer(() =>
      openAiCompletion(
        'A B-tree keeps keys sorted [1]. It was invented in 1970 [42].',
        412,
        23,
        'gpt-4o-mini',
      ),
    );
    const provider = createOpenAiProvider({
      apiKey: 'sk-loopback-tutor',
      model: 'gpt-4o-mini',
      baseUrl: server.url,
    });
    const gateway = createLlmGateway({ db, provider, budgetUsd24h: 1 });
    const online = createTutor({ db, search: createSearch({ db }), gateway });
    const asker = await makeUser(db, 'learner');
    await db.prisma.enrollment.create({ data: { userId: asker.userId, courseId: course.id } });

    const result = await online.ask(
      asker,
      { courseSlug: course.slug, question: 'How are keys stored in a B-tree index?' },
      {},
      NOW,
    );
    expect(result.answer).toBe('A B-tree keeps keys sorted [1]. It was invented in 1970.');
    expect(result.citations.map((c) => c.n)).toEqual([1]);
    expect(result.citations[0]?.lessonSlug).toBe('b-tree-indexes');

    const prompt =
      (server.requests[0]?.body as { messages: Array<{ content: string }> }).messages[1]?.content ??
      '';
    expect(prompt).toContain('<source n="1" lesson="B-tree indexes"');
    const [row] = await db.prisma.llmCallLog.findMany({ where: { userId: asker.userId } });
    expect(row).toMatchObject({
      feature: 'mcp.ask_tutor',
      provider: 'openai',
      tokensIn: 412,
      tokensOut: 23,
      status: 'ok',
    });
    // gpt-4o-mini: $0.15 in / $0.60 out per million tokens.
    expect(Number(row?.costUsd)).toBeCloseTo(0.000076, 6);
  });
});
