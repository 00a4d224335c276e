import { Prisma } from './generated/prisma/client.js';
import { preparedRaw } from './prepared-raw.js';
import { sqlText } from './sql.js';
import type { SqlQuery } from './sql.js';
import { createDb } from './create-db.js';
import { createScratchPostgres, testDatabases } from './testing/index.js';
import type { Db } from './index.js';

const tag = (strings: TemplateStringsArray, ..._values: unknown[]) => strings;

describe('sqlText', () => {
  it('turns each hole of a template into the next numbered parameter', () => {
    expect(sqlText(tag`SELECT ${1}::int + ${2}::int WHERE x = ${3}`)).toBe(
      'SELECT $1::int + $2::int WHERE x = $3',
    );
    expect(sqlText(tag`SELECT 1`)).toBe('SELECT 1');
  });
});

describe.each(testDatabases())('db.sql on %s', (kind, open) => {
  let db: Db;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  const insertUser = (sql: SqlQuery, email: string) =>
    sql<{
      id: string;
    }>`INSERT INTO users (email, display_name) VALUES (${email}, ${'U'}) RETURNING id::text AS id`;
  const countUsers = async (email: string) =>
    (await db.sql<{ n: number }>`SELECT count(*)::int AS n FROM users WHERE email = ${email}`)[0]
      ?.n;

  it('binds values as parameters and returns strings, numbers, dates and nulls as the drivers agree', async () => {
    const at = new Date('2025-01-02T03:04:05.678Z');
    const hostile = `x'); DROP TABLE users; --`;
    const rows = await db.sql<{ s: string; i: number; f: number; t: Date; n: null }>`
      SELECT ${hostile}::text AS s, ${41}::int + 1 AS i, ${0.5}::float8 AS f,
             ${at.toISOString()}::timestamptz AS t, ${null}::text AS n`;
    expect(rows).toEqual([{ s: hostile, i: 42, f: 0.5, t: at, n: null }]);
    expect(rows[0]?.t).toBeInstanceOf(Date);
  });

  it('runs one call site many times, concurrently, with different values', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => db.sql<{ v: number }>`SELECT ${i}::int * 2 AS v`),
    );
    expect(results.map((r) => r[0]?.v)).toEqual(Array.from({ length: 30 }, (_, i) => i * 2));
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await db.sql.transaction(async (tx) => {
      await insertUser(tx, 'kept@example.test');
    });
    await expect(
      db.sql.transaction(async (tx) => {
        await insertUser(tx, 'dropped@example.test');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await countUsers('kept@example.test')).toBe(1);
    expect(await countUsers('dropped@example.test')).toBe(0);
  });

  if (kind === 'postgres') {
    it('plans a call site once per connection: every execution reuses the generic plan', async () => {
      const plans = await db.sql.transaction(async (tx) => {
        for (let i = 0; i < 8; i++)
          await tx`SELECT count(*)::int AS n FROM users /* plan-once */
                    WHERE email = ${`p${i}@example.test`} AND created_at <= ${new Date().toISOString()}::timestamptz
                    LIMIT ${i + 1}::int`;
        return tx<{ generic: number; custom: number }>`
          SELECT generic_plans::int AS generic, custom_plans::int AS custom
            FROM pg_prepared_statements
           WHERE statement LIKE '%users /* plan-once */%' AND statement NOT LIKE '%pg_prepared%'`;
      });
      expect(plans).toEqual([{ generic: 8, custom: 0 }]);
    });

    it('leaves a plan cache mode the operator set in DATABASE_URL alone, auto included', async () => {
      const scratch = await createScratchPostgres(process.env['TEST_DATABASE_URL']!);
      const url = new URL(scratch.url);
      url.searchParams.set('options', '-c plan_cache_mode=auto');
      const own = await createDb({ url: url.toString() });
      try {
        const [row] = await own.sql<{ mode: string }>`
          SELECT current_setting('plan_cache_mode') AS mode`;
        expect(row?.mode).toBe('auto');
      } finally {
        await own.close();
        await scratch.drop();
      }
    });
  }

  if (kind === 'pglite') {
    it('prepares a statement once for the life of the embedded database and reuses it', async () => {
      for (let i = 0; i < 8; i++)
        await db.sql`SELECT count(*)::int AS n FROM users /* prepared-once */ WHERE email = ${`q${i}@example.test`}`;
      const rows = await db.sql<{ name: string }>`
        SELECT name FROM pg_prepared_statements
         WHERE statement LIKE '%users /* prepared-once */%' AND statement NOT LIKE '%pg_prepared%'`;
      expect(rows).toEqual([{ name: expect.stringMatching(/^lumen_own_\d+$/) }]);
    });
  }

  it('returns arrays, booleans, uuids and JSON as the drivers parse them', async () => {
    const id = '6f1c3b1e-8a51-4c39-9c9b-1f3d2a6c7e01';
    const rows = await db.sql<Record<string, unknown>>`
      SELECT ${['a', "b'c", null]}::text[] AS texts, ${[1, 2]}::int[] AS ints, ${true}::bool AS yes,
             ${id}::uuid AS id, jsonb_build_object('k', ${'v'}::text, 'n', 1) AS doc,
             ${'{"x":[1,2]}'}::json AS raw`;
    expect(rows).toEqual([
      {
        texts: ['a', "b'c", null],
        ints: [1, 2],
        yes: true,
        id,
        doc: { k: 'v', n: 1 },
        raw: { x: [1, 2] },
      },
    ]);
  });

  it('answers the next statement normally after one fails, and never keeps a statement that did not parse', async () => {
    await expect(db.sql.text('SELEC 1', [])).rejects.toThrow(/syntax error/);
    await expect(db.sql.text('SELEC 1', [])).rejects.toThrow(/syntax error/);
    await expect(db.sql.text('SELECT 1 / $1::int AS v', [0])).rejects.toThrow(/division by zero/);
    expect(await db.sql.text('SELECT 1 / $1::int AS v', [1])).toEqual([{ v: 1 }]);
    const [row] = await db.sql<{ ok: number }>`SELECT ${7}::int AS ok`;
    expect(row).toEqual({ ok: 7 });
  });

  it('keeps SET LOCAL settings inside their transaction only', async () => {
    const inside = await db.sql.transaction(async (tx) => {
      await tx`SELECT set_config('statement_timeout', '1234', true)`;
      return (await tx<{ v: string }>`SELECT current_setting('statement_timeout') AS v`)[0]?.v;
    });
    expect(inside).toBe('1234ms');
    const after = (await db.sql<{ v: string }>`SELECT current_setting('statement_timeout') AS v`)[0]
      ?.v;
    expect(after).not.toBe('1234ms');
  });

  it('runs a Prisma.sql statement with nested fragments as Prisma would, values as parameters', async () => {
    const raw = preparedRaw(db.sql);
    const words = (text: string) =>
      Prisma.sql`(SELECT array_agg(w ORDER BY w COLLATE "C") FROM unnest(string_to_array(${text}, ' ')) AS w)`;
    const run = (client: { $queryRaw: typeof raw.$queryRaw }, text: string, n: number) =>
      client.$queryRaw<Array<{ words: string[]; n: number }>>`
        SELECT ${words(text)} AS words, ${n}::int * 2 AS n`;
    const hostile = `b a'); DROP TABLE users; --`;
    const results = await Promise.all([1, 2, 3].map((n) => run(raw, `${hostile} ${n}`, n)));
    expect(results.map((r) => r[0]?.n)).toEqual([2, 4, 6]);
    expect(results[0]).toEqual(await run(db.prisma, `${hostile} 1`, 1));
    expect(results[0]?.[0]?.words).toEqual(
      ['--', '1', 'DROP', 'TABLE', "a');", 'b', 'users;'].sort(),
    );
  });

  it('reports database errors to the caller', async () => {
    await insertUser(db.sql, 'twice@example.test');
    await expect(insertUser(db.sql, 'twice@example.test')).rejects.toThrow(/unique|duplicate/i);
  });
});
