/**
 * `db.sql`: a lean tagged-template SQL executor on the same connections as
 * `db.prisma` (the `pg` pool, or the PGlite instance). It exists for hot paths where
 * Prisma's per-query work in our process (query compilation, argument and result
 * mapping) costs more than the database does: grading a review card is two short
 * statements, and at hundreds per second that overhead is the bottleneck.
 *
 *   const rows = await db.sql<{ id: string }>`SELECT id::text FROM users WHERE email = ${email}`;
 *
 * Every `${value}` becomes a bind parameter ($1, $2, ...), never text in the SQL.
 * Results come back as the drivers give them, which agree for the types we use:
 * text/uuid as string, int4 and float8 as number, timestamptz as Date, null as null.
 * They disagree on int8 and numeric, so cast counts to `::int` (or `::float8`).
 *
 * On PostgreSQL each call site is a named prepared statement per connection (keyed by
 * the template's strings array, which JavaScript keeps identical for every evaluation
 * of one tagged template), so the server parses and plans it once per connection. That
 * takes generic plans, which create-db.ts asks for: with PostgreSQL's default
 * `plan_cache_mode = auto` the hot statements were re-planned on every execution.
 * On PGlite, queries wait for any open transaction (PGlite runs one at a time); so
 * never call `db.sql` from inside a `db.prisma.$transaction` callback there.
 */
import type pg from 'pg';

export type SqlValue =
  string | number | boolean | null | Date | readonly (string | null)[] | readonly (number | null)[];

/** Runs one statement and resolves with its rows. */
export type SqlQuery = <Row = Record<string, unknown>>(
  strings: TemplateStringsArray,
  ...values: readonly SqlValue[]
) => Promise<Row[]>;

export interface Sql extends SqlQuery {
  /**
   * Runs a statement given as text with $1, $2, … placeholders — for SQL assembled
   * elsewhere (a Prisma.Sql's `text` and `values`). On PostgreSQL it is prepared per
   * connection like the tagged form, named by its text, so only statements whose text
   * is fixed (parameters for every value) belong here.
   */
  text<Row = Record<string, unknown>>(
    statement: string,
    values: readonly unknown[],
  ): Promise<Row[]>;
  /**
   * Runs `fn` in one transaction on one connection: committed when `fn` resolves,
   * rolled back when it throws. Use `sql` (the argument) for every statement inside.
   */
  transaction<T>(fn: (sql: SqlQuery) => Promise<T>): Promise<T>;
}

/** The statement text of a template: `${…}` holes become $1, $2, … in order. */
export function sqlText(strings: TemplateStringsArray): string {
  let text = strings[0] ?? '';
  for (let i = 1; i < strings.length; i++) text += `$${i}${strings[i] ?? ''}`;
  return text;
}

interface Compiled {
  readonly name: string;
  readonly text: string;
}

/** One compiled entry per call site; names are unique within this process. */
const compiled = new WeakMap<TemplateStringsArray, Compiled>();
let statements = 0;

function compile(strings: TemplateStringsArray): Compiled {
  let entry = compiled.get(strings);
  if (!entry) {
    entry = { name: `lumen_sql_${++statements}`, text: sqlText(strings) };
    compiled.set(strings, entry);
  }
  return entry;
}

/** Statement names for texts run through `sql.text`, one per distinct text. */
const textNames = new Map<string, string>();

function textName(text: string): string {
  let name = textNames.get(text);
  if (!name) textNames.set(text, (name = `lumen_sql_${++statements}`));
  return name;
}

function pgQuery(target: pg.Pool | pg.PoolClient): SqlQuery {
  return async <Row>(strings: TemplateStringsArray, ...values: readonly SqlValue[]) => {
    const { name, text } = compile(strings);
    const result = await target.query({ name, text, values: values as unknown[] });
    return result.rows as Row[];
  };
}

export function createPgSql(pool: pg.Pool): Sql {
  const transaction = async <T>(fn: (sql: SqlQuery) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken: unknown;
    // A checked-out client has no pool listener: without ours, a server that goes away
    // mid-transaction ('error' event) would crash the process instead of failing the query.
    const onError = (error: unknown) => (broken = error);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await fn(pgQuery(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is discarded rather than reused.
      await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError));
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken instanceof Error ? broken : undefined);
    }
  };
  const text = async <Row>(statement: string, values: readonly unknown[]) =>
    (await pool.query({ name: textName(statement), text: statement, values: [...values] }))
      .rows as Row[];
  return Object.assign(pgQuery(pool), { transaction, text });
}

/** The slice of PGlite's API the executor uses (PGlite and its Transaction both have it). */
interface PGliteQueryable {
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
}

interface PGliteLike extends PGliteQueryable {
  transaction<T>(fn: (tx: PGliteQueryable) => Promise<T>): Promise<T>;
}

function pgliteQuery(target: PGliteQueryable): SqlQuery {
  return async <Row>(strings: TemplateStringsArray, ...values: readonly SqlValue[]) =>
    (await target.query<Row>(compile(strings).text, values as unknown[])).rows;
}

export function createPgliteSql(client: PGliteLike): Sql {
  return Object.assign(pgliteQuery(client), {
    transaction: <T>(fn: (sql: SqlQuery) => Promise<T>) =>
      client.transaction((tx) => fn(pgliteQuery(tx))),
    text: async <Row>(statement: string, values: readonly unknown[]) =>
      (await client.query<Row>(statement, [...values])).rows,
  });
}
