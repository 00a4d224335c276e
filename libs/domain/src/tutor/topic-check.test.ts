import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import type { Actor } from '../actor.js';
import { createSearch } from '../knowledge/search/create-search.js';
import { createLlmGateway } from '../llm/llm-gateway.js';
import { createNoopProvider } from '../llm/noop-provider.js';
import { seedDemoData } from '../seed/seed.js';
import { carriedByWords, relevantHits } from './relevance.js';
import { createSentenceEncoder } from './sentence-encoder.js';
import type { SentenceEncoder } from './sentence-encoder.js';
import { createTopicCheck } from './topic-check.js';
import { createTutor, TUTOR_TOP_K } from './tutor.js';

const NOW = new Date('2026-06-01T09:00:00.000Z');

/**
 * Everyday questions that pass the lexical gate on one word naming a lesson or section
 * of a seeded course ("cycle", "search", "period"...), and nothing else.
 */
const OFF_TOPIC_BY_TITLE: Array<[courseSlug: string, question: string]> = [
  ['database-indexing-in-postgresql', 'What are the rules for cycling on the pavement?'],
  ['database-indexing-in-postgresql', 'How do I search for cheap flights to Spain?'],
  ['how-cells-make-energy', 'How do I register a business partnership?'],
  ['how-cells-make-energy', 'How do I pay off a credit card balance quickly?'],
  ['foundations-of-western-harmony', 'What happens during a probation period at a new job?'],
];

/** Short learner questions that also pass on a title word alone, with the lesson that answers. */
const ON_TOPIC_BY_TITLE: Array<[courseSlug: string, question: string, lessonSlug: string]> = [
  ['database-indexing-in-postgresql', 'Why is my index not used?', 'how-the-planner-uses-indexes'],
  ['how-cells-make-energy', 'What does the mitochondrion make?', 'mitochondria-and-atp'],
  ['foundations-of-western-harmony', 'How is an interval named?', 'intervals'],
  ['foundations-of-western-harmony', 'What is a cadence?', 'cadences'],
  ['foundations-of-western-harmony', 'How do I turn a triad upside down?', 'triads'],
];

describe.each(testDatabases())('the tutor’s topic check, %s', (_kind, open) => {
  let db: Db;
  let admin: Actor;
  let encoder: SentenceEncoder;
  const failures: unknown[] = [];
  const modelCalls = () => db.prisma.llmCallLog.count({ where: { feature: 'mcp.ask_tutor' } });
  const tutorWith = (check: boolean, withEncoder = encoder) =>
    createTutor({
      db,
      search: createSearch({ db }),
      gateway: createLlmGateway({ db, provider: createNoopProvider() }),
      topicCheck: check
        ? createTopicCheck({ encoder: withEncoder, onError: (e) => failures.push(e) })
        : undefined,
    });
  /** The gate's own verdict: let through, but not on the question's own words. */
  const passesOnTitleOnly = async (courseSlug: string, question: string) => {
    const found = await createSearch({ db }).search(
      { actor: admin, courseSlug, query: question, topK: TUTOR_TOP_K, feature: 'test' },
      NOW,
    );
    const sources = relevantHits(question, found.hits);
    return sources.length > 0 && !carriedByWords(sources);
  };

  beforeAll(async () => {
    db = await open();
    await seedDemoData(db, NOW);
    const row = await db.prisma.user.findUniqueOrThrow({ where: { email: 'admin@lumen.test' } });
    admin = { userId: row.id, role: 'admin' };
    encoder = createSentenceEncoder();
  });
  afterAll(async () => {
    await encoder.close();
    await db.close();
  });

  it('declines everyday questions that share only a title word, without a model call', async () => {
    const lexical = tutorWith(false);
    const checked = tutorWith(true);
    for (const [courseSlug, question] of OFF_TOPIC_BY_TITLE) {
      expect({ question, titleOnly: await passesOnTitleOnly(courseSlug, question) }).toEqual({
        question,
        titleOnly: true,
      });
      // The lexical gate alone spends a model call on it...
      const before = await modelCalls();
      await lexical.ask(admin, { courseSlug, question }, {}, NOW);
      expect(await modelCalls()).toBe(before + 1);
      // ...the check declines it as not covered, and calls nothing.
      const answer = await checked.ask(admin, { courseSlug, question }, {}, NOW);
      expect({ question, covered: answer.covered, citations: answer.citations }).toEqual({
        question,
        covered: false,
        citations: [],
      });
      expect(answer.answer).toContain('does not cover');
      expect(await modelCalls()).toBe(before + 1);
    }
    expect(failures).toEqual([]);
  });

  it('still answers learner questions that share only a title word, citing their lesson', async () => {
    const checked = tutorWith(true);
    for (const [courseSlug, question, lessonSlug] of ON_TOPIC_BY_TITLE) {
      expect({ question, titleOnly: await passesOnTitleOnly(courseSlug, question) }).toEqual({
        question,
        titleOnly: true,
      });
      const before = await modelCalls();
      const answer = await checked.ask(admin, { courseSlug, question }, {}, NOW);
      expect({ question, covered: answer.covered }).toEqual({ question, covered: true });
      expect({ question, cited: answer.citations.map((c) => c.lessonSlug) }).toEqual({
        question,
        cited: expect.arrayContaining([lessonSlug]),
      });
      expect(await modelCalls()).toBe(before + 1);
    }
    expect(failures).toEqual([]);
  });

  it('stops with the caller when the caller gives up, without calling it a failure', async () => {
    const seen: unknown[] = [];
    const check = createTopicCheck({ encoder, onError: (e) => seen.push(e) });
    const passage = {
      chunkId: 'c1',
      lessonSlug: 'cadences',
      lessonTitle: 'Cadences',
      headingPath: ['Cadences'],
      text: 'A cadence closes a phrase.',
      score: 1,
    };
    await expect(
      check.onTopic('What is a cadence?', [passage], AbortSignal.abort(new Error('client left'))),
    ).rejects.toThrow('client left');
    expect(seen).toEqual([]);
    await expect(check.onTopic('What is a cadence?', [passage])).resolves.toBe(true);
  });

  it('leaves the decision to the lexical gate when the encoder cannot answer', async () => {
    const broken = createSentenceEncoder();
    await broken.close();
    const seen: unknown[] = [];
    const tutor = createTutor({
      db,
      search: createSearch({ db }),
      gateway: createLlmGateway({ db, provider: createNoopProvider() }),
      topicCheck: createTopicCheck({ encoder: broken, onError: (e) => seen.push(e) }),
    });
    const [courseSlug, question] = OFF_TOPIC_BY_TITLE[0]!;
    const before = await modelCalls();
    const answer = await tutor.ask(admin, { courseSlug, question }, {}, NOW);
    expect(answer.covered).toBe(true);
    expect(await modelCalls()).toBe(before + 1);
    expect(seen.map((e) => String(e))).toEqual(['Error: sentence encoder is closed']);
  });
});
