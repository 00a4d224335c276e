import type { MiddlewareHandler } from 'hono';

import { jsonRpcError } from './mcp-route.js';

/**
 * DNS-rebinding protection (MCP transport spec, "Security Warning"): a browser page on
 * an attacker's domain that resolves to this server would send its own Host and Origin.
 * Only configured hosts and origins (plus this server's own) are served.
 */
export function hostGuard(options: {
  allowedHosts: string[];
  allowedOrigins: string[];
}): MiddlewareHandler {
  const hosts = new Set(options.allowedHosts.map((h) => h.toLowerCase()));
  const origins = new Set(options.allowedOrigins.map((o) => o.toLowerCase().replace(/\/+$/, '')));
  return async (c, next) => {
    const host = c.req.header('host')?.toLowerCase();
    if (!host || !hosts.has(host)) {
      return c.json(
        jsonRpcError(-32000, `Host "${host ?? ''}" is not allowed (set LUMEN_ALLOWED_HOSTS).`),
        403,
      );
    }
    const origin = c.req.header('origin')?.toLowerCase();
    if (origin !== undefined && !origins.has(origin)) {
      return c.json(
        jsonRpcError(-32000, `Origin "${origin}" is not allowed (set LUMEN_ALLOWED_ORIGINS).`),
        403,
      );
    }
    await next();
    return undefined;
  };
}

/** This server's own host:port and origin under every loopback name, plus the public URL. */
export function defaultAllowed(publicUrl: string, port: number) {
  const pub = new URL(publicUrl);
  const hosts = [pub.host, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`];
  if (pub.port === '') hosts.push(pub.hostname);
  const origins = [
    pub.origin,
    `http://localhost:${port}`,
    `http://127.0.0.1:${port}`,
    `http://[::1]:${port}`,
  ];
  return { hosts, origins };
}
