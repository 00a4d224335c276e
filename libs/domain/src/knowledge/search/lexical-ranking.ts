import { Prisma } from '@lumen/db';
import type { RawQueryable } from '@lumen/db';

import { GENERIC_WEIGHT, GENERIC_WORDS } from './generic-words.js';
import { expandQuery } from './query-expansion.js';

/**
 * Aggregate: the `t.lexeme` values OR-ed into one tsquery (NULL when there are none).
 * Each lexeme is quoted for tsquery input with backslashes (92) and quotes (39) doubled.
 */
const orOfLexemes = Prisma.sql`string_agg(
     chr(39) || replace(replace(t.lexeme, chr(92), chr(92) || chr(92)), chr(39), chr(39) || chr(39)) || chr(39),
     ' | ')::tsquery`;

/** What the lexical ranking saw of the query in one chunk: the evidence a relevance gate reads. */
export interface QueryEvidence {
  /**
   * Share of the question's information found in the chunk, 0-1: the IDF of the query
   * terms it holds over the IDF of all of them, where a term the course never uses
   * counts at the highest IDF the course could give (the most telling sign that the
   * question is about something else) and generic words count a quarter.
   */
  readonly coverage: number;
  /** Whether a query term other than a generic word is in the chunk's lesson title or headings. */
  readonly inHeading: boolean;
  /** How many distinct query terms other than generic words the chunk holds. */
  readonly terms: number;
}

export interface RankedChunk {
  readonly chunkId: string;
  readonly score: number;
  /** Absent for rankings without term statistics (vector neighbours). */
  readonly evidence?: QueryEvidence | undefined;
}

/**
 * BM25F saturation, the body's length normalisation (b under the usual 0.75: chunks are
 * already length-bounded) and the weight of a heading occurrence against a body one.
 * Headings are not length-normalised (their b is 0): a long heading path is not a
 * reason to trust a match in it less. Chosen on bench/paraphrase.ts's tuning set and
 * XQuAD, confirmed on the held-out sets (README, Search quality).
 */
const K1 = 1.2;
const B = 0.5;
const HEADING_WEIGHT = 0.5;
/** Weight of a pair of consecutive query terms found within `PROXIMITY_WINDOW` positions. */
const PROXIMITY_WEIGHT = 0.3;
const PROXIMITY_WINDOW = 3;
/** Share of the lesson's summed chunk scores added to each of its chunks. */
const LESSON_WEIGHT = 0.05;
/** Share of its IDF a term gets when it is only a synonym or variant of the query's words. */
const EXPANSION_WEIGHT = 0.5;

/**
 * BM25 (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and
 * Beyond", 2009) computed in SQL over the generated `tsv` column, so PostgreSQL and
 * PGlite rank identically.
 *
 * - The query is stemmed by the index's own 'english' configuration (stop words
 *   dropped) and its lexemes are OR-ed: a question matches on its content words instead
 *   of needing all of them, as `websearch_to_tsquery` would.
 * - Candidates come from the GIN index; IDF uses document frequencies counted in this
 *   course only. Every chunk holding a query term is a candidate, so counting over the
 *   candidates is exact.
 * - Headings (weight A) and body (weight B) are two fields combined before saturation,
 *   as in BM25F (Robertson, Zaragoza & Taylor, CIKM 2004): the body's term frequency is
 *   normalised by the chunk's length (distinct lexemes, relative to the course average;
 *   the body's own length ranked the same on every benchmark set and cost a filter per
 *   chunk) and each heading occurrence adds HEADING_WEIGHT. Counting a heading
 *   occurrence as a second body one, as before, let a term named in a lesson title lift
 *   every chunk of the lesson over the passage that actually uses the term.
 * - Two signals on top, both measured on bench/xquad.ts: a proximity bonus when
 *   consecutive query terms sit close together in the chunk (as in Büttcher et al.,
 *   SIGIR 2006), and a small share of the lesson's total score, so evidence spread
 *   over a lesson lifts its chunks (the question is usually about one lesson's topic).
 * - Ties go to the chunk that comes first in the course (module, lesson, position), never
 *   to the chunk id, which hashes a random lesson UUID; scores are rounded to 9 places,
 *   so float summation order cannot break a tie differently from run to run. Only the
 *   rows at or above the limit's score are joined for those keys.
 * - Each chunk also carries its QueryEvidence, which the tutor's relevance gate reads.
 */
