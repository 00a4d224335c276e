import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The TCP peer's address under @hono/node-server, or undefined elsewhere (e.g.
 * `app.request()` in tests). Forwarded headers are not trusted here: behind a proxy,
 * pass a `remoteAddress` function that knows which proxy to believe.
 */
export function peerAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}
