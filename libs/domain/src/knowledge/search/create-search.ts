import { performance } from 'node:perf_hooks';

import { preparedRaw } from '@lumen/db';
import type { Db, LumenPrisma, SqlQuery } from '@lumen/db';

import { courseNotFound } from '../../catalog/course-visibility.js';
import { LumenError } from '../../errors.js';
import { createInlineRetrievalAuditLog } from '../../observability/retrieval-audit-recorder.js';
import type { RetrievalAuditLog } from '../../observability/retrieval-audit-recorder.js';
import { courseHasVectors } from './embed-chunks.js';
import type { Embedder } from './embedder.js';
import { fuseRankings } from './fuse-rankings.js';
import { loadHits, searchCourseLexical } from './load-hits.js';
import type { SearchedCourse } from './load-hits.js';
import { rankLexical } from './lexical-ranking.js';
import type { RankedChunk } from './lexical-ranking.js';
import type { Search, SearchHit, SearchInput, SearchResult } from './search-types.js';
import { rankByVector } from './vector-ranking.js';

export interface SearchOptions {
  readonly db: Pick<Db, 'prisma' | 'sql' | 'vector'>;
  /** When set and pgvector is available, lexical and vector rankings are fused. */
  readonly embedder?: Embedder | undefined;
  /** Monotonic milliseconds, for the latency in audit rows (default `performance.now`). */
  readonly clock?: (() => number) | undefined;
  /** How long a query embedding may take before search goes lexical-only (default 5 s). */
  readonly embedTimeoutMs?: number | undefined;
  /**
   * Where audit rows go: a batched recorder (createRetrievalAuditRecorder) keeps the
   * INSERT off the request path. Default: one INSERT per search, before it answers.
   */
  readonly audits?: RetrievalAuditLog | undefined;
}

const MAX_QUERY_CHARS = 1000;
const DEFAULT_TOP_K = 5;
const MAX_TOP_K = 20;
/** Each ranking contributes this many candidates to fusion. */
const FUSION_DEPTH = 50;
/**
 * After a query embedding fails or times out, searches rank lexically for this long
 * without asking the provider: during an outage that answers slowly, every search
 * would otherwise wait the whole timeout first.
 */
export const EMBEDDING_PAUSE_MS = 30_000;

interface CourseRow {
  id: string;
  slug: string;
  title: string;
}

/**
 * Course-scoped search over lesson chunks. With no embedder (the default) it is BM25 in
 * SQL; with one, BM25 and vector similarity fused by reciprocal rank. Every search that
 * reaches a course leaves one `retrieval_audits` row, even with zero hits.
 */
export function createSearch(options: SearchOptions): Search {
  const { prisma, sql } = options.db;
  // The ranking and hit statements as prepared statements (planned once per connection).
  const raw = preparedRaw(sql);
  const audits = options.audits ?? createInlineRetrievalAuditLog(options.db);
  const clock = options.clock ?? (() => performance.now());
  const embedder = options.db.vector ? options.embedder : undefined;
  // Monotonic time until which query embeddings are not attempted (see EMBEDDING_PAUSE_MS).
  const provider = { pausedUntil: -Infinity };
  return {
    search: async (input, now = new Date()) => {
      const { query, topK } = validate(input);
      let course: CourseRow;
      let ranked: RankedChunk[];
      let hits: SearchHit[];
      const started = clock();
      if (embedder) {
        course = visibleCourse(await findCourse(sql, input.courseSlug), input);
        ranked = await rankHybrid(prisma, embedder, course.id, query, topK, {
          timeoutMs: options.embedTimeoutMs ?? 5_000,
          clock,
          provider,
        });
        hits = await loadHits(raw, ranked, query);
      } else {
        // One statement finds the course and ranks it; a hidden course's ranking is dropped.
        const found = await searchCourseLexical(raw, input.courseSlug, query, topK);
        course = visibleCourse(found.course, input);
        ({ ranked, hits } = found);
      }
      const latencyMs = Math.max(0, Math.round(clock() - started));
      const retrievalAuditId = await audits.record({
        userId: input.actor?.userId ?? null,
        clientId: input.actor?.clientId ?? null,
        feature: input.feature,
        courseId: course.id,
        query,
        results: ranked.map((r) => ({ chunkId: r.chunkId, score: r.score })),
        latencyMs,
        createdAt: now,
      });
      return { course, hits, retrievalAuditId } satisfies SearchResult;
    },
  };
}

function validate(input: SearchInput): { query: string; topK: number } {
  const topK = input.topK ?? DEFAULT_TOP_K;
  if (!Number.isInteger(topK) || topK < 1 || topK > MAX_TOP_K) {
    throw new LumenError(
      'mcp.invalid_argument',
      `top_k must be an integer from 1 to ${MAX_TOP_K}.`,
    );
  }
  const query = input.query.trim();
  if (query === '') throw new LumenError('mcp.search.empty_query', 'The search query is empty.');
  if (query.length > MAX_QUERY_CHARS) {
    throw new LumenError(
      'mcp.search.query_too_long',
      `The search query is longer than ${MAX_QUERY_CHARS} characters.`,
    );
  }
  return { query, topK };
}

async function findCourse(sql: SqlQuery, slug: string): Promise<SearchedCourse | undefined> {
  const [course] = await sql<SearchedCourse>`
    SELECT id::text AS id, slug, title, status::text AS status, owner_id::text AS owner_id
      FROM courses WHERE slug = ${slug}`;
  return course;
}

/** A draft is visible only to its owner and admins; to anyone else it does not exist. */
function visibleCourse(course: SearchedCourse | undefined, input: SearchInput): CourseRow {
  const { actor, courseSlug } = input;
  const visible =
    course !== undefined &&
    (course.status === 'published' || actor?.role === 'admin' || actor?.userId === course.owner_id);
  if (!course || !visible) throw courseNotFound(courseSlug);
  return { id: course.id, slug: course.slug, title: course.title };
}

async function rankHybrid(
  prisma: LumenPrisma,
  embedder: Embedder,
  courseId: string,
  query: string,
  topK: number,
  health: {
    timeoutMs: number;
    clock: () => number;
    provider: { pausedUntil: number };
  },
): Promise<RankedChunk[]> {
  const depth = Math.max(FUSION_DEPTH, topK);
  const lexical = await rankLexical(prisma, courseId, query, depth);
  // A course whose chunks are not embedded yet (the backfill runs in the background)
  // ranks lexically without spending a query embedding.
  if (!(await courseHasVectors(prisma, courseId, embedder.model))) return lexical.slice(0, topK);
  if (health.clock() < health.provider.pausedUntil) return lexical.slice(0, topK);
  // An unreachable or slow provider degrades search to lexical, never breaks it.
  const vector = await embedder
    .embed([query], AbortSignal.timeout(health.timeoutMs))
    .then((vectors) => vectors[0])
    .catch(() => undefined);
  if (!vector) {
    health.provider.pausedUntil = health.clock() + EMBEDDING_PAUSE_MS;
    return lexical.slice(0, topK);
  }
  const nearest = await rankByVector(prisma, courseId, embedder.model, vector, depth);
  return fuseRankings([lexical, nearest], topK);
}
