/**
 * A learner reviews through the MCP tools until they have enough reviews, the refit
 * runs (as `lumen fsrs optimize` and the daily timer run it), and the tools then
 * schedule with the learner's own weights and say so.
 */
import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';
import {
  createEnrollments,
  createFsrsRsOptimizer,
  fitUsers,
  MIN_REVIEWS,
  seedDemoData,
} from '@lumen/domain';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { fsrs, generatorParameters, Rating } from 'ts-fsrs';
import type { Card, State } from 'ts-fsrs';

import { createLumenServerFactory } from './create-server.js';
import { realServices } from './testing/real-services.js';

const DAY = 86_400_000;
const EMAIL = 'learner@lumen.test';

interface Due {
  cardId: string;
  state: string;
  retrievability: number | null;
  nextIntervals: Record<'again' | 'hard' | 'good' | 'easy', { due: string }>;
}

/** mulberry32: the learner's choices are random but the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(testDatabases())(
  'personalised schedule through the MCP tools on %s',
  (_kind, open) => {
    let db: Db;
    let client: Client;
    let now = new Date();

    beforeAll(async () => {
      db = await open();
      await seedDemoData(db, now);
      const user = await db.prisma.user.findUniqueOrThrow({ where: { email: EMAIL } });
      // The demo learner studies all three published courses: 36 cards.
      for (const slug of [
        'how-cells-make-energy',
        'foundations-of-western-harmony',
        'database-indexing-in-postgresql',
      ])
        await createEnrollments({ db }).enroll({ userId: user.id, role: user.role }, slug, now);
      const factory = createLumenServerFactory({
        services: realServices(db),
        resolvePrincipal: async () => ({
          userId: user.id,
          email: EMAIL,
          role: user.role,
          clientId: 'lmc_test',
          scopes: ['*'],
        }),
        clock: () => now,
      });
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await factory().connect(serverSide);
      client = new Client({ name: 'test', version: '1' });
      await client.connect(clientSide);
    });
    afterAll(async () => {
      await client.close();
      await db.close();
    });

    const call = async (name: string, args: Record<string, unknown> = {}) => {
      const result = await client.callTool({ name, arguments: args });
      if (result.isError) throw new Error(JSON.stringify(result.content));
      return result.structuredContent as Record<string, unknown>;
    };
    const schedule = async () => (await call('list_my_progress'))['schedule'];
    const dueCards = async () =>
      (await call('list_my_due_reviews', { limit: 100 }))['cards'] as Due[];

    /**
     * Every morning for five months the learner works through their due cards. They
     * forget faster than FSRS's defaults expect: where the defaults predict recall R,
     * they recall with probability R³ (about 73% instead of 90% at the due date).
     */
    async function studyForMonths(): Promise<number> {
      const random = seeded(3);
      const first = new Date(now.getTime() + DAY);
      let graded = 0;
      for (let day = 0; day < 150; day++) {
        now = new Date(first.getTime() + day * DAY + 9 * 3_600_000);
        for (let round = 0; round < 4; round++) {
          const due = await dueCards();
          if (due.length === 0) break;
          for (const card of due) {
            const u = random();
            const rating =
              card.retrievability === null
                ? [1, 2, 3, 3, 3, 4][Math.floor(u * 6)]!
                : random() >= card.retrievability ** 3
                  ? 1
                  : u < 0.15
                    ? 2
                    : u < 0.9
                      ? 3
                      : 4;
            await call('grade_review_card', { card_id: card.cardId, rating });
            graded++;
          }
          now = new Date(now.getTime() + 15 * 60_000); // relearning steps come due in 10 minutes
        }
      }
      return graded;
    }

    it('says "not personalised" before enough reviews, and after the refit schedules with the fitted weights and says so', async () => {
      expect(await schedule()).toEqual({ personalised: false, fittedAt: null, reviewCount: null });
      const graded = await studyForMonths();
      expect(graded).toBeGreaterThan(MIN_REVIEWS);

      const [fit] = await fitUsers({ db, optimizer: createFsrsRsOptimizer() }, now, {
        email: EMAIL,
      });
      expect(JSON.stringify(fit!.outcome)).toMatch(/^{"status":"fitted"/);
      const reviewCount = fit!.outcome.reviewCount;
      expect(await schedule()).toEqual({
        personalised: true,
        fittedAt: now.toISOString(),
        reviewCount,
      });

      const { weights } = (
        await db.sql<{ weights: number[] }>`
        SELECT weights FROM fsrs_parameters fp JOIN users u ON u.id = fp.user_id WHERE u.email = ${EMAIL}`
      )[0]!;
      const personal = fsrs(generatorParameters({ w: weights, enable_fuzz: false }));
      now = new Date(now.getTime() + 20 * DAY);
      const expectedFor = async (cardId: string): Promise<Card> => {
        const row = await db.prisma.reviewCard.findUniqueOrThrow({ where: { id: cardId } });
        return {
          due: row.due,
          stability: row.stability,
          difficulty: row.difficulty,
          elapsed_days: row.elapsedDays,
          scheduled_days: row.scheduledDays,
          learning_steps: row.learningSteps,
          reps: row.reps,
          lapses: row.lapses,
          state: row.state as State,
          ...(row.lastReview ? { last_review: row.lastReview } : {}),
        };
      };
      // The refit is announced by the database; the tools pick it up within moments.
      let due: Due[] = [];
      for (let i = 0; i < 100; i++) {
        due = await dueCards();
        const card = await expectedFor(due[0]!.cardId);
        if (
          due[0]!.nextIntervals.good.due ===
          personal.next(card, now, Rating.Good).card.due.toISOString()
        )
          break;
        await new Promise((r) => setTimeout(r, 50));
      }
      for (const listed of due) {
        const expected = personal.repeat(await expectedFor(listed.cardId), now);
        expect(listed.nextIntervals.again.due).toBe(expected[Rating.Again].card.due.toISOString());
        expect(listed.nextIntervals.hard.due).toBe(expected[Rating.Hard].card.due.toISOString());
        expect(listed.nextIntervals.good.due).toBe(expected[Rating.Good].card.due.toISOString());
        expect(listed.nextIntervals.easy.due).toBe(expected[Rating.Easy].card.due.toISOString());
      }
      const target = due[0]!.cardId;
      const before = await expectedFor(target);
      const graded1 = await call('grade_review_card', { card_id: target, rating: Rating.Good });
      expect(graded1['due']).toBe(personal.next(before, now, Rating.Good).card.due.toISOString());
      // Months of grades, one MCP call each: on main it ran past 60 s at load 15.
    }, 180_000);
  },
);
