import type { Db } from '@lumen/db';

import type { LlmCallView } from './types.js';

export const RECENT_LIMIT = 50;

type Row = Omit<LlmCallView, 'costUsd'> & { costUsd: number };

/** The latest model calls, newest first. Prompts are never stored, so never shown. */
export async function recentLlmCalls(db: Pick<Db, 'prisma'>, now: Date): Promise<LlmCallView[]> {
  return db.prisma.$queryRaw<Row[]>`
    SELECT l.id::text AS "id", l.created_at AS "createdAt", l.user_id::text AS "userId",
           u.email, l.client_id AS "clientId", l.feature, l.provider, l.model,
           l.tokens_in AS "tokensIn", l.tokens_out AS "tokensOut", l.cost_usd::float8 AS "costUsd",
           l.latency_ms AS "latencyMs", l.status, l.error,
           l.retrieval_audit_id::text AS "retrievalAuditId"
      FROM llm_call_log l
      LEFT JOIN users u ON u.id = l.user_id
     WHERE l.created_at <= ${now}
     ORDER BY l.created_at DESC, l.id DESC
     LIMIT ${RECENT_LIMIT}`;
}
