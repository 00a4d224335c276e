import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import { addressBucket, createAuthRateLimiter } from './index.js';

const t0 = new Date('2026-03-01T10:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe.each(testDatabases())('rate limiter on %s', (_kind, open) => {
  let db: Db;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  const limiterPair = () => {
    const options = { db, maxFailures: 3, maxFailuresPerAddress: 5, windowMs: 60_000 };
    return [createAuthRateLimiter(options), createAuthRateLimiter(options)] as const;
  };

  it('counts per (subject, address) and per address, never per subject alone', () => {
    const [limiter] = limiterPair();
    expect(
      limiter.keysFor({ kind: 'client', subject: 'lmc_1', remoteAddress: '203.0.113.9' }),
    ).toEqual([
      { key: 'client:lmc_1@203.0.113.9', max: 3 },
      { key: 'client-ip:203.0.113.9', max: 5 },
    ]);
  });

  it("blocks the stranger's address, shared across instances, but not the subject's owner elsewhere", async () => {
    const [a, b] = limiterPair();
    const stranger = a.keysFor({ kind: 'client', subject: 'lmc_2', remoteAddress: '192.0.2.1' });
    const owner = b.keysFor({ kind: 'client', subject: 'lmc_2', remoteAddress: '198.51.100.7' });
    await a.recordFailure(stranger, at(0));
    await b.recordFailure(stranger, at(1_000));
    expect(await a.check(stranger, at(2_000))).toEqual({ allowed: true });
    await a.recordFailure(stranger, at(2_000));
    expect(await b.check(stranger, at(3_000))).toEqual({
      allowed: false,
      retryAfterSeconds: 57,
      key: 'client:lmc_2@192.0.2.1',
    });
    expect(await b.check(owner, at(3_000))).toEqual({ allowed: true });
    expect(await a.check(stranger, at(60_001))).toEqual({ allowed: true });
  });

  it('blocks an address that fails for many subjects', async () => {
    const [a, b] = limiterPair();
    const keys = (subject: string) =>
      a.keysFor({ kind: 'client', subject, remoteAddress: '192.0.2.50' });
    for (let i = 0; i < 5; i++) await (i % 2 ? a : b).recordFailure(keys(`lmc_x${i}`), at(i));
    expect(await b.check(keys('lmc_never_tried'), at(10))).toMatchObject({
      allowed: false,
      key: 'client-ip:192.0.2.50',
    });
  });

  it('keeps NUL and huge subjects out of its keys', () => {
    const [limiter] = limiterPair();
    for (const subject of ['lmc\u0000x', 'x'.repeat(10_000)]) {
      expect(limiter.keysFor({ kind: 'client', subject, remoteAddress: '192.0.2.9' })).toEqual([
        { key: 'client-ip:192.0.2.9', max: 5 },
      ]);
    }
  });

  it('counts the subject alone when the transport knows no address', () => {
    const [limiter] = limiterPair();
    expect(limiter.keysFor({ kind: 'login', subject: 'a@b.c' })).toEqual([
      { key: 'login:a@b.c', max: 3 },
    ]);
    expect(limiter.keysFor({ kind: 'login' })).toEqual([]);
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
});

describe('addressBucket', () => {
  it('keeps IPv4 addresses, also IPv4-mapped ones', () => {
    expect(addressBucket('203.0.113.9')).toBe('203.0.113.9');
    expect(addressBucket('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('counts an IPv6 address as its /64, however it is written', () => {
    const bucket = '2001:db8:0:1::/64';
    expect(addressBucket('2001:db8:0:1::1')).toBe(bucket);
    expect(addressBucket('2001:0db8:0000:0001:ffff:ffff:ffff:ffff')).toBe(bucket);
    expect(addressBucket('2001:db8::1:0:0:0:7')).toBe(bucket);
    expect(addressBucket('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
  });

  it('refuses what is not an address', () => {
    for (const value of [undefined, '', 'localhost', '1.2.3.4\u0000', '::ffff:999.1.1.1'])
      expect(addressBucket(value)).toBeUndefined();
  });
});
