/**
 * Reference servers for bench/mcp-http-throughput.ts, each run in its own process:
 *  - the MCP SDK's documented stateless pattern — a new `McpServer` and web-standard
 *    streamable HTTP transport per request — with one trivial tool or nine tools that
 *    carry output schemas (the per-request construction grows with the tool list);
 *  - a bare Hono JSON route, the ceiling for this HTTP stack on this machine;
 *  - the "floor" for any MCP server doing Lumen's work: a Hono POST route that reads
 *    its JSON body from the Node request and runs one prepared PostgreSQL query (what
 *    list_courses needs) before answering, with no MCP, auth or logging at all.
 */
import type { IncomingMessage } from 'node:http';

import { serve } from '@hono/node-server';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono } from 'hono';
import pg from 'pg';
import { z } from 'zod';

export type ReferenceKind = 'sdk-1' | 'sdk-9' | 'bare' | 'floor';

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
  if (kind === 'floor') {
    const pool = new pg.Pool({ connectionString: process.env['BENCH_FLOOR_DATABASE_URL'] });
    app.post('/mcp', async (c) => {
      const body = await readBody((c.env as { incoming: IncomingMessage }).incoming);
      const { rows } = await pool.query({
        name: 'floor',
        text: 'SELECT slug, title, created_at FROM courses ORDER BY created_at DESC LIMIT 20',
      });
      return c.json({
        jsonrpc: '2.0',
        id: (body as { id?: unknown }).id ?? null,
        result: { rows },
      });
    });
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

function readBody(incoming: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
    incoming.on('error', reject);
  });
}
