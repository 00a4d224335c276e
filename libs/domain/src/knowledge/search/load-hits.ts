import { Prisma } from '@lumen/db';
import type { RawQueryable } from '@lumen/db';

import type { RankedChunk, RankedRow } from './lexical-ranking.js';
import { genericLexemes, orTsQuery, rankingSql, toRanked } from './lexical-ranking.js';
import type { SearchHit } from './search-types.js';

/** Longer chunks are returned as an excerpt around the match, bounded by this. */
const EXCERPT_CHARS = 600;

interface HitRow {
  id: string;
  lesson_slug: string;
  lesson_title: string;
  heading_path: string[];
  text: string;
  excerpt: string | null;
}

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
           ${excerptColumn(query)}
    FROM lesson_chunks c JOIN lessons l ON l.id = c.lesson_id
    WHERE c.id IN (SELECT jsonb_array_elements_text(${ids}::jsonb))`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ranked.flatMap((r) => {
    const row = byId.get(r.chunkId);
    return row ? [toHit(row, r)] : [];
  });
}

/**
 * Lexical ranking and the hits it shows in one statement (one round trip instead of
 * two): the ranking's last step already joins each ranked chunk and its lesson.
 */
export async function rankLexicalHits(
  prisma: RawQueryable,
  courseId: string,
  query: string,
  limit: number,
): Promise<{ ranked: RankedChunk[]; hits: SearchHit[] }> {
  const generic = await genericLexemes(prisma);
  const columns = Prisma.sql`, c.heading_path, c.text, le.slug AS lesson_slug, le.title AS lesson_title,
           ${excerptColumn(query)}`;
  const rows = await prisma.$queryRaw<
    Array<RankedRow & HitRow>
  >`${rankingSql(courseId, query, limit, generic, columns)}`;
  const ranked = rows.map(toRanked);
  return { ranked, hits: rows.map((row, i) => toHit(row, ranked[i]!)) };
}

/** ts_headline picks the passage with the densest cover of query terms (long chunks only). */
const excerptColumn = (query: string) => Prisma.sql`
  CASE WHEN length(c.text) > ${EXCERPT_CHARS}::int THEN
    ts_headline('english'::regconfig, c.text, COALESCE(${orTsQuery(query)}, ''::tsquery),
                'MinWords=40, MaxWords=85, ShortWord=3, StartSel="", StopSel=""')
  END AS excerpt`;

function toHit(row: HitRow, r: RankedChunk): SearchHit {
  return {
    chunkId: row.id,
    lessonSlug: row.lesson_slug,
    lessonTitle: row.lesson_title,
    headingPath: row.heading_path,
    text: row.excerpt === null ? row.text : boundExcerpt(row.text, row.excerpt),
    score: r.score,
    ...(r.evidence ? { evidence: r.evidence } : {}),
  };
}

/** Caps the excerpt at a word boundary and marks where text was left out. */
function boundExcerpt(full: string, excerpt: string): string {
  let body = excerpt.trim();
  if (body.length > EXCERPT_CHARS - 4) {
    const cut = body.slice(0, EXCERPT_CHARS - 4);
    body = cut.slice(0, Math.max(cut.lastIndexOf(' '), 1));
  }
  if (body === '') body = full.slice(0, EXCERPT_CHARS - 2);
  const atStart = full.trimStart().startsWith(body.slice(0, 30));
  const atEnd = full.trimEnd().endsWith(body.slice(-30));
  return `${atStart ? '' : '… '}${body}${atEnd ? '' : ' …'}`;
}
