import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import type { Actor } from '../actor.js';
import { createLlmGateway } from '../llm/llm-gateway.js';
import { createNoopProvider } from '../llm/noop-provider.js';
import { seedDemoData } from '../seed/seed.js';
import { createRetentionPruner } from './retention-pruner.js';
import { DEFAULT_RETENTION_DAYS, pruneObservability } from './retention.js';

const NOW = new Date('2026-05-10T12:00:00.000Z');
const HOUR = 3_600_000;
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * HOUR);

describe.each(testDatabases())('observability retention on %s', (_kind, open) => {
  let db: Db;
  let learner: Actor;
  let courseId: string;

  /** `count` tool calls, one second apart, the newest `hoursAgo` old. */
  const toolCalls = (count: number, hoursAgo: number) => db.prisma.$executeRaw`
    INSERT INTO tool_calls (tool, outcome, duration_ms, created_at)
    SELECT 'list_courses', 'ok', 1, ${at(hoursAgo)}::timestamptz - make_interval(secs => g)
      FROM generate_series(0, ${count - 1}::int) g`;
  const llmCall = (hoursAgo: number, costUsd: number) =>
    db.prisma.llmCallLog.create({
      data: {
        userId: learner.userId,
        feature: 'tutor',
        provider: 'noop',
        model: 'noop',
        costUsd: costUsd.toFixed(6),
        status: 'ok',
        createdAt: at(hoursAgo),
      },
    });
  const retrieval = (hoursAgo: number) =>
    db.prisma.retrievalAudit.create({
      data: {
        feature: 'search',
        courseId,
        query: 'q',
        results: [],
        latencyMs: 1,
        createdAt: at(hoursAgo),
      },
    });
  const counts = async () => ({
    tool_calls: await db.prisma.toolCall.count(),
    llm_call_log: await db.prisma.llmCallLog.count(),
    retrieval_audits: await db.prisma.retrievalAudit.count(),
  });

  beforeAll(async () => {
    db = await open();
    await seedDemoData(db, at(24 * 200));
    const user = await db.prisma.user.findUniqueOrThrow({
      where: { email: 'learner@lumen.test' },
    });
    learner = { userId: user.id, role: user.role };
    courseId = (await db.prisma.course.findFirstOrThrow({ select: { id: true } })).id;
  });
  beforeEach(async () => {
    await db.prisma.$executeRaw`DELETE FROM tool_calls`;
    await db.prisma.$executeRaw`DELETE FROM llm_call_log`;
    await db.prisma.$executeRaw`DELETE FROM retrieval_audits`;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('deletes rows past their period in batches, oldest first, and keeps recent ones', async () => {
    await toolCalls(2_500, 40 * 24);
    await toolCalls(10, 1);
    await llmCall(100 * 24, 1);
    await llmCall(60 * 24, 1); // inside the 90-day default
    await retrieval(31 * 24);
    await retrieval(2);
    const periods = DEFAULT_RETENTION_DAYS;

    // Two batches of 1,000 per run: the run stops there, the next one finishes.
    const first = await pruneObservability({ db, periods, maxBatches: 2 }, NOW);
    expect(first).toEqual({ tool_calls: 2_000, llm_call_log: 1, retrieval_audits: 1 });
    const oldestLeft = await db.prisma.toolCall.findFirstOrThrow({ orderBy: { createdAt: 'asc' } });
    // The 2,000 oldest went first: the oldest left is the 500th newest of the old calls.
    expect(oldestLeft.createdAt).toEqual(new Date(at(40 * 24).getTime() - 499_000));
    const second = await pruneObservability({ db, periods, maxBatches: 2 }, NOW);
    expect(second).toEqual({ tool_calls: 500, llm_call_log: 0, retrieval_audits: 0 });
    expect(await counts()).toEqual({ tool_calls: 10, llm_call_log: 1, retrieval_audits: 1 });
  });

  it('keeps everything with period 0, and never touches the last 48 h whatever the period', async () => {
    await toolCalls(5, 40 * 24);
    await llmCall(30, 1);
    await retrieval(30);
    await pruneObservability(
      { db, periods: { tool_calls: 0, llm_call_log: 1, retrieval_audits: 1 } },
      NOW,
    );
    expect(await counts()).toEqual({ tool_calls: 5, llm_call_log: 1, retrieval_audits: 1 });
  });

  it('leaves the 24 h budget guard seeing every call it sums', async () => {
    const gateway = createLlmGateway({
      db,
      provider: createNoopProvider(),
      budgetUsd24h: 1,
      clock: () => NOW,
    });
    await llmCall(20, 1.5); // over the budget on its own, 20 hours ago
    await llmCall(24 * 5, 3);
    const result = await pruneObservability(
      { db, periods: { tool_calls: 1, llm_call_log: 1, retrieval_audits: 1 } },
      NOW,
    );
    expect(result.llm_call_log).toBe(1);
    await expect(
      gateway.callLogged({
        actor: learner,
        feature: 'tutor',
        request: { system: 's', messages: [{ role: 'user', content: 'hi' }], maxTokens: 10 },
      }),
    ).rejects.toMatchObject({ code: 'mcp.budget.exceeded' });
  });

  it('lets several pruners run at once: every old row deleted exactly once, recent kept', async () => {
    await toolCalls(1_200, 40 * 24);
    await toolCalls(7, 0);
    const pruners = [1, 2, 3].map(() =>
      createRetentionPruner({
        db,
        periods: DEFAULT_RETENTION_DAYS,
        clock: () => NOW,
        batchSize: 100,
      }),
    );
    const results = await Promise.all(pruners.map((p) => p.run()));
    await Promise.all(pruners.map((p) => p.close()));
    expect(results.reduce((sum, r) => sum + (r?.tool_calls ?? 0), 0)).toBe(1_200);
    expect(await db.prisma.toolCall.count()).toBe(7);
  });

  it('runs by itself soon after it is created, without being asked', async () => {
    await toolCalls(4, 40 * 24);
    let pruner: ReturnType<typeof createRetentionPruner> | undefined;
    const reported = await new Promise((resolve) => {
      pruner = createRetentionPruner({
        db,
        periods: DEFAULT_RETENTION_DAYS,
        clock: () => NOW,
        firstRunDelayMs: 1,
        onPruned: resolve,
      });
    });
    await pruner?.close();
    expect(reported).toEqual({ tool_calls: 4, llm_call_log: 0, retrieval_audits: 0 });
  });

  it('reports what a run deleted, and reports a failure instead of throwing', async () => {
    await toolCalls(3, 40 * 24);
    const pruned: unknown[] = [];
    const errors: unknown[] = [];
    const pruner = createRetentionPruner({
      db,
      periods: DEFAULT_RETENTION_DAYS,
      clock: () => NOW,
      onPruned: (r) => pruned.push(r),
      onError: (e) => errors.push(e),
    });
    await pruner.run();
    expect(pruned).toEqual([{ tool_calls: 3, llm_call_log: 0, retrieval_audits: 0 }]);
    await pruner.run(); // nothing left: no report
    expect(pruned).toHaveLength(1);
    await pruner.close();

    const broken = createRetentionPruner({
      db: { prisma: { $executeRaw: () => Promise.reject(new Error('db down')) } } as never,
      periods: DEFAULT_RETENTION_DAYS,
      onError: (e) => errors.push(e),
    });
    await expect(broken.run()).resolves.toBeUndefined();
    await broken.close();
    expect(errors).toEqual([expect.objectContaining({ message: 'db down' })]);
  });
});
