import { LumenError, findUnstorableText, unstorableTextProblem } from '@lumen/domain';
import type { UnstorableTextFinding } from '@lumen/domain';
import type { MiddlewareHandler } from 'hono';

/** A percent-decoded path segment; a malformed escape stays as the literal ASCII it is. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function refuse(where: string, finding: UnstorableTextFinding): never {
  const name = finding.path === '' ? where : finding.path;
  throw new LumenError('mcp.invalid_argument', `${name} ${unstorableTextProblem(finding.reason)}`);
}

/** The body as JSON, or undefined when it is empty or not JSON (the route refuses that). */
function parsedBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The REST edge's share of issue 17 item 4: no path segment, query parameter or JSON
 * body string (keys included) with a NUL or an unpaired surrogate reaches a route, so
 * none reaches the database, whose driver would fail with mcp.internal. The refusal is
 * the tools' one: 400 {"error":"mcp.invalid_argument"} naming the argument. Mount it
 * after authentication; the body is read through HonoRequest, which caches it for the
 * route (routes must read it with c.req.text()/json(), not c.req.raw).
 */
export function storableInputGuard(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const segments = url.pathname.split('/').map(decodeSegment);
    const inPath = findUnstorableText(segments);
    if (inPath) refuse('the URL path', { path: '', reason: inPath.reason });
    const query: Record<string, string[]> = {};
    for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
    const inQuery = findUnstorableText(query);
    if (inQuery) refuse('a query parameter', inQuery);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const inBody = findUnstorableText(parsedBody(await c.req.text()));
      if (inBody) refuse('the request body', inBody);
    }
    await next();
  };
}
