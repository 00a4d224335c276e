import type { Db } from '@lumen/db';

import { addressBucket } from './address-bucket.js';
import { isSaneText } from './sane-text.js';

/**
 * Failed authentications (client secrets at the token endpoint, passwords at sign-in,
 * registrations), counted in the `auth_failures` table. Because the count lives in
 * the database, every replica enforces the same limit. A blocked key is refused before
 * any argon2 work, so a flood of bad secrets cannot burn the server's CPU.
 *
 * Keys are per (subject, address) and per address, never per subject alone: the
 * subject (a client id, which every JWT shows; an email) is known to strangers, and a
 * subject-wide block would let anyone lock its owner out from elsewhere. The owner's
 * right secret from an address without failures always gets through. Guessing from
 * many addresses stays bounded by the per-address limit, and for client secrets (256
 * random bits) is hopeless anyway.
 */
export interface RateLimiterOptions {
  db: Db;
  /** Failures within the window that block a key — per (subject, address) key (default 10). */
  maxFailures?: number;
  /** Failures within the window that block an address, whatever the subjects (default 30). */
  maxFailuresPerAddress?: number;
  /** Sliding window (default 15 minutes). */
  windowMs?: number;
  /** Old rows are deleted at most this often per process (default 60 s). */
  pruneEveryMs?: number;
}

/** A counter and the failures that block it; a bare string uses `maxFailures`. */
export type FailureKey = string | { key: string; max: number };

export type RateLimitDecision =
  { allowed: true } | { allowed: false; retryAfterSeconds: number; key: string };

export type RateLimiter = ReturnType<typeof createAuthRateLimiter>;

/** What is being authenticated: a client id, an email. */
export interface FailureSubject {
  /** Key namespace: `client` (token endpoint), `login` (password sign-in). */
  kind: string;
  /** Omitted from the keys when absent or not sane text (NUL, huge). */
  subject?: string | undefined;
  remoteAddress?: string | undefined;
}

export function createAuthRateLimiter(options: RateLimiterOptions) {
  const { db } = options;
  const max = options.maxFailures ?? 10;
  const maxPerAddress = options.maxFailuresPerAddress ?? 30;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const pruneEvery = options.pruneEveryMs ?? 60_000;
  let lastPrune = 0;

  /**
   * The keys one attempt counts under. Without a usable address (a transport that has
   * none) the subject alone is counted: pooled, but still bounded.
   */
  function keysFor(input: FailureSubject): FailureKey[] {
    const subject =
      input.subject && isSaneText(input.subject, 320) ? input.subject.slice(0, 200) : undefined;
    const bucket = addressBucket(input.remoteAddress);
    const keys: FailureKey[] = [];
    if (subject !== undefined)
      keys.push({ key: `${input.kind}:${subject}${bucket ? `@${bucket}` : ''}`, max });
    if (bucket) keys.push({ key: `${input.kind}-ip:${bucket}`, max: maxPerAddress });
    return keys;
  }

  const normal = (k: FailureKey) => (typeof k === 'string' ? { key: k, max } : k);

  /**
   * Blocked while a key has its max failures in the window; retry when the oldest of
   * them ages out. One statement on the lean SQL path for all keys: every token request
   * and sign-in runs it on the event loop, where Prisma's per-query work would add up
   * under a burst.
   */
  async function check(keys: readonly FailureKey[], now: Date): Promise<RateLimitDecision> {
    const limits = keys.map(normal);
    if (limits.length === 0) return { allowed: true };
    const since = new Date(now.getTime() - windowMs);
    const rows = await db.sql<{ key: string; createdAt: Date; n: number }>`
      SELECT key, created_at AS "createdAt", n::int AS n FROM (
        SELECT key, created_at, row_number() OVER (PARTITION BY key ORDER BY created_at DESC) AS n
          FROM auth_failures
         WHERE key = ANY(${limits.map((l) => l.key)}::text[]) AND created_at > ${since}) ranked
       WHERE n = ANY(${limits.map((l) => l.max)}::int[])`;
    for (const { key, max: limit } of limits) {
      const nth = rows.find((r) => r.key === key && r.n === limit);
      if (nth) {
        const waitMs = new Date(nth.createdAt).getTime() + windowMs - now.getTime();
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)), key };
      }
    }
    return { allowed: true };
  }

  async function recordFailure(keys: readonly FailureKey[], now: Date): Promise<void> {
    if (keys.length > 0) {
      await db.sql`
        INSERT INTO auth_failures (key, created_at)
        SELECT unnest(${keys.map((k) => normal(k).key)}::text[]), ${now}`;
    }
    await prune(now);
  }

  async function prune(now: Date): Promise<void> {
    if (now.getTime() - lastPrune < pruneEvery) return;
    lastPrune = now.getTime();
    await db.prisma.authFailure.deleteMany({
      where: { createdAt: { lt: new Date(now.getTime() - windowMs) } },
    });
  }

  return { keysFor, check, recordFailure, maxFailures: max, windowMs };
}
