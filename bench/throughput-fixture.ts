/**
 * Data for bench/mcp-http-throughput.ts, and the argument generators that keep every
 * call different (so no cache can answer): the demo catalog plus copies of its
 * published courses (lessons with their full markdown, so get_course has real rows to
 * skip), LEARNERS learners each enrolled in every published course with some lessons
 * completed and CARDS_PER_LEARNER review cards (about a third due), one MCP client
 * each, and one instructor client for create_course_draft.
 */
import { createClientRegistry } from '@lumen/auth';
import type { Db } from '@lumen/db';
import { seedDemoData } from '@lumen/domain';

export const LEARNERS = 32;
const COPIES_PER_COURSE = 20;
const CHEAP_ARGON2 = { memoryKiB: 256, iterations: 1, parallelism: 1 };

export interface BenchClient {
  clientId: string;
  clientSecret: string;
}

export interface Fixture {
  learners: BenchClient[];
  instructor: BenchClient;
  /** Slugs of every course a learner sees (published), for get_course. */
  courseSlugs: string[];
  /** Keyset cursors into the learner-visible listing (null first), for list_courses. */
  cursors: Array<string | null>;
  /** Published courses with lesson text, each with words from its chunks, for search. */
  searchable: Array<{ slug: string; words: string[] }>;
  /** Per learner (same order as `learners`), card ids in a fixed shuffled order. */
  cards: string[][];
}

export async function seedFixture(db: Db, cardsPerLearner: number): Promise<Fixture> {
  await seedDemoData(db, new Date());
  const run = (text: string) => db.prisma.$executeRawUnsafe(text);
  await run(`SELECT setseed(0.15)`);
  await copyPublishedCourses(run);
  await run(`INSERT INTO users (email, display_name, role)
             SELECT 'bench' || lpad(g::text, 3, '0') || '@bench.test', 'Bench learner ' || g, 'learner'
               FROM generate_series(1, ${LEARNERS}) g`);
  await run(`INSERT INTO enrollments (user_id, course_id)
             SELECT u.id, c.id FROM users u, courses c
              WHERE u.email LIKE '%@bench.test' AND c.status = 'published'`);
  await run(`INSERT INTO lesson_completions (user_id, lesson_id, course_id)
             SELECT u.id, l.id, l.course_id FROM users u JOIN lessons l ON l.position <= 2
              JOIN courses c ON c.id = l.course_id AND c.status = 'published'
              WHERE u.email LIKE '%@bench.test'`);
  await run(cardsInsert(cardsPerLearner));
  await run(`VACUUM ANALYZE`);

  const registry = createClientRegistry({ db, hashParams: CHEAP_ARGON2 });
  const learners: BenchClient[] = [];
  for (let i = 1; i <= LEARNERS; i++)
    learners.push(
      await registry.mint({
        ownerEmail: `bench${String(i).padStart(3, '0')}@bench.test`,
        name: 'bench',
        scopes: '*',
      }),
    );
  const instructor = await registry.mint({
    ownerEmail: 'teacher@lumen.test',
    name: 'bench',
    scopes: '*',
  });
  return {
    learners,
    instructor,
    courseSlugs: (
      await db.sql<{
        slug: string;
      }>`SELECT slug FROM courses WHERE status = 'published' ORDER BY slug`
    ).map((r) => r.slug),
    cursors: await listingCursors(db),
    searchable: await searchWords(db),
    cards: await cardsByLearner(db),
  };
}

