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

/** A backend message as PGlite's protocol parser gives it. */
interface BackendMessage {
  readonly name: string;
}

/**
 * What the prepared path needs of a PGlite instance and of its module (passed in by the
 * caller, which has already loaded it: importing PGlite here would put it on every
 * process's start-up path). Its own `query` runs the same protocol messages, one call
 * into the database each, but with an unnamed statement that is parsed and planned again
 * on every execution.
 */
export interface PglitePreparedApi {
  readonly client: PGliteLike & {
    readonly serializers: Record<number | string, (value: unknown) => string>;
    readonly parsers: Record<number | string, unknown>;
    execProtocolStream(
      message: Uint8Array,
      options?: { syncToFs?: boolean },
    ): Promise<BackendMessage[]>;
    syncToFs(): Promise<void>;
    _checkReady(): Promise<void>;
    _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
    _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
  };
  readonly serialize: {
    parse(opts: { name?: string; text: string }): Uint8Array;
    describe(opts: { type: 'S' | 'P'; name?: string }): Uint8Array;
    bind(opts: { statement?: string; values?: Array<string | null> }): Uint8Array;
    execute(opts: { portal?: string }): Uint8Array;
    sync(): Uint8Array;
  };
  readonly parseResults: (
    messages: BackendMessage[],
    parsers: Record<number | string, unknown>,
  ) => Array<{ rows: unknown[] }>;
}

interface PreparedStatement {
  readonly name: string;
  readonly paramTypes: readonly number[];
  /** The statement's RowDescription (or NoData), reused for every execution's rows. */
  readonly description: readonly BackendMessage[];
}

/**
 * Named prepared statements on PGlite, as `pg` gives them on PostgreSQL: each statement
 * text is parsed once for the life of the database and its plan kept by PostgreSQL's plan
 * cache (under the session's plan_cache_mode, left at its default here), then every
 * execution is one call (bind, execute, sync). PGlite's `query`
 * plans every execution, and the ranking statement of a search spent about 17 of its 24
 * ms planning on PGlite. Names start `lumen_own_`, apart from the `lumen_c<N>_` names the
 * socket server gives attached processes' statements in the same session.
 */
function pglitePrepared(api: PglitePreparedApi) {
  const { client, serialize, parseResults } = api;
  const statements = new Map<string, PreparedStatement>();
  let next = 0;
  const exec = (message: Uint8Array) => client.execProtocolStream(message, { syncToFs: false });
  const concat = (parts: Uint8Array[]) => Buffer.concat(parts);

  const prepare = async (text: string): Promise<PreparedStatement> => {
    const name = `lumen_own_${++next}`;
    const messages = await exec(
      concat([
        serialize.parse({ name, text }),
        serialize.describe({ type: 'S', name }),
        serialize.sync(),
      ]),
    );
    const parameters = messages.find((m) => m.name === 'parameterDescription') as
      { dataTypeIDs: number[] } | undefined;
    const statement = {
      name,
      paramTypes: parameters?.dataTypeIDs ?? [],
      description: messages.filter((m) => m.name === 'rowDescription' || m.name === 'noData'),
    };
    statements.set(text, statement);
    return statement;
  };

  return async <Row>(text: string, values: readonly unknown[]): Promise<Row[]> => {
    await client._checkReady();
    // As PGlite's own query: after any open transaction, one statement at a time.
    return client._runExclusiveTransaction(() =>
      client._runExclusiveQuery(async () => {
        const statement = statements.get(text) ?? (await prepare(text));
        const params = values.map((value, i) => {
          if (value === null || value === undefined) return null;
          const serializer = client.serializers[statement.paramTypes[i] ?? 0];
          return serializer ? serializer(value) : String(value);
        });
        const messages = await exec(
          concat([
            serialize.bind({ statement: statement.name, values: params }),
            serialize.execute({}),
            serialize.sync(),
          ]),
        );
        await client.syncToFs();
        return parseResults([...statement.description, ...messages], client.parsers)[0]!
          .rows as Row[];
      }),
    );
  };
}

function pgliteQuery(target: PGliteQueryable): SqlQuery {
  return async <Row>(strings: TemplateStringsArray, ...values: readonly SqlValue[]) =>
    (await target.query<Row>(compile(strings).text, values as unknown[])).rows;
}

/**
 * `db.sql` on PGlite. With `prepared` (the owner of the database), statements outside a
 * transaction are named prepared statements; inside one, and without it, they go
 * through PGlite's `query`.
 */
export function createPgliteSql(client: PGliteLike, prepared?: PglitePreparedApi): Sql {
  const run = prepared ? pglitePrepared(prepared) : undefined;
  const query: SqlQuery = run
    ? <Row>(strings: TemplateStringsArray, ...values: readonly SqlValue[]) =>
        run<Row>(compile(strings).text, values)
    : pgliteQuery(client);
  return Object.assign(query, {
    transaction: <T>(fn: (sql: SqlQuery) => Promise<T>) =>
      client.transaction((tx) => fn(pgliteQuery(tx))),
    text: async <Row>(statement: string, values: readonly unknown[]) =>
      run ? run<Row>(statement, values) : (await client.query<Row>(statement, [...values])).rows,
  });
}