export async function rankLexical(
  prisma: RawQueryable,
  courseId: string,
  query: string,
  limit: number,
): Promise<RankedChunk[]> {
  const generic = await genericLexemes(prisma);
  const rows = await prisma.$queryRaw<
    RankedRow[]
  >`${rankingSql(Prisma.sql`${courseId}::uuid`, query, limit, generic, Prisma.empty)}`;
  return rows.map(toRanked);
}

/** A ranked row as the statement returns it, plus whatever `extraColumns` selected. */
export interface RankedRow {
  id: string;
  score: number;
  coverage: number;
  in_heading: boolean;
  terms: number;
}

export function toRanked(r: RankedRow): RankedChunk {
  return {
    chunkId: r.id,
    score: Number(r.score),
    evidence: {
      coverage: Number(r.coverage),
      inHeading: r.in_heading === true,
      terms: Number(r.terms),
    },
  };
}

/**
 * The stemmed lexemes of GENERIC_WORDS as a PostgreSQL text[] literal, asked of the
 * database once per client (they depend only on its 'english' configuration) instead of
 * stemming some hundred words in every ranking statement. A literal string, not an
 * array: `pg` would otherwise serialise the same 150 elements for every search. A failed
 * lookup is not remembered.
 */
const genericByClient = new WeakMap<RawQueryable, Promise<string>>();

export function genericLexemes(db: RawQueryable): Promise<string> {
  let lexemes = genericByClient.get(db);
  if (!lexemes) {
    lexemes = Promise.resolve(
      db.$queryRaw<Array<{ lexeme: string }>>`
        SELECT lexeme FROM unnest(to_tsvector('english'::regconfig, ${GENERIC_WORDS})) ORDER BY lexeme`,
    ).then((rows) => textArrayLiteral(rows.map((r) => r.lexeme)));
    genericByClient.set(db, lexemes);
    lexemes.catch(() => genericByClient.delete(db));
  }
  return lexemes;
}

const textArrayLiteral = (items: readonly string[]) =>
  `{${items.map((s) => `"${s.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;

/**
 * The ranking statement over the course whose id `courseId` evaluates to (a uuid
 * parameter, or a subquery). `extraColumns` (a fragment starting with a comma) adds
 * columns of the ranked chunk `c` and its lesson `le` to each row, so a caller that
 * shows the hits gets them in the same round trip. `generic` is genericLexemes' literal.
 */
