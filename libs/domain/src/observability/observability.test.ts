import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import type { Actor } from '../actor.js';
import { createSearch } from '../knowledge/search/create-search.js';
import { createLlmGateway } from '../llm/llm-gateway.js';
import { createNoopProvider } from '../llm/noop-provider.js';
import { seedDemoData } from '../seed/seed.js';
import { createTutor, TUTOR_FEATURE } from '../tutor/tutor.js';
import { createObservability } from './observability.js';
import { createRetrievalAuditRecorder } from './retrieval-audit-recorder.js';
import { createToolCallRecorder } from './tool-call-recorder.js';

const NOW = new Date('2026-05-10T12:00:00.000Z');
const HOUR = 3_600_000;
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * HOUR);
/** The noop model priced so every call costs something: 1 token in = $0.001. */
const PRICES = { noop: { inputPerMTok: 1_000, outputPerMTok: 2_000 } };

async function actorFor(db: Db, email: string, clientId?: string): Promise<Actor> {
  const user = await db.prisma.user.findUniqueOrThrow({ where: { email } });
  return { userId: user.id, role: user.role, ...(clientId ? { clientId } : {}) };
}

describe.each(testDatabases())('observability on %s', (_kind, open) => {
  let db: Db;
  let learner: Actor;
  let teacher: Actor;
  let tutorAnswer: { retrievalAuditId?: string | undefined };
  const gatewayAt = () =>
    createLlmGateway({ db, provider: createNoopProvider(), prices: PRICES, budgetUsd24h: 5 });
  const observability = () => createObservability({ db, budgetUsd24h: 5 });

  beforeAll(async () => {
    db = await open();
    await seedDemoData(db, at(24 * 40));
    learner = await actorFor(db, 'learner@lumen.test', 'learner-laptop');
    teacher = await actorFor(db, 'teacher@lumen.test');
    const gateway = gatewayAt();
    const search = createSearch({ db });
    const tutor = createTutor({ db, search, gateway });
    tutorAnswer = await tutor.ask(
      learner,
      {
        courseSlug: 'database-indexing-in-postgresql',
        question: 'When does the planner prefer a sequential scan over an index?',
      },
      {},
      at(1),
    );
    const call = (actor: Actor, feature: string, hoursAgo: number) =>
      gateway.callLogged({
        actor,
        feature,
        request: {
          system: 'You outline courses.',
          messages: [{ role: 'user', content: 'Outline a course on tides.' }],
          maxTokens: 50,
        },
        now: at(hoursAgo),
      });
    await call(teacher, 'mcp.create_course_draft', 2); // inside 24 h
    await call(teacher, 'mcp.create_course_draft', 24 * 3); // inside 30 d only
    await call(teacher, 'mcp.create_course_draft', 24 * 35); // outside both
  }, 120_000);
  afterAll(() => db.close());

  it('reports spend per user and feature over 24 h and 30 days against the budget', async () => {
    const rows = await db.prisma.llmCallLog.findMany({ where: { userId: teacher.userId } });
    const cost = (hoursAgo: number) =>
      Number(rows.find((r) => r.createdAt.getTime() === at(hoursAgo).getTime())?.costUsd);
    const report = await observability().spend(NOW);
    const t = report.users.find((u) => u.email === 'teacher@lumen.test');
    expect(t).toMatchObject({ calls24h: 1, calls30d: 2, budgetUsd24h: 5 });
    expect(t?.spentUsd24h).toBeCloseTo(cost(2), 6);
    expect(t?.spentUsd30d).toBeCloseTo(cost(2) + cost(72), 6);
    expect(t?.remainingUsd24h).toBeCloseTo(5 - cost(2), 6);
    expect(t?.features.map((f) => f.feature)).toEqual(['mcp.create_course_draft']);
    const l = report.users.find((u) => u.email === 'learner@lumen.test');
    expect(l?.features).toEqual([expect.objectContaining({ feature: TUTOR_FEATURE, calls24h: 1 })]);
    expect(l?.spentUsd24h).toBeGreaterThan(0);
  });

  it('lists the latest model calls, newest first, linking the tutor call to its retrieval', async () => {
    const calls = await observability().recentLlmCalls(NOW);
    expect(calls.map((c) => c.createdAt.getTime())).toEqual(
      [at(1), at(2), at(72), at(840)].map((d) => d.getTime()),
    );
    expect(calls[0]).toMatchObject({
      feature: TUTOR_FEATURE,
      email: 'learner@lumen.test',
      clientId: 'learner-laptop',
      provider: 'noop',
      status: 'ok',
      retrievalAuditId: tutorAnswer.retrievalAuditId,
    });
    expect(calls[1]?.retrievalAuditId).toBeNull();
    // "As of" an earlier moment, later calls do not exist yet.
    expect(await observability().recentLlmCalls(at(50))).toHaveLength(2);
  });

  it('shows each retrieval with its query, ranked chunks and the answer that used them', async () => {
    const [retrieval] = await observability().recentRetrievals(NOW);
    expect(retrieval).toMatchObject({
      id: tutorAnswer.retrievalAuditId,
      feature: TUTOR_FEATURE,
      courseSlug: 'database-indexing-in-postgresql',
      query: 'When does the planner prefer a sequential scan over an index?',
      email: 'learner@lumen.test',
      llmCall: expect.objectContaining({ status: 'ok', model: 'noop' }),
    });
    expect(retrieval?.chunks.length).toBeGreaterThan(0);
    expect(retrieval?.chunks.map((c) => c.rank)).toEqual(retrieval?.chunks.map((_, i) => i + 1));
    expect(retrieval?.chunks[0]).toMatchObject({ exists: true, lessonTitle: expect.any(String) });
    expect(retrieval?.chunks[0]?.headingPath.length).toBeGreaterThan(0);
  });

  it('marks a returned chunk that has since been deleted instead of hiding it', async () => {
    const search = createSearch({ db });
    const found = await search.search(
      {
        actor: learner,
        courseSlug: 'database-indexing-in-postgresql',
        query: 'partial index predicate',
        feature: 'mcp.search_lesson_content',
      },
      at(0.5),
    );
    const gone = found.hits[0]?.chunkId as string;
    await db.prisma.lessonChunk.delete({ where: { id: gone } });
    const [latest] = await observability().recentRetrievals(NOW);
    expect(latest?.llmCall).toBeNull();
    expect(latest?.chunks[0]).toEqual({
      rank: 1,
      chunkId: gone,
      score: found.hits[0]?.score,
      exists: false,
      lessonSlug: null,
      lessonTitle: null,
      headingPath: [],
    });
  });

  it('aggregates recorded tool calls per tool and per client with exact percentiles', async () => {
    let clock = at(3);
    const recorder = createToolCallRecorder({
      db,
      clock: () => clock,
      batchSize: 4,
      flushIntervalMs: 0,
    });
    for (let i = 1; i <= 10; i++) {
      recorder.record({
        tool: 'list_courses',
        clientId: 'learner-laptop',
        userId: learner.userId,
        durationMs: i * 10,
        outcome: 'ok',
      });
    }
    recorder.record({
      tool: 'ask_tutor',
      clientId: 'learner-laptop',
      userId: learner.userId,
      durationMs: 7,
      outcome: 'mcp.tutor.not_enrolled',
    });
    recorder.record({
      tool: 'ask_tutor',
      clientId: undefined,
      userId: 'not-a-uuid',
      durationMs: 9,
      outcome: 'ok',
    });
    clock = at(30); // older than the 24 h window
    recorder.record({
      tool: 'list_courses',
      clientId: 'learner-laptop',
      userId: learner.userId,
      durationMs: 5_000,
      outcome: 'ok',
    });
    await recorder.close();
    expect(recorder.stats()).toEqual({
      recorded: 13,
      written: 13,
      dropped: 0,
      failedFlushes: 0,
      buffered: 0,
    });

    const report = await observability().toolCalls(NOW);
    expect(report.total).toMatchObject({ calls: 12, errors: 1 });
    expect(report.byTool[0]).toEqual({
      tool: 'list_courses',
      calls: 10,
      errors: 0,
      errorRate: 0,
      p50Ms: 55,
      p95Ms: 95.5,
      p99Ms: 99.1,
      outcomes: [{ outcome: 'ok', calls: 10 }],
    });
    expect(report.byTool[1]).toMatchObject({
      tool: 'ask_tutor',
      calls: 2,
      errors: 1,
      errorRate: 0.5,
      outcomes: [
        { outcome: 'mcp.tutor.not_enrolled', calls: 1 },
        { outcome: 'ok', calls: 1 },
      ],
    });
    expect(report.byClient.map((c) => [c.clientId, c.calls, c.errors])).toEqual([
      ['learner-laptop', 11, 1],
      [null, 1, 0],
    ]);
  });

  it('lists MCP clients with their last use and never their secret hash', async () => {
    await db.prisma.mcpClient.create({
      data: {
        clientId: 'learner-laptop',
        clientSecretHash: '$argon2id$v=19$m=256,t=1,p=1$c2FsdA$SECRET-HASH',
        ownerUserId: learner.userId,
        name: "Lee's laptop",
        scopes: ['*'],
        createdAt: at(100),
        lastUsedAt: at(3),
      },
    });
    const clients = await observability().clients(NOW);
    expect(clients).toEqual([
      {
        clientId: 'learner-laptop',
        name: "Lee's laptop",
        ownerUserId: learner.userId,
        ownerEmail: 'learner@lumen.test',
        scopes: ['*'],
        createdAt: at(100),
        lastUsedAt: at(3),
        lastToolCallAt: at(3),
        toolCalls24h: 11,
        revokedAt: null,
      },
    ]);
    expect(JSON.stringify(clients)).not.toContain('SECRET-HASH');
    const byClient = (await observability().toolCalls(NOW)).byClient;
    expect(byClient[0]?.clientName).toBe("Lee's laptop");
  });
});

