import { randomUUID } from 'node:crypto';

import type { Db } from '@lumen/db';

import { createDurableRecorder } from './batch-writer.js';
import type { BatchWriterStats, DurableRecorderOptions } from './batch-writer.js';

/** One retrieval, as search reports it: what was asked of which course and what came back. */
export interface RetrievalAuditEntry {
  readonly userId: string | null;
  readonly clientId: string | null;
  readonly feature: string;
  readonly courseId: string;
  readonly query: string;
  /** The ranked chunks, best first. */
  readonly results: ReadonlyArray<{ readonly chunkId: string; readonly score: number }>;
  readonly latencyMs: number;
  readonly createdAt: Date;
}

/** Where search leaves its `retrieval_audits` rows. */
export interface RetrievalAuditLog {
  /** Resolves with the row's id once the row is stored or (batched) safely queued. */
  record(entry: RetrievalAuditEntry): Promise<string>;
}

export interface RetrievalAuditRecorder extends RetrievalAuditLog {
  flush(): Promise<void>;
  /** Stops the timer and writes what is left (call before closing the database). */
  close(): Promise<void>;
  stats(): BatchWriterStats;
}

export interface RetrievalAuditRecorderOptions extends DurableRecorderOptions {
  readonly db: Pick<Db, 'sql'>;
  /** Row ids, generated here so the caller (the tutor's model-call row) can name the row at once. */
  readonly newId?: (() => string) | undefined;
}

interface Row extends RetrievalAuditEntry {
  readonly id: string;
}

/**
 * Audits every search without an INSERT on its request path: rows are buffered and
 * written in batches (see batch-writer.ts) at least once a second. Unlike tool-call
 * rows, an audit is never dropped: with a full buffer (the database unreachable for a
 * while) the search waits for room, and fails with 'mcp.unavailable' if there is
 * none. A crash loses the rows of the current batch, at most one flush period.
 */
export function createRetrievalAuditRecorder(
  options: RetrievalAuditRecorderOptions,
): RetrievalAuditRecorder {
  const newId = options.newId ?? randomUUID;
  const recorder = createDurableRecorder<Row>(
    (rows) => insertAudits(options.db.sql, rows),
    options,
  );
  return {
    async record(entry) {
      const id = newId();
      await recorder.add({ ...entry, id });
      return id;
    },
    flush: recorder.flush,
    close: recorder.close,
    stats: recorder.stats,
  };
}

/** Writes each audit with its own INSERT before answering (no background work to close). */
export function createInlineRetrievalAuditLog(
  db: Pick<Db, 'sql'>,
  newId: () => string = randomUUID,
): RetrievalAuditLog {
  return {
    async record(entry) {
      const id = newId();
      await insertAudits(db.sql, [{ ...entry, id }]);
      return id;
    },
  };
}

/** One statement whatever the batch size (column arrays through unnest, as for tool calls). */
async function insertAudits(sql: Db['sql'], rows: readonly Row[]): Promise<void> {
  await sql`
    INSERT INTO retrieval_audits (id, user_id, client_id, feature, course_id, query, results, latency_ms, created_at)
    SELECT * FROM unnest(
      ${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.userId)}::uuid[],
      ${rows.map((r) => r.clientId)}::text[], ${rows.map((r) => r.feature)}::text[],
      ${rows.map((r) => r.courseId)}::uuid[], ${rows.map((r) => r.query)}::text[],
      ${rows.map((r) => JSON.stringify(r.results))}::jsonb[], ${rows.map((r) => r.latencyMs)}::int[],
      ${rows.map((r) => r.createdAt.toISOString())}::timestamptz[])
    ON CONFLICT (id) DO NOTHING`;
}
