/**
 * An outside service's own Hono app hosting Lumen's MCP endpoint behind its own
 * sessions: `app.route('/mcp', lumenMcp(lumen, { resolvePrincipal }))`, served by
 * @hono/node-server and called through the MCP SDK's client.
 */
import type { Server as NodeServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { serve } from '@hono/node-server';
import type { Principal } from '@lumen/auth';
import { seedDemoData } from '@lumen/domain';
import { createLogger, createLumen } from '@lumen/platform';
import type { Lumen } from '@lumen/platform';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';

import { lumenMcp, lumenOAuth } from './index.js';
import { callFailure, callOk, GUIDE_TOOL_NAMES } from './testing/index.js';
import { serverDatabases } from './testing/observed-server.js';

const now = new Date();

describe.each(serverDatabases())('lumenMcp in a host Hono app on %s', (_kind, makeDatabase) => {
  let cleanup: () => Promise<void>;
  let databaseEnv: Record<string, string>;
  let lumen: Lumen;
  let node: NodeServer;
  let base: string;
  const logLines: string[] = [];
  /** The host's own sessions: a session id (cookie or header) names a signed-in user. */
  const sessions = new Map<string, Principal>();

  const connect = async (headers: Record<string, string>) => {
    const client = new Client({ name: 'host-app-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers } }),
    );
    return client;
  };

  beforeAll(async () => {
    const database = await makeDatabase();
    cleanup = database.cleanup;
    databaseEnv = database.env;
    lumen = await createLumen({
      env: { ...database.env, FSRS_ENABLE_FUZZ: 'false' },
      logger: createLogger({ level: 'debug', write: (line) => void logLines.push(line) }),
    });
    await seedDemoData(lumen.db, now);
    const learner = await lumen.db.prisma.user.findUniqueOrThrow({
      where: { email: 'learner@lumen.test' },
    });
    const host = { userId: learner.id, role: 'learner' as const, clientId: 'host-app' };
    sessions.set('full', { ...host, scopes: ['*'] });
    sessions.set('narrow', { ...host, scopes: ['list_courses'] });

    const app = new Hono();
    app.get('/', (c) => c.text('the host app'));
    app.route(
      '/mcp',
      lumenMcp(lumen, {
        resolvePrincipal: async (c) => {
          const id = getCookie(c, 'host_session') ?? c.req.header('x-host-session');
          return (id && sessions.get(id)) || null;
        },
      }),
    );
    node = await new Promise<NodeServer>((resolve) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
        resolve(server as NodeServer),
      ) as NodeServer;
    });
    base = `http://127.0.0.1:${(node.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => {
      node?.close(() => resolve());
      node?.closeAllConnections();
    });
    await lumen?.close();
    await cleanup?.();
  });

  it('lists the nine tools and runs a tool as the session user (header or cookie)', async () => {
    const client = await connect({ 'x-host-session': 'full' });
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(GUIDE_TOOL_NAMES);
      const due = await callOk(client, 'list_my_due_reviews', { limit: 5 });
      expect((due['cards'] as unknown[]).length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
    const byCookie = await connect({ cookie: 'host_session=full' });
    try {
      const progress = await callOk(byCookie, 'list_my_progress', {});
      expect(JSON.stringify(progress)).toContain('how-cells-make-energy');
    } finally {
      await byCookie.close();
    }
    // The host's own routes are untouched.
    expect(await (await fetch(`${base}/`)).text()).toBe('the host app');
  });

  it('answers 401 with a JSON-RPC error when the resolver finds no principal', async () => {
    const attempts: Array<Record<string, string>> = [{}, { 'x-host-session': 'expired' }];
    for (const headers of attempts) {
      const response = await fetch(`${base}/mcp`, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: {
          code: -32001,
          message: 'Unauthorized: sign in to use the Lumen tools.',
          data: { code: 'mcp.token_required' },
        },
      });
    }
    // The SDK client sees the status and the message.
    await expect(connect({})).rejects.toMatchObject({
      code: 401,
      message: expect.stringContaining('sign in to use the Lumen tools'),
    });
  });

  it('refuses a tool outside the principal’s scopes with mcp.scope.denied', async () => {
    const client = await connect({ 'x-host-session': 'narrow' });
    try {
      const courses = await callOk(client, 'list_courses', {});
      expect((courses['courses'] as unknown[]).length).toBeGreaterThan(0);
      const refused = await callFailure(client, 'list_my_due_reviews', {});
      expect(refused.code).toBe('mcp.scope.denied');
      expect(refused.text).toContain('list_my_due_reviews');
    } finally {
      await client.close();
    }
  });

  it('without a resolver, asks for a Lumen access token and points at lumenOAuth’s metadata', async () => {
    // Lumen's own tokens need a signing key (required with PostgreSQL); the resolver
    // above needed none.
    if (databaseEnv['DATABASE_URL'])
      expect(() => lumenMcp(lumen)).toThrow(/JWT_SECRET is required when DATABASE_URL is set/);
    const signing = await createLumen({
      env: { ...databaseEnv, JWT_SECRET: 'host-app-tests-secret-0123456789abcdef' },
      logger: createLogger({ level: 'error', write: () => undefined }),
    });
    try {
      await expectBearerChallenge(signing);
    } finally {
      await signing.close();
    }
  });
});

async function expectBearerChallenge(lumen: Lumen): Promise<void> {
  const app = new Hono();
  app.route('/', lumenOAuth(lumen));
  app.route('/mcp', lumenMcp(lumen));
  const request = (path: string, init?: RequestInit) =>
    app.fetch(new Request(`http://127.0.0.1:8001${path}`, init));
  const refused = await request('/mcp', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  expect(refused.status).toBe(401);
  expect(await refused.json()).toMatchObject({ error: 'mcp.token_required' });
  const challenge = refused.headers.get('www-authenticate') ?? '';
  const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
  expect(metadataUrl).toBe('http://localhost:8001/.well-known/oauth-protected-resource/mcp');
  const metadata = await request(new URL(metadataUrl!).pathname);
  expect(metadata.status).toBe(200);
  expect(await metadata.json()).toMatchObject({ resource: 'http://localhost:8001/mcp' });
}
