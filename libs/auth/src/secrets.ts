import { timingSafeEqual } from 'node:crypto';

import { argon2id } from 'hash-wasm';

import type { RandomSource } from './random-source.js';
import { cryptoRandom } from './random-source.js';

/**
 * argon2id cost. The defaults are the OWASP Password Storage Cheat Sheet's first
 * recommended configuration: m = 19456 KiB (19 MiB), t = 2 iterations, p = 1, with a
 * 16-byte random salt and a 32-byte hash. Tests may pass a cheaper cost; verification
 * always reads the cost back from the stored PHC string, so old hashes keep verifying
 * after a change of defaults.
 */
export interface Argon2Params {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

export const OWASP_ARGON2ID: Readonly<Argon2Params> = {
  memoryKiB: 19_456,
  iterations: 2,
  parallelism: 1,
};

const SALT_BYTES = 16;
const HASH_BYTES = 32;

/** Hashes `secret` into a PHC string: `$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>`. */
export async function hashSecret(
  secret: string,
  options: { params?: Argon2Params; random?: RandomSource } = {},
): Promise<string> {
  const params = options.params ?? OWASP_ARGON2ID;
  const salt = (options.random ?? cryptoRandom)(SALT_BYTES);
  return argon2id({
    password: secret,
    salt,
    parallelism: params.parallelism,
    iterations: params.iterations,
    memorySize: params.memoryKiB,
    hashLength: HASH_BYTES,
    outputType: 'encoded',
  });
}

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/**
 * Recomputes the hash with the stored salt and cost and compares in constant time
 * (node:crypto timingSafeEqual). A malformed stored hash never verifies.
 */
export async function verifySecret(secret: string, phc: string): Promise<boolean> {
  const match = PHC.exec(phc);
  if (!match) return false;
  const [, m, t, p, salt64, hash64] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const expected = Buffer.from(hash64, 'base64');
  const actual = await argon2id({
    password: secret,
    salt: new Uint8Array(Buffer.from(salt64, 'base64')),
    parallelism: Number(p),
    iterations: Number(t),
    memorySize: Number(m),
    hashLength: expected.length,
    outputType: 'binary',
  });
  return expected.length > 0 && timingSafeEqual(Buffer.from(actual), expected);
}
