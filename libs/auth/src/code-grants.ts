import type { Grants } from './grants.js';
import { OAuthError } from './oauth-error.js';
import { verifyPkceS256 } from './pkce.js';
import { narrowScopes, parseScopes } from './scopes.js';
import type { TokenService } from './token-service.js';

/** RFC 6749 §5.1 successful response (refresh_token for the user-facing grants). */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
}

interface Deps {
  grants: Grants;
  tokens: TokenService;
  now: Date;
  touch: (grantId: string, now: Date) => Promise<void>;
}

/**
 * Public clients (DCR, CIMD) authenticate by PKCE, not a secret (OAuth 2.1 §2.4,
 * §4.1.3): they send `client_id` in the body and nothing in Authorization.
 */
export function publicClientId(form: URLSearchParams, authorizationHeader?: string): string {
  if (authorizationHeader || form.has('client_secret')) {
    throw new OAuthError(
      'invalid_client',
      'This client was registered as a public client (token_endpoint_auth_method "none"): send only client_id.',
    );
  }
  const clientId = form.get('client_id');
  if (!clientId) throw new OAuthError('invalid_request', 'Missing client_id.');
  return clientId;
}

const required = (form: URLSearchParams, name: string): string => {
  const value = form.get(name);
  if (!value) throw new OAuthError('invalid_request', `Missing ${name}.`);
  return value;
};

/** RFC 8707 §2.2: a `resource` at the token endpoint must be the one the grant was for. */
function checkBoundResource(form: URLSearchParams, bound: string): void {
  const resources = form.getAll('resource');
  if (resources.length === 0) return;
  const canonical = (v: string) => v.replace(/\/$/, '');
  if (resources.length > 1 || canonical(resources[0]!) !== canonical(bound)) {
    throw new OAuthError('invalid_target', `This grant is for ${bound} only.`);
  }
}

async function issue(
  deps: Deps,
  grant: { grantId: string; userId: string; resource: string; scopes: string[] },
  accessScopes: string[],
): Promise<TokenResponse> {
  const signed = await deps.tokens.sign({
    userId: grant.userId,
    clientId: grant.grantId,
    scopes: accessScopes,
    audience: grant.resource,
  });
  const refreshToken = await deps.grants.issueRefreshToken(grant);
  await deps.touch(grant.grantId, deps.now);
  return {
    access_token: signed.accessToken,
    token_type: 'Bearer',
    expires_in: signed.expiresIn,
    scope: accessScopes.join(' '),
    refresh_token: refreshToken,
  };
}

/**
 * RFC 6749 §4.1.3 / OAuth 2.1 §4.1.3: the code must exist, be unused and unexpired,
 * belong to this client and redirect URI, and match the PKCE verifier. Checks run
 * before the code is used up, so a forged attempt does not burn the real client's code;
 * a code presented after use revokes its grant (OAuth 2.1 §4.1.3).
 */
export async function authorizationCodeGrant(
  form: URLSearchParams,
  clientId: string,
  deps: Deps,
): Promise<TokenResponse> {
  const code = required(form, 'code');
  const verifier = required(form, 'code_verifier');
  const redirectUri = required(form, 'redirect_uri');
  const read = await deps.grants.readCode(code);
  if (!read.ok) {
    if (read.reason === 'reused') {
      await deps.grants.revokeByCode(code);
      throw new OAuthError(
        'invalid_grant',
        'This authorization code was already used; the access it granted has been revoked.',
      );
    }
    throw new OAuthError('invalid_grant', 'Unknown authorization code.');
  }
  const issued = read.code;
  if (read.expiresAt.getTime() <= deps.now.getTime())
    throw new OAuthError('invalid_grant', 'The authorization code has expired; sign in again.');
  if (issued.oauthClientId !== clientId)
    throw new OAuthError('invalid_grant', 'The authorization code was issued to another client.');
  if (issued.redirectUri !== redirectUri)
    throw new OAuthError('invalid_grant', 'redirect_uri does not match the authorization request.');
  if (!verifyPkceS256(verifier, issued.codeChallenge))
    throw new OAuthError('invalid_grant', 'The PKCE code_verifier does not match the challenge.');
  checkBoundResource(form, issued.resource);
  if (read.revoked)
    throw new OAuthError('invalid_grant', 'This sign-in has been revoked; sign in again.');
  if (!(await deps.grants.consumeCode(code))) {
    await deps.grants.revokeByCode(code);
    throw new OAuthError('invalid_grant', 'This authorization code was already used.');
  }
  return issue(deps, { ...issued, userId: read.owner.id }, issued.scopes);
}

/** OAuth 2.1 §4.3: rotation on every use; a replayed token revokes its grant. */
export async function refreshTokenGrant(
  form: URLSearchParams,
  clientId: string,
  deps: Deps,
): Promise<TokenResponse> {
  const token = required(form, 'refresh_token');
  const redeemed = await deps.grants.redeemRefreshToken(token);
  if (!redeemed.ok) {
    throw new OAuthError(
      'invalid_grant',
      redeemed.reason === 'reused'
        ? 'This refresh token was already used; the grant has been revoked. Sign in again.'
        : 'Unknown refresh token: its sign-in was revoked, or it was never issued here. Sign in again.',
    );
  }
  if (redeemed.oauthClientId !== clientId)
    throw new OAuthError('invalid_grant', 'The refresh token was issued to another client.');
  if (redeemed.revoked)
    throw new OAuthError('invalid_grant', 'This sign-in has been revoked; sign in again.');
  if (redeemed.expiresAt.getTime() <= deps.now.getTime())
    throw new OAuthError('invalid_grant', 'The refresh token has expired; sign in again.');
  checkBoundResource(form, redeemed.resource);
  const requested = form.get('scope');
  let accessScopes = redeemed.scopes;
  if (requested && requested.trim() !== '') {
    try {
      accessScopes = narrowScopes(redeemed.scopes, parseScopes(requested));
    } catch (error) {
      if (error instanceof OAuthError) throw error;
      throw new OAuthError('invalid_scope', (error as Error).message);
    }
  }
  return issue(deps, { ...redeemed, userId: redeemed.owner.id }, accessScopes);
}
