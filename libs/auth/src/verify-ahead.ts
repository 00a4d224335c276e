import { sha256 } from './digest.js';
import type { SecretHasher } from './secrets.js';

export interface VerifyAheadOptions {
  /** Runs every hash, and every verification that was not started ahead. */
  hasher: SecretHasher;
  /** Where the verifications started ahead run (a worker pool, off the event loop). */
  ahead: SecretHasher;
  /** Told each stored hash that a secret verified against (whichever way it ran). */
  onVerified?: (phc: string) => void;
}

/** A SecretHasher whose verification of one secret can start before its hash is read. */
export type VerifyAhead = SecretHasher & {
  /**
   * Starts verifying `secret` against `phc`, a hash expected to be the stored one. The
   * later `verify` of the same secret against the same hash takes this result; a
   * `verify` against any other hash computes afresh, so a guess that turns out stale
   * is never used.
   */
  start(secret: string, phc: string): void;
};

/**
 * argon2id verification is a pure function of the secret and the stored PHC string (the
 * salt and cost are in it), so it may run before the stored hash is read — against a
 * copy kept elsewhere — provided its result is only used once the stored hash turns out
 * to be that very string. The stdio server starts its token's verification this way
 * while the embedded database is still opening (see apps/mcp-stdio).
 */
export function createVerifyAhead(options: VerifyAheadOptions): VerifyAhead {
  const { hasher, ahead, onVerified } = options;
  const started = new Map<string, Promise<boolean>>();
  const keyOf = (secret: string, phc: string) => `${sha256(secret)} ${phc}`;

  function start(secret: string, phc: string): void {
    const key = keyOf(secret, phc);
    if (started.has(key)) return;
    const result = ahead.verify(secret, phc);
    result.catch(() => undefined); // a failure falls back to `hasher` in verify()
    started.set(key, result);
  }

  async function verify(secret: string, phc: string): Promise<boolean> {
    const key = keyOf(secret, phc);
    const early = started.get(key);
    started.delete(key);
    const ok = early
      ? await early.catch(() => hasher.verify(secret, phc))
      : await hasher.verify(secret, phc);
    if (ok) onVerified?.(phc);
    return ok;
  }

  return { hash: hasher.hash, verify, start };
}
