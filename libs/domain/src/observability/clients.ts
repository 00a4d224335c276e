import type { Db } from '@lumen/db';

import type { ClientView } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every MCP client (revoked ones included, marked) with its last token and last tool
 * call. The columns are listed one by one: client_secret_hash is never selected.
 */
export async function listClients(db: Pick<Db, 'prisma'>, now: Date): Promise<ClientView[]> {
  const since = new Date(now.getTime() - DAY_MS);
  return db.prisma.$queryRaw<ClientView[]>`
    SELECT c.client_id AS "clientId", c.name, c.owner_user_id::text AS "ownerUserId",
           u.email AS "ownerEmail", c.scopes, c.created_at AS "createdAt",
           c.last_used_at AS "lastUsedAt", last_call.created_at AS "lastToolCallAt",
           (SELECT COUNT(*) FROM tool_calls t
             WHERE t.client_id = c.client_id AND t.created_at > ${since} AND t.created_at <= ${now})::int
             AS "toolCalls24h",
           c.revoked_at AS "revokedAt"
      FROM mcp_clients c
      JOIN users u ON u.id = c.owner_user_id
      LEFT JOIN LATERAL (
        SELECT created_at FROM tool_calls t
         WHERE t.client_id = c.client_id AND t.created_at <= ${now}
         ORDER BY t.created_at DESC LIMIT 1
      ) last_call ON true
     ORDER BY c.revoked_at IS NOT NULL, COALESCE(last_call.created_at, c.last_used_at, c.created_at) DESC,
              c.client_id`;
}
