export type DbErrorCode =
  | 'db.embedded.locked'
  | 'db.url.invalid'
  | 'db.migration.checksum'
  | 'db.migration.failed'
  | 'db.unavailable';

/** Errors raised while opening or migrating the database. */
export class DbError extends Error {
  override readonly name = 'DbError';
  constructor(
    readonly code: DbErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
