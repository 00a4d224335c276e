import type { Principal } from '@lumen/auth';
import { runWithPrincipal } from '@lumen/auth';
import type { Actor } from '@lumen/domain';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';

import type { LumenServices } from './services.js';
import { toToolFailure } from './tool-result.js';
import type { ToolFailure } from './tool-result.js';

/**
 * JSON-RPC error codes of the non-tool requests (resources, prompts, completions).
 * -32002 is the MCP spec's "resource not found" (server/resources, Error Handling);
 * -32003 is Lumen's "forbidden" in the server-defined range (JSON-RPC 2.0 §5.1).
 */
export const RESOURCE_NOT_FOUND = -32002;
export const FORBIDDEN = -32003;

const NOT_FOUND = new Set([
  'mcp.course.not_found',
  'mcp.lesson.not_found',
  'mcp.resource.not_found',
]);
/** Refusals of the caller (credentials, scope, role) rather than of the request. */
const DENIED = new Set([
  'mcp.scope.denied',
  'mcp.role.denied',
  'mcp.forbidden',
  'mcp.token_required',
  'mcp.invalid_token',
  'mcp.client_revoked',
]);

/**
 * A failed resources/prompts/completion request. Thrown from a request handler, the
 * SDK (and the stateless HTTP transport) answers with this `code`, `message` and
 * `data`; `data.code` carries the stable `mcp.*` code, and the message starts with it,
 * as a tool failure's text does. (Not McpError: that prefixes "MCP error N:".)
 */
export class LumenRequestError extends Error {
  override readonly name = 'LumenRequestError';
  constructor(
    readonly code: number,
    readonly failure: ToolFailure,
    readonly data: Record<string, unknown> = {},
  ) {
    super(`${failure.code}: ${failure.message}`);
    this.data = { code: failure.code, retryable: failure.retryable, ...data };
  }
}

export function invalidArgument(message: string): LumenRequestError {
  return new LumenRequestError(ErrorCode.InvalidParams, {
    code: 'mcp.invalid_argument',
    message,
    retryable: false,
  });
}

/** What a resource, prompt or completion handler works with. */
export interface RequestContext {
  principal: Principal;
  actor: Actor;
  services: LumenServices;
  now: Date;
}

export interface RequestRunner {
  services: LumenServices;
  resolvePrincipal: () => Promise<Principal>;
  clock?: (() => Date) | undefined;
  onInternalError?: ((error: unknown, what: string) => void) | undefined;
}

/**
 * Resolves the caller and runs `fn` as them; any failure becomes a
 * {@link LumenRequestError}: not-found codes take `notFound` (-32002 for a resource
 * read, InvalidParams where the slug was an argument), refusals -32003, bad arguments
 * InvalidParams, and everything unexpected InternalError with mcp.internal (reported
 * to `onInternalError`, never shown).
 */
export async function runRequest<T>(
  runner: RequestRunner,
  what: string,
  fn: (ctx: RequestContext) => Promise<T>,
  notFound: number = ErrorCode.InvalidParams,
  data: Record<string, unknown> = {},
): Promise<T> {
  try {
    const principal = await runner.resolvePrincipal();
    const ctx: RequestContext = {
      principal,
      actor: { userId: principal.userId, role: principal.role, clientId: principal.clientId },
      services: runner.services,
      now: runner.clock?.() ?? new Date(),
    };
    return await runWithPrincipal(principal, () => fn(ctx));
  } catch (error) {
    if (error instanceof LumenRequestError) throw error;
    const failure = toToolFailure(error);
    if (failure.code === 'mcp.internal') runner.onInternalError?.(error, what);
    throw new LumenRequestError(codeFor(failure.code, notFound), failure, data);
  }
}

function codeFor(code: string, notFound: number): number {
  if (NOT_FOUND.has(code)) return notFound;
  if (DENIED.has(code)) return FORBIDDEN;
  if (code.startsWith('mcp.') && code !== 'mcp.internal' && code !== 'mcp.unavailable')
    return ErrorCode.InvalidParams;
  return ErrorCode.InternalError;
}
