import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import { createClientCache, createClientRegistry } from './index.js';
import type { ClientCache, ClientRegistry, MintResult } from './index.js';

const cheap = { memoryKiB: 256, iterations: 1, parallelism: 1 };

async function eventually(check: () => Promise<boolean>, ms = 5_000, what = 'condition') {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(testDatabases())('client cache on %s', (kind, open) => {
  let db: Db;
  let registry: ClientRegistry;
  let reads = 0;
  let gate: Promise<void> | undefined;
  let cache: ClientCache;
  let client: MintResult;

  beforeAll(async () => {
    db = await open();
    registry = createClientRegistry({ db, hashParams: cheap });
    // The real registry, counting how often the row is read from the database and
    // optionally holding an answer back (to stage a lookup that races a change).
    const counted = {
      find: async (clientId: string) => {
        reads += 1;
        const found = await registry.find(clientId);
        await gate;
        return found;
      },
    };
    cache = createClientCache({ db, registry: counted });
    await cache.ready;
    await db.prisma.user.create({
      data: { email: 'owner@lumen.test', displayName: 'O', role: 'instructor' },
    });
  });
  beforeEach(async () => {
    client = await registry.mint({ ownerEmail: 'owner@lumen.test', name: 'c', scopes: '*' });
    reads = 0;
  });
  afterAll(async () => {
    await cache?.close();
    await db?.close();
  });

  const revokedAt = async () => (await cache.find(client.clientId))?.client.revokedAt ?? null;

  it('answers a repeated lookup from memory while the change feed is up', async () => {
    expect(cache.live()).toBe(true);
    const first = await cache.find(client.clientId);
    const second = await cache.find(client.clientId);
    expect(second).toEqual(first);
    expect(reads).toBe(1);
  });

  it('drops a client revoked by another writer as soon as the database announces it', async () => {
    expect(await revokedAt()).toBeNull();
    // Another process's write: plain SQL, nothing in this process is told.
    await db.sql`UPDATE mcp_clients SET revoked_at = now() WHERE client_id = ${client.clientId}`;
    await eventually(async () => (await revokedAt()) !== null, 2_000, 'the revocation');
  });

  it("drops a client when its owner's role changes", async () => {
    expect((await cache.find(client.clientId))?.owner.role).toBe('instructor');
    await db.sql`UPDATE users SET role = 'learner' WHERE email = 'owner@lumen.test'`;
    try {
      await eventually(
        async () => (await cache.find(client.clientId))?.owner.role === 'learner',
        2_000,
        'the new role',
      );
    } finally {
      await db.sql`UPDATE users SET role = 'instructor' WHERE email = 'owner@lumen.test'`;
    }
  });

  it('does not keep an answer read before a change it raced with', async () => {
    let release: () => void = () => undefined;
    gate = new Promise((resolve) => (release = resolve));
    const racing = cache.find(client.clientId); // reads the row, then waits at the gate
    await eventually(async () => reads === 1, 2_000, 'the racing read');
    await new Promise((resolve) => setTimeout(resolve, 50)); // its SELECT has run
    await db.sql`UPDATE mcp_clients SET revoked_at = now() WHERE client_id = ${client.clientId}`;
    await new Promise((resolve) => setTimeout(resolve, 200)); // the announcement arrives
    release();
    gate = undefined;
    expect((await racing)?.client.revokedAt).toBeNull(); // read before the change
    expect(await revokedAt()).not.toBeNull(); // but not remembered
  });

  it('forgets a client this process changes itself at once', async () => {
    await cache.find(client.clientId);
    await registry.revoke(client.clientId);
    cache.evict(client.clientId);
    expect(await revokedAt()).not.toBeNull();
  });

  if (kind === 'postgres') {
    it('reads every lookup from the database while the feed is down, and caches again after', async () => {
      await cache.find(client.clientId);
      await db.sql`
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND query = 'LISTEN lumen_principals'`;
      await eventually(async () => !cache.live(), 2_000, 'the feed going down');
      reads = 0;
      // A change made while nobody listens must still be seen.
      await db.sql`UPDATE mcp_clients SET revoked_at = now() WHERE client_id = ${client.clientId}`;
      // (Should the feed already be back, it was reset on return: same answers.)
      expect(await revokedAt()).not.toBeNull();
      expect(reads).toBe(1);
      await eventually(async () => cache.live(), 10_000, 'the feed coming back');
      reads = 0;
      await cache.find(client.clientId);
      await cache.find(client.clientId);
      expect(reads).toBe(1);
      expect(await revokedAt()).not.toBeNull();
    });
  }
});
