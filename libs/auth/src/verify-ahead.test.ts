import {
  createArgon2Pool,
  createSecretHasher,
  createVerifyAhead,
  inThreadHasher,
} from './index.js';
import type { Argon2Pool } from './index.js';

const cheap = { memoryKiB: 256, iterations: 1, parallelism: 1 };
const SECRET = 'lumen_sk_lmc_AAAAAAAAAAAAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
const OTHER = 'lumen_sk_lmc_AAAAAAAAAAAAAAAAAAAAAA_CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC';

/** Runs no argon2 at all: shows which verifications were not taken from the early run. */
const refusing = createSecretHasher(() => Promise.reject(new Error('computed on this thread')));

describe('createVerifyAhead', () => {
  let pool: Argon2Pool;
  beforeEach(() => (pool = createArgon2Pool({ size: 1 })));
  afterEach(() => pool.close());
  /** A verify-ahead hasher over the pool, and the hashes it reported as verified. */
  const verifyAhead = (hasher: typeof inThreadHasher) => {
    const seen: string[] = [];
    return {
      seen,
      hasher: createVerifyAhead({ hasher, ahead: pool, onVerified: (phc) => seen.push(phc) }),
    };
  };

  it('answers the verification of the hash it started with, from the early run', async () => {
    const stored = await inThreadHasher.hash(SECRET, { params: cheap });
    const { seen, hasher } = verifyAhead(refusing);
    hasher.start(SECRET, stored);
    await expect(hasher.verify(SECRET, stored)).resolves.toBe(true);
    expect(seen).toEqual([stored]);
    // Used once: a second verification is computed again.
    await expect(hasher.verify(SECRET, stored)).rejects.toThrow('computed on this thread');
  });

  it('never answers from a stale guess: another stored hash is verified afresh', async () => {
    const guessed = await inThreadHasher.hash(OTHER, { params: cheap });
    const stored = await inThreadHasher.hash(SECRET, { params: cheap });
    const { seen, hasher } = verifyAhead(inThreadHasher);
    // A copy planted for a secret of one's own verifies that secret, but the stored
    // hash is another one: the early `true` must not count.
    hasher.start(OTHER, guessed);
    await expect(hasher.verify(OTHER, stored)).resolves.toBe(false);
    // The same secret, a different hash string (another salt): computed afresh too.
    const rehashed = await inThreadHasher.hash(SECRET, { params: cheap });
    hasher.start(SECRET, rehashed);
    await expect(hasher.verify(SECRET, stored)).resolves.toBe(true);
    expect(seen).toEqual([stored]);
  });

  it('reports a wrong secret as false, and a failed early run falls back', async () => {
    const stored = await inThreadHasher.hash(SECRET, { params: cheap });
    const { seen, hasher } = verifyAhead(inThreadHasher);
    hasher.start(OTHER, stored);
    await expect(hasher.verify(OTHER, stored)).resolves.toBe(false);
    await pool.close(); // the early run is refused: verified on this thread instead
    hasher.start(SECRET, stored);
    await expect(hasher.verify(SECRET, stored)).resolves.toBe(true);
    expect(seen).toEqual([stored]);
  });
});
