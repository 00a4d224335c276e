import { OAuthError } from './oauth-error.js';
import { isSaneText } from './sane-text.js';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/**
 * Reads the client's credentials from exactly one of the two methods RFC 6749 §2.3.1
 * defines: HTTP Basic (`client_secret_basic`, userid and password each form-urlencoded
 * before base64) or the body (`client_secret_post`). Using both is invalid_request
 * (§2.3: "MUST NOT use more than one authentication method in each request").
 */
export function readClientCredentials(
  form: URLSearchParams,
  authorizationHeader: string | undefined,
): ClientCredentials {
  const basic = authorizationHeader ? parseBasic(authorizationHeader) : undefined;
  const postId = form.get('client_id');
  const postSecret = form.get('client_secret');
  if (basic) {
    if (postSecret !== null) {
      throw new OAuthError(
        'invalid_request',
        'Send client credentials either in the Authorization header or in the body, not both.',
      );
    }
    if (postId !== null && postId !== basic.clientId) {
      throw new OAuthError(
        'invalid_request',
        'client_id in the body does not match the Authorization header.',
      );
    }
    return basic;
  }
  if (!postId || !postSecret) {
    throw new OAuthError(
      'invalid_client',
      'Client authentication is required: HTTP Basic (client_secret_basic) or client_id and client_secret in the body (client_secret_post).',
    );
  }
  return { clientId: postId, clientSecret: postSecret };
}

function parseBasic(header: string): ClientCredentials {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match)
    throw new OAuthError(
      'invalid_client',
      'Only HTTP Basic client authentication is accepted in the Authorization header.',
    );
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new OAuthError('invalid_client', 'Malformed HTTP Basic credentials.');
  let credentials: ClientCredentials;
  try {
    credentials = {
      clientId: formDecode(decoded.slice(0, colon)),
      clientSecret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    throw new OAuthError('invalid_client', 'Malformed HTTP Basic credentials.');
  }
  // Like the body's fields (token-endpoint.ts): no NUL or other control text reaches a lookup.
  if (!isSaneText(credentials.clientId, 4096) || !isSaneText(credentials.clientSecret, 4096))
    throw new OAuthError('invalid_client', 'Malformed HTTP Basic credentials.');
  return credentials;
}

/** application/x-www-form-urlencoded decoding ('+' is a space), per RFC 6749 §2.3.1. */
const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));
