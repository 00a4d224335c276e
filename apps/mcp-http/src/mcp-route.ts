import { currentPrincipal } from '@lumen/auth';
import type { Principal } from '@lumen/auth';
import type { CallExtra } from '@lumen/mcp-tools';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Context } from 'hono';

/** JSON-RPC error envelope for failures before the MCP server sees the message. */
export function jsonRpcError(code: number, message: string) {
  return { jsonrpc: '2.0' as const, error: { code, message }, id: null };
}

/** True when any message asks for progress notifications, which need an SSE response. */
function wantsProgress(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some(
    (m) =>
      typeof m === 'object' &&
      m !== null &&
      (m as { params?: { _meta?: { progressToken?: unknown } } }).params?._meta?.progressToken !==
        undefined,
  );
}

/** The principal resolved by bearerAuth for this request, for the MCP dispatcher. */
export async function principalFromRequest(extra: CallExtra): Promise<Principal> {
  const fromAuthInfo = extra.authInfo?.extra?.['principal'] as Principal | undefined;
  const principal = fromAuthInfo ?? currentPrincipal();
  if (!principal) throw new Error('bearerAuth did not run before the MCP handler');
  return principal;
}

/**
 * POST /mcp in stateless mode: each request gets a fresh transport and server (the
 * SDK forbids reusing a stateless transport), built from a factory whose tool list and
 * JSON Schemas were computed once. Plain JSON responses unless the client wants
 * progress notifications, which need a stream.
 */
export function createMcpHandler(serverFactory: () => Server) {
  return async (c: Context) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json(jsonRpcError(-32700, 'Parse error: the body is not valid JSON.'), 400);
    }
    const principal = c.get('principal' as never) as Principal | undefined;
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: !wantsProgress(body),
    });
    const server = serverFactory();
    await server.connect(transport);
    const response = await transport.handleRequest(c.req.raw, {
      parsedBody: body,
      ...(principal
        ? {
            authInfo: {
              token: '[redacted]',
              clientId: principal.clientId,
              scopes: [...principal.scopes],
              extra: { principal },
            },
          }
        : {}),
    });
    if (
      response.headers.get('content-type')?.includes('application/json') ||
      response.status !== 200
    ) {
      void server.close();
    }
    return response;
  };
}
