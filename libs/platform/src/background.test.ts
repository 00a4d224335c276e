import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import { createLogger, startEmbeddedVacuum } from './index.js';

const lines: string[] = [];
const logger = createLogger({ level: 'debug', write: (line) => void lines.push(line) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Manual (not auto) VACUUMs of review_cards so far, from the server's statistics. */
async function manualVacuums(db: Db): Promise<number> {
  const rows = await db.prisma.$queryRawUnsafe<Array<{ n: bigint | number }>>(
    `SELECT vacuum_count AS n FROM pg_stat_user_tables WHERE relname = 'review_cards'`,
  );
  return Number(rows[0]?.n ?? 0);
}

describe.each(testDatabases())('embedded VACUUM on %s', (kind, open) => {
  let db: Db;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  it(
    kind === 'pglite'
      ? 'vacuums review_cards on its interval, and not after close'
      : 'leaves PostgreSQL to its autovacuum',
    async () => {
      const before = await manualVacuums(db);
      const vacuum = startEmbeddedVacuum(db, logger, 25);
      let after = before;
      for (let waited = 0; waited < 5_000 && after < before + 2; waited += 50) {
        await sleep(50);
        after = await manualVacuums(db);
      }
      await vacuum.close();
      if (kind === 'pglite') {
        expect(after).toBeGreaterThanOrEqual(before + 2);
        expect(lines.some((l) => l.includes('embedded.vacuumed'))).toBe(true);
        const closedAt = await manualVacuums(db);
        await sleep(200);
        expect(await manualVacuums(db)).toBe(closedAt);
      } else {
        expect(after).toBe(before);
      }
      expect(lines.some((l) => l.includes('embedded.vacuum_failed'))).toBe(false);
    },
    30_000,
  );
});
