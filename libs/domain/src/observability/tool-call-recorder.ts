import { randomUUID } from 'node:crypto';

import type { Db } from '@lumen/db';

import { createBatchWriter } from './batch-writer.js';
import type { BatchWriterStats } from './batch-writer.js';

/** One finished tools/call, as the MCP dispatcher reports it (never its arguments). */
export interface ToolCallRecord {
  readonly tool: string;
  readonly clientId: string | undefined;
  readonly userId: string | undefined;
  readonly durationMs: number;
  /** 'ok' or the stable error code the call ended with. */
  readonly outcome: string;
}

export interface ToolCallRecorderOptions {
  readonly db: Pick<Db, 'sql'>;
  /** Stamps each call when it is recorded (default: wall clock). */
  readonly clock?: (() => Date) | undefined;
  /** Row ids; generated here so a retried batch is inserted at most once. */
  readonly newId?: (() => string) | undefined;
  /** Rows per INSERT, and the buffer size that triggers an early flush (default 200). */
  readonly batchSize?: number | undefined;
  /** Most rows held in memory; further calls are dropped and counted (default 10,000). */
  readonly maxBuffered?: number | undefined;
  /** Background flush period; 0 disables the timer (tests flush by hand). Default 1,000 ms. */
  readonly flushIntervalMs?: number | undefined;
  /** Receives write failures (the rows stay buffered for the next flush). */
  readonly onError?: ((error: unknown) => void) | undefined;
}

export type ToolCallRecorderStats = BatchWriterStats;

export interface ToolCallRecorder {
  /** Never blocks and never throws: the row is buffered, or dropped when the buffer is full. */
  record(call: ToolCallRecord): void;
  /** Writes everything buffered so far. */
  flush(): Promise<void>;
  /** Stops the timer and flushes what is left (call before closing the database). */
  close(): Promise<void>;
  stats(): ToolCallRecorderStats;
}

interface Row {
  id: string;
  tool: string;
  clientId: string | null;
  userId: string | null;
  outcome: string;
  durationMs: number;
  createdAt: Date;
}

/**
 * Records every tools/call in `tool_calls` without putting the database on the
 * request path: calls are buffered in memory and inserted in batches of up to
 * `batchSize` rows, at least every `flushIntervalMs`. The buffer is bounded, so a slow
 * or unreachable database costs dropped (and counted) rows, never blocked requests.
 * Each replica writes only its own calls, with ids it generated, and inserts skip ids
 * already present: a batch retried after a failure whose commit we could not observe
 * is not counted twice.
 */
export function createToolCallRecorder(options: ToolCallRecorderOptions): ToolCallRecorder {
  const clock = options.clock ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  const writer = createBatchWriter<Row>({
    insert: (rows) => insertBatch(options.db.sql, rows),
    batchSize: options.batchSize,
    maxBuffered: options.maxBuffered,
    flushIntervalMs: options.flushIntervalMs,
    onError: options.onError,
    whenFull: 'drop',
  });
  return {
    record: (call) => void writer.add(toRow(call, newId(), clock())),
    flush: writer.flush,
    close: writer.close,
    stats: writer.stats,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toRow(call: ToolCallRecord, id: string, at: Date): Row {
  return {
    id,
    tool: call.tool,
    clientId: call.clientId ?? null,
    // The column is a UUID: anything else would fail the whole batch, again and again.
    userId: call.userId !== undefined && UUID.test(call.userId) ? call.userId : null,
    outcome: call.outcome,
    // Sub-millisecond precision is noise at the percentiles the page shows.
    durationMs: Math.max(0, Math.round(call.durationMs * 100) / 100),
    createdAt: at,
  };
}

/**
 * One statement per batch whatever its size: each column travels as one array
 * parameter and `unnest` turns them back into rows, so the statement text (and its
 * prepared plan) is the same for 1 row or 200. Prisma's createMany compiled a new
 * query per batch shape, which showed up in the HTTP server's CPU profile.
 */
async function insertBatch(sql: Db['sql'], rows: readonly Row[]): Promise<void> {
  await sql`
    INSERT INTO tool_calls (id, tool, client_id, user_id, outcome, duration_ms, created_at)
    SELECT * FROM unnest(
      ${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.tool)}::text[],
      ${rows.map((r) => r.clientId)}::text[], ${rows.map((r) => r.userId)}::uuid[],
      ${rows.map((r) => r.outcome)}::text[], ${rows.map((r) => r.durationMs)}::float8[],
      ${rows.map((r) => r.createdAt.toISOString())}::timestamptz[])
    ON CONFLICT (id) DO NOTHING`;
}
