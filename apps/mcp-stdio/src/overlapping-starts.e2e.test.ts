/**
 * Stdio servers started on one embedded data dir while earlier ones exit, as when a
 * desktop client and a coding agent come and go side by side: each newcomer either owns
 * the files or attaches to the owner, and an owner that exits under an attached server
 * must hand over without failing that server's start or its first call. Before the
 * owner left in order (libs/db embedded-server.ts), most of these starts failed with
 * `cannot open the database: read ECONNRESET` or answered mcp.unavailable.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { ensureBuilt, prepareEmbedded, spawnStdioServer } from './testing/stdio-harness.js';
import type { PreparedDatabase } from './testing/stdio-harness.js';

/** Servers per round, started this far apart: each exits after its one call. */
const SERVERS = 4;
const APART_MS = 300;
const ROUNDS = 3;

let prepared: PreparedDatabase;
beforeAll(async () => {
  ensureBuilt();
  prepared = await prepareEmbedded();
}, 180_000);
afterAll(() => prepared?.close());

/** Starts a server after `delayMs`, calls list_courses once, stops it: its answer, or why not. */
async function oneCall(delayMs: number, env: Record<string, string>): Promise<string> {
  await sleep(delayMs);
  const server = await spawnStdioServer(env);
  try {
    const result = await server.client
      .callTool({ name: 'list_courses', arguments: {} })
      .catch((error: Error) => ({ isError: true, content: [{ text: error.message }] }));
    const [content] = result.content as Array<{ text: string }>;
    if (!result.isError) return content!.text;
    await sleep(200); // the last stderr lines of a server that exited
    return `failed: ${content!.text}\n${server.stderrLines.join('\n')}`;
  } finally {
    await server.close();
  }
}

it('answers every call of servers started while others on the data dir exit', async () => {
  const env = { ...prepared.env, LUMEN_MCP_AUTH_TOKEN: prepared.learner.clientSecret };
  const alone = await oneCall(0, env);
  expect(JSON.parse(alone)).toMatchObject({ courses: expect.any(Array) });
  const answers: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    answers.push(
      ...(await Promise.all(Array.from({ length: SERVERS }, (_, i) => oneCall(i * APART_MS, env)))),
    );
  }
  expect(answers.filter((answer) => answer !== alone)).toEqual([]);
}, 300_000);
