import type { RandomSource } from './random-source.js';

/**
 * Client credentials. The secret embeds its client id, so verifying a secret is one
 * primary-key lookup plus one argon2 check — never a scan over every client's hash —
 * and the stdio transport, which only has the secret, can still find its row.
 *
 *   client id:     lmc_<22 base64url chars>                  (16 random bytes)
 *   client secret: lumen_sk_<client id>_<43 base64url chars> (32 random bytes)
 *
 * Both parts have fixed lengths, so the `_` that base64url may contain never makes
 * the split ambiguous.
 */
const CLIENT_ID = /^lmc_[A-Za-z0-9_-]{22}$/;
const SECRET = /^lumen_sk_(lmc_[A-Za-z0-9_-]{22})_[A-Za-z0-9_-]{43}$/;

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

export function generateClientId(random: RandomSource): string {
  return `lmc_${base64url(random(16))}`;
}

export function generateClientSecret(clientId: string, random: RandomSource): string {
  return `lumen_sk_${clientId}_${base64url(random(32))}`;
}

export const isClientId = (value: string): boolean => CLIENT_ID.test(value);

/** The client id a well-formed secret belongs to, or undefined. */
export function clientIdOfSecret(secret: string): string | undefined {
  return SECRET.exec(secret)?.[1];
}
