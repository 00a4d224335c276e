import { AuthError } from './auth-error.js';
import type { ClientRegistry } from './client-registry.js';
import { authorizationCodeGrant, publicClientId, refreshTokenGrant } from './code-grants.js';
import type { TokenResponse } from './code-grants.js';
import type { Grants } from './grants.js';
import { OAuthError } from './oauth-error.js';
import type { Clock } from './random-source.js';
import { systemClock } from './random-source.js';
import type { RateLimiter } from './rate-limiter.js';
import { isSaneText } from './sane-text.js';
import { narrowScopes, parseScopes } from './scopes.js';
import type { TokenService } from './token-service.js';
import { readClientCredentials } from './client-credentials.js';

export interface TokenRequest {
  /** The form-urlencoded body. */
  form: URLSearchParams;
  authorizationHeader?: string | undefined;
  /** For the per-address rate limit; omit when unknown. */
  remoteAddress?: string | undefined;
  /** This server's MCP URL: the only RFC 8707 resource it serves, and every token's `aud`. Defaults to the factory's `mcpUrl`. */
  resourceBase?: string | undefined;
}

export type { TokenResponse };

export interface TokenEndpointOptions {
  registry: ClientRegistry;
  tokens: TokenService;
  rateLimiter: RateLimiter;
  /** Enables authorization_code and refresh_token (public clients, PKCE). */
  grants?: Grants | undefined;
  /** Default resource (see TokenRequest.resourceBase). */
  mcpUrl?: string | undefined;
  clock?: Clock | undefined;
}

export type TokenEndpoint = ReturnType<typeof createTokenEndpoint>;

/** Parameters that RFC 6749 §3.2 forbids repeating. */
const SINGLE = [
  'grant_type',
  'scope',
  'client_id',
  'client_secret',
  'code',
  'code_verifier',
  'redirect_uri',
  'refresh_token',
];

/**
 * The client-credentials grant (RFC 6749 §4.4), transport-agnostic: the HTTP layer
 * hands over the form and the Authorization header and renders the result or the
 * OAuthError. Order: request shape, grant type, rate limit, client authentication
 * (one argon2 check), scope, resource, sign.
 */
export function createTokenEndpoint(options: TokenEndpointOptions) {
  const { registry, tokens, rateLimiter } = options;
  const clock = options.clock ?? systemClock;

  /**
   * Rate limit first (no argon2 for a blocked key), then one secret check. Failures
   * count per (client id, address) and per address — never per client id alone, which
   * anyone can read from a JWT (see rate-limiter.ts).
   */
  async function authenticateClient(request: TokenRequest, now: Date) {
    const credentials = readClientCredentials(request.form, request.authorizationHeader);
    const keys = rateLimiter.keysFor({
      kind: 'client',
      subject: credentials.clientId,
      remoteAddress: request.remoteAddress,
    });
    const decision = await rateLimiter.check(keys, now);
    if (!decision.allowed) {
      throw new OAuthError(
        'too_many_requests',
        `Too many failed client authentications; retry in ${decision.retryAfterSeconds} s.`,
        decision.retryAfterSeconds,
      );
    }
    const auth = await registry
      .authenticate(credentials.clientId, credentials.clientSecret)
      .catch(busyToUnavailable);
    if (auth.ok) return auth;
    await rateLimiter.recordFailure(keys, now);
    throw new OAuthError(
      'invalid_client',
      auth.reason === 'revoked'
        ? 'This client has been revoked. Mint a new client with `lumen mcp-token`.'
        : 'Client authentication failed: unknown client or wrong secret.',
    );
  }

  async function handle(request: TokenRequest): Promise<TokenResponse> {
    const resourceBase = request.resourceBase ?? options.mcpUrl;
    if (!resourceBase) {
      throw new Error('createTokenEndpoint: no mcpUrl or resourceBase to bind tokens to');
    }
    checkFormText(request.form);
    const grantType = checkGrant(request.form, options.grants !== undefined);
    const now = clock();
    if (grantType !== 'client_credentials') {
      const clientId = publicClientId(request.form, request.authorizationHeader);
      const deps = { grants: options.grants!, tokens, now, touch: registry.touch };
      return grantType === 'authorization_code'
        ? authorizationCodeGrant(request.form, clientId, deps)
        : refreshTokenGrant(request.form, clientId, deps);
    }
    const auth = await authenticateClient(request, now);
    const scopes = grantedScopes(auth.client.scopes, request.form.get('scope'));
    checkResource(request.form.getAll('resource'), resourceBase);
    const signed = await tokens.sign({
      userId: auth.owner.id,
      clientId: auth.client.clientId,
      scopes,
      audience: resourceBase,
    });
    await registry.touch(auth.client.clientId, now);
    return {
      access_token: signed.accessToken,
      token_type: 'Bearer',
      expires_in: signed.expiresIn,
      scope: scopes.join(' '),
    };
  }

  return { handle };
}

