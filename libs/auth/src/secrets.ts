import { timingSafeEqual } from 'node:crypto';

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

/** The options hash-wasm's `argon2id` takes: one run of the primitive. */
export interface Argon2Input {
  password: string;
  salt: Uint8Array;
  parallelism: number;
  iterations: number;
  memorySize: number;
  hashLength: number;
  outputType: 'encoded' | 'binary';
}

/**
 * Runs argon2id. hash-wasm's is synchronous WebAssembly behind a promise, so running
 * it here blocks the event loop for the whole hash (~100 ms at the OWASP cost); a
 * server passes a worker pool's instead (see argon2-pool.ts).
 */
export type Argon2Compute = (input: Argon2Input) => Promise<string | Uint8Array>;

/**
 * hash-wasm's argon2id on the calling thread. The module (~280 kB with every hash it
 * offers) is loaded on first use: a process whose argon2 runs in a worker pool, like the
 * stdio server verifying its token ahead, never parses it on its main thread.
 */
const inThreadArgon2: Argon2Compute = async (input) => (await import('hash-wasm')).argon2id(input);

/** Hashing and verification of secrets and passwords, wherever argon2 runs. */
export interface SecretHasher {
  /** A PHC string: `$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>`. */
  hash(secret: string, options?: { params?: Argon2Params; random?: RandomSource }): Promise<string>;
  /** Recomputes with the stored salt and cost; a malformed stored hash never verifies. */
  verify(secret: string, phc: string): Promise<boolean>;
}

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** A SecretHasher over `compute`; salts come from `random`, on the calling thread. */
export function createSecretHasher(compute: Argon2Compute = inThreadArgon2): SecretHasher {
  async function hash(
    secret: string,
    options: { params?: Argon2Params; random?: RandomSource } = {},
  ): Promise<string> {
    const params = options.params ?? OWASP_ARGON2ID;
    const salt = (options.random ?? cryptoRandom)(SALT_BYTES);
    return String(
      await compute({
        password: secret,
        salt,
        parallelism: params.parallelism,
        iterations: params.iterations,
        memorySize: params.memoryKiB,
        hashLength: HASH_BYTES,
        outputType: 'encoded',
      }),
    );
  }

  /** Compares in constant time (node:crypto timingSafeEqual). */
  async function verify(secret: string, phc: string): Promise<boolean> {
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
    const actual = await compute({
      password: secret,
      salt: new Uint8Array(Buffer.from(salt64, 'base64')),
      parallelism: Number(p),
      iterations: Number(t),
      memorySize: Number(m),
      hashLength: expected.length,
      outputType: 'binary',
    });
    if (!(actual instanceof Uint8Array) || actual.length !== expected.length) return false;
    return expected.length > 0 && timingSafeEqual(Buffer.from(actual), expected);
  }

  return { hash, verify };
}

/** argon2 on the calling thread: fine for the CLI and tests, not for a busy server. */
export const inThreadHasher: SecretHasher = createSecretHasher();

/** Hashes `secret` into a PHC string, on the calling thread. */
export const hashSecret: SecretHasher['hash'] = (secret, options) =>
  inThreadHasher.hash(secret, options);

/** Verifies `secret` against a PHC string, on the calling thread. */
export const verifySecret: SecretHasher['verify'] = (secret, phc) =>
  inThreadHasher.verify(secret, phc);
