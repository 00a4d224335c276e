import { AuthError } from '@lumen/auth';
import type { ClientInfo, ClientRegistry } from '@lumen/auth';
import type { Context } from 'hono';
import { Hono } from 'hono';

import type { PrincipalEnv } from './bearer-auth.js';

export interface AdminRoutesOptions {
  registry: ClientRegistry;
  clock?: () => Date;
}

/** The admin API's view of a client: never a hash or a secret. */
const toJson = (c: ClientInfo) => ({
  client_id: c.clientId,
  name: c.name,
  owner_user_id: c.ownerUserId,
  owner_email: c.ownerEmail,
  scopes: c.scopes,
  created_at: c.createdAt.toISOString(),
  last_used_at: c.lastUsedAt?.toISOString() ?? null,
  revoked_at: c.revokedAt?.toISOString() ?? null,
});

/** Refuses anyone but an admin; returns undefined when the caller may proceed. */
function refuseNonAdmin(c: Context<PrincipalEnv>) {
  const principal = c.get('principal');
  if (!principal)
    return c.json(
      { error: 'mcp.token_required', message: 'Send "Authorization: Bearer <access_token>".' },
      401,
    );
  if (principal.role !== 'admin') {
    return c.json(
      { error: 'mcp.forbidden', message: 'Managing MCP clients requires the admin role.' },
      403,
    );
  }
  return undefined;
}

/**
 * GET /api/v1/admin/mcp-clients (active clients; `?include_revoked=true` for all) and
 * DELETE /api/v1/admin/mcp-clients/:clientId (revoke, idempotent). Mount behind
 * bearerAuth.
 */
export function createAdminRoutes(options: AdminRoutesOptions) {
  const { registry } = options;
  const clock = options.clock ?? (() => new Date());
  const app = new Hono<PrincipalEnv>();

  app.get('/api/v1/admin/mcp-clients', async (c) => {
    const refused = refuseNonAdmin(c);
    if (refused) return refused;
    const includeRevoked = c.req.query('include_revoked') === 'true';
    const clients = await registry.list({ includeRevoked });
    return c.json({ clients: clients.map(toJson) });
  });

  app.delete('/api/v1/admin/mcp-clients/:clientId', async (c) => {
    const refused = refuseNonAdmin(c);
    if (refused) return refused;
    try {
      const client = await registry.revoke(c.req.param('clientId'), clock());
      return c.json({ revoked: true, client: toJson(client) });
    } catch (error) {
      if (error instanceof AuthError && error.code === 'auth.client.unknown') {
        return c.json({ error: error.code, message: error.message }, 404);
      }
      throw error;
    }
  });
  return app;
}
