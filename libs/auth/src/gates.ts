import { AuthError } from './auth-error.js';
import type { Principal } from './principal.js';
import { ADMIN_SCOPE, isToolName, scopeAllows, TOOL_ACCESS } from './scopes.js';

const ELEVATED = new Set<string>(['instructor', 'admin']);

/**
 * The dispatcher's gates, in the guide's order ("Auth posture"): the scope gate first,
 * so a token without the scope gets a clean `mcp.scope.denied` before the role gate;
 * then the role gate for instructor tools. Per-tool checks (enrolment for the tutor)
 * belong to the services.
 */
export function authorizeTool(principal: Principal, toolName: string): void {
  if (!scopeAllows(principal.scopes, toolName)) {
    throw new AuthError('mcp.scope.denied', toolScopeDenied(principal, toolName));
  }
  if (roleMissingFor(toolName, principal.role)) {
    throw new AuthError(
      'mcp.role.denied',
      `${toolName} requires the instructor or admin role; this client's owner is a learner. Ask an admin to change the role, or use a client owned by an instructor.`,
    );
  }
}

/**
 * The REST API's scope gate: the caller's token must hold `scope` (or `*`). Runs
 * before any role check, as for tools, so a narrowed token gets `mcp.scope.denied`
 * whoever owns it. `what` names the refused request for the message.
 */
export function authorizeScope(principal: Principal, scope: string, what: string): void {
  if (scopeAllows(principal.scopes, scope)) return;
  const held = principal.scopes.join(' ') || 'none';
  if (principal.oauthClientId === undefined) {
    throw new AuthError(
      'mcp.scope.denied',
      `${what} needs the "${scope}" scope; this token holds ${held}. Request a token with scope "${scope}" (or mint the client with --scopes "${scope}" or "*").`,
    );
  }
  // The consent page offers `admin` to admins only, and only when the app asks for it.
  const how =
    scope === ADMIN_SCOPE
      ? `Sign in again as an admin from an MCP client that requests scope "admin", and allow it.`
      : `Sign in again (reconnect Lumen in your MCP client) and allow "${scope}" on the consent page.`;
  throw new AuthError(
    'mcp.scope.denied',
    `${what} needs the "${scope}" scope; this sign-in allows ${held}. ${how}`,
  );
}

const isInstructorTool = (toolName: string) =>
  isToolName(toolName) && TOOL_ACCESS[toolName] === 'instructor';

/**
 * The role an owner lacks to use `scope` at all, if any: instructor tools need an
 * instructor or admin, the admin API an admin. The role gate above refuses on it, and
 * `lumen mcp-token` will not mint such a scope for such an owner.
 */
export function roleMissingFor(scope: string, role: string): 'instructor' | 'admin' | undefined {
  if (scope === ADMIN_SCOPE) return role === 'admin' ? undefined : 'admin';
  return isInstructorTool(scope) && !ELEVATED.has(role) ? 'instructor' : undefined;
}

/**
 * The fix depends on how the client got its scopes: a minted client's are fixed at
 * `lumen mcp-token`; a sign-in's are what the user ticked on the consent page, which
 * never offers a learner the instructor tools.
 */
function toolScopeDenied(principal: Principal, toolName: string): string {
  if (principal.oauthClientId === undefined) {
    // `lumen mcp-token` refuses scopes beyond the owner's role, so re-minting alone
    // would not help a learner.
    if (roleMissingFor(toolName, principal.role))
      return `This client's scopes do not include ${toolName}, an instructor tool, and its owner is a ${principal.role}. Ask an admin for the instructor role and then re-mint the client with --scopes "${toolName}" (or "*"), or use a client owned by an instructor.`;
    return `This client's scopes do not include ${toolName}. Revoke and re-mint the client with broader scopes (e.g. --scopes "${toolName}" or "*"), or use a different client.`;
  }
  if (roleMissingFor(toolName, principal.role)) {
    return `This sign-in does not allow ${toolName}: it is an instructor tool and your account is a ${principal.role}, so signing in cannot offer it. Ask an admin for the instructor role, then sign in again (reconnect Lumen in your MCP client) and allow ${toolName}.`;
  }
  return `This sign-in does not allow ${toolName}: it was unticked on the consent page, or your MCP client did not ask for it. Sign in again (reconnect Lumen in your MCP client) and leave ${toolName} ticked.`;
}
