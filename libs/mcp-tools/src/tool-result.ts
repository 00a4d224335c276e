import { isLumenError } from '@lumen/domain';
import { AuthError } from '@lumen/auth';
import type { CallToolResult, ResourceLink } from '@modelcontextprotocol/sdk/types.js';

/** A code + message a user can act on; everything else is reported as mcp.internal. */
export interface ToolFailure {
  code: string;
  message: string;
  /** Whether retrying the same call later can succeed. */
  retryable: boolean;
}

const RETRYABLE = new Set(['mcp.unavailable', 'mcp.llm.failed', 'mcp.review.conflict']);

/** Prisma/driver errors that mean "the database is not reachable right now". */
function isConnectivityError(error: unknown): boolean {
  const text = `${(error as { code?: unknown })?.code ?? ''} ${(error as Error)?.message ?? ''}`;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|57P01|57P03|08006|08001|P1001|P1017|Connection terminated|connect ECONN|timeout exceeded when trying to connect|database did not answer|is not queryable/i.test(
    text,
  );
}

export function toToolFailure(error: unknown): ToolFailure {
  if (isLumenError(error) || error instanceof AuthError) {
    return { code: error.code, message: error.message, retryable: RETRYABLE.has(error.code) };
  }
  if (isConnectivityError(error)) {
    return {
      code: 'mcp.unavailable',
      message: 'The Lumen database is unavailable right now. Retry in a few seconds.',
      retryable: true,
    };
  }
  return {
    code: 'mcp.internal',
    message:
      'Lumen hit an unexpected error while running this tool. The operator can find it in the server log.',
    retryable: false,
  };
}

/** MCP tool-level error: the text starts with the stable code so models and people see it first. */
export function errorResult(failure: ToolFailure): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: `${failure.code}: ${failure.message}` }],
    _meta: { 'lumen/error': { code: failure.code, retryable: failure.retryable } },
  };
}

/**
 * Where a success result keeps its structured content and that content's JSON (also
 * its text): a symbol-keyed property, which JSON.stringify, Object.keys and the
 * protocol's schemas all skip. It was a WeakMap from result to entry; each of the
 * thousands of short-lived entries a second was an ephemeron the garbage collector had
 * to trace, and GC time per get_course call doubled (20 -> 40 µs in a CPU profile under
 * load, beside the build before the WeakMap).
 */
const SERIALISED = Symbol('lumen.serialisedStructuredContent');

interface Serialised {
  [SERIALISED]?: { structured: object; json: string };
}

export function successResult(
  output: Record<string, unknown>,
  links: readonly ResourceLink[] = [],
): CallToolResult {
  const json = JSON.stringify(output);
  const result: CallToolResult & Serialised = {
    content: [{ type: 'text' as const, text: json }, ...links],
    structuredContent: output,
  };
  result[SERIALISED] = { structured: output, json };
  return result;
}

/**
 * `JSON.stringify(result)` for a tools/call result, without serialising a success's
 * structured content a second time: its JSON is the text content already made by
 * {@link successResult}. Anything else (errors, results built elsewhere, a result
 * whose shape changed since) is serialised as it stands.
 */
export function toolResultJson(result: unknown): string {
  const known =
    typeof result === 'object' && result !== null ? (result as Serialised)[SERIALISED] : undefined;
  if (known) {
    const r = result as CallToolResult;
    const keys = Object.keys(r);
    if (
      keys.length === 2 &&
      keys[0] === 'content' &&
      keys[1] === 'structuredContent' &&
      r.structuredContent === known.structured
    ) {
      return `{"content":${JSON.stringify(r.content)},"structuredContent":${known.json}}`;
    }
  }
  return JSON.stringify(result);
}
