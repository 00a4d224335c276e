/**
 * The HTTP face of @lumen/auth: the OAuth token, registration and authorization
 * endpoints with their login and consent pages, the discovery documents, the Bearer
 * middleware that puts a Principal in context, and the admin and connections APIs.
 */
export { createOAuthRoutes } from './oauth-routes.js';
export type { OAuthRoutesOptions } from './oauth-routes.js';
export { createAuthorizeRoutes } from './authorize-routes.js';
export type { AuthorizeRoutesOptions } from './authorize-routes.js';
export { createConnectionsRoutes } from './connections-routes.js';
export { createOriginResolver } from './request-origin.js';
export type { OriginResolver } from './request-origin.js';
export { bearerAuth } from './bearer-auth.js';
export { requireScope } from './require-scope.js';
export type { BearerAuthOptions, PrincipalEnv } from './bearer-auth.js';
export { createAdminRoutes } from './admin-routes.js';
export type { AdminRoutesOptions } from './admin-routes.js';
export { authorizationServerMetadata, protectedResourceMetadata } from './metadata.js';
export { peerAddress } from './peer-address.js';
