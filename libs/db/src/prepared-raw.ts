/**
 * Prisma's `$queryRaw` tagged template, run on the lean executor (`db.sql.text`):
 * the statement Prisma.sql assembles (fragments flattened, every value a parameter)
 * becomes a named prepared statement per connection on PostgreSQL, so a long
 * statement such as search's ranking is parsed and planned once per connection instead
 * of on every call, and Prisma's per-query work in this process is skipped. Code
 * written against `$queryRaw` runs unchanged on either.
 *
 * Values come back as the drivers give them (see sql.ts): float8 as number, text[] as
 * string[], but int8 and numeric as strings — cast in SQL where that matters.
 */
import { Prisma } from './generated/prisma/client.js';
import type { Sql } from './sql.js';

/** What raw-SQL code needs of a client: Prisma's client and {@link preparedRaw} both have it. */
export interface RawQueryable {
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<T>;
}

export function preparedRaw(sql: Pick<Sql, 'text'>): RawQueryable {
  return {
    $queryRaw: async <T>(query: TemplateStringsArray, ...values: unknown[]) => {
      const statement = Prisma.sql(query, ...(values as Prisma.Sql[]));
      return (await sql.text(statement.text, statement.values)) as T;
    },
  };
}
