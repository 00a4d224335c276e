import type { ServerResponse } from 'node:http';

import { currentPrincipal } from '@lumen/auth';
import type { Principal } from '@lumen/auth';
import type { LumenToolHandlers, ToolCallExtra } from '@lumen/mcp-tools';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Context } from 'hono';

import { readJsonBody } from './request-body.js';
import { messagesJson, StatelessExchangeTransport } from './stateless-transport.js';

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
export async function principalFromRequest(extra: ToolCallExtra): Promise<Principal> {
  const fromAuthInfo = extra.authInfo?.extra?.['principal'] as Principal | undefined;
  const principal = fromAuthInfo ?? currentPrincipal();
  if (!principal) throw new Error('bearerAuth did not run before the MCP handler');
  return principal;
}

/**
 * POST /mcp in stateless mode. One `Server` (from the factory, whose tool list and
 * JSON Schemas were computed once) serves every request through a
 * {@link StatelessExchangeTransport}, so a request costs its own work and not the
 * construction of a server. When the factory offers its tool handlers, `tools/call`
 * and `tools/list` are answered by the transport directly (see
 * {@link StatelessExchangeTransport.answerDirectly}). Plain JSON responses unless the
 * client wants progress notifications, which need a stream.
 */
export function createMcpHandler(
  serverFactory: (() => Server) & { handlers?: LumenToolHandlers },
  body: { maxBytes: number; tooLarge: (c: Context) => Response | Promise<Response> },
) {
  const transport = new StatelessExchangeTransport();
  const { handlers } = serverFactory;
  if (handlers) {
    transport.answerDirectly('tools/call', (request, extra) => handlers.callTool(request, extra));
    transport.answerDirectly('tools/list', async () => handlers.listTools());
  }
  const server = serverFactory();
  const connected = server.connect(transport);
  return async (c: Context) => {
    const read = await readJsonBody(c, body.maxBytes);
    if (!read.ok) {
      if (read.reason === 'too_large') return body.tooLarge(c);
      return c.json(jsonRpcError(-32700, 'Parse error: the body is not valid JSON.'), 400);
    }
    const message = read.value;
    await connected;
    const principal = c.get('principal' as never) as Principal | undefined;
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    const result = await transport.handle({
      header: (name) => c.req.header(name),
      body: message,
      stream: wantsProgress(message),
      callerKey: principal?.clientId,
      onClientGone: (listener) => {
        if (outgoing) {
          outgoing.once('close', () => {
            if (!outgoing.writableFinished) listener();
          });
        } else {
          c.req.raw.signal.addEventListener('abort', listener, { once: true });
        }
      },
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
    switch (result.kind) {
      case 'accepted':
        return c.body(null, 202);
      case 'stream':
        return c.body(result.stream, 200, {
          'Content-Type': 'text/event-stream',
          'Cache-Control': 'no-cache, no-transform',
          'X-Accel-Buffering': 'no',
        });
      default:
        return c.body(messagesJson(result.body), result.status as 200, {
          'Content-Type': 'application/json',
        });
    }
  };
}