describe.each(testDatabases())('tool-call recorder on %s', (_kind, open) => {
  let db: Db;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  it('drops and counts calls beyond its buffer instead of blocking', async () => {
    const recorder = createToolCallRecorder({
      db,
      clock: () => NOW,
      maxBuffered: 3,
      batchSize: 100,
      flushIntervalMs: 0,
    });
    for (let i = 0; i < 5; i++) {
      recorder.record({
        tool: 'get_course',
        clientId: 'c',
        userId: undefined,
        durationMs: 1,
        outcome: 'ok',
      });
    }
    expect(recorder.stats()).toMatchObject({ recorded: 5, dropped: 2, buffered: 3 });
    await recorder.flush();
    expect(await db.prisma.toolCall.count({ where: { tool: 'get_course' } })).toBe(3);
    await recorder.close();
  });

  it('writes a row at most once even when the same batch is sent again', async () => {
    const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
    let next = 0;
    const recorder = createToolCallRecorder({
      db,
      clock: () => NOW,
      newId: () => ids[next++ % ids.length] as string,
      flushIntervalMs: 0,
    });
    const call = {
      tool: 'grade_review_card',
      clientId: 'c',
      userId: undefined,
      durationMs: 3,
      outcome: 'ok',
    };
    recorder.record(call);
    recorder.record(call);
    await recorder.flush();
    // A replay of the same ids (a retry after an unobserved commit) inserts nothing.
    recorder.record(call);
    recorder.record(call);
    await recorder.close();
    expect(await db.prisma.toolCall.count({ where: { tool: 'grade_review_card' } })).toBe(2);
  });

  it('keeps its rows buffered when the database refuses them, and writes them later', async () => {
    const errors: unknown[] = [];
    const recorder = createToolCallRecorder({
      db,
      clock: () => NOW,
      flushIntervalMs: 0,
      onError: (e) => errors.push(e),
    });
    await db.prisma.$executeRawUnsafe('ALTER TABLE tool_calls RENAME TO tool_calls_away');
    recorder.record({
      tool: 'list_my_progress',
      clientId: 'c',
      userId: undefined,
      durationMs: 2,
      outcome: 'ok',
    });
    await recorder.flush();
    expect(recorder.stats()).toMatchObject({ failedFlushes: 1, buffered: 1, written: 0 });
    expect(errors).toHaveLength(1);
    await db.prisma.$executeRawUnsafe('ALTER TABLE tool_calls_away RENAME TO tool_calls');
    await recorder.close();
    expect(recorder.stats()).toMatchObject({ buffered: 0, written: 1 });
    expect(await db.prisma.toolCall.count({ where: { tool: 'list_my_progress' } })).toBe(1);
  });
});

