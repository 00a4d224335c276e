import { Prisma } from '@lumen/db';
import type { RawQueryable } from '@lumen/db';

import { excerptOf } from './excerpt.js';
import type { RankedChunk, RankedRow } from './lexical-ranking.js';
import { genericLexemes, rankingSql, toRanked } from './lexical-ranking.js';
import type { SearchHit } from './search-types.js';

interface HitRow {
  id: string;
  lesson_slug: string;
  lesson_title: string;
  heading_path: string[];
  text: string;
  /** The query's own lexemes (stop words dropped), for the excerpt. */
  query_lexemes: string[] | null;
}

/** The ranking's own query lexemes (its `own` step), for the excerpt; no second stemming. */
const queryLexemesColumn = Prisma.sql`ARRAY(SELECT lexeme FROM own) AS query_lexemes`;

/** Fetches what a caller sees for each ranked chunk, keeping the rank order. */
export async function loadHits(
  prisma: RawQueryable,
  ranked: readonly RankedChunk[],
  query: string,
): Promise<SearchHit[]> {
  if (ranked.length === 0) return [];
  const ids = JSON.stringify(ranked.map((r) => r.chunkId));
  const rows = await prisma.$queryRaw<HitRow[]>`
    SELECT c.id, l.slug AS lesson_slug, l.title AS lesson_title, c.heading_path, c.text,
           ARRAY(SELECT lexeme FROM unnest(to_tsvector('english'::regconfig, ${query}))) AS query_lexemes
    FROM lesson_chunks c JOIN lessons l ON l.id = c.lesson_id
    WHERE c.id IN (SELECT jsonb_array_elements_text(${ids}::jsonb))`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ranked.flatMap((r) => {
    const row = byId.get(r.chunkId);
    return row ? [toHit(row, r)] : [];
  });
}

/** The course a search names, as stored: visibility is the caller's to decide. */
export interface SearchedCourse {
  id: string;
  slug: string;
  title: string;
  status: string;
  owner_id: string;
}

/**
 * The course by slug, its lexical ranking and the hits it shows, in one statement (one
 * round trip instead of three): the ranking's last step already joins each ranked
 * chunk and its lesson. One row per hit, or a single row without a hit when nothing
 * matches; no row when no course has that slug.
 */
export async function searchCourseLexical(
  prisma: RawQueryable,
  slug: string,
  query: string,
  limit: number,
): Promise<{ course: SearchedCourse | undefined; ranked: RankedChunk[]; hits: SearchHit[] }> {
  const generic = await genericLexemes(prisma);
  const columns = Prisma.sql`, c.heading_path, c.text, le.slug AS lesson_slug, le.title AS lesson_title,
           m.position AS module_position, le.position AS lesson_position, c.ordinal,
           ${queryLexemesColumn}`;
  const ranking = rankingSql(Prisma.sql`(SELECT id FROM course)`, query, limit, generic, columns);
  const rows = await prisma.$queryRaw<
    Array<{ course: SearchedCourse } & ((RankedRow & HitRow) | { id: null })>
  >`
    WITH course AS (SELECT id, slug, title, status, owner_id FROM courses WHERE slug = ${slug})
    SELECT json_build_object('id', course.id, 'slug', course.slug, 'title', course.title,
                             'status', course.status, 'owner_id', course.owner_id) AS course, h.*
      FROM course LEFT JOIN (${ranking}) h ON true
     ORDER BY h.score DESC, h.module_position, h.lesson_position, h.ordinal`;
  const found = rows.filter(
    (r): r is { course: SearchedCourse } & RankedRow & HitRow => r.id !== null,
  );
  const ranked = found.map(toRanked);
  return {
    course: rows[0]?.course,
    ranked,
    hits: found.map((row, i) => toHit(row, ranked[i]!)),
  };
}

function toHit(row: HitRow, r: RankedChunk): SearchHit {
  return {
    chunkId: row.id,
    lessonSlug: row.lesson_slug,
    lessonTitle: row.lesson_title,
    headingPath: row.heading_path,
    text: excerptOf(row.text, row.query_lexemes ?? []),
    score: r.score,
    ...(r.evidence ? { evidence: r.evidence } : {}),
  };
}
