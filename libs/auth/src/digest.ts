import { createHash } from 'node:crypto';

import type { RandomSource } from './random-source.js';

/**
 * Codes, refresh tokens, CSRF tokens and pending-authorization ids are 256-bit random
 * values, so a plain SHA-256 digest is a safe stored form (no argon2 needed: nothing
 * to brute-force). The database never holds one a caller could replay.
 */
export const sha256 = (text: string): string =>
  createHash('sha256').update(text).digest('base64url');

/** A fresh 256-bit value, base64url (43 characters). */
export const randomToken = (random: RandomSource): string =>
  Buffer.from(random(32)).toString('base64url');
