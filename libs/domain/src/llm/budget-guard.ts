import type { Db } from '@lumen/db';

import type { Actor } from '../actor.js';
import { LumenError } from '../errors.js';

export const BUDGET_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Advisory-lock namespace for the budget guard. The two-int form of
 * pg_advisory_xact_lock keeps these locks apart from any other feature's locks on the
 * same hashtext value (PostgreSQL docs §9.27.10: the one-bigint and two-int key spaces
 * do not overlap).
 */
const BUDGET_LOCK_NAMESPACE = 0x4c4c4d; // "LLM"

export interface Reservation {
  readonly actor: Actor;
  readonly feature: string;
  readonly provider: string;
  readonly model: string;
  /** The most the call can cost: the row holds this until the real cost is known. */
  readonly maxCostUsd: number;
  /** null/undefined: unlimited. */
  readonly budgetUsd24h: number | null | undefined;
  readonly now: Date;
  readonly retrievalAuditId?: string | undefined;
}

/**
 * Checks the actor's 24-hour spend and, if under budget, inserts a 'pending'
 * llm_call_log row carrying the call's maximum cost, in one transaction serialised per
 * user by a transaction-scoped advisory lock. Replicas sharing the database therefore
 * see each other's reservations: two of them cannot both spend the last dollar.
 * Returns the row id, which the gateway settles after the call.
 */
export async function reserveCall(db: Db, r: Reservation): Promise<string> {
  return db.prisma.$transaction(
    async (tx) => {
      if (r.budgetUsd24h !== null && r.budgetUsd24h !== undefined) {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BUDGET_LOCK_NAMESPACE}::int4, hashtext(${r.actor.userId}::text))`;
        const since = new Date(r.now.getTime() - BUDGET_WINDOW_MS);
        const window = await tx.llmCallLog.aggregate({
          where: { userId: r.actor.userId, createdAt: { gt: since } },
          _sum: { costUsd: true },
          _min: { createdAt: true },
        });
        const spent = Number(window._sum.costUsd ?? 0);
        if (spent >= r.budgetUsd24h)
          throw budgetExceeded(r.budgetUsd24h, spent, window._min.createdAt, r.now);
      }
      const row = await tx.llmCallLog.create({
        data: {
          userId: r.actor.userId,
          clientId: r.actor.clientId ?? null,
          feature: r.feature,
          provider: r.provider,
          model: r.model,
          costUsd: r.maxCostUsd.toFixed(6),
          status: 'pending',
          createdAt: r.now,
          retrievalAuditId: r.retrievalAuditId ?? null,
        },
        select: { id: true },
      });
      return row.id;
    },
    // Waiting on another replica's lock is expected under contention; the critical
    // section itself is two short statements.
    { maxWait: 15_000, timeout: 15_000 },
  );
}

function budgetExceeded(budget: number, spent: number, oldest: Date | null, now: Date): LumenError {
  // The window slides: spend drops when the oldest call in it turns 24 hours old.
  const resetAt = oldest ? new Date(oldest.getTime() + BUDGET_WINDOW_MS) : undefined;
  const when = resetAt
    ? `It starts to free up at ${resetAt.toISOString()}, when the oldest call in the window turns 24 hours old.`
    : 'The configured budget allows no model calls.';
  return new LumenError(
    'mcp.budget.exceeded',
    `Your model-call budget of $${budget.toFixed(2)} per 24 hours is used up ($${spent.toFixed(4)} spent). ${when}`,
    {
      details: {
        budgetUsd24h: budget,
        spentUsd24h: spent,
        resetAt: resetAt?.toISOString() ?? null,
        checkedAt: now.toISOString(),
      },
    },
  );
}
