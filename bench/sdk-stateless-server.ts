/**
 * Reference servers for bench/mcp-http-throughput.ts, each run in its own process:
 *  - the MCP SDK's documented stateless pattern — a new `McpServer` and web-standard
 *    streamable HTTP transport per request — with one trivial tool or nine tools that
 *    carry output schemas (the per-request construction grows with the tool list);
 *  - a bare Hono JSON route, the ceiling for this HTTP stack on this machine.
 */
import { serve } from '@hono/node-server';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono } from 'hono';
import { z } from 'zod';

export type ReferenceKind = 'sdk-1' | 'sdk-9' | 'bare';

function buildServer(toolCount: number): McpServer {
  const server = new McpServer({ name: 'sdk-pattern', version: '1.0.0' });
  for (let i = 0; i < toolCount; i++) {
    const text = `echo ${i}`;
    if (toolCount === 1) {
      server.registerTool(
        'echo',
        { description: 'Echoes its input.', inputSchema: { text: z.string() } },
        (args) => ({
          content: [{ type: 'text', text: args.text }],
        }),
      );
      continue;
    }
    server.registerTool(
      i === 0 ? 'echo' : `tool_${i}`,
      {
        title: `Tool ${i}`,
        description: `Reference tool ${i} with input and output schemas.`,
        inputSchema: {
          text: z.string().max(200),
          limit: z.number().int().min(1).max(100).optional(),
        },
        outputSchema: {
          echoed: z.string(),
          items: z.array(z.object({ id: z.string(), n: z.number() })),
        },
        annotations: { readOnlyHint: true },
      },
      (args) => {
        const structuredContent = { echoed: args.text || text, items: [] };
        return {
          content: [{ type: 'text', text: JSON.stringify(structuredContent) }],
          structuredContent,
        };
      },
    );
  }
  return server;
}

function referenceApp(kind: ReferenceKind): Hono {
  const app = new Hono();
  if (kind === 'bare') {
    app.get('/json', (c) => c.json({ ok: true }));
    return app;
  }
  const toolCount = kind === 'sdk-1' ? 1 : 9;
  app.post('/mcp', async (c) => {
    const server = buildServer(toolCount);
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    const response = await transport.handleRequest(c.req.raw);
    void server.close();
    return response;
  });
  return app;
}

/** Listens on 127.0.0.1:`port` and prints `listening <port>` on stdout once ready. */
export function serveReference(kind: ReferenceKind, port: number): void {
  const app = referenceApp(kind);
  serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`listening ${info.port}\n`);
  });
}
