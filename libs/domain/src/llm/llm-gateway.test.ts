import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';

import { randomUUID } from 'node:crypto';

import { createDb } from '@lumen/db';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import type { Actor } from '../actor.js';
import { LumenError } from '../errors.js';
import { createAnthropicProvider } from './anthropic-provider.js';
import { createLlmCallRecorder } from '../observability/llm-call-recorder.js';
import { createLlmGateway } from './llm-gateway.js';
import { createOpenAiProvider } from './openai-provider.js';
import {
  anthropicError,
  anthropicMessage,
  openAiCompletion,
  startLoopbackModelServer,
} from './testing/loopback-model-server.js';
import type { LoopbackModelServer } from './testing/loopback-model-server.js';

const API_KEY = 'sk-ant-loopback-key-that-must-never-leak';
const NOW = new Date('2026-03-02T12:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const REQUEST = {
  system: 'Be brief.',
  messages: [{ role: 'user' as const, content: 'Hello?' }],
  maxTokens: 100,
};
const noSleep = () => Promise.resolve();

const learner = (): Actor => ({ userId: randomUUID(), role: 'learner', clientId: 'client-test' });

async function thrown(promise: Promise<unknown>): Promise<LumenError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LumenError) return error;
    throw error;
  }
  throw new Error('expected a LumenError');
}

/** A second "replica": its own connection pool on the same database. */
async function openReplica(db: Db): Promise<Db> {
  if (db.kind === 'embedded') return db;
  const [row] = await db.prisma.$queryRaw<
    Array<{ name: string }>
  >`SELECT current_database() AS name`;
  const url = new URL(process.env['TEST_DATABASE_URL'] ?? '');
  url.pathname = `/${row?.name ?? ''}`;
  return createDb({ url: url.toString(), migrate: false, poolSize: 10 });
}

