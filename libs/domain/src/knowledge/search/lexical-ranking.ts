import { Prisma } from '@lumen/db';
import type { RawQueryable } from '@lumen/db';

/**
 * The query's stemmed lexemes OR-ed into one tsquery (NULL when only stop words).
 * Each lexeme is quoted for tsquery input with backslashes (92) and quotes (39) doubled.
 */
export const orTsQuery = (query: string) => Prisma.sql`
  (SELECT string_agg(
     chr(39) || replace(replace(t.lexeme, chr(92), chr(92) || chr(92)), chr(39), chr(39) || chr(39)) || chr(39),
     ' | ')::tsquery
   FROM unnest(to_tsvector('english'::regconfig, ${query})) AS t)`;

export interface RankedChunk {
  readonly chunkId: string;
  readonly score: number;
}

/** BM25 saturation and length normalisation (b a little under the usual 0.75: chunks are already length-bounded). */
const K1 = 1.2;
const B = 0.6;
/** Weight of a pair of consecutive query terms found within `PROXIMITY_WINDOW` positions. */
const PROXIMITY_WEIGHT = 0.3;
const PROXIMITY_WINDOW = 3;
/** Share of the lesson's summed chunk scores added to each of its chunks. */
const LESSON_WEIGHT = 0.05;

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
 * - Term frequency counts a heading occurrence (weight A) twice; document length is the
 *   number of distinct lexemes, relative to the course average.
 * - Two signals on top, both measured on bench/xquad.ts: a proximity bonus when
 *   consecutive query terms sit close together in the chunk (as in Büttcher et al.,
 *   SIGIR 2006), and a small share of the lesson's total score, so evidence spread
 *   over a lesson lifts its chunks (the question is usually about one lesson's topic).
 */
export async function rankLexical(
  prisma: RawQueryable,
  courseId: string,
  query: string,
  limit: number,
): Promise<RankedChunk[]> {
  const rows = await prisma.$queryRaw<Array<{ id: string; score: number }>>`
    WITH terms AS (
      SELECT t.lexeme, t.positions[1] AS qpos FROM unnest(to_tsvector('english'::regconfig, ${query})) AS t
    ),
    pairs AS (
      SELECT a.lexeme AS la, b.lexeme AS lb
      FROM terms a JOIN terms b ON b.qpos = (SELECT min(t.qpos) FROM terms t WHERE t.qpos > a.qpos)
    ),
    stats AS (
      SELECT count(*)::float8 AS n, GREATEST(avg(length(c.tsv)), 1)::float8 AS avgdl
      FROM lesson_chunks c WHERE c.course_id = ${courseId}::uuid
    ),
    cand AS (
      SELECT c.id, c.lesson_id, c.tsv, length(c.tsv)::float8 AS dl
      FROM lesson_chunks c
      WHERE c.course_id = ${courseId}::uuid AND c.tsv @@ ${orTsQuery(query)}
    ),
    postings AS (
      SELECT cand.id, cand.lesson_id, cand.dl, e.lexeme, e.positions,
             (cardinality(e.positions) + (SELECT count(*) FROM unnest(e.weights) w WHERE w = 'A'))::float8 AS tf
      FROM cand, unnest(cand.tsv) AS e
      WHERE e.lexeme IN (SELECT lexeme FROM terms)
    ),
    idf AS (
      SELECT p.lexeme, ln(1 + (s.n - count(*) + 0.5) / (count(*) + 0.5)) AS idf
      FROM postings p CROSS JOIN stats s GROUP BY p.lexeme, s.n
    ),
    bm25 AS (
      SELECT p.id, p.lesson_id,
             sum(i.idf * p.tf * (${K1}::float8 + 1) / (p.tf + ${K1}::float8 * (1 - ${B}::float8 + ${B}::float8 * p.dl / s.avgdl))) AS score
      FROM postings p JOIN idf i USING (lexeme) CROSS JOIN stats s
      GROUP BY p.id, p.lesson_id
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
    )
    SELECT b.id,
           (b.score + ${PROXIMITY_WEIGHT}::float8 * COALESCE(x.bonus, 0) + ${LESSON_WEIGHT}::float8 * l.score)::float8 AS score
    FROM bm25 b JOIN lesson l USING (lesson_id) LEFT JOIN proximity x USING (id)
    ORDER BY score DESC, b.id
    LIMIT ${limit}::int`;
  return rows.map((r) => ({ chunkId: r.id, score: Number(r.score) }));
}
