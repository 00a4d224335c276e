import { OAuthError } from '@lumen/auth';
import type { TokenEndpoint } from '@lumen/auth';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';

import { authorizationServerMetadata, protectedResourceMetadata } from './metadata.js';
import { peerAddress } from './peer-address.js';

export interface OAuthRoutesOptions {
  endpoint: TokenEndpoint;
  /** The public base URL of this server (the RFC 8414 issuer identifier). */
  issuerUrl: string;
  /** This server's MCP URL: the protected resource and every token's audience. */
  mcpUrl: string;
  /** The caller's address for per-address rate limiting (default: the socket's peer). */
  remoteAddress?: (c: Context) => string | undefined;
}

/** RFC 6749 §5.1 / §5.2: token responses and errors are never cached. */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

/** POST /oauth/token and the discovery documents (RFC 8414, RFC 9728). */
export function createOAuthRoutes(options: OAuthRoutesOptions) {
  const { endpoint, mcpUrl } = options;
  const remoteAddress = options.remoteAddress ?? peerAddress;
  const asMetadata = authorizationServerMetadata(options.issuerUrl);
  const prMetadata = protectedResourceMetadata(options.issuerUrl, mcpUrl);
  const app = new Hono();

  app.get('/.well-known/oauth-authorization-server', (c) => c.json(asMetadata));
  app.get('/.well-known/oauth-protected-resource', (c) => c.json(prMetadata));
  // RFC 9728 §3.1: the resource's path is appended to the well-known prefix.
  app.get('/.well-known/oauth-protected-resource/mcp', (c) => c.json(prMetadata));
  // Advertised only because the MCP SDK's metadata schema requires it (see metadata.ts).
  app.get('/oauth/authorize', (c) =>
    c.json(
      {
        error: 'unsupported_response_type',
        error_description: 'This server only issues tokens by client_credentials at /oauth/token.',
      },
      400,
      NO_STORE,
    ),
  );

  const limit = bodyLimit({
    maxSize: 16 * 1024,
    onError: (c) =>
      oauthErrorResponse(c, new OAuthError('invalid_request', 'The request body is too large.')),
  });
  app.post('/oauth/token', limit, async (c) => {
    try {
      const form = await readForm(c);
      const body = await endpoint.handle({
        form,
        authorizationHeader: c.req.header('authorization'),
        remoteAddress: remoteAddress(c),
        resourceBase: mcpUrl,
      });
      return c.json(body, 200, NO_STORE);
    } catch (error) {
      if (error instanceof OAuthError) return oauthErrorResponse(c, error);
      throw error;
    }
  });
  return app;
}

/** RFC 6749 §4.4.2: the token request is application/x-www-form-urlencoded. */
async function readForm(c: Context): Promise<URLSearchParams> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new OAuthError(
      'invalid_request',
      'Send the token request as application/x-www-form-urlencoded.',
    );
  }
  return new URLSearchParams(await c.req.text());
}

/** RFC 6749 §5.2 JSON error; 401 invalid_client carries a Basic challenge. */
function oauthErrorResponse(c: Context, error: OAuthError) {
  const headers: Record<string, string> = { ...NO_STORE };
  if (error.code === 'invalid_client')
    headers['WWW-Authenticate'] = 'Basic realm="lumen-mcp", charset="UTF-8"';
  if (error.retryAfterSeconds !== undefined)
    headers['Retry-After'] = String(error.retryAfterSeconds);
  return c.json(error.toResponseObject(), error.status, headers);
}
