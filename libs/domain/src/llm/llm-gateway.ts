import { randomUUID } from 'node:crypto';

import type { Db } from '@lumen/db';

import type { Actor } from '../actor.js';
import { LumenError, isLumenError } from '../errors.js';
import type { LlmCallEntry, LlmCallLog } from '../observability/llm-call-recorder.js';
import { reserveCall } from './budget-guard.js';
import type { LlmProvider, LlmRequest, LlmResponse } from './llm-provider.js';
import { costUsd, priceFor } from './prices.js';
import type { PriceTable } from './prices.js';
import { safeExcerpt } from './redact.js';
import { estimateRequestTokens } from './token-estimate.js';

export interface LlmGatewayOptions {
  readonly db: Db;
  readonly provider: LlmProvider;
  /** Per-user spend allowed over a sliding 24 h (LLM_USER_BUDGET_24H_USD); null/undefined: unlimited. */
  readonly budgetUsd24h?: number | null | undefined;
  /** USD per million tokens by model, over the built-in table. */
  readonly prices?: PriceTable | undefined;
  readonly clock?: (() => Date) | undefined;
  /**
   * With no budget to enforce, settled calls go here (a batched recorder,
   * createLlmCallRecorder) as one row each, instead of a reserving transaction and an
   * update on the request path. Ignored while a budget is set.
   */
  readonly calls?: LlmCallLog | undefined;
}

export interface CallLoggedInput {
  readonly actor: Actor;
  /** What the call is for, e.g. 'mcp.ask_tutor'; the observability pages group by it. */
  readonly feature: string;
  readonly request: Omit<LlmRequest, 'signal'>;
  readonly signal?: AbortSignal | undefined;
  /** When the call happens (defaults to the gateway clock). */
  readonly now?: Date | undefined;
  /** The retrieval this call answers from (the tutor), kept on the log row for the observability page. */
  readonly retrievalAuditId?: string | undefined;
}

export interface LoggedLlmResponse extends LlmResponse {
  /** The llm_call_log row of this call. */
  readonly callId: string;
  readonly costUsd: number;
}

export interface LlmGateway {
  readonly providerName: string;
  readonly model: string;
  callLogged(input: CallLoggedInput): Promise<LoggedLlmResponse>;
}

/**
 * The one door to a model. Every call is budget-checked and reserved (budget-guard.ts),
 * made, then settled in llm_call_log with real tokens, cost, latency and outcome.
 */
export function createLlmGateway(options: LlmGatewayOptions): LlmGateway {
  const { db, provider } = options;
  const clock = options.clock ?? (() => new Date());
  return {
    providerName: provider.name,
    model: provider.model,
    async callLogged(input) {
      const now = input.now ?? clock();
      const unlimited = options.budgetUsd24h === null || options.budgetUsd24h === undefined;
      if (options.calls && unlimited)
        return callRecorded(provider, options.calls, options.prices, input, now);
      const inputEstimate = estimateRequestTokens(input.request);
      const callId = await reserveCall(db, {
        actor: input.actor,
        feature: input.feature,
        provider: provider.name,
        model: provider.model,
        maxCostUsd: costUsd(
          priceFor(provider.model, options.prices),
          inputEstimate,
          input.request.maxTokens,
        ),
        budgetUsd24h: options.budgetUsd24h,
        now,
        retrievalAuditId: input.retrievalAuditId,
      });
      const { response, cost } = await completeAndSettle(provider, options.prices, input, {
        ok: (response, cost, latencyMs) => settleSuccess(db, callId, response, cost, latencyMs),
        failed: (failure, latencyMs) => settleFailure(db, callId, failure, latencyMs),
      });
      return { ...response, callId, costUsd: cost };
    },
  };
}

/**
 * A call no budget limits: nothing to reserve, so the provider is called at once and
 * the settled row (ok or error) is queued for the batched writer.
 */
async function callRecorded(
  provider: LlmProvider,
  calls: LlmCallLog,
  prices: PriceTable | undefined,
  input: CallLoggedInput,
  now: Date,
): Promise<LoggedLlmResponse> {
  const row = {
    id: randomUUID(),
    userId: input.actor.userId,
    clientId: input.actor.clientId ?? null,
    feature: input.feature,
    provider: provider.name,
    createdAt: now,
    retrievalAuditId: input.retrievalAuditId ?? null,
  };
  const { response, cost } = await completeAndSettle(provider, prices, input, {
    ok: (response, cost, latencyMs) =>
      calls.record({
        ...row,
        model: response.model,
        tokensIn: response.tokensIn,
        tokensOut: response.tokensOut,
        costUsd: cost,
        latencyMs,
        status: 'ok',
        error: null,
      } satisfies LlmCallEntry),
    failed: (failure, latencyMs) =>
      calls.record({
        ...row,
        model: provider.model,
        tokensIn: 0,
        tokensOut: 0,
        costUsd: 0,
        latencyMs,
        status: 'error',
        error: failure.message.slice(0, 500),
      } satisfies LlmCallEntry),
  });
  return { ...response, callId: row.id, costUsd: cost };
}

/** How a call's outcome is written down: the budgeted path updates its reservation, the other queues a row. */
interface Settle {
  ok(response: LlmResponse, cost: number, latencyMs: number): Promise<void>;
  failed(failure: LumenError, latencyMs: number): Promise<void>;
}

/**
 * Calls the provider and settles the outcome before returning: a failure is redacted
 * (asLlmFailure), settled and rethrown; a success is priced from the response's own
 * model and token counts, then settled.
 */
async function completeAndSettle(
  provider: LlmProvider,
  prices: PriceTable | undefined,
  input: CallLoggedInput,
  settle: Settle,
): Promise<{ response: LlmResponse; cost: number }> {
  const started = performance.now();
  let response: LlmResponse;
  try {
    response = await provider.complete({ ...input.request, signal: input.signal });
  } catch (error) {
    const failure = asLlmFailure(error, provider.name);
    await settle.failed(failure, elapsed(started));
    throw failure;
  }
  const cost = costUsd(priceFor(response.model, prices), response.tokensIn, response.tokensOut);
  await settle.ok(response, cost, elapsed(started));
  return { response, cost };
}

/** Replaces the reservation with what the call really used. */
async function settleSuccess(
  db: Db,
  callId: string,
  response: LlmResponse,
  cost: number,
  latencyMs: number,
) {
  await db.prisma.llmCallLog.update({
    where: { id: callId },
    data: {
      status: 'ok',
      model: response.model,
      tokensIn: response.tokensIn,
      tokensOut: response.tokensOut,
      costUsd: cost.toFixed(6),
      latencyMs,
    },
  });
}

/** A failed call releases its reservation; the (already redacted) reason is kept. */
async function settleFailure(db: Db, callId: string, failure: LumenError, latencyMs: number) {
  await db.prisma.llmCallLog.update({
    where: { id: callId },
    data: { status: 'error', error: failure.message.slice(0, 500), costUsd: '0', latencyMs },
  });
}

function elapsed(started: number): number {
  return Math.max(0, Math.round(performance.now() - started));
}

/** Provider errors arrive as LumenErrors already; anything else is wrapped, redacted. */
function asLlmFailure(error: unknown, provider: string): LumenError {
  if (isLumenError(error)) return error;
  const text = safeExcerpt(error instanceof Error ? error.message : String(error));
  return new LumenError(
    'mcp.llm.failed',
    `The ${provider} model call failed (${text}). Not retryable.`,
    {
      details: { provider, retryable: false },
    },
  );
}
