import type { Db } from '@lumen/db';

import { RECENT_LIMIT } from './llm-calls.js';
import type { RetrievalView, RetrievedChunkView } from './types.js';

interface AuditRow {
  id: string;
  createdAt: Date;
  userId: string | null;
  email: string | null;
  clientId: string | null;
  feature: string;
  courseId: string;
  courseSlug: string | null;
  courseTitle: string | null;
  query: string;
  latencyMs: number;
  results: unknown;
  llmCallId: string | null;
  llmStatus: string | null;
  llmModel: string | null;
  llmCostUsd: number | null;
}

interface ChunkInfo {
  lessonSlug: string;
  lessonTitle: string;
  headingPath: string[];
}

/**
 * The latest retrievals with what they returned, in rank order. Chunks are looked up
 * now, so one that has since been re-chunked away or deleted is reported as gone
 * rather than silently dropped. A tutor retrieval carries the model call that
 * answered from it (llm_call_log.retrieval_audit_id).
 */
export async function recentRetrievals(
  db: Pick<Db, 'prisma'>,
  now: Date,
): Promise<RetrievalView[]> {
  const audits = await db.prisma.$queryRaw<AuditRow[]>`
    SELECT a.id::text AS "id", a.created_at AS "createdAt", a.user_id::text AS "userId", u.email,
           a.client_id AS "clientId", a.feature, a.course_id::text AS "courseId",
           c.slug AS "courseSlug", c.title AS "courseTitle", a.query, a.latency_ms AS "latencyMs",
           a.results, m.id::text AS "llmCallId", m.status AS "llmStatus", m.model AS "llmModel",
           m.cost_usd::float8 AS "llmCostUsd"
      FROM retrieval_audits a
      LEFT JOIN users u ON u.id = a.user_id
      LEFT JOIN courses c ON c.id = a.course_id
      LEFT JOIN LATERAL (
        SELECT id, status, model, cost_usd FROM llm_call_log
         WHERE retrieval_audit_id = a.id ORDER BY created_at DESC LIMIT 1
      ) m ON true
     WHERE a.created_at <= ${now}
     ORDER BY a.created_at DESC, a.id DESC
     LIMIT ${RECENT_LIMIT}`;
  const results = audits.map((a) => parseResults(a.results));
  const chunks = await loadChunks(db, [...new Set(results.flat().map((r) => r.chunkId))]);
  return audits.map((a, i) => toView(a, results[i] ?? [], chunks));
}

async function loadChunks(db: Pick<Db, 'prisma'>, ids: string[]): Promise<Map<string, ChunkInfo>> {
  if (ids.length === 0) return new Map();
  const rows = await db.prisma.lessonChunk.findMany({
    where: { id: { in: ids } },
    select: { id: true, headingPath: true, lesson: { select: { slug: true, title: true } } },
  });
  return new Map(
    rows.map((r) => [
      r.id,
      { lessonSlug: r.lesson.slug, lessonTitle: r.lesson.title, headingPath: r.headingPath },
    ]),
  );
}

/** results is JSONB written by search: [{ chunkId, score }]. Anything else is skipped. */
function parseResults(value: unknown): { chunkId: string; score: number }[] {
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    const r = item as { chunkId?: unknown; score?: unknown } | null;
    return r && typeof r.chunkId === 'string'
      ? [{ chunkId: r.chunkId, score: typeof r.score === 'number' ? r.score : 0 }]
      : [];
  });
}

function toView(
  a: AuditRow,
  results: { chunkId: string; score: number }[],
  chunks: Map<string, ChunkInfo>,
): RetrievalView {
  const views: RetrievedChunkView[] = results.map((r, i) => {
    const chunk = chunks.get(r.chunkId);
    return {
      rank: i + 1,
      chunkId: r.chunkId,
      score: r.score,
      exists: chunk !== undefined,
      lessonSlug: chunk?.lessonSlug ?? null,
      lessonTitle: chunk?.lessonTitle ?? null,
      headingPath: chunk?.headingPath ?? [],
    };
  });
  const { results: _raw, llmCallId, llmStatus, llmModel, llmCostUsd, ...rest } = a;
  return {
    ...rest,
    chunks: views,
    llmCall:
      llmCallId === null
        ? null
        : {
            id: llmCallId,
            status: llmStatus ?? '',
            model: llmModel ?? '',
            costUsd: llmCostUsd ?? 0,
          },
  };
}