describe.each(testDatabases())('llm gateway on %s', (_kind, open) => {
  let db: Db;
  let server: LoopbackModelServer | undefined;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  /** A loopback Anthropic endpoint giving `reply` to every request, and a provider on it. */
  const anthropicAnswering = async (reply: Parameters<typeof startLoopbackModelServer>[0]) => {
    server = await startLoopbackModelServer(reply);
    return createAnthropicProvider({
      apiKey: API_KEY,
      model: 'claude-sonnet-4-5',
      baseUrl: server.url,
      sleep: noSleep,
    });
  };

  it('logs a successful call with its real tokens, priced cost and latency', async () => {
    const provider = await anthropicAnswering(() =>
      anthropicMessage('Hi.', 1_000, 200, 'claude-sonnet-4-5-20250929'),
    );
    const gateway = createLlmGateway({ db, provider, budgetUsd24h: 5 });
    const actor = learner();
    const result = await gateway.callLogged({
      actor,
      feature: 'mcp.ask_tutor',
      request: REQUEST,
      now: NOW,
    });
    expect(result.text).toBe('Hi.');
    // claude-sonnet-4 family: $3 in / $15 out per million tokens.
    expect(result.costUsd).toBeCloseTo(0.006, 6);
    const rows = await db.prisma.llmCallLog.findMany({ where: { userId: actor.userId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: result.callId,
      clientId: 'client-test',
      feature: 'mcp.ask_tutor',
      provider: 'anthropic',
      model: 'claude-sonnet-4-5-20250929',
      tokensIn: 1_000,
      tokensOut: 200,
      status: 'ok',
      error: null,
      createdAt: NOW,
    });
    expect(Number(rows[0]?.costUsd)).toBeCloseTo(0.006, 6);
    expect(rows[0]?.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('logs a failed call as an error row without the key and at no cost', async () => {
    const provider = await anthropicAnswering(() =>
      anthropicError(401, 'authentication_error', `bad key ${API_KEY}`),
    );
    const gateway = createLlmGateway({ db, provider, budgetUsd24h: 5 });
    const actor = learner();
    const error = await thrown(
      gateway.callLogged({ actor, feature: 'mcp.ask_tutor', request: REQUEST, now: NOW }),
    );
    expect(error.code).toBe('mcp.llm.failed');
    expect(error.message).not.toContain(API_KEY);
    const [row] = await db.prisma.llmCallLog.findMany({ where: { userId: actor.userId } });
    expect(row).toMatchObject({ status: 'error', tokensIn: 0, tokensOut: 0 });
    expect(Number(row?.costUsd)).toBe(0);
    expect(row?.error).toContain('authentication_error');
    expect(row?.error).not.toContain(API_KEY);
  });

  it('stops an over-budget user before any model call and says when the budget frees up', async () => {
    const provider = await anthropicAnswering(() => anthropicMessage('never', 1, 1));
    const gateway = createLlmGateway({ db, provider, budgetUsd24h: 1 });
    const actor = learner();
    const oldest = new Date(NOW.getTime() - 20 * HOUR);
    await db.prisma.llmCallLog.createMany({
      data: [
        {
          userId: actor.userId,
          feature: 'x',
          provider: 'anthropic',
          model: 'm',
          status: 'ok',
          costUsd: '9',
          createdAt: new Date(NOW.getTime() - 25 * HOUR),
        },
        {
          userId: actor.userId,
          feature: 'x',
          provider: 'anthropic',
          model: 'm',
          status: 'ok',
          costUsd: '0.6',
          createdAt: oldest,
        },
        {
          userId: actor.userId,
          feature: 'x',
          provider: 'anthropic',
          model: 'm',
          status: 'ok',
          costUsd: '0.4',
          createdAt: new Date(NOW.getTime() - HOUR),
        },
      ],
    });
    const error = await thrown(
      gateway.callLogged({ actor, feature: 'mcp.ask_tutor', request: REQUEST, now: NOW }),
    );
    expect(error.code).toBe('mcp.budget.exceeded');
    const resetAt = new Date(oldest.getTime() + 24 * HOUR).toISOString();
    expect(error.message).toContain(resetAt);
    expect(error.details).toMatchObject({ budgetUsd24h: 1, spentUsd24h: 1, resetAt });
    expect(server?.requests).toHaveLength(0);
    expect(await db.prisma.llmCallLog.count({ where: { userId: actor.userId } })).toBe(3);
  });

  it('lets spend older than 24 hours fall out of the window', async () => {
    const provider = await anthropicAnswering(() => anthropicMessage('ok', 1, 1));
    const gateway = createLlmGateway({ db, provider, budgetUsd24h: 1 });
    const actor = learner();
    await db.prisma.llmCallLog.create({
      data: {
        userId: actor.userId,
        feature: 'x',
        provider: 'anthropic',
        model: 'm',
        status: 'ok',
        costUsd: '50',
        createdAt: new Date(NOW.getTime() - 24 * HOUR),
      },
    });
    await gateway.callLogged({ actor, feature: 'mcp.ask_tutor', request: REQUEST, now: NOW });
    expect(server?.requests).toHaveLength(1);
  });

  it('admits exactly the calls the budget covers when two replicas race for it', async () => {
    // $1 per call, reserved and settled alike: output tokens are priced, maxTokens
    // output is reserved, and the server reports exactly maxTokens.
    server = await startLoopbackModelServer(() => openAiCompletion('ok', 0, 10, 'metered-model'));
    const prices = { 'metered-model': { inputPerMTok: 0, outputPerMTok: 100_000 } };
    const replica = await openReplica(db);
    try {
      const gateways = [db, replica].map((d) =>
        createLlmGateway({
          db: d,
          provider: createOpenAiProvider({
            apiKey: API_KEY,
            model: 'metered-model',
            baseUrl: server?.url,
          }),
          budgetUsd24h: 4,
          prices,
        }),
      );
      const actor = learner();
      const request = { ...REQUEST, maxTokens: 10 };
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          gateways[i % 2]?.callLogged({ actor, feature: 'mcp.ask_tutor', request, now: NOW }),
        ),
      );
      const rejected = outcomes.filter((o) => o.status === 'rejected');
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(4);
      expect(rejected.map((o) => (o.reason as LumenError).code)).toEqual(
        Array(6).fill('mcp.budget.exceeded'),
      );
      expect(server.requests).toHaveLength(4);
      const rows = await db.prisma.llmCallLog.findMany({ where: { userId: actor.userId } });
      expect(rows.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
      expect(rows.reduce((sum, r) => sum + Number(r.costUsd), 0)).toBe(4);
    } finally {
      if (replica !== db) await replica.close();
    }
  });

  describe('with the batched call log (no budget)', () => {
    it('makes the call without a database write, then stores one settled row per call on flush', async () => {
      const provider = await anthropicAnswering(() =>
        anthropicMessage('Hi.', 1_000, 200, 'claude-sonnet-4-5-20250929'),
      );
      const calls = createLlmCallRecorder({ db, flushIntervalMs: 0 });
      const gateway = createLlmGateway({ db, provider, calls });
      const actor = learner();
      const retrievalAuditId = randomUUID();
      const results = [];
      for (let i = 0; i < 3; i++) {
        results.push(
          await gateway.callLogged({
            actor,
            feature: 'mcp.ask_tutor',
            request: REQUEST,
            now: NOW,
            retrievalAuditId,
          }),
        );
      }
      // Nothing written on the request path: the rows wait for the batch.
      expect(await db.prisma.llmCallLog.count({ where: { userId: actor.userId } })).toBe(0);
      await calls.close();
      const rows = await db.prisma.llmCallLog.findMany({
        where: { userId: actor.userId },
        orderBy: { id: 'asc' },
      });
      expect(rows.map((r) => r.id).sort()).toEqual(results.map((r) => r.callId).sort());
      for (const row of rows) {
        expect(row).toMatchObject({
          clientId: 'client-test',
          feature: 'mcp.ask_tutor',
          provider: 'anthropic',
          model: 'claude-sonnet-4-5-20250929',
          tokensIn: 1_000,
          tokensOut: 200,
          status: 'ok',
          error: null,
          createdAt: NOW,
          retrievalAuditId,
        });
        expect(Number(row.costUsd)).toBeCloseTo(0.006, 6);
      }
      expect(results[0]?.costUsd).toBeCloseTo(0.006, 6);
    });

    it('stores a failed call as an error row without the key and at no cost', async () => {
      const provider = await anthropicAnswering(() =>
        anthropicError(401, 'authentication_error', `bad key ${API_KEY}`),
      );
      const calls = createLlmCallRecorder({ db, flushIntervalMs: 0 });
      const gateway = createLlmGateway({ db, provider, calls });
      const actor = learner();
      const error = await thrown(
        gateway.callLogged({ actor, feature: 'mcp.ask_tutor', request: REQUEST, now: NOW }),
      );
      expect(error.code).toBe('mcp.llm.failed');
      await calls.close();
      const [row] = await db.prisma.llmCallLog.findMany({ where: { userId: actor.userId } });
      expect(row).toMatchObject({
        status: 'error',
        tokensIn: 0,
        tokensOut: 0,
        model: 'claude-sonnet-4-5',
      });
      expect(Number(row?.costUsd)).toBe(0);
      expect(row?.error).toContain('authentication_error');
      expect(row?.error).not.toContain(API_KEY);
    });

    it('still reserves in the database while a budget is set', async () => {
      const provider = await anthropicAnswering(() => anthropicMessage('Hi.', 10, 10));
      const calls = createLlmCallRecorder({ db, flushIntervalMs: 0 });
      const gateway = createLlmGateway({ db, provider, calls, budgetUsd24h: 5 });
      const actor = learner();
      await gateway.callLogged({ actor, feature: 'mcp.ask_tutor', request: REQUEST, now: NOW });
      expect(await db.prisma.llmCallLog.count({ where: { userId: actor.userId } })).toBe(1);
      expect(calls.stats().recorded).toBe(0);
      await calls.close();
    });
  });
});
