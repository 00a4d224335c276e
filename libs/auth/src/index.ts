/**
 * @lumen/auth — who may call Lumen's MCP tools. MCP client registrations with
 * argon2id-hashed secrets, the OAuth 2.0 client-credentials token endpoint (RFC 6749
 * §4.4) as a transport-agnostic handler, HS256 access tokens, the per-call Principal
 * held in async context, and the scope and role gates. No HTTP framework here: the
 * apps mount these on their transports.
 */
export { AuthError, isAuthError } from './auth-error.js';
export type { AuthErrorCode } from './auth-error.js';
export { OAuthError, oauthSafeText } from './oauth-error.js';
export type { OAuthErrorCode, OAuthErrorResponse } from './oauth-error.js';
export {
  TOOL_NAMES,
  TOOL_ACCESS,
  WILDCARD_SCOPE,
  ADMIN_SCOPE,
  SCOPE_VOCABULARY,
  isToolName,
  parseScopes,
  scopeAllows,
  narrowScopes,
} from './scopes.js';
export type { ToolName, Scope, ToolAccess } from './scopes.js';
export {
  hashSecret,
  verifySecret,
  createSecretHasher,
  inThreadHasher,
  OWASP_ARGON2ID,
} from './secrets.js';
export type { Argon2Params, Argon2Input, Argon2Compute, SecretHasher } from './secrets.js';
export { createArgon2Pool } from './argon2-pool.js';
export type { Argon2Pool, Argon2PoolOptions } from './argon2-pool.js';
export { createVerifyAhead } from './verify-ahead.js';
export type { VerifyAhead, VerifyAheadOptions } from './verify-ahead.js';
export {
  generateClientId,
  generateClientSecret,
  clientIdOfSecret,
  isClientId,
} from './credentials.js';
export { cryptoRandom, systemClock } from './random-source.js';
export type { RandomSource, Clock } from './random-source.js';
export { createClientRegistry, formatMintOutput } from './client-registry.js';
export type {
  ClientRegistry,
  ClientRegistryOptions,
  MintInput,
  MintResult,
  ClientInfo,
  ClientOwner,
  AuthenticateResult,
  AuthenticateFailure,
} from './client-registry.js';
export { createClientCache, PRINCIPAL_CHANNEL } from './client-cache.js';
export type { ClientCache, ClientCacheOptions } from './client-cache.js';
export { createTokenService } from './token-service.js';
export type {
  TokenService,
  TokenServiceOptions,
  SignInput,
  SignedToken,
  AccessTokenClaims,
} from './token-service.js';
export { runWithPrincipal, currentPrincipal, createPrincipalResolver } from './principal.js';
export type { Principal, PrincipalResolver, PrincipalResolverOptions } from './principal.js';
export { authorizeScope, authorizeTool, roleMissingFor } from './gates.js';
export { createAuthRateLimiter } from './rate-limiter.js';
export type {
  RateLimiter,
  RateLimiterOptions,
  RateLimitDecision,
  FailureKey,
  FailureSubject,
} from './rate-limiter.js';
export { addressBucket } from './address-bucket.js';
export { readClientCredentials } from './client-credentials.js';
export type { ClientCredentials } from './client-credentials.js';
export { createTokenEndpoint } from './token-endpoint.js';
export type {
  TokenEndpoint,
  TokenEndpointOptions,
  TokenRequest,
  TokenResponse,
} from './token-endpoint.js';
export { createPasswords, MIN_PASSWORD_LENGTH } from './passwords.js';
export type { Passwords, PasswordsOptions, SignedInUser } from './passwords.js';
export { createOAuthClients, isClientIdUrl } from './oauth-clients.js';
export type {
  OAuthClients,
  OAuthClientsOptions,
  OAuthClientView,
  ClientDocumentResult,
} from './oauth-clients.js';
export { createGrants } from './grants.js';
export type { Grants, GrantsOptions, GrantView } from './grants.js';
export { createPendingAuthorizations } from './pending-authorizations.js';
export type {
  PendingAuthorizations,
  PendingAuthorization,
  AuthorizationRequest,
} from './pending-authorizations.js';
export { checkRedirectUri, redirectUriMatches, redirectUriProblemText } from './redirect-uri.js';
export type { RedirectUriProblem } from './redirect-uri.js';
export { isS256Challenge, verifyPkceS256 } from './pkce.js';
export { isSaneText } from './sane-text.js';