describe.each(testDatabases())('batched retrieval audits on %s', (_kind, open) => {
  let db: Db;
  let learner: Actor;
  beforeAll(async () => {
    db = await open();
    await seedDemoData(db, NOW);
    learner = await actorFor(db, 'learner@lumen.test', 'lmc_audit');
  });
  afterAll(() => db.close());

  const searchWith = (audits: ReturnType<typeof createRetrievalAuditRecorder>, query: string) =>
    createSearch({ db, audits }).search(
      {
        actor: learner,
        courseSlug: 'database-indexing-in-postgresql',
        query,
        feature: 'mcp.search_lesson_content',
      },
      NOW,
    );

  it('answers before its audit row is written, and the row carries the id it answered with', async () => {
    const audits = createRetrievalAuditRecorder({ db, flushIntervalMs: 0 });
    const result = await searchWith(audits, 'partial index predicate');
    expect(await db.prisma.retrievalAudit.count({ where: { id: result.retrievalAuditId } })).toBe(
      0,
    );
    await audits.close();
    const row = await db.prisma.retrievalAudit.findUniqueOrThrow({
      where: { id: result.retrievalAuditId },
    });
    expect(row).toMatchObject({
      query: 'partial index predicate',
      clientId: 'lmc_audit',
      userId: learner.userId,
      feature: 'mcp.search_lesson_content',
    });
    expect(row.results).toEqual(result.hits.map((h) => ({ chunkId: h.chunkId, score: h.score })));
  });

  it('makes a search wait rather than skip its audit when the buffer is full, and fails it with mcp.unavailable if the database refuses', async () => {
    const audits = createRetrievalAuditRecorder({ db, flushIntervalMs: 0, maxBuffered: 1 });
    await db.prisma.$executeRawUnsafe(
      'ALTER TABLE retrieval_audits RENAME TO retrieval_audits_away',
    );
    try {
      await searchWith(audits, 'btree lookup');
      await expect(searchWith(audits, 'covering index')).rejects.toMatchObject({
        code: 'mcp.unavailable',
      });
    } finally {
      await db.prisma.$executeRawUnsafe(
        'ALTER TABLE retrieval_audits_away RENAME TO retrieval_audits',
      );
    }
    const third = await searchWith(audits, 'index only scan');
    await audits.close();
    const queries = await db.prisma.retrievalAudit.findMany({
      where: { query: { in: ['btree lookup', 'covering index', 'index only scan'] } },
      select: { id: true, query: true },
    });
    expect(queries.map((q) => q.query).sort()).toEqual(['btree lookup', 'index only scan']);
    expect(queries.find((q) => q.query === 'index only scan')?.id).toBe(third.retrievalAuditId);
  });
});
