/**
 * OAuth 2.0 token-endpoint errors (RFC 6749 §5.2), plus `invalid_target` from
 * RFC 8707 §2 (resource indicators) and `too_many_requests` (the code the MCP SDK uses
 * for HTTP 429, RFC 6585), the authorization endpoint's (RFC 6749 §4.1.2.1) and
 * dynamic registration's (RFC 7591 §3.2.2). Kept apart from AuthError because their wire format is
 * fixed by the RFC: `{ error, error_description }`.
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'too_many_requests'
  // RFC 6749 §4.1.2.1: authorization-endpoint errors, sent back on the redirect.
  | 'access_denied'
  | 'unsupported_response_type'
  // RFC 6749 §4.1.2.1; sent by the token endpoint too when argon2 capacity is full (503).
  | 'temporarily_unavailable'
  // RFC 7591 §3.2.2: dynamic client registration errors.
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata';

const STATUS: Record<OAuthErrorCode, 400 | 401 | 429 | 503> = {
  invalid_request: 400,
  // RFC 6749 §5.2: 401 when the client tried to authenticate (we always answer 401,
  // with `WWW-Authenticate: Basic`, which is allowed for either case).
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  invalid_target: 400,
  too_many_requests: 429,
  access_denied: 400,
  unsupported_response_type: 400,
  temporarily_unavailable: 503,
  invalid_redirect_uri: 400,
  invalid_client_metadata: 400,
};

export interface OAuthErrorResponse {
  error: OAuthErrorCode;
  error_description: string;
}

export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  readonly status: 400 | 401 | 429 | 503;
  constructor(
    readonly code: OAuthErrorCode,
    message: string,
    /** Seconds a client should wait before retrying (429 and 503, sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.status = STATUS[code];
  }

  /** The RFC 6749 §5.2 JSON body. */
  toResponseObject(): OAuthErrorResponse {
    return { error: this.code, error_description: oauthSafeText(this.message) };
  }
}

/**
 * RFC 6749 §5.2 and RFC 6750 §3 limit `error_description` to printable ASCII without
 * `"` and `\` (%x20-21 / %x23-5B / %x5D-7E); it also has to fit in an HTTP header.
 */
export function oauthSafeText(text: string): string {
  return text
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/"/g, "'")
    .replace(/\\/g, '/')
    .replace(/[^\x20-\x7e]/g, '?');
}
