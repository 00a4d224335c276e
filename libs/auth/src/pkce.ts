import { timingSafeEqual } from 'node:crypto';

import { sha256 } from './digest.js';

/** RFC 7636 §4.1: 43–128 characters from the unreserved set. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
/** RFC 7636 §4.2: S256 challenges are base64url(SHA-256), 43 characters, no padding. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export const isS256Challenge = (value: string): boolean => S256_CHALLENGE.test(value);

/**
 * RFC 7636 §4.6 with S256 only (OAuth 2.1 §4.1.1 and the MCP authorization spec make
 * S256 mandatory; `plain` is never accepted). Constant-time comparison.
 */
export function verifyPkceS256(verifier: string, challenge: string): boolean {
  if (!VERIFIER.test(verifier) || !isS256Challenge(challenge)) return false;
  const actual = Buffer.from(sha256(verifier));
  const expected = Buffer.from(challenge);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
