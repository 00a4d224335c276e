import type { Db } from '@lumen/db';

/**
 * Failed client authentications at the token endpoint, counted per client id and per
 * remote address in the `auth_failures` table. Because the count lives in the database,
 * every replica enforces the same limit. A blocked key is refused before any argon2
 * work, so a flood of bad secrets cannot burn the server's CPU.
 */
export interface RateLimiterOptions {
  db: Db;
  /** Failures within the window that block a key (default 10). */
  maxFailures?: number;
  /** Sliding window (default 15 minutes). */
  windowMs?: number;
  /** Old rows are deleted at most this often per process (default 60 s). */
  pruneEveryMs?: number;
}

export type RateLimitDecision =
  { allowed: true } | { allowed: false; retryAfterSeconds: number; key: string };

export type RateLimiter = ReturnType<typeof createAuthRateLimiter>;

/** The keys a token request is counted under; an unknown address is not pooled. */
export function failureKeys(input: {
  clientId?: string | undefined;
  remoteAddress?: string | undefined;
}): string[] {
  const keys: string[] = [];
  if (input.clientId) keys.push(`client:${input.clientId.slice(0, 200)}`);
  if (input.remoteAddress) keys.push(`ip:${input.remoteAddress}`);
  return keys;
}

export function createAuthRateLimiter(options: RateLimiterOptions) {
  const { db } = options;
  const max = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const pruneEvery = options.pruneEveryMs ?? 60_000;
  let lastPrune = 0;

  /** Blocked while the key has `max` failures in the window; retry when the oldest of them ages out. */
  async function check(keys: readonly string[], now: Date): Promise<RateLimitDecision> {
    const since = new Date(now.getTime() - windowMs);
    for (const key of keys) {
      const recent = await db.prisma.authFailure.findMany({
        where: { key, createdAt: { gt: since } },
        orderBy: { createdAt: 'desc' },
        take: max,
        select: { createdAt: true },
      });
      const nth = recent[max - 1];
      if (nth) {
        const waitMs = nth.createdAt.getTime() + windowMs - now.getTime();
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)), key };
      }
    }
    return { allowed: true };
  }

  async function recordFailure(keys: readonly string[], now: Date): Promise<void> {
    if (keys.length > 0) {
      await db.prisma.authFailure.createMany({
        data: keys.map((key) => ({ key, createdAt: now })),
      });
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

  return { check, recordFailure, maxFailures: max, windowMs };
}
