/**
 * @lumen/db — Lumen's database: the Prisma client for the one schema, opened on
 * PostgreSQL or on embedded PGlite, with the migrator that keeps it current.
 */
export { createDb } from './create-db.js';
export type { Db, DbOptions, LumenPrisma } from './create-db.js';
export { DbError } from './errors.js';
export type { DbErrorCode } from './errors.js';
export { defaultDataDir } from './data-dir.js';
export { clientHashCopy } from './client-hash-copy.js';
export type { ClientHashCopy } from './client-hash-copy.js';
export { normalizeDatabaseUrl, redactDatabaseUrl } from './database-url.js';
export { migrate } from './migrate.js';
export type { MigrateResult } from './migrate.js';
export type { SqlSession } from './sql-session.js';
export type { Sql, SqlQuery, SqlValue } from './sql.js';
export { preparedRaw } from './prepared-raw.js';
export type { RawQueryable } from './prepared-raw.js';
export type { Listen, ListenHandlers, Subscription } from './listen.js';
export { createFeedCache } from './feed-cache.js';
export type { FeedCache, FeedCacheEntries, FeedCacheOptions } from './feed-cache.js';
export { Prisma, Role, CourseStatus } from './generated/prisma/client.js';
export type {
  User,
  Subject,
  Course,
  Module,
  Lesson,
  LessonChunk,
  Enrollment,
  CardTemplate,
  ReviewCard,
  ReviewLog,
  LessonCompletion,
  McpClient,
  LlmCallLog,
  RetrievalAudit,
} from './generated/prisma/client.js';
