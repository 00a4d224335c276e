import { createHash, randomBytes } from 'node:crypto';

import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { DEMO_PASSWORD } from '@lumen/domain';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { startClientMetadataSite } from '../testing/client-metadata-site.js';
import type { ClientMetadataSite } from '../testing/client-metadata-site.js';
import { seedDemoDataWithPasswords, startTestHttpServer } from '../testing/http-harness.js';
import type { TestHttpServer } from '../testing/http-harness.js';
import { LOOPBACK_TLS_CERT } from '../testing/loopback-tls.js';
import { callOk } from '../testing/mcp-client.js';
import { authorizeByForms, createTestOAuthProvider } from '../testing/oauth-client.js';

const REDIRECT = 'http://127.0.0.1:33419/callback';
const learner = { email: 'learner@lumen.test', password: DEMO_PASSWORD };

describe.each(testDatabases())('OAuth with Client ID Metadata Documents on %s', (_kind, open) => {
  let db: Db;
  let site: ClientMetadataSite;
  /** Trusts the loopback site (an operator's LUMEN_CIMD_ALLOW_HOSTS). */
  let server: TestHttpServer;
  /** The default: private addresses are never fetched. */
  let strict: TestHttpServer;

  beforeAll(async () => {
    db = await open();
    await seedDemoDataWithPasswords(db);
    site = await startClientMetadataSite();
    server = await startTestHttpServer(
      db,
      { LUMEN_CIMD_ALLOW_HOSTS: '127.0.0.1' },
      { cimdCa: LOOPBACK_TLS_CERT },
    );
    strict = await startTestHttpServer(db, {}, { cimdCa: LOOPBACK_TLS_CERT });
  });
  afterAll(async () => {
    await server?.close();
    await strict?.close();
    await site?.close();
    await db?.close();
  });

  const documentFor = (path: string, extra: Record<string, unknown> = {}) => {
    const url = `${site.origin}${path}`;
    return site.publish(path, {
      client_id: url,
      client_name: 'Vendor Desktop',
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'none',
      ...extra,
    });
  };
  const authorizePage = async (target: TestHttpServer, clientId: string) => {
    const url = new URL(`${target.baseUrl}/oauth/authorize`);
    const challenge = createHash('sha256')
      .update(randomBytes(32).toString('base64url'))
      .digest('base64url');
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }))
      url.searchParams.set(k, v);
    const res = await fetch(url, { redirect: 'manual' });
    return { status: res.status, location: res.headers.get('location'), html: await res.text() };
  };

  it('advertises client_id_metadata_document_supported', async () => {
    const as = await (
      await fetch(`${server.baseUrl}/.well-known/oauth-authorization-server`)
    ).json();
    expect(as).toMatchObject({ client_id_metadata_document_supported: true });
  });

  it('connects the SDK OAuth client with a URL client_id, fetching the document once', async () => {
    const clientId = documentFor('/oauth/desktop.json');
    const provider = createTestOAuthProvider({
      redirectUrl: REDIRECT,
      clientMetadataUrl: clientId,
    });
    const transport = new StreamableHTTPClientTransport(new URL(server.mcpUrl), {
      authProvider: provider,
    });
    await expect(
      new Client({ name: 'cimd', version: '1' }).connect(transport),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.authorizationUrl().searchParams.get('client_id')).toBe(clientId);
    const { consentHtml, location } = await authorizeByForms(provider.authorizationUrl(), learner);
    expect(consentHtml).toContain('Vendor Desktop');
    expect(consentHtml).toContain(new URL(site.origin).host); // who published the document
    await transport.finishAuth(location.searchParams.get('code')!);
    const client = new Client({ name: 'cimd', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.mcpUrl), { authProvider: provider }),
    );
    try {
      expect(await callOk(client, 'list_my_progress')).toMatchObject({
        courses: expect.any(Array),
      });
    } finally {
      await client.close();
    }
    expect(site.hits.get('/oauth/desktop.json')).toBe(1); // cached between the two pages
  });

  it('refuses a document on a private address unless the operator allows it', async () => {
    const page = await authorizePage(strict, documentFor('/oauth/private.json'));
    expect(page.status).toBe(400);
    expect(page.location).toBeNull();
    expect(page.html).toMatch(/could not be fetched/);
    expect(site.hits.get('/oauth/private.json') ?? 0).toBe(0);
  });

  it('refuses documents that name another client, allow unsafe redirects, or are too large', async () => {
    const cases = [
      site.publish('/oauth/liar.json', {
        client_id: 'https://someone-else.example/client.json',
        redirect_uris: [REDIRECT],
      }),
      documentFor('/oauth/js.json', { redirect_uris: ['javascript:alert(1)'] }),
      documentFor('/oauth/secret.json', { token_endpoint_auth_method: 'client_secret_basic' }),
      documentFor('/oauth/huge.json', { client_name: 'x'.repeat(10_000) }),
      site.publish('/oauth/not-json.json', 'not json at all'),
    ];
    for (const clientId of cases) {
      const page = await authorizePage(server, clientId);
      expect(page.status).toBe(400);
      expect(page.location).toBeNull();
      expect(page.html).toContain('Unknown application');
    }
    // A redirect URI the document does not list is refused like any other.
    const other = documentFor('/oauth/other.json', {
      redirect_uris: ['https://vendor.example/cb'],
    });
    const page = await authorizePage(server, other);
    expect(page.status).toBe(400);
    expect(page.html).toContain('Invalid redirect');
  });
});
