/**
 * The local setups of the README on ONE embedded data dir, each in its own process as
 * a user would run them: `npm start`'s HTTP server, the `lumen` CLI while it serves,
 * two stdio servers (Claude Desktop and Claude Code both configured), and what the
 * stdio servers do when the process that owns the files is killed with SIGKILL.
 */
import { callOk, ensureHttpBuilt, spawnHttpServer } from '@lumen/mcp-hono/testing';
import type { HttpProcess } from '@lumen/mcp-hono/testing';

import { ensureBuilt, prepareEmbedded, runCli, spawnStdioServer } from './testing/stdio-harness.js';
import type { PreparedDatabase, SpawnedServer } from './testing/stdio-harness.js';

let prepared: PreparedDatabase;
let http: HttpProcess | undefined;
const stdio: SpawnedServer[] = [];
let minted: { clientId: string; clientSecret: string };

beforeAll(async () => {
  ensureBuilt();
  ensureHttpBuilt();
  prepared = await prepareEmbedded();
  http = await spawnHttpServer(prepared.env, { timeoutMs: 120_000 });
}, 180_000);
afterAll(async () => {
  for (const server of stdio) await server.close().catch(() => undefined);
  await http?.kill('SIGTERM');
  await prepared?.close();
});

/** Calls until the tool answers without error (or `ms` pass); returns the attempts made. */
async function callUntilOk(server: SpawnedServer, tool: string, ms = 60_000): Promise<number> {
  const deadline = Date.now() + ms;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await callOk(server.client, tool);
      return attempt;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

it('mints a client with the CLI while the HTTP server serves the data dir', async () => {
  const result = await runCli(
    [
      'mcp-token',
      '--owner-email',
      'learner@lumen.test',
      '--name',
      'while serving',
      '--scopes',
      '*',
    ],
    prepared.env,
  );
  expect(result.code).toBe(0);
  const field = (name: string) => new RegExp(`^${name}=(\\S+)$`, 'm').exec(result.stdout)?.[1];
  minted = { clientId: field('client_id')!, clientSecret: field('client_secret')! };
  expect(minted.clientSecret).toMatch(/^lumen_sk_/);
  // The server sees the new client at once: it can exchange it for a token.
  const token = await fetch(`${http!.baseUrl}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: minted.clientId,
      client_secret: minted.clientSecret,
    }),
  });
  expect(token.status).toBe(200);
}, 120_000);

it('runs two stdio servers on the same data dir beside it', async () => {
  for (let i = 0; i < 2; i += 1)
    stdio.push(
      await spawnStdioServer({ ...prepared.env, LUMEN_MCP_AUTH_TOKEN: minted.clientSecret }),
    );
  for (const server of stdio) {
    await callOk(server.client, 'list_courses');
    await callOk(server.client, 'list_my_progress');
  }
}, 120_000);

it('keeps both stdio servers answering after the owner is killed, losing no committed write', async () => {
  // A write committed (through the owner) just before it dies.
  type Due = { cards: Array<{ cardId: string }> };
  const due = (await callOk(stdio[0]!.client, 'list_my_due_reviews', { limit: 100 })) as Due;
  const graded = due.cards[0]!.cardId;
  await callOk(stdio[0]!.client, 'grade_review_card', { card_id: graded, rating: 4 });
  const progress = await callOk(stdio[0]!.client, 'list_my_progress');
  expect(await http!.kill('SIGKILL')).toBe('SIGKILL');
  http = undefined;
  // One of them takes the files over; the other attaches to it. A call in flight at the
  // moment of the kill may fail (mcp.unavailable); the next ones answer.
  const attempts = await Promise.all(
    stdio.map((server) => callUntilOk(server, 'list_my_progress')),
  );
  expect(Math.max(...attempts)).toBeLessThanOrEqual(3);
  expect(await callOk(stdio[1]!.client, 'list_my_progress')).toEqual(progress);
  const dueAfter = (await callOk(stdio[1]!.client, 'list_my_due_reviews', { limit: 100 })) as Due;
  expect(dueAfter.cards.map((c) => c.cardId)).not.toContain(graded);
  const owners = stdio.filter((server) => server.stderrLines.some((l) => l.includes('now owns')));
  expect(owners).toHaveLength(1);
  // The client the CLI minted while the killed server owned the files is still there.
  const listed = await runCli(['mcp-clients', 'list'], prepared.env);
  expect(listed.code).toBe(0);
  expect(listed.stdout).toContain(minted.clientId);
}, 180_000);

it('lets the last stdio server carry on alone when the new owner exits', async () => {
  const [first, second] = stdio as [SpawnedServer, SpawnedServer];
  const owner = first.stderrLines.some((l) => l.includes('now owns')) ? first : second;
  const other = owner === first ? second : first;
  await owner.close();
  stdio.splice(stdio.indexOf(owner), 1);
  expect(await callUntilOk(other, 'list_courses')).toBeLessThanOrEqual(3);
}, 120_000);
