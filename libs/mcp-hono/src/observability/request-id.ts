import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

import type { MiddlewareHandler } from 'hono';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A caller's id is kept only when it is short and plain, so it can go into a log line
 * as it is (no control characters, no room to smuggle a token's worth of data).
 */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

const storage = new AsyncLocalStorage<string>();

/** The id of the HTTP request this code runs for, if any (the MCP dispatcher's log lines use it). */
export function currentRequestId(): string | undefined {
  return storage.getStore();
}

/**
 * Gives every request an id: the caller's `x-request-id` when acceptable (so a proxy's
 * id follows the request through), else a fresh UUID. The rest of the request runs
 * with it in async context, and the response echoes it.
 */
export function requestId(generate: () => string = randomUUID): MiddlewareHandler {
  return async (c, next) => {
    const offered = c.req.header(REQUEST_ID_HEADER);
    const id = offered !== undefined && ACCEPTABLE.test(offered) ? offered : generate();
    await storage.run(id, () => next());
    try {
      c.res.headers.set(REQUEST_ID_HEADER, id);
    } catch {
      // A Response with immutable headers (e.g. from fetch): copy it, then set.
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set(REQUEST_ID_HEADER, id);
    }
  };
}
