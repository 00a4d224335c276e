import type { Db } from './create-db.js';
import type { Subscription } from './listen.js';
import { testDatabases } from './testing/index.js';

/** Resolves once `check` holds, polling every 10 ms; rejects after `ms`. */
async function eventually(check: () => boolean, ms = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(testDatabases())('db.listen on %s', (kind, open) => {
  let db: Db;
  let sub: Subscription | undefined;
  const messages: string[] = [];
  let resets = 0;

  beforeAll(async () => {
    db = await open();
    sub = await db.listen('lumen_listen_test', {
      message: (payload) => messages.push(payload),
      reset: () => (resets += 1),
    });
  });
  afterAll(async () => {
    await sub?.close();
    await db?.close();
  });

  it('delivers what a committed transaction notifies, and nothing from a rolled-back one', async () => {
    expect(sub!.live()).toBe(true);
    await db.sql`SELECT pg_notify('lumen_listen_test', 'client:one')`;
    await db.sql
      .transaction(async (sql) => {
        await sql`SELECT pg_notify('lumen_listen_test', 'client:never')`;
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await db.sql`SELECT pg_notify('lumen_listen_test', 'client:two')`;
    await eventually(() => messages.includes('client:two'), 5_000, 'the second notification');
    expect(messages).toEqual(['client:one', 'client:two']);
  });

  it('announces revocations and role changes through the migration triggers, not last-use writes', async () => {
    const feed: string[] = [];
    const triggers = await db.listen('lumen_principals', {
      message: (payload) => feed.push(payload),
      reset: () => undefined,
    });
    try {
      const [user] = await db.sql<{ id: string }>`
        INSERT INTO users (id, email, display_name, role)
        VALUES (gen_random_uuid(), ${`listen-${kind}@lumen.test`}, 'Listener', 'learner') RETURNING id::text AS id`;
      await db.sql`
        INSERT INTO mcp_clients (client_id, client_secret_hash, owner_user_id, name, scopes)
        VALUES ('lmc_listen', 'x', ${user!.id}::uuid, 'listen test', ${['*']}::text[])`;
      await db.sql`UPDATE mcp_clients SET last_used_at = now() WHERE client_id = 'lmc_listen'`;
      await db.sql`UPDATE mcp_clients SET revoked_at = now() WHERE client_id = 'lmc_listen'`;
      await db.sql`UPDATE users SET role = 'instructor' WHERE id = ${user!.id}::uuid`;
      await eventually(() => feed.length >= 2, 5_000, 'two announcements');
      await new Promise((resolve) => setTimeout(resolve, 100)); // nothing else trickles in
      expect(feed).toEqual(['client:lmc_listen', `user:${user!.id}`]);
    } finally {
      await triggers.close();
    }
  });

  if (kind === 'postgres') {
    it('goes dead and resets its consumer when the connection drops, then comes back', async () => {
      const resetsBefore = resets;
      await db.sql`
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND query = 'LISTEN lumen_listen_test'`;
      await eventually(() => resets > resetsBefore, 5_000, 'a reset after the drop');
      await eventually(() => sub!.live(), 10_000, 'the subscription coming back');
      messages.length = 0;
      await db.sql`SELECT pg_notify('lumen_listen_test', 'client:after')`;
      await eventually(() => messages.includes('client:after'), 5_000, 'a notification after');
    });
  }

  it('refuses a channel name that is not a plain identifier', async () => {
    await expect(
      db.listen('x; DROP TABLE users', { message: () => undefined, reset: () => undefined }),
    ).rejects.toThrow(/plain channel name/);
  });
});
