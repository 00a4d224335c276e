import { AuthError } from './auth-error.js';
import { OAuthError } from './oauth-error.js';

/**
 * MCP scopes mirror tool names (operator guide, "Scopes"): a client may call exactly
 * the tools its scopes name, or every tool with `*`. One scope is not a tool: `admin`
 * opens the admin REST API (clients, connections, observability) to an admin-owned
 * client. `*` covers it too, so tokens minted with the default `*` keep working.
 */
export const TOOL_NAMES = [
  'list_courses',
  'get_course',
  'search_lesson_content',
  'ask_tutor',
  'list_my_due_reviews',
  'grade_review_card',
  'list_my_progress',
  'create_course_draft',
  'ingest_url_to_draft',
] as const;

export type ToolName = (typeof TOOL_NAMES)[number];
export const WILDCARD_SCOPE = '*';
/** The admin REST API's scope; it takes effect only for a client whose owner is an admin. */
export const ADMIN_SCOPE = 'admin';
export type Scope = ToolName | typeof ADMIN_SCOPE | typeof WILDCARD_SCOPE;

/** The named scopes (everything but `*`), in the order lists are normalised to. */
const NAMED_SCOPES: readonly Exclude<Scope, '*'>[] = [...TOOL_NAMES, ADMIN_SCOPE];

/** Every scope a client can hold, wildcard last (advertised as `scopes_supported`). */
export const SCOPE_VOCABULARY: readonly Scope[] = [...NAMED_SCOPES, WILDCARD_SCOPE];

export type ToolAccess = 'public' | 'user' | 'instructor';

/** The guide's per-tool auth levels ("Auth posture"). */
export const TOOL_ACCESS: Readonly<Record<ToolName, ToolAccess>> = {
  list_courses: 'public',
  get_course: 'public',
  search_lesson_content: 'user',
  ask_tutor: 'user',
  list_my_due_reviews: 'user',
  grade_review_card: 'user',
  list_my_progress: 'user',
  create_course_draft: 'instructor',
  ingest_url_to_draft: 'instructor',
};

export const isToolName = (value: string): value is ToolName =>
  (TOOL_NAMES as readonly string[]).includes(value);

const isNamedScope = (value: string): value is Exclude<Scope, '*'> =>
  (NAMED_SCOPES as readonly string[]).includes(value);

const VALID = `"*", ${ADMIN_SCOPE} or tool names (${TOOL_NAMES.join(', ')})`;

/**
 * Parses `*` or a comma/space separated list of tool names and `admin`. The result is deduplicated
 * and in vocabulary order; `*` anywhere makes the result just `['*']`.
 */
export function parseScopes(input: string): Scope[] {
  const words = input.split(/[\s,]+/).filter((w) => w !== '');
  if (words.length === 0) {
    throw new AuthError('auth.scope.empty', `Give at least one scope: ${VALID}.`);
  }
  const unknown = words.filter((w) => w !== WILDCARD_SCOPE && !isNamedScope(w));
  if (unknown.length > 0) {
    throw new AuthError(
      'auth.scope.unknown',
      `Unknown scope ${unknown.map((w) => JSON.stringify(w)).join(', ')}. Valid scopes: ${VALID}.`,
    );
  }
  if (words.includes(WILDCARD_SCOPE)) return [WILDCARD_SCOPE];
  return NAMED_SCOPES.filter((t) => words.includes(t));
}

/** Whether `granted` covers `scope` (a tool name, `admin`, or `*` itself). */
export function scopeAllows(granted: readonly string[], scope: string): boolean {
  if (granted.includes(WILDCARD_SCOPE)) return true;
  return isNamedScope(scope) && granted.includes(scope);
}

/**
 * RFC 6749 §3.3 / §4.4.2: the token request may narrow the registered scopes, never
 * broaden them. Asking for anything the registration does not cover — including `*`
 * from a client registered with a list — is `invalid_scope`.
 */
export function narrowScopes(registered: readonly string[], requested: readonly string[]): Scope[] {
  if (requested.includes(WILDCARD_SCOPE)) {
    if (registered.includes(WILDCARD_SCOPE)) return [WILDCARD_SCOPE];
    throw new OAuthError(
      'invalid_scope',
      `This client is registered for ${registered.join(' ')} only, not "*".`,
    );
  }
  const beyond = requested.filter((s) => !scopeAllows(registered, s));
  if (beyond.length > 0) {
    throw new OAuthError(
      'invalid_scope',
      `Requested scope exceeds the client's registration: ${beyond.join(' ')}. Request a subset of: ${registered.join(' ')}.`,
    );
  }
  return NAMED_SCOPES.filter((t) => requested.includes(t));
}
