/**
 * Retention for the observability logs: `tool_calls`, `llm_call_log` and
 * `retrieval_audits` are append-only and would otherwise grow forever. Rows older than
 * the operator's period are deleted in small batches, oldest first, off the request
 * path. `review_logs` are the learner's own history (FSRS needs them) and are kept.
 */
import type { Db } from '@lumen/db';

import { BUDGET_WINDOW_MS } from '../llm/budget-guard.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Nothing younger than this is ever deleted, whatever the setting: the budget guard
 * sums each user's last 24 h of `llm_call_log` (budget-guard.ts), and the margin
 * covers replicas whose clocks disagree and calls still pending settlement.
 */
export const RETENTION_FLOOR_MS = BUDGET_WINDOW_MS + DAY_MS;

export type RetainedTable = 'tool_calls' | 'llm_call_log' | 'retrieval_audits';

/** Days to keep each table; 0 keeps it forever. */
export type RetentionPeriods = Readonly<Record<RetainedTable, number>>;

export const DEFAULT_RETENTION_DAYS: RetentionPeriods = {
  tool_calls: 30,
  llm_call_log: 90,
  retrieval_audits: 30,
};

/**
 * One batch per table: the oldest `limit` rows before `cutoff`, found through each
 * table's created_at index. SKIP LOCKED lets replicas pruning at the same moment take
 * different batches instead of queueing on each other's; deleting is idempotent, so
 * whichever replica gets a row, it is gone once.
 */
const DELETE_BATCH: Record<
  RetainedTable,
  (prisma: Db['prisma'], cutoff: Date, limit: number) => Promise<number>
> = {
  tool_calls: (p, cutoff, limit) => p.$executeRaw`
    DELETE FROM tool_calls WHERE id IN (
      SELECT id FROM tool_calls WHERE created_at < ${cutoff}
       ORDER BY created_at LIMIT ${limit}::int FOR UPDATE SKIP LOCKED)`,
  llm_call_log: (p, cutoff, limit) => p.$executeRaw`
    DELETE FROM llm_call_log WHERE id IN (
      SELECT id FROM llm_call_log WHERE created_at < ${cutoff}
       ORDER BY created_at LIMIT ${limit}::int FOR UPDATE SKIP LOCKED)`,
  retrieval_audits: (p, cutoff, limit) => p.$executeRaw`
    DELETE FROM retrieval_audits WHERE id IN (
      SELECT id FROM retrieval_audits WHERE created_at < ${cutoff}
       ORDER BY created_at LIMIT ${limit}::int FOR UPDATE SKIP LOCKED)`,
};

export interface PruneOptions {
  readonly db: Pick<Db, 'prisma'>;
  readonly periods: RetentionPeriods;
  /** Rows per DELETE (default 1,000): short statements, short locks. */
  readonly batchSize?: number | undefined;
  /** Most batches per table per run (default 100), so one run stays bounded. */
  readonly maxBatches?: number | undefined;
}

export type PruneResult = Record<RetainedTable, number>;

/** The cutoff for `days` at `now`, never later than the floor allows; null: keep forever. */
export function retentionCutoff(days: number, now: Date): Date | null {
  if (days <= 0) return null;
  return new Date(now.getTime() - Math.max(days * DAY_MS, RETENTION_FLOOR_MS));
}

/** Deletes what has outlived its period, batch by batch; returns the rows deleted per table. */
export async function pruneObservability(options: PruneOptions, now: Date): Promise<PruneResult> {
  const batchSize = options.batchSize ?? 1_000;
  const maxBatches = options.maxBatches ?? 100;
  const result: PruneResult = { tool_calls: 0, llm_call_log: 0, retrieval_audits: 0 };
  for (const table of Object.keys(DELETE_BATCH) as RetainedTable[]) {
    const cutoff = retentionCutoff(options.periods[table], now);
    if (!cutoff) continue;
    for (let batch = 0; batch < maxBatches; batch++) {
      const deleted = await DELETE_BATCH[table](options.db.prisma, cutoff, batchSize);
      result[table] += deleted;
      if (deleted < batchSize) break;
    }
  }
  return result;
}
