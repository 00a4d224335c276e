import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { DEMO_PASSWORD } from '@lumen/domain';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { decodeJwt } from 'jose';

import { seedDemoDataWithPasswords, startTestHttpServer } from '../testing/http-harness.js';
import type { TestHttpServer } from '../testing/http-harness.js';
import { callOk } from '../testing/mcp-client.js';
import { authorizeByForms, createTestOAuthProvider } from '../testing/oauth-client.js';
import { rawRequest } from '../testing/raw-request.js';

/**
 * Issue 14 item 4: with LUMEN_PUBLIC_URL unset, a client that reaches the server as
 * http://127.0.0.1:<port>/mcp (not the default http://localhost:<port>) must get
 * metadata, an issuer and token audience for that origin, or the SDK refuses it.
 */
describe.each(testDatabases())(
  'OAuth on a loopback origin without LUMEN_PUBLIC_URL on %s',
  (_kind, open) => {
    let db: Db;
    let server: TestHttpServer;
    let port: string;

    beforeAll(async () => {
      db = await open();
      await seedDemoDataWithPasswords(db);
      server = await startTestHttpServer(db, {}, { implicitPublicUrl: true });
      port = new URL(server.baseUrl).port;
    });
    afterAll(async () => {
      await server?.close();
      await db?.close();
    });

    it('describes each loopback origin as itself', async () => {
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
        const pr = await rawRequest(server.baseUrl, {
          method: 'GET',
          path: '/.well-known/oauth-protected-resource/mcp',
          headers: { host },
        });
        expect(pr.json).toMatchObject({
          resource: `http://${host}/mcp`,
          authorization_servers: [`http://${host}`],
        });
        const as = await rawRequest(server.baseUrl, {
          method: 'GET',
          path: '/.well-known/oauth-authorization-server',
          headers: { host },
        });
        expect(as.json).toMatchObject({ issuer: `http://${host}` });
        const challenge = await rawRequest(server.baseUrl, {
          path: '/mcp',
          headers: { host, 'content-type': 'application/json' },
          body: '{}',
        });
        expect(challenge.headers['www-authenticate']).toContain(
          `resource_metadata="http://${host}/.well-known/oauth-protected-resource/mcp"`,
        );
      }
      // Any other host keeps the default public URL.
      const other = await rawRequest(server.baseUrl, {
        method: 'GET',
        path: '/.well-known/oauth-protected-resource/mcp',
        headers: { host: 'lumen.example' },
      });
      expect(other.json).toMatchObject({ resource: `http://localhost:${port}/mcp` });
    });

    it('lets the SDK OAuth client sign in at http://127.0.0.1:<port>/mcp and call tools', async () => {
      const mcpUrl = `http://127.0.0.1:${port}/mcp`;
      const provider = createTestOAuthProvider({ redirectUrl: 'http://127.0.0.1:9/callback' });
      const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), {
        authProvider: provider,
      });
      await expect(
        new Client({ name: 'loopback', version: '1' }).connect(transport),
      ).rejects.toBeInstanceOf(UnauthorizedError);
      const { location } = await authorizeByForms(provider.authorizationUrl(), {
        email: 'learner@lumen.test',
        password: DEMO_PASSWORD,
      });
      expect(location.searchParams.get('iss')).toBe(`http://127.0.0.1:${port}`);
      await transport.finishAuth(location.searchParams.get('code')!);
      expect(decodeJwt(provider.saved.tokens!.access_token).aud).toBe(mcpUrl);
      const client = new Client({ name: 'loopback', version: '1' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider }),
      );
      try {
        expect(await callOk(client, 'list_courses', { limit: 1 })).toMatchObject({
          courses: expect.any(Array),
        });
      } finally {
        await client.close();
      }
      // The same token presented under another loopback name is for another resource.
      const elsewhere = await rawRequest(server.baseUrl, {
        path: '/mcp',
        headers: {
          host: `localhost:${port}`,
          authorization: `Bearer ${provider.saved.tokens!.access_token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(elsewhere.status).toBe(401);
      expect(elsewhere.json).toMatchObject({ error: 'mcp.invalid_token' });
    });
  },
);
