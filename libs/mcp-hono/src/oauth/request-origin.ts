import type { Context } from 'hono';

/** The base URL this server is reached at, for one request. */
export type OriginResolver = (c: Context) => string;

const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

/**
 * Which origin a request's metadata, issuer, `iss` redirect parameter and token
 * audience name. With LUMEN_PUBLIC_URL set, always that one. Without it, a request
 * that arrived on a loopback name (`localhost`, `127.0.0.1`, `[::1]`, any port) gets
 * its own origin: a client configured with http://127.0.0.1:8001/mcp must find
 * metadata saying exactly that (RFC 9728 §3.3: the `resource` must equal the URL the
 * client used; the MCP SDK refuses anything else), and its tokens are bound to it.
 * Other hosts get the default public URL.
 */
export function createOriginResolver(options: {
  publicUrl: string;
  explicit: boolean;
}): OriginResolver {
  const fallback = options.publicUrl.replace(/\/+$/, '');
  if (options.explicit) return () => fallback;
  return (c) => {
    const host = c.req.header('host')?.toLowerCase() ?? '';
    return LOOPBACK.test(host) ? `http://${host}` : fallback;
  };
}
