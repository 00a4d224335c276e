import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import type { Actor } from '../actor.js';
import { createSearch } from '../knowledge/search/create-search.js';
import { createLlmGateway } from '../llm/llm-gateway.js';
import { createNoopProvider } from '../llm/noop-provider.js';
import { demoCourses } from '../seed/content/index.js';
import { seedDemoData } from '../seed/seed.js';
import { createTutor } from './tutor.js';
import type { Tutor } from './tutor.js';

const NOW = new Date('2026-06-01T09:00:00.000Z');

/** Questions no seeded course answers; each must be declined before any model call. */
const OFF_TOPIC = [
  'What is the capital city of Australia?',
  'Who wrote the novel Pride and Prejudice?',
  'How do I bake sourdough bread at home?',
  'What should I feed a new puppy?',
  'How many players are on a football team?',
  'When did the Second World War end?',
  // A function word PostgreSQL does not drop, found in a seeded lesson or section title
  // ("Life Without Oxygen", "Inside the chloroplast", "The intervals within an octave",
  // "GIN beyond text"), does not put the question on the course's topic.
  'Can I travel abroad without a passport?',
  'What is inside a volcano?',
  'Is a refund possible within thirty days of buying shoes?',
  'What lies beyond the Amazon rainforest?',
  // Everyday questions that each share a word with one seeded course ("index", "cell",
  // "scale", "orbit"...), asked of every course. One content word used in passing is not
  // evidence, however rare it is in the course: "treat", "fast" and "sort" alone once
  // reached the coverage threshold.
  'How do I treat a sunburn?',
  'How fast can a cheetah run?',
  'How do I sort my recycling at home?',
  'What is the best table to buy for a small dining room?',
  'Which companies are in the FTSE 100 index?',
  'How do I write a query letter to a literary agent?',
  'Which rows of a theatre have the best view?',
  'How do I cut a spare house key?',
  'How often should a car have its tyres checked?',
  'What does a referee do when a player is sent off?',
  'How long does a phone battery cell last?',
  'How do I lower my energy bill in winter?',
  'Which house plants survive in a dark room?',
  'Are solar panels worth it for a small house?',
  'Why do scuba divers carry oxygen tanks?',
  'How does a nuclear power plant make electricity?',
  'How do I weigh myself accurately on a bathroom scale?',
  'What does a major general command in the army?',
  'How do I write a thank-you note to a teacher?',
  'Can a minor open a bank account?',
  'How do I tune a car engine?',
  'What is the resolution of a 4K television?',
  'How do I fix a squeaky piano pedal?',
  'How do I make a rocket salad dressing?',
  'How can I reduce my carbon footprint to protect the planet?',
  'How do I lose weight fast?',
];
/**
 * The example. Not asked of the orbital-mechanics draft, whose table of planets
 * lists Jupiter and whose text mentions moons: there the question is on topic, and
 * whether the lessons hold the answer is the model's call.
 */
const JUPITER = 'How many moons does Jupiter have?';

/** Reworded learner questions, each with the lesson whose passage answers it. */
const IN_SCOPE: Record<string, Array<[question: string, lessonSlug: string]>> = {
  'database-indexing-in-postgresql': [
    [
      'Why would the database ignore my index and read the whole table?',
      'how-the-planner-uses-indexes',
    ],
    [
      'Which column should go first in an index over several columns?',
      'composite-index-column-order',
    ],
    ['How can I index only the rows that are still active?', 'partial-and-expression-indexes'],
  ],
  'how-cells-make-energy': [
    ['Where in the cell is sugar split before it reaches the mitochondria?', 'glycolysis'],
    ['What do muscle cells do when they run short of oxygen?', 'fermentation'],
    ['How do plants turn sunlight into sugar?', 'photosynthesis-vs-respiration'],
  ],
  'foundations-of-western-harmony': [
    ['How many half steps make up a perfect fifth?', 'intervals'],
    ['How do you end a phrase so that it sounds finished?', 'cadences'],
    ['What is the difference between relative and parallel keys?', 'major-and-minor-scales'],
  ],
  'orbital-mechanics-for-beginners': [
    ['How fast must a rocket go to escape from a planet for good?', 'circular-orbits'],
    ['How is a spacecraft moved up to a higher orbit with two engine burns?', 'hohmann-transfer'],
    [
      'How is the time a planet takes to circle the Sun linked to the size of its orbit?',
      'keplers-laws',
    ],
  ],
};

describe.each(testDatabases())(
  'the tutor’s relevance gate on the seeded courses, %s',
  (_kind, open) => {
    let db: Db;
    let tutor: Tutor;
    let admin: Actor;
    const modelCalls = () => db.prisma.llmCallLog.count({ where: { feature: 'mcp.ask_tutor' } });

    beforeAll(async () => {
      db = await open();
      await seedDemoData(db, NOW);
      const row = await db.prisma.user.findUniqueOrThrow({ where: { email: 'admin@lumen.test' } });
      // An admin may ask about every course, the draft included, without enrolling.
      admin = { userId: row.id, role: 'admin' };
      const gateway = createLlmGateway({ db, provider: createNoopProvider() });
      tutor = createTutor({ db, search: createSearch({ db }), gateway });
    });
    afterAll(() => db.close());

    it('has questions for every seeded course', () => {
      expect(Object.keys(IN_SCOPE).sort()).toEqual(demoCourses.map((c) => c.slug).sort());
    });

    for (const course of demoCourses) {
      const offTopic = course.slug.startsWith('orbital') ? OFF_TOPIC : [JUPITER, ...OFF_TOPIC];

      it(`declines off-topic questions on "${course.slug}" without a model call`, async () => {
        for (const question of offTopic) {
          const before = await modelCalls();
          const answer = await tutor.ask(admin, { courseSlug: course.slug, question }, {}, NOW);
          expect({ question, covered: answer.covered, citations: answer.citations }).toEqual({
            question,
            covered: false,
            citations: [],
          });
          expect(answer.answer).toContain('does not cover');
          expect(await modelCalls()).toBe(before);
        }
      });

      it(`answers reworded questions on "${course.slug}", citing the lesson that holds the answer`, async () => {
        for (const [question, lessonSlug] of IN_SCOPE[course.slug] ?? []) {
          const before = await modelCalls();
          const answer = await tutor.ask(admin, { courseSlug: course.slug, question }, {}, NOW);
          expect({ question, covered: answer.covered }).toEqual({ question, covered: true });
          expect({ question, cited: answer.citations.map((c) => c.lessonSlug) }).toEqual({
            question,
            cited: expect.arrayContaining([lessonSlug]),
          });
          expect(await modelCalls()).toBe(before + 1);
        }
      });
    }
  },
);
