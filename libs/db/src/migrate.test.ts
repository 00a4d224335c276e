import pg from 'pg';

import type { Db } from './create-db.js';
import { migrate } from './migrate.js';
import type { SqlSession } from './sql-session.js';
import { testDatabases } from './testing/index.js';

const sessionOf = (db: Db): SqlSession => ({
  query: (sql, params) => db.sql.text(sql, params ?? []),
  exec: async (sql) => void (await db.sql.text(sql, [])),
});

describe.each(testDatabases())('migrate on %s', (kind, open) => {
  let db: Db;
  beforeEach(async () => {
    db = await open();
  });
  afterEach(() => db.close());

  it('finds an up-to-date database current and applies nothing', async () => {
    expect(db.appliedMigrations).toEqual([]);
    await expect(migrate(sessionOf(db))).resolves.toEqual({ applied: [], vector: db.vector });
  });

  it('still refuses a migration edited after it was applied', async () => {
    await db.sql`UPDATE "_lumen_migrations" SET checksum = 'edited'
                  WHERE name = (SELECT min(name) FROM "_lumen_migrations")`;
    await expect(migrate(sessionOf(db))).rejects.toMatchObject({
      code: 'db.migration.checksum',
    });
  });

  if (kind === 'postgres')
    it('does not wait for another process migrating when nothing is pending', async () => {
      // Another replica holding the migration lock (as while it applies a migration).
      const other = new pg.Client({ connectionString: await databaseUrl(db) });
      await other.connect();
      try {
        await other.query('SELECT pg_advisory_lock(727001)');
        let timer: NodeJS.Timeout | undefined;
        const result = await Promise.race([
          migrate(sessionOf(db)),
          new Promise((resolve) => {
            timer = setTimeout(() => resolve('waited for the lock'), 5_000);
          }),
        ]);
        clearTimeout(timer);
        expect(result).toEqual({ applied: [], vector: db.vector });
      } finally {
        await other.end();
      }
    });
});

/** The scratch database's URL: same server as TEST_DATABASE_URL, this database's name. */
async function databaseUrl(db: Db): Promise<string> {
  const [{ name }] = (await db.sql<{ name: string }>`SELECT current_database() AS name`) as [
    { name: string },
  ];
  const url = new URL(process.env['TEST_DATABASE_URL']!);
  url.pathname = `/${name}`;
  return url.toString();
}