/** Copies of each published demo course: same modules, lessons and markdown (no chunks). */
async function copyPublishedCourses(run: (text: string) => Promise<number>): Promise<void> {
  await run(`
    CREATE TEMP TABLE course_copies AS
    SELECT c.id AS source_id, gen_random_uuid() AS id, g AS copy
      FROM courses c CROSS JOIN generate_series(1, ${COPIES_PER_COURSE}) g
     WHERE c.status = 'published'`);
  await run(`
    INSERT INTO courses (id, slug, title, summary, subject_id, owner_id, status, search_text, created_at, updated_at)
    SELECT k.id, c.slug || '-copy-' || k.copy, c.title || ' (copy ' || k.copy || ')', c.summary, c.subject_id,
           c.owner_id, c.status, c.search_text || ' copy ' || k.copy,
           c.created_at - k.copy * interval '1 hour', c.updated_at
      FROM course_copies k JOIN courses c ON c.id = k.source_id`);
  await run(`
    CREATE TEMP TABLE module_copies AS
    SELECT m.id AS source_id, gen_random_uuid() AS id, k.id AS course_id
      FROM modules m JOIN course_copies k ON k.source_id = m.course_id`);
  await run(`
    INSERT INTO modules (id, course_id, position, title)
    SELECT mk.id, mk.course_id, m.position, m.title FROM module_copies mk JOIN modules m ON m.id = mk.source_id`);
  await run(`
    INSERT INTO lessons (course_id, module_id, position, slug, title, estimated_minutes, content_md)
    SELECT mk.course_id, mk.id, l.position, l.slug, l.title, l.estimated_minutes, l.content_md
      FROM lessons l JOIN module_copies mk ON mk.source_id = l.module_id`);
}

/**
 * Cards spread over each learner's courses: 20% new, the rest reviewed, about a third due.
 * New cards share one due time, as enrolment gives them (the due queue must page them
 * in (due, id) order without sorting them all).
 */
function cardsInsert(perLearner: number): string {
  return `
    WITH learners AS (SELECT id, row_number() OVER (ORDER BY email) AS n FROM users WHERE email LIKE '%@bench.test'),
         courses AS (SELECT array_agg(id ORDER BY slug) AS ids FROM courses WHERE status = 'published'),
         raw AS (SELECT l.id AS user_id, g, random() AS r, 0.5 + random() * 150 AS s
                   FROM learners l CROSS JOIN generate_series(1, ${perLearner}) g)
    INSERT INTO review_cards (user_id, course_id, prompt, answer, due, stability, difficulty, scheduled_days,
                              reps, state, last_review, version)
    SELECT raw.user_id, courses.ids[1 + g % cardinality(courses.ids)], 'Prompt ' || g, 'Answer ' || g,
           CASE WHEN g % 5 = 0 THEN date_trunc('day', now()) - interval '10 days'
                ELSE now() - r * s * 1.5 * interval '1 day' + s * interval '1 day' END,
           CASE WHEN g % 5 = 0 THEN 0 ELSE s END,
           CASE WHEN g % 5 = 0 THEN 0 ELSE 1 + r * 9 END,
           CASE WHEN g % 5 = 0 THEN 0 ELSE round(s)::int END,
           CASE WHEN g % 5 = 0 THEN 0 ELSE 1 + g % 12 END,
           CASE WHEN g % 5 = 0 THEN 0 ELSE 2 END,
           CASE WHEN g % 5 = 0 THEN NULL ELSE now() - r * s * 1.5 * interval '1 day' END,
           0
      FROM raw, courses`;
}

async function listingCursors(db: Db): Promise<Array<string | null>> {
  const rows = await db.sql<{ created_at: Date; id: string }>`
    SELECT created_at, id::text AS id FROM courses WHERE status = 'published'
     ORDER BY created_at DESC, id DESC`;
  // The cursor format of libs/domain/src/catalog/cursor.ts (opaque to clients).
  return [
    null,
    ...rows.map((r) =>
      Buffer.from(`${r.created_at.toISOString()}|${r.id}`, 'utf8').toString('base64url'),
    ),
  ];
}

async function searchWords(db: Db): Promise<Array<{ slug: string; words: string[] }>> {
  const rows = await db.sql<{ slug: string; words: string[] }>`
    SELECT c.slug, (array_agg(DISTINCT w ORDER BY w))[1:400] AS words
      FROM courses c JOIN lesson_chunks k ON k.course_id = c.id,
           regexp_split_to_table(lower(k.text), '[^a-z]+') AS w
     WHERE c.status = 'published' AND length(w) >= 5
     GROUP BY c.slug ORDER BY c.slug`;
  return rows;
}

