import { AuthError, oauthSafeText, runWithPrincipal } from '@lumen/auth';
import type { Principal, PrincipalResolver } from '@lumen/auth';
import type { Context, MiddlewareHandler } from 'hono';

export interface BearerAuthOptions {
  resolver: PrincipalResolver;
  /** Where clients find the RFC 9728 document, sent in every challenge (or per request). */
  resourceMetadataUrl: string | ((c: Context) => string);
  /** The `aud` tokens must carry: this server's MCP URL (or per request, see request-origin.ts). */
  audience: string | ((c: Context) => string);
  clock?: () => Date;
}

export type PrincipalEnv = { Variables: { principal: Principal } };

/** RFC 6750 §3: quoted-string values are printable ASCII without `"` or `\`. */
const quoted = (text: string) => `"${oauthSafeText(text)}"`;

/**
 * Resolves `Authorization: Bearer <jwt>` into a Principal, sets it on the context and
 * runs the rest of the request inside `runWithPrincipal`. Failures are 401 with an
 * RFC 6750 challenge that also points at the RFC 9728 metadata (MCP authorization
 * spec), and a JSON body whose `error` is the guide's code.
 */
export function bearerAuth(options: BearerAuthOptions): MiddlewareHandler<PrincipalEnv> {
  const clock = options.clock ?? (() => new Date());
  const perRequest = (value: string | ((c: Context) => string), c: Context) =>
    typeof value === 'string' ? value : value(c);

  const challenge = (c: Context, error: AuthError) => {
    const metadata = `resource_metadata=${quoted(perRequest(options.resourceMetadataUrl, c))}`;
    // RFC 6750 §3.1: a request without credentials gets no error code.
    const header =
      error.code === 'mcp.token_required'
        ? `Bearer realm="lumen-mcp", ${metadata}`
        : `Bearer realm="lumen-mcp", error="invalid_token", error_description=${quoted(error.message)}, ${metadata}`;
    return c.json({ error: error.code, message: error.message }, 401, {
      'WWW-Authenticate': header,
      'Cache-Control': 'no-store',
    });
  };

  return async (c, next) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!token) {
      return challenge(
        c,
        new AuthError(
          'mcp.token_required',
          'An access token is required: POST /oauth/token, then send "Authorization: Bearer <access_token>".',
        ),
      );
    }
    let principal: Principal;
    try {
      principal = await options.resolver.fromBearer(token, {
        audience: perRequest(options.audience, c),
        now: clock(),
      });
    } catch (error) {
      if (error instanceof AuthError) return challenge(c, error);
      throw error;
    }
    c.set('principal', principal);
    await runWithPrincipal(principal, () => next());
    return undefined;
  };
}
