import { DbError } from './errors.js';

/**
 * Accepts the `postgresql+asyncpg://` and `postgres+asyncpg://` forms that existing
 * Lumen `.env` files carry (SQLAlchemy driver suffixes) and returns a plain
 * `postgresql://` URL for node-postgres.
 */
export function normalizeDatabaseUrl(raw: string): string {
  const trimmed = raw.trim();
  const match = /^(postgres(?:ql)?)(\+[a-z0-9]+)?:\/\//i.exec(trimmed);
  if (!match) {
    throw new DbError(
      'db.url.invalid',
      'DATABASE_URL must start with postgresql:// (postgresql+asyncpg:// is accepted too).',
    );
  }
  const url = `postgresql://${trimmed.slice(match[0].length)}`;
  try {
    new URL(url);
  } catch (cause) {
    throw new DbError('db.url.invalid', 'DATABASE_URL is not a valid URL.', { cause });
  }
  return url;
}

/** The URL with its password replaced, for log lines. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgresql://<unparseable>';
  }
}
