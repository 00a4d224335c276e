/**
 * Opaque keyset cursor for newest-first paging: base64url of the last row's
 * created_at (ISO, millisecond precision like the column) and id. Keyset paging
 * (rather than OFFSET) returns every row exactly once even while courses are added.
 */
import { LumenError } from '../errors.js';

export interface CourseCursor {
  readonly createdAt: Date;
  readonly id: string;
}

/**
 * The only timestamp form encodeCursor writes: a four-digit year from 0001 on. Date
 * also round-trips years 0000, negative and six-digit ones (+275760), but PostgreSQL
 * has no year 0 and does not read signed years, so a forged cursor carrying one would
 * fail in the driver instead of being refused here.
 */
const CURSOR_TIME = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function encodeCursor(cursor: CourseCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`, 'utf8').toString(
    'base64url',
  );
}

export function decodeCursor(raw: string): CourseCursor {
  const text = /^[A-Za-z0-9_-]+$/.test(raw) ? Buffer.from(raw, 'base64url').toString('utf8') : '';
  const [iso, id, ...rest] = text.split('|');
  const createdAt = new Date(iso ?? '');
  if (
    rest.length > 0 ||
    !id ||
    !isUuid(id) ||
    !CURSOR_TIME.test(iso ?? '') ||
    Number.isNaN(createdAt.getTime()) ||
    createdAt.toISOString() !== iso
  ) {
    throw new LumenError(
      'mcp.invalid_argument',
      'cursor is not valid: pass back the nextCursor of a previous page',
    );
  }
  return { createdAt, id };
}
