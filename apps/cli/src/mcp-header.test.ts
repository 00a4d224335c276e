import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import { seedDemoData } from '@lumen/domain';
import { loadConfig } from '@lumen/platform';
import { startTestHttpServer } from '@lumen/mcp-hono/testing';
import type { TestHttpServer } from '@lumen/mcp-hono/testing';

import { runCli } from './run-cli.js';

/** `lumen mcp-header`: Claude Code's headersHelper, against the real HTTP app. */
describe.each(testDatabases())('lumen mcp-header on %s', (_kind, open) => {
  let db: Db;
  let server: TestHttpServer;
  beforeAll(async () => {
    db = await open();
    await seedDemoData(db, new Date());
    server = await startTestHttpServer(db);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const run = async (env: Record<string, string>, ...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['mcp-header', ...argv], {
      config: () => loadConfig(env),
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
    });
    return { code, stdout, stderr };
  };
  const toolsList = (authorization: string) =>
    fetch(server.mcpUrl, {
      method: 'POST',
      headers: {
        authorization,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });

  it('prints a fresh Authorization header as one JSON object that /mcp accepts', async () => {
    const client = await server.mint('learner@lumen.test', '*');
    const env = { LUMEN_MCP_AUTH_TOKEN: client.clientSecret };
    const first = await run(env, '--url', server.mcpUrl);
    expect(first.code).toBe(0);
    const headers = JSON.parse(first.stdout) as Record<string, string>;
    expect(Object.keys(headers)).toEqual(['Authorization']);
    expect(headers['Authorization']).toMatch(/^Bearer ey/);
    expect((await toolsList(headers['Authorization']!)).status).toBe(200);
    // LUMEN_PUBLIC_URL is the default server.
    const second = await run({ ...env, LUMEN_PUBLIC_URL: server.baseUrl });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toHaveProperty('Authorization');
    expect(first.stdout + first.stderr + second.stderr).not.toContain(client.clientSecret);
  });

  it('fails with a stable code, and without echoing the secret, when it cannot get a token', async () => {
    const missing = await run({}, '--url', server.baseUrl);
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'lumen: mcp.token_required: LUMEN_MCP_AUTH_TOKEN is not set: set it to the client_secret from `lumen mcp-token`.\n',
    });
    const client = await server.mint('learner@lumen.test', '*');
    // Set, but not a client secret (a stray value, or one cut short in the copy).
    for (const malformed of ['bogus', client.clientSecret.slice(0, -1)]) {
      const result = await run({ LUMEN_MCP_AUTH_TOKEN: malformed }, '--url', server.baseUrl);
      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'lumen: mcp.invalid_token: LUMEN_MCP_AUTH_TOKEN is not a valid client_secret (lumen_sk_lmc_…): copy the whole client_secret line from `lumen mcp-token` again, or mint a new client.\n',
      });
    }
    const revoked = `${client.clientSecret.slice(0, -4)}AAAA`;
    const refused = await run({ LUMEN_MCP_AUTH_TOKEN: revoked }, '--url', server.baseUrl);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('invalid_client');
    expect(refused.stdout).toBe('');
    expect(refused.stderr).not.toContain(revoked);
    const down = await run(
      { LUMEN_MCP_AUTH_TOKEN: client.clientSecret },
      '--url',
      'http://127.0.0.1:9',
    );
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('mcp.unavailable');
  });
});