export function rankingSql(
  courseId: Prisma.Sql,
  query: string,
  limit: number,
  generic: string,
  extraColumns: Prisma.Sql,
): Prisma.Sql {
  return Prisma.sql`
    WITH own AS (
      SELECT t.lexeme, t.positions[1] AS qpos, t.lexeme = ANY(${generic}::text[]) AS generic
      FROM unnest(to_tsvector('english'::regconfig, ${query})) AS t
    ),
    -- The query's own terms at full weight, then the expansion's (synonyms, joined compounds)
    -- that the query does not already hold, at EXPANSION_WEIGHT.
    terms AS (
      SELECT lexeme, qpos, generic, true AS own, 1::float8 AS weight FROM own
      UNION ALL
      SELECT x.lexeme, NULL, false, false, ${EXPANSION_WEIGHT}::float8
      FROM unnest(to_tsvector('english'::regconfig, ${expandQuery(query)})) AS x
      WHERE x.lexeme NOT IN (SELECT lexeme FROM own) AND NOT x.lexeme = ANY(${generic}::text[])
    ),
    pairs AS (
      SELECT a.lexeme AS la, b.lexeme AS lb
      FROM own a JOIN own b ON b.qpos = (SELECT min(t.qpos) FROM own t WHERE t.qpos > a.qpos)
    ),
    stats AS (
      SELECT count(*)::float8 AS n, GREATEST(avg(length(c.tsv)), 1)::float8 AS avgdl
      FROM lesson_chunks c WHERE c.course_id = ${courseId}
    ),
    cand AS (
      SELECT c.id, c.lesson_id, c.tsv, length(c.tsv)::float8 AS dl
      FROM lesson_chunks c
      WHERE c.course_id = ${courseId} AND c.tsv @@ (
        SELECT ${orOfLexemes} FROM terms t)
    ),
    -- A candidate's postings for the query terms only. Unnesting its whole tsvector and
    -- filtering was the statement's largest step: ts_delete of the query terms leaves the
    -- chunk's other lexemes, and deleting those from the tsvector leaves the query terms'
    -- entries (positions and weights unchanged) to unnest.
    postings AS (
      SELECT cand.id, cand.lesson_id, cand.dl, e.lexeme, e.positions, e.weights,
             (SELECT count(*) FROM unnest(e.weights) w WHERE w = 'A')::float8 AS tf_heading
      FROM cand,
           unnest(ts_delete(cand.tsv, tsvector_to_array(
             ts_delete(cand.tsv, (SELECT array_agg(lexeme) FROM terms))))) AS e
    ),
    idf AS (
      SELECT p.lexeme, ln(1 + (s.n - count(*) + 0.5) / (count(*) + 0.5)) AS idf
      FROM postings p CROSS JOIN stats s GROUP BY p.lexeme, s.n
    ),
    field_tf AS (
      SELECT p.id, p.lesson_id, p.lexeme,
             (cardinality(p.positions) - p.tf_heading) / (1 - ${B}::float8 + ${B}::float8 * p.dl / s.avgdl)
               + ${HEADING_WEIGHT}::float8 * p.tf_heading AS tf
      FROM postings p CROSS JOIN stats s
    ),
    bm25 AS (
      SELECT f.id, f.lesson_id,
             sum(t.weight * i.idf * f.tf * (${K1}::float8 + 1) / (f.tf + ${K1}::float8)) AS score
      FROM field_tf f JOIN idf i USING (lexeme) JOIN terms t USING (lexeme)
      GROUP BY f.id, f.lesson_id
    ),
    proximity AS (
      SELECT pa.id,
             sum((ia.idf + ib.idf) / 2 * (
               SELECT 1.0 / min(abs(x - y)) FROM unnest(pa.positions) x, unnest(pb.positions) y
               WHERE abs(x - y) <= ${PROXIMITY_WINDOW}::int
             )) AS bonus
      FROM pairs
      JOIN postings pa ON pa.lexeme = pairs.la
      JOIN postings pb ON pb.lexeme = pairs.lb AND pb.id = pa.id
      JOIN idf ia ON ia.lexeme = pairs.la
      JOIN idf ib ON ib.lexeme = pairs.lb
      GROUP BY pa.id
    ),
    lesson AS (
      SELECT lesson_id, sum(score) AS score FROM bm25 GROUP BY lesson_id
    ),
    weighted AS (
      SELECT t.lexeme, t.generic,
             COALESCE(i.idf, ln(1 + (s.n + 0.5) / 0.5))
               * CASE WHEN t.generic THEN ${GENERIC_WEIGHT}::float8 ELSE 1 END AS w
      FROM own t CROSS JOIN stats s LEFT JOIN idf i USING (lexeme)
    ),
    evidence AS (
      SELECT p.id, sum(w.w) / NULLIF((SELECT sum(w) FROM weighted), 0) AS coverage,
             bool_or('A' = ANY(p.weights) AND NOT w.generic) AS in_heading,
             count(*) FILTER (WHERE NOT w.generic) AS terms
      FROM postings p JOIN weighted w USING (lexeme) GROUP BY p.id
    ),
    scored AS (
      SELECT b.id, b.lesson_id,
             round((b.score + ${PROXIMITY_WEIGHT}::float8 * COALESCE(x.bonus, 0) + ${LESSON_WEIGHT}::float8 * l.score)::numeric, 9) AS score
      FROM bm25 b JOIN lesson l USING (lesson_id) LEFT JOIN proximity x USING (id)
    ),
    cutoff AS (
      SELECT min(score) AS score FROM (SELECT score FROM scored ORDER BY score DESC LIMIT ${limit}::int) top
    )
    SELECT s.id, s.score::float8 AS score, COALESCE(e.coverage, 0)::float8 AS coverage,
           COALESCE(e.in_heading, false) AS in_heading, COALESCE(e.terms, 0)::int AS terms
           ${extraColumns}
    FROM scored s
    LEFT JOIN evidence e USING (id)
    JOIN lesson_chunks c ON c.id = s.id
    JOIN lessons le ON le.id = s.lesson_id
    JOIN modules m ON m.id = le.module_id
    WHERE s.score >= (SELECT score FROM cutoff)
    ORDER BY s.score DESC, m.position, le.position, c.ordinal
    LIMIT ${limit}::int`;
}
