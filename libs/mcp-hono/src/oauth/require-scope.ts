import { AuthError, authorizeScope, oauthSafeText } from '@lumen/auth';
import type { MiddlewareHandler } from 'hono';

import type { PrincipalEnv } from './bearer-auth.js';

/**
 * The scope each REST endpoint needs (README, "HTTP endpoints"). Mount after
 * bearerAuth; role checks stay with the routes and run after this, as the tool gates
 * do (scope first, then role).
 *
 * A refusal is 403 with the guide's `mcp.scope.denied` and, per RFC 6750 §3.1, a
 * challenge naming the scope that would have been enough:
 * `WWW-Authenticate: Bearer error="insufficient_scope", scope="admin"`.
 */
export function requireScope(scope: string, what: string): MiddlewareHandler<PrincipalEnv> {
  return async (c, next) => {
    try {
      authorizeScope(c.get('principal'), scope, what);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      return c.json({ error: error.code, message: error.message }, 403, {
        'WWW-Authenticate': `Bearer realm="lumen-mcp", error="insufficient_scope", scope="${scope}", error_description="${oauthSafeText(error.message)}"`,
        'Cache-Control': 'no-store',
      });
    }
    await next();
    return undefined;
  };
}
