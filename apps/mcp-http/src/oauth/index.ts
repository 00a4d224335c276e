/**
 * The HTTP face of @lumen/auth: the OAuth token endpoint and discovery documents,
 * the Bearer middleware that puts a Principal in context, and the admin client API.
 */
export { createOAuthRoutes } from './oauth-routes.js';
export type { OAuthRoutesOptions } from './oauth-routes.js';
export { bearerAuth } from './bearer-auth.js';
export type { BearerAuthOptions, PrincipalEnv } from './bearer-auth.js';
export { createAdminRoutes } from './admin-routes.js';
export type { AdminRoutesOptions } from './admin-routes.js';
export { authorizationServerMetadata, protectedResourceMetadata } from './metadata.js';
export { peerAddress } from './peer-address.js';
