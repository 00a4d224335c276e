/**
 * The one line an operator sees when a server cannot start: what failed and which
 * setting to change, never a stack trace. The servers' entry points print it after
 * their program name and exit non-zero.
 */
import { DbError, redactDatabaseUrl } from '@lumen/db';

import { ConfigError } from './config.js';
import { ListenError } from './listen-error.js';

interface Errno {
  code?: unknown;
  syscall?: unknown;
  path?: unknown;
  message?: unknown;
}

/** Errors writing the embedded database's folder (or a file in it). */
const FILE_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOSPC', 'EEXIST']);
/** Reaching a PostgreSQL server failed. */
const NET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** PostgreSQL server errors carry a five-character SQLSTATE; connection errors an errno. */
const SQLSTATE = /^[0-9A-Z]{5}$/;

export function describeStartFailure(
  error: unknown,
  database: { url?: string | undefined },
): string {
  if (error instanceof ListenError || error instanceof ConfigError) return error.message;
  if (error instanceof DbError) return `${error.code}: ${error.message}`;
  return describeDatabaseFailure(error, database) ?? `could not start: ${messageOf(error)}`;
}

/**
 * The line for an error opening the configured database — PostgreSQL refusing or not
 * answering, or the embedded database's folder not writable — naming the setting to
 * change; undefined for any other error (a DbError carries its own code and message).
 * The servers print it when they cannot start, the CLI when a command cannot open the
 * database.
 */
export function describeDatabaseFailure(
  error: unknown,
  database: { url?: string | undefined },
): string | undefined {
  if (error instanceof DbError) return undefined;
  const e = (error ?? {}) as Errno;
  const message = messageOf(error);
  const code = typeof e.code === 'string' ? e.code : '';
  const fromDatabase =
    SQLSTATE.test(code) || NET_CODES.has(code) || /connection|timeout/i.test(message);
  if (database.url && fromDatabase) {
    const where = safeLocation(database.url);
    const why = SQLSTATE.test(code) ? `${message} (SQLSTATE ${code})` : message;
    return `cannot use the database at ${where}: ${why}; check DATABASE_URL and that the server is running`;
  }
  if (FILE_CODES.has(code) && typeof e.path === 'string') {
    return `cannot write the embedded database's folder (${code} on ${e.path}); set LUMEN_DATA_DIR to a folder this user can write`;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  const message = ((error ?? {}) as Errno).message;
  return typeof message === 'string' ? message : String(error);
}

function safeLocation(url: string): string {
  try {
    return redactDatabaseUrl(url);
  } catch {
    return 'DATABASE_URL';
  }
}
