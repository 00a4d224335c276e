/**
 * The smallest raw-SQL surface the migrator needs, implemented over both `pg` and
 * PGlite. It runs on one connection, so session-level advisory locks hold.
 */
export interface SqlSession {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements (simple query protocol). */
  exec(sql: string): Promise<void>;
}