/** A full argon2 queue is the server's capacity, not the client's fault: RFC 6749 §4.1.2.1's 503. */
function busyToUnavailable(error: unknown): never {
  if (error instanceof AuthError && error.code === 'auth.busy')
    throw new OAuthError('temporarily_unavailable', error.message, 1);
  throw error;
}

/**
 * No parameter of RFC 6749 holds control characters, broken UTF-16 or kilobytes; such
 * text must never reach a lookup (PostgreSQL refuses NUL outright). The credentials
 * are invalid_client (§5.2, as for any failed client authentication), the rest
 * invalid_request.
 */
function checkFormText(form: URLSearchParams): void {
  for (const [name, value] of form) {
    if (isSaneText(name, 64) && isSaneText(value, 4096)) continue;
    if (name === 'client_id' || name === 'client_secret')
      throw new OAuthError('invalid_client', `${name} has control characters or is too long.`);
    throw new OAuthError(
      'invalid_request',
      isSaneText(name, 64)
        ? `The "${name}" parameter has control characters or is too long.`
        : 'A parameter name has control characters or is too long.',
    );
  }
}

type GrantType = 'client_credentials' | 'authorization_code' | 'refresh_token';

/** RFC 6749 §3.2 (no repeated parameters) and the grant types this server issues under. */
function checkGrant(form: URLSearchParams, userGrants: boolean): GrantType {
  const repeated = SINGLE.find((p) => form.getAll(p).length > 1);
  if (repeated) {
    throw new OAuthError('invalid_request', `The "${repeated}" parameter appears more than once.`);
  }
  const grantType = form.get('grant_type');
  const supported: GrantType[] = userGrants
    ? ['authorization_code', 'refresh_token', 'client_credentials']
    : ['client_credentials'];
  if (!grantType) {
    throw new OAuthError(
      'invalid_request',
      `Missing grant_type; this server supports ${supported.join(', ')}.`,
    );
  }
  if (!(supported as string[]).includes(grantType)) {
    throw new OAuthError(
      'unsupported_grant_type',
      `Supported grant types: ${supported.join(', ')}.`,
    );
  }
  return grantType as GrantType;
}

/** RFC 6749 §3.3: an omitted scope means the registration's scopes. */
function grantedScopes(registered: readonly string[], requested: string | null): string[] {
  if (requested === null || requested.trim() === '') return [...registered];
  let parsed: string[];
  try {
    parsed = parseScopes(requested);
  } catch (error) {
    throw new OAuthError('invalid_scope', (error as Error).message);
  }
  return narrowScopes(registered, parsed);
}

/**
 * RFC 8707 §2: `resource` names where the token will be used. This server protects one
 * resource, its MCP endpoint, so anything else — or several — is `invalid_target`.
 * Without the parameter the token is still bound to that one resource (aud).
 */
function checkResource(resources: string[], resourceBase: string): void {
  if (resources.length === 0) return;
  if (resources.length > 1)
    throw new OAuthError('invalid_target', 'This server accepts one resource: its MCP URL.');
  if (canonicalResource(resources[0]!) !== canonicalResource(resourceBase)) {
    throw new OAuthError('invalid_target', `Tokens from this server are only for ${resourceBase}.`);
  }
}

function canonicalResource(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (url.hash !== '') return undefined; // RFC 8707 §2: MUST NOT include a fragment
  return url.href.replace(/\/$/, '');
}
