import { OAuthError } from '@lumen/auth';
import type { OAuthClients, TokenEndpoint } from '@lumen/auth';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';

import { authorizationServerMetadata, protectedResourceMetadata } from './metadata.js';
import { peerAddress } from './peer-address.js';
import type { OriginResolver } from './request-origin.js';

export interface OAuthRoutesOptions {
  endpoint: TokenEndpoint;
  /** The public base URL of this server (the RFC 8414 issuer identifier). */
  issuerUrl: string;
  /** This server's MCP URL: the protected resource and every token's audience. */
  mcpUrl: string;
  /** Per-request base URL (see request-origin.ts); default: always `issuerUrl`. */
  origin?: OriginResolver;
  /** DCR and CIMD clients; without it there is no registration endpoint. */
  oauthClients?: OAuthClients;
  /** The caller's address for per-address rate limiting (default: the socket's peer). */
  remoteAddress?: (c: Context) => string | undefined;
}

/** RFC 6749 §5.1 / §5.2: token responses and errors are never cached. */
export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

/** POST /oauth/token, POST /oauth/register and the discovery documents (RFC 8414, RFC 9728). */
export function createOAuthRoutes(options: OAuthRoutesOptions) {
  const { endpoint, oauthClients } = options;
  const remoteAddress = options.remoteAddress ?? peerAddress;
  const origin = options.origin ?? (() => options.issuerUrl.replace(/\/+$/, ''));
  const mcpUrlOf = (c: Context) => (options.origin ? `${origin(c)}/mcp` : options.mcpUrl);
  const features = { clientIdMetadataDocuments: oauthClients?.supportsClientIdDocuments ?? false };
  const app = new Hono();

  app.get('/.well-known/oauth-authorization-server', (c) =>
    c.json(authorizationServerMetadata(origin(c), features)),
  );
  const prMetadata = (c: Context) => c.json(protectedResourceMetadata(origin(c), mcpUrlOf(c)));
  app.get('/.well-known/oauth-protected-resource', prMetadata);
  // RFC 9728 §3.1: the resource's path is appended to the well-known prefix.
  app.get('/.well-known/oauth-protected-resource/mcp', prMetadata);

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
        resourceBase: mcpUrlOf(c),
      });
      return c.json(body, 200, NO_STORE);
    } catch (error) {
      if (error instanceof OAuthError) return oauthErrorResponse(c, error);
      throw error;
    }
  });

  if (oauthClients) {
    // RFC 7591 §3: open registration for public clients (PKCE), rate-limited per address.
    app.post('/oauth/register', limit, async (c) => {
      try {
        let metadata: unknown;
        try {
          metadata = await c.req.json();
        } catch {
          throw new OAuthError('invalid_client_metadata', 'Send the client metadata as JSON.');
        }
        const client = await oauthClients.register(metadata, remoteAddress(c));
        return c.json(
          {
            client_id: client.clientId,
            client_id_issued_at: Math.floor(client.issuedAt.getTime() / 1000),
            client_name: client.name,
            redirect_uris: client.redirectUris,
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            token_endpoint_auth_method: 'none',
          },
          201,
          NO_STORE,
        );
      } catch (error) {
        if (error instanceof OAuthError) return oauthErrorResponse(c, error);
        throw error;
      }
    });
  }
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
export function oauthErrorResponse(c: Context, error: OAuthError) {
  const headers: Record<string, string> = { ...NO_STORE };
  if (error.code === 'invalid_client')
    headers['WWW-Authenticate'] = 'Basic realm="lumen-mcp", charset="UTF-8"';
  if (error.retryAfterSeconds !== undefined)
    headers['Retry-After'] = String(error.retryAfterSeconds);
  return c.json(error.toResponseObject(), error.status, headers);
}
