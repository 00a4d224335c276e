import type { Lumen } from '@lumen/platform';
import { resolveJwtSecret } from '@lumen/platform';
import type { Hono } from 'hono';

import { createAuthWiring } from './auth-wiring.js';
import type { AuthWiring, AuthWiringDeps } from './auth-wiring.js';

const wirings = new WeakMap<Lumen, AuthWiring>();

/**
 * The OAuth side of a Lumen (token service, client cache, argon2 workers, routes),
 * built once per Lumen and closed with it, so that {@link lumenMcp} and
 * {@link lumenOAuth} share it. Needs JWT_SECRET with PostgreSQL (see resolveJwtSecret).
 */
export function lumenAuth(
  lumen: Lumen,
  extra: Pick<AuthWiringDeps, 'clock' | 'hashParams' | 'cimdCa'> = {},
): AuthWiring {
  let auth = wirings.get(lumen);
  if (!auth) {
    const jwtSecret = resolveJwtSecret(lumen.config, (line) => lumen.logger.info(line));
    auth = createAuthWiring({ db: lumen.db, config: lumen.config, jwtSecret, ...extra });
    const wiring = auth;
    lumen.onClose(async () => {
      await wiring.clientCache.close();
      await wiring.hasher.close();
    });
    wirings.set(lumen, auth);
  }
  return auth;
}

/**
 * Lumen's OAuth 2.1 authorization server as a mountable Hono app: the token,
 * registration and authorization endpoints with their sign-in and consent pages, and
 * the discovery documents. Mount it at the ORIGIN ROOT (`app.route('/', lumenOAuth(lumen))`):
 * clients look for `/.well-known/oauth-authorization-server` and
 * `/.well-known/oauth-protected-resource/mcp` there (RFC 8414, RFC 9728), and the
 * endpoint URLs the documents announce are derived from LUMEN_PUBLIC_URL (or, unset,
 * a loopback request's own origin). Serve {@link lumenMcp} at `/mcp` of the same origin.
 */
export function lumenOAuth(lumen: Lumen): Hono {
  return lumenAuth(lumen).oauthRoutes;
}
