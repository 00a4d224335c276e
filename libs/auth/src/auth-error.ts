/**
 * Every auth failure a caller can act on carries a stable code. The `mcp.*` codes are
 * the ones the operator guide documents (Troubleshooting), so transports pass them
 * through unchanged; the `auth.*` codes come from administration (minting, revoking).
 */
export type AuthErrorCode =
  // principal resolution (guide: Troubleshooting)
  | 'mcp.token_required'
  | 'mcp.invalid_token'
  | 'mcp.client_revoked'
  // gates (guide: Auth posture)
  | 'mcp.scope.denied'
  | 'mcp.role.denied'
  // administration
  | 'auth.owner.unknown'
  | 'auth.scope.unknown'
  | 'auth.scope.empty'
  | 'auth.name.empty'
  | 'auth.client.unknown'
  | 'auth.password.weak'
  // argon2 capacity (argon2-pool.ts): callers answer 503 with Retry-After
  | 'auth.busy';

/** The one error base class of @lumen/auth. Messages never contain a token or secret. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

export const isAuthError = (error: unknown): error is AuthError => error instanceof AuthError;
