import { LumenError } from '../errors.js';

/** Page sizes across the learning core: an integer 1-100, 20 when absent. */
export function checkLimit(limit: number | undefined, fallback = 20): number {
  const value = limit ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > 100) {
    throw new LumenError(
      'mcp.invalid_argument',
      `limit must be an integer from 1 to 100 (got ${String(limit)})`,
    );
  }
  return value;
}
