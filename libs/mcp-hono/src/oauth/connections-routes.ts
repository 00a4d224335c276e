import type { GrantView, Grants } from '@lumen/auth';
import { Hono } from 'hono';

import type { PrincipalEnv } from './bearer-auth.js';

/** A connected app as its user (or an admin) sees it: never a token. */
const toJson = (g: GrantView) => ({
  connection_id: g.grantId,
  client_id: g.oauthClientId,
  client_name: g.name,
  scopes: g.scopes,
  owner_email: g.ownerEmail,
  created_at: g.createdAt.toISOString(),
  last_used_at: g.lastUsedAt?.toISOString() ?? null,
  revoked_at: g.revokedAt?.toISOString() ?? null,
});

const notFound = {
  error: 'auth.connection.unknown',
  message: 'You have no connection with that id.',
} as const;

/**
 * Grants as "connected apps": GET/DELETE /api/v1/me/connections for their owner and
 * GET/DELETE /api/v1/admin/connections for admins. Revoking marks the grant's row
 * revoked, so its live access tokens fail at their next call on every replica, and
 * deletes its refresh tokens. Mount behind bearerAuth.
 */
export function createConnectionsRoutes(options: { grants: Grants }) {
  const { grants } = options;
  const app = new Hono<PrincipalEnv>();

  app.get('/api/v1/me/connections', async (c) => {
    const rows = await grants.list({ userId: c.get('principal').userId });
    return c.json({ connections: rows.map(toJson) });
  });
  app.delete('/api/v1/me/connections/:id', async (c) => {
    const id = c.req.param('id');
    const ok = await grants.revokeForUser(c.get('principal').userId, id);
    return ok ? c.json({ revoked: true, connection_id: id }) : c.json(notFound, 404);
  });

  const adminOnly = (role: string) => role === 'admin';
  const forbidden = {
    error: 'mcp.forbidden',
    message: 'Managing other users’ connections requires the admin role.',
  } as const;
  app.get('/api/v1/admin/connections', async (c) => {
    if (!adminOnly(c.get('principal').role)) return c.json(forbidden, 403);
    const rows = await grants.list({ includeRevoked: c.req.query('include_revoked') === 'true' });
    return c.json({ connections: rows.map(toJson) });
  });
  app.delete('/api/v1/admin/connections/:id', async (c) => {
    if (!adminOnly(c.get('principal').role)) return c.json(forbidden, 403);
    const id = c.req.param('id');
    const ok = await grants.revokeForUser(null, id);
    return ok ? c.json({ revoked: true, connection_id: id }) : c.json(notFound, 404);
  });
  return app;
}
