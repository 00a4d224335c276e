import { AuthError } from './auth-error.js';
import { OAuthError } from './oauth-error.js';

/**
 * MCP scopes mirror tool names (operator guide, "Scopes"): a client may call exactly
 * the tools its scopes name, or every tool with `*`.
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
export type Scope = ToolName | typeof WILDCARD_SCOPE;

/** Every scope a client can hold, wildcard last (advertised as `scopes_supported`). */
export const SCOPE_VOCABULARY: readonly Scope[] = [...TOOL_NAMES, WILDCARD_SCOPE];

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

/**
 * Parses `*` or a comma/space separated list of tool names. The result is deduplicated
 * and in vocabulary order; `*` anywhere makes the result just `['*']`.
 */
export function parseScopes(input: string): Scope[] {
  const words = input.split(/[\s,]+/).filter((w) => w !== '');
  if (words.length === 0) {
    throw new AuthError(
      'auth.scope.empty',
      `Give at least one scope: "*" or tool names (${TOOL_NAMES.join(', ')}).`,
    );
  }
  const unknown = words.filter((w) => w !== WILDCARD_SCOPE && !isToolName(w));
  if (unknown.length > 0) {
    throw new AuthError(
      'auth.scope.unknown',
      `Unknown scope ${unknown.map((w) => JSON.stringify(w)).join(', ')}. Valid scopes: "*" or ${TOOL_NAMES.join(', ')}.`,
    );
  }
  if (words.includes(WILDCARD_SCOPE)) return [WILDCARD_SCOPE];
  return TOOL_NAMES.filter((t) => words.includes(t));
}

/** Whether `granted` lets its holder call `tool`. */
export function scopeAllows(granted: readonly string[], tool: string): boolean {
  return granted.includes(WILDCARD_SCOPE) || (isToolName(tool) && granted.includes(tool));
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
  return TOOL_NAMES.filter((t) => requested.includes(t));
}
