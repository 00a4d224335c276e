import type { Db } from '@lumen/db';

import { createDurableRecorder } from './batch-writer.js';
import type { BatchWriterStats, DurableRecorderOptions } from './batch-writer.js';

/** One finished model call, as the gateway settles it in `llm_call_log`. */
export interface LlmCallEntry {
  readonly id: string;
  readonly userId: string;
  readonly clientId: string | null;
  readonly feature: string;
  readonly provider: string;
  readonly model: string;
  readonly tokensIn: number;
  readonly tokensOut: number;
  readonly costUsd: number;
  readonly latencyMs: number;
  readonly status: 'ok' | 'error';
  readonly error: string | null;
  readonly createdAt: Date;
  readonly retrievalAuditId: string | null;
}

/** Where the gateway leaves settled model calls when no budget needs a reservation. */
export interface LlmCallLog {
  /** Resolves once the row is queued (waits for room while the database is slow). */
  record(entry: LlmCallEntry): Promise<void>;
}

export interface LlmCallRecorder extends LlmCallLog {
  flush(): Promise<void>;
  /** Stops the timer and writes what is left (call before closing the database). */
  close(): Promise<void>;
  stats(): BatchWriterStats;
}

export interface LlmCallRecorderOptions extends DurableRecorderOptions {
  readonly db: Pick<Db, 'sql'>;
}

/**
 * Settled model calls written in batches (see batch-writer.ts) instead of a reserving
 * transaction and an update per call. Only for an unlimited budget: with a budget the
 * gateway must reserve in the database before calling, so replicas see each other's
 * spend. Like retrieval audits, a row is never dropped (a full buffer makes the caller
 * wait, then fail with 'mcp.unavailable'); a crash loses the current batch, at most one
 * flush period of calls.
 */
export function createLlmCallRecorder(options: LlmCallRecorderOptions): LlmCallRecorder {
  const recorder = createDurableRecorder<LlmCallEntry>(
    (rows) => insertCalls(options.db.sql, rows),
    options,
  );
  return {
    record: recorder.add,
    flush: recorder.flush,
    close: recorder.close,
    stats: recorder.stats,
  };
}

/** One statement whatever the batch size (column arrays through unnest). */
async function insertCalls(sql: Db['sql'], rows: readonly LlmCallEntry[]): Promise<void> {
  await sql`
    INSERT INTO llm_call_log (id, user_id, client_id, feature, provider, model, tokens_in, tokens_out,
                              cost_usd, latency_ms, status, error, created_at, retrieval_audit_id)
    SELECT * FROM unnest(
      ${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.userId)}::uuid[],
      ${rows.map((r) => r.clientId)}::text[], ${rows.map((r) => r.feature)}::text[],
      ${rows.map((r) => r.provider)}::text[], ${rows.map((r) => r.model)}::text[],
      ${rows.map((r) => r.tokensIn)}::int[], ${rows.map((r) => r.tokensOut)}::int[],
      ${rows.map((r) => r.costUsd.toFixed(6))}::numeric[], ${rows.map((r) => r.latencyMs)}::int[],
      ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.error)}::text[],
      ${rows.map((r) => r.createdAt.toISOString())}::timestamptz[],
      ${rows.map((r) => r.retrievalAuditId)}::uuid[])
    ON CONFLICT (id) DO NOTHING`;
}
