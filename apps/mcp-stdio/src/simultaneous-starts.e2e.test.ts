/**
 * Several real stdio servers started at the same moment on one embedded data dir, as
 * when a desktop client launches all its configured servers together. The data dir's
 * lock (whose one-holder-at-a-time proof under 12 simultaneous processes is
 * libs/db/src/data-dir-lock.test.ts) lets exactly one open the files and the others
 * attach: every server answers, a write through one is read through all, and the
 * database opens cleanly afterwards.
 */
import { createDb } from '@lumen/db';
import { callOk } from '@lumen/mcp-hono/testing';

import { ensureBuilt, prepareEmbedded, spawnStdioServer } from './testing/stdio-harness.js';
import type { PreparedDatabase, SpawnedServer } from './testing/stdio-harness.js';

const SERVERS = 4;
let prepared: PreparedDatabase;

beforeAll(async () => {
  ensureBuilt();
  prepared = await prepareEmbedded();
}, 180_000);
afterAll(async () => {
  await prepared?.close();
});

it(`starts ${SERVERS} stdio servers at once on one data dir, all answering`, async () => {
  const env = { ...prepared.env, LUMEN_MCP_AUTH_TOKEN: prepared.learner.clientSecret };
  const servers: SpawnedServer[] = await Promise.all(
    Array.from({ length: SERVERS }, () => spawnStdioServer(env)),
  );
  try {
    type Due = { cards: Array<{ cardId: string }> };
    const due = (await callOk(servers[0]!.client, 'list_my_due_reviews', { limit: 100 })) as Due;
    const graded = due.cards[0]!.cardId;
    await callOk(servers[1]!.client, 'grade_review_card', { card_id: graded, rating: 4 });
    const seen = await Promise.all(
      servers.map(
        async (server) =>
          (await callOk(server.client, 'list_my_due_reviews', { limit: 100 })) as Due,
      ),
    );
    for (const view of seen) expect(view.cards.map((c) => c.cardId)).not.toContain(graded);
    // Nobody took the files over from anybody: one owner from the start.
    const takeovers = servers.flatMap((s) => s.stderrLines.filter((l) => l.includes('now owns')));
    expect(takeovers).toEqual([]);
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
  // The files were written by one process at a time: they open and answer.
  const db = await createDb({ dataDir: prepared.env['LUMEN_DATA_DIR'] });
  try {
    expect(await db.prisma.reviewCard.count()).toBeGreaterThan(0);
    expect(db.location).toBe(`embedded (${prepared.env['LUMEN_DATA_DIR']})`);
  } finally {
    await db.close();
  }
}, 120_000);
