import { SCOPE_VOCABULARY } from '@lumen/auth';

/** Strips one trailing slash so `${issuer}/oauth/token` never has `//`. */
export const trimSlash = (url: string) => url.replace(/\/$/, '');

/**
 * RFC 8414 §2 authorization-server metadata, as the MCP authorization spec
 * (2025-11-25) expects it: the authorization code flow with PKCE S256 only, dynamic
 * registration (RFC 7591) and Client ID Metadata Documents for public clients,
 * refresh tokens, and client credentials for Lumen-minted clients. `iss` is added to
 * authorization responses (RFC 9207).
 */
export function authorizationServerMetadata(
  issuerUrl: string,
  features: { clientIdMetadataDocuments: boolean },
) {
  const issuer = trimSlash(issuerUrl);
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    registration_endpoint: `${issuer}/oauth/register`,
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
    scopes_supported: [...SCOPE_VOCABULARY],
    client_id_metadata_document_supported: features.clientIdMetadataDocuments,
    authorization_response_iss_parameter_supported: true,
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
 * §3.3 default), or, in the authorization code flow, the consent page offers every
 * tool the user may use. The vocabulary is still advertised by the authorization server.
 */
export function protectedResourceMetadata(issuerUrl: string, mcpUrl: string) {
  return {
    resource: mcpUrl,
    authorization_servers: [trimSlash(issuerUrl)],
    bearer_methods_supported: ['header'],
    resource_name: 'Lumen MCP server',
  };
}
