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

  // The script below needs the simple query protocol (several statements in one), which
  // db.sql does not speak; the embedded database runs the same migration on every open.
  if (kind === 'postgres')
    it('counts the lessons and completions a database already had when 0021 arrives', async () => {
      const client = new pg.Client({ connectionString: await databaseUrl(db) });
      await client.connect();
      const session: SqlSession = {
        query: async (sql, params) => (await client.query(sql, params)).rows,
        exec: async (sql) => void (await client.query(sql)),
      };
      try {
        // The database as 0020 left it: no counts, no triggers.
        await session.exec(
          `DROP TABLE lesson_completion_counts;
           ALTER TABLE courses DROP COLUMN lesson_count;
           DROP FUNCTION lumen_count_completion, lumen_uncount_completions, lumen_zero_completion_counts,
                         lumen_count_lessons, lumen_recount_moved_lesson, lumen_zero_lesson_counts CASCADE;
           DELETE FROM "_lumen_migrations" WHERE name = '0021_progress_counts'`,
        );
        await session.exec(
          `INSERT INTO users (id, email, display_name)
             SELECT ('00000000-0000-0000-0000-00000000000' || g)::uuid, g || '@example.test', 'U' FROM generate_series(1, 3) g;
           INSERT INTO courses (id, slug, title, summary, owner_id)
             SELECT ('00000000-0000-0000-0001-00000000000' || g)::uuid, 'c' || g, 'C', 'S',
                    '00000000-0000-0000-0000-000000000001' FROM generate_series(1, 3) g;
           INSERT INTO modules (course_id, position, title) SELECT id, 1, 'M' FROM courses WHERE slug <> 'c3';
           INSERT INTO lessons (course_id, module_id, position, slug, title)
             SELECT m.course_id, m.id, g, 'l' || g, 'L' FROM modules m, generate_series(1, 4) g
              WHERE g <= CASE (SELECT slug FROM courses WHERE id = m.course_id) WHEN 'c1' THEN 4 ELSE 2 END;
           INSERT INTO lesson_completions (user_id, lesson_id, course_id, completed_at)
             SELECT u.id, l.id, l.course_id, '2025-06-01T00:00:00Z'::timestamptz + l.position * interval '1 hour'
               FROM users u JOIN lessons l ON l.position <= left(u.email, 1)::int + 1
              WHERE u.email < '3';`,
        );
        expect((await migrate(session)).applied).toEqual(['0021_progress_counts']);
        expect(
          await session.query(
            `SELECT c.slug, c.lesson_count, k.user_id::text AS learner, k.completed, k.last_completed_at
               FROM courses c LEFT JOIN lesson_completion_counts k ON k.course_id = c.id
              ORDER BY c.slug, k.user_id`,
          ),
        ).toEqual([
          // Learner 1 completed lessons 1-2 of each course, learner 2 lessons 1-3; c3 has none.
          {
            slug: 'c1',
            lesson_count: 4,
            learner: '00000000-0000-0000-0000-000000000001',
            completed: 2,
            last_completed_at: new Date('2025-06-01T02:00:00Z'),
          },
          {
            slug: 'c1',
            lesson_count: 4,
            learner: '00000000-0000-0000-0000-000000000002',
            completed: 3,
            last_completed_at: new Date('2025-06-01T03:00:00Z'),
          },
          {
            slug: 'c2',
            lesson_count: 2,
            learner: '00000000-0000-0000-0000-000000000001',
            completed: 2,
            last_completed_at: new Date('2025-06-01T02:00:00Z'),
          },
          {
            slug: 'c2',
            lesson_count: 2,
            learner: '00000000-0000-0000-0000-000000000002',
            completed: 2,
            last_completed_at: new Date('2025-06-01T02:00:00Z'),
          },
          { slug: 'c3', lesson_count: 0, learner: null, completed: null, last_completed_at: null },
        ]);
      } finally {
        await client.end();
      }
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
