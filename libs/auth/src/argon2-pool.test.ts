import { createArgon2Pool, inThreadHasher } from './index.js';
import type { Argon2Pool } from './index.js';

const cheap = { memoryKiB: 256, iterations: 1, parallelism: 1 };
/** Several hundred ms of argon2: long enough to hold a worker while others queue. */
const slow = { memoryKiB: 65_536, iterations: 4, parallelism: 1 };

describe('argon2 worker pool', () => {
  let pool: Argon2Pool;
  afterEach(() => pool?.close());

  it('hashes and verifies interchangeably with the in-thread hasher', async () => {
    pool = createArgon2Pool({ size: 2 });
    const fromPool = await pool.hash('lumen_sk_example', { params: cheap });
    const fromThread = await inThreadHasher.hash('lumen_sk_example', { params: cheap });
    expect(fromPool).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
    expect(await inThreadHasher.verify('lumen_sk_example', fromPool)).toBe(true);
    expect(await pool.verify('lumen_sk_example', fromThread)).toBe(true);
    expect(await pool.verify('lumen_sk_wrong', fromThread)).toBe(false);
    expect(await pool.verify('lumen_sk_example', 'not a hash')).toBe(false);
  });

  it('runs many at once, each answered with its own result', async () => {
    pool = createArgon2Pool({ size: 2, maxQueue: 16 });
    const secrets = Array.from({ length: 12 }, (_, i) => `secret-${i}`);
    const hashes = await Promise.all(secrets.map((s) => pool.hash(s, { params: cheap })));
    const checks = await Promise.all(
      secrets.map((s, i) => pool.verify(s, hashes[(i + 1) % secrets.length]!)),
    );
    expect(checks.every((ok) => !ok)).toBe(true);
    expect(await Promise.all(secrets.map((s, i) => pool.verify(s, hashes[i]!)))).toEqual(
      secrets.map(() => true),
    );
  });

  it('refuses at once with auth.busy when its queue is full, and recovers', async () => {
    pool = createArgon2Pool({ size: 1, maxQueue: 1 });
    const running = pool.hash('first', { params: slow });
    const queued = pool.hash('second', { params: cheap });
    await expect(pool.hash('third', { params: cheap })).rejects.toMatchObject({
      code: 'auth.busy',
    });
    expect(await running).toMatch(/^\$argon2id\$/);
    expect(await queued).toMatch(/^\$argon2id\$/);
    expect(await pool.hash('fourth', { params: cheap })).toMatch(/^\$argon2id\$/);
  });

  it('fails the waiting runs when closed', async () => {
    pool = createArgon2Pool({ size: 1 });
    const settled = Promise.allSettled([
      pool.hash('first', { params: slow }),
      pool.hash('second', { params: cheap }),
    ]);
    await pool.close();
    const [running, queued] = await settled;
    expect(running).toMatchObject({ status: 'rejected' });
    expect(queued).toMatchObject({ status: 'rejected', reason: expect.any(Error) });
    await expect(pool.hash('after', { params: cheap })).rejects.toThrow(/closed/);
  });
});