async function cardsByLearner(db: Db): Promise<string[][]> {
  const rows = await db.sql<{ ids: string[] }>`
    SELECT array_agg(rc.id::text ORDER BY md5(rc.id::text)) AS ids
      FROM review_cards rc JOIN users u ON u.id = rc.user_id
     WHERE u.email LIKE '%@bench.test'
     GROUP BY u.email ORDER BY u.email`;
  return rows.map((r) => r.ids);
}

/**
 * Every call's arguments, from a call counter `n`: mixed-radix digits of `n` pick the
 * learner and the arguments, so no two calls of one run share a (learner, arguments)
 * pair until the product of the radices is exhausted.
 */
export interface Call {
  learner: number;
  args: Record<string, unknown>;
}

export function listCoursesCall(f: Fixture, n: number): Call {
  const filters = ['', 'copy', 'harmony', 'index', 'cell', 'the', 'course', 'sql'];
  const learner = n % LEARNERS;
  let rest = Math.floor(n / LEARNERS);
  const limit = 1 + (rest % 50);
  rest = Math.floor(rest / 50);
  const filter = filters[rest % filters.length]!;
  rest = Math.floor(rest / filters.length);
  const cursor = f.cursors[rest % f.cursors.length] ?? null;
  return {
    learner,
    args: { limit, ...(filter ? { filter } : {}), ...(cursor ? { cursor } : {}) },
  };
}

export function getCourseCall(f: Fixture, n: number): Call {
  return { learner: n % LEARNERS, args: { slug: f.courseSlugs[n % f.courseSlugs.length]! } };
}

export function searchCall(f: Fixture, n: number): Call {
  const course = f.searchable[n % f.searchable.length]!;
  const words = course.words;
  // A deterministic spread of two or three words per query (a multiplicative hash of n).
  const pick = (k: number) =>
    words[(Math.imul(n + 1, 2654435761 + k * 40503) >>> 0) % words.length];
  const query = [pick(0), pick(1), ...(n % 3 === 0 ? [pick(2)] : [])].join(' ');
  return {
    learner: n % LEARNERS,
    args: { course_slug: course.slug, query, top_k: 1 + (n % 10) },
  };
}

export function dueReviewsCall(_f: Fixture, n: number): Call {
  return { learner: n % LEARNERS, args: { limit: 1 + (Math.floor(n / LEARNERS) % 50) } };
}

export function progressCall(_f: Fixture, n: number): Call {
  return { learner: n % LEARNERS, args: {} };
}

/** Call n grades card floor(n / LEARNERS) of its learner: a new card each time until the pool wraps. */
export function gradeCall(f: Fixture, n: number): Call {
  const learner = n % LEARNERS;
  const cards = f.cards[learner]!;
  return {
    learner,
    args: { card_id: cards[Math.floor(n / LEARNERS) % cards.length]!, rating: 1 + (n % 4) },
  };
}

export function tutorCall(f: Fixture, n: number): Call {
  const s = searchCall(f, n);
  return {
    learner: s.learner,
    args: {
      course_slug: s.args['course_slug'],
      question: `What about ${String(s.args['query'])}?`,
    },
  };
}

/** Each tool target of the benches by its `--only` name: the tool, its row name, its calls. */
export const TOOL_CALLS: Record<
  string,
  { tool: string; name: string; make: (f: Fixture, n: number) => Call }
> = {
  list: { tool: 'list_courses', name: 'list_courses, uncached', make: listCoursesCall },
  get: { tool: 'get_course', name: 'get_course', make: getCourseCall },
  search: { tool: 'search_lesson_content', name: 'search_lesson_content', make: searchCall },
  due: { tool: 'list_my_due_reviews', name: 'list_my_due_reviews', make: dueReviewsCall },
  progress: { tool: 'list_my_progress', name: 'list_my_progress', make: progressCall },
  grade: { tool: 'grade_review_card', name: 'grade_review_card', make: gradeCall },
  tutor: { tool: 'ask_tutor', name: 'ask_tutor (noop model)', make: tutorCall },
};
