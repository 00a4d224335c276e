import { SCOPE_VOCABULARY } from '@lumen/auth';

/** Strips one trailing slash so `${issuer}/oauth/token` never has `//`. */
export const trimSlash = (url: string) => url.replace(/\/$/, '');

/**
 * RFC 8414 §2 authorization-server metadata. Only client_credentials is offered, so
 * there is no real authorization endpoint; the MCP TypeScript SDK's
 * `OAuthMetadataSchema` nevertheless requires `authorization_endpoint` and
 * `response_types_supported`, so we advertise an endpoint that refuses every response
 * type and an empty list of response types — what lets the SDK's own
 * ClientCredentialsProvider discover this server unmodified.
 */
export function authorizationServerMetadata(issuerUrl: string) {
  const issuer = trimSlash(issuerUrl);
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    response_types_supported: [] as string[],
    scopes_supported: [...SCOPE_VOCABULARY],
  };
}

/**
 * RFC 9728 §2 protected-resource metadata for the MCP endpoint.
 *
 * `scopes_supported` is deliberately absent here (it is OPTIONAL). The MCP
 * authorization spec's scope selection, which the SDK follows, requests every scope
 * listed here when the 401 names none; for a client registered with a narrower list
 * that request would exceed its registration and fail with `invalid_scope`. Without
 * the list the SDK sends no scope and receives its registration's scopes (RFC 6749
 * §3.3 default). The vocabulary is still advertised by the authorization server.
 */
export function protectedResourceMetadata(issuerUrl: string, mcpUrl: string) {
  return {
    resource: mcpUrl,
    authorization_servers: [trimSlash(issuerUrl)],
    bearer_methods_supported: ['header'],
    resource_name: 'Lumen MCP server',
  };
}
