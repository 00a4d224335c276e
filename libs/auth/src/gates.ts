import { AuthError } from './auth-error.js';
import type { Principal } from './principal.js';
import { isToolName, scopeAllows, TOOL_ACCESS } from './scopes.js';

const ELEVATED = new Set<string>(['instructor', 'admin']);

/**
 * The dispatcher's gates, in the guide's order ("Auth posture"): the scope gate first,
 * so a token without the scope gets a clean `mcp.scope.denied` before the role gate;
 * then the role gate for instructor tools. Per-tool checks (enrolment for the tutor)
 * belong to the services.
 */
export function authorizeTool(principal: Principal, toolName: string): void {
  if (!scopeAllows(principal.scopes, toolName)) {
    throw new AuthError(
      'mcp.scope.denied',
      `This client's scopes do not include ${toolName}. Revoke and re-mint the client with broader scopes (e.g. --scopes "${toolName}" or "*"), or use a different client.`,
    );
  }
  if (
    isToolName(toolName) &&
    TOOL_ACCESS[toolName] === 'instructor' &&
    !ELEVATED.has(principal.role)
  ) {
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
  throw new AuthError(
    'mcp.scope.denied',
    `${what} needs the "${scope}" scope; this token holds ${principal.scopes.join(' ') || 'none'}. Request a token with scope "${scope}" (or mint the client with --scopes "${scope}" or "*").`,
  );
}
