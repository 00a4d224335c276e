import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import { createAuthRateLimiter, failureKeys } from './index.js';

const t0 = new Date('2026-03-01T10:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe.each(testDatabases())('rate limiter on %s', (_kind, open) => {
  let db: Db;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  it('blocks a key after N failures in the window, shared across instances, until they age out', async () => {
    const a = createAuthRateLimiter({ db, maxFailures: 3, windowMs: 60_000 });
    const b = createAuthRateLimiter({ db, maxFailures: 3, windowMs: 60_000 });
    const keys = failureKeys({ clientId: 'lmc_1', remoteAddress: '203.0.113.9' });
    expect(keys).toEqual(['client:lmc_1', 'ip:203.0.113.9']);
    await a.recordFailure(keys, at(0));
    await b.recordFailure(keys, at(1_000));
    expect(await a.check(keys, at(2_000))).toEqual({ allowed: true });
    await a.recordFailure(keys, at(2_000));
    expect(await b.check(keys, at(3_000))).toEqual({
      allowed: false,
      retryAfterSeconds: 57,
      key: 'client:lmc_1',
    });
    expect(await b.check(['ip:203.0.113.9'], at(3_000))).toMatchObject({ allowed: false });
    expect(await b.check(['client:lmc_other', 'ip:198.51.100.1'], at(3_000))).toEqual({
      allowed: true,
    });
    expect(await a.check(keys, at(60_001))).toEqual({ allowed: true });
  });

  it('prunes rows older than the window', async () => {
    const limiter = createAuthRateLimiter({
      db,
      maxFailures: 3,
      windowMs: 60_000,
      pruneEveryMs: 0,
    });
    await limiter.recordFailure(['client:old'], at(0));
    await limiter.recordFailure(['client:new'], at(10 * 60_000));
    expect(await db.prisma.authFailure.count({ where: { key: 'client:old' } })).toBe(0);
    expect(await db.prisma.authFailure.count({ where: { key: 'client:new' } })).toBe(1);
  });

  it('does not pool unknown addresses into one bucket', () => {
    expect(failureKeys({ clientId: undefined, remoteAddress: undefined })).toEqual([]);
  });
});
