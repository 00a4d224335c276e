import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

import { createDb } from './index.js';
import type { Db } from './index.js';
import { copyMigratedDataDir } from './testing/index.js';

/**
 * One embedded data dir opened by several Db instances, as several local processes
 * would (the first owns the files and serves them on its socket; the others attach to
 * it with the pg driver). Taking over after a SIGKILL is tested with real processes
 * in apps/mcp-stdio/src/shared-data-dir.e2e.test.ts.
 */
describe('embedded database shared by several openers', () => {
  let dir: string;
  const open: Db[] = [];
  const openDb = async () => {
    const db = await createDb({ dataDir: dir });
    open.push(db);
    return db;
  };

  // The first opener finds a migrated database, as every opener after the first start
  // does (creating one on disk is createDb's own test).
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lumen-shared-'));
    await copyMigratedDataDir(dir);
  }, 180_000);
  afterAll(async () => {
    for (const db of open.reverse()) await db.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets a second and a third opener use the database the first one opened', async () => {
    const owner = await openDb();
    const second = await openDb();
    const third = await openDb();
    expect(owner.location).toBe(`embedded (${dir})`);
    expect(second.location).toBe(`embedded (${dir}, shared)`);
    expect(second.vector).toBe(true);

    await second.prisma.user.create({ data: { email: 'second@x.test', displayName: 'S' } });
    await owner.prisma.user.create({ data: { email: 'owner@x.test', displayName: 'O' } });
    // db.sql names its prepared statements per connection; two attached processes run
    // the same call sites on PGlite's one session without colliding.
    const emails = async (db: Db) =>
      (await db.sql<{ email: string }>`SELECT email FROM users ORDER BY email`).map((r) => r.email);
    expect(await emails(second)).toEqual(['owner@x.test', 'second@x.test']);
    expect(await emails(third)).toEqual(['owner@x.test', 'second@x.test']);
    expect(await emails(second)).toEqual(await emails(owner));
  });

  it("keeps an attached process's transaction apart from everyone else's statements", async () => {
    const [owner, second] = open as [Db, Db];
    let ownerWrite: Promise<unknown> | undefined;
    await expect(
      second.sql.transaction(async (sql) => {
        await sql`INSERT INTO users (email, display_name)
                  VALUES ('rolled-back@x.test', 'R')`;
        // The owner writes while the transaction is open: it waits for it to end rather
        // than running inside it (and being rolled back with it).
        ownerWrite = owner.prisma.user.create({ data: { email: 'kept@x.test', displayName: 'K' } });
        await new Promise((resolve) => setTimeout(resolve, 200));
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    await ownerWrite;
    const emails = (await owner.prisma.user.findMany({ orderBy: { email: 'asc' } })).map(
      (u) => u.email,
    );
    expect(emails).toContain('kept@x.test');
    expect(emails).not.toContain('rolled-back@x.test');
  });

  it('announces changes to listeners in every process, whoever writes', async () => {
    const [owner, second, third] = open as [Db, Db, Db];
    const heard: string[] = [];
    const subscribe = (name: string, db: Db) =>
      db.listen('lumen_principals', {
        message: (payload) => heard.push(`${name} ${payload}`),
        reset: () => undefined,
      });
    const subs = [
      await subscribe('owner', owner),
      await subscribe('second', second),
      await subscribe('third', third),
    ];
    try {
      expect(subs.every((s) => s.live())).toBe(true);
      const user = await owner.prisma.user.findUniqueOrThrow({ where: { email: 'second@x.test' } });
      await third.prisma.user.update({ where: { id: user.id }, data: { role: 'admin' } });
      await owner.prisma.user.update({ where: { id: user.id }, data: { role: 'learner' } });
      const expected = ['owner', 'second', 'third'].map((name) => `${name} user:${user.id}`);
      await waitFor(() => heard.length >= 6);
      expect(heard.sort()).toEqual([...expected, ...expected].sort());
    } finally {
      for (const sub of subs) await sub.close();
    }
  });

  it('hands the files to an attached process when the owner closes, losing nothing', async () => {
    const [owner, second, third] = open as [Db, Db, Db];
    await owner.prisma.user.create({
      data: { email: 'last-owner-write@x.test', displayName: 'L' },
    });
    await owner.close();
    open.shift();
    // Both attached processes go on: one of them now owns the files, the other attaches.
    const [a, b] = await Promise.all([second.prisma.user.count(), third.prisma.user.count()]);
    expect(a).toBe(b);
    expect(
      await third.prisma.user.findUnique({ where: { email: 'last-owner-write@x.test' } }),
    ).not.toBeNull();
    await second.prisma.user.create({ data: { email: 'after@x.test', displayName: 'A' } });
    expect(await third.prisma.user.count()).toBe(a + 1);
  });
});

describe('embedded database whose owner does not answer', () => {
  it('stops with db.embedded.locked, naming the owner, once the wait is over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lumen-silent-'));
    try {
      // A live process on this host holds the lock but serves no socket.
      writeFileSync(
        join(dir, 'lumen.lock'),
        JSON.stringify({
          pid: process.pid,
          hostname: hostname(),
          command: 'silent',
          startedAt: 'x',
        }),
      );
      await expect(createDb({ dataDir: dir, attachWaitMs: 300 })).rejects.toMatchObject({
        code: 'db.embedded.locked',
        message: expect.stringMatching(new RegExp(`process ${process.pid}.*DATABASE_URL`)),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function waitFor(done: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
