import type { QueryEvidence } from './lexical-ranking.js';
import type { Actor } from '../../actor.js';

export interface SearchInput {
  /** Null for anonymous callers: only published courses are visible. */
  readonly actor: Actor | null;
  readonly courseSlug: string;
  readonly query: string;
  /** 1-20, default 5. */
  readonly topK?: number | undefined;
  /** Recorded in the audit row: `mcp.search_lesson_content`, `mcp.ask_tutor`, … */
  readonly feature: string;
}

export interface SearchHit {
  readonly chunkId: string;
  readonly lessonSlug: string;
  readonly lessonTitle: string;
  readonly headingPath: string[];
  /** The chunk text, or an excerpt of at most ~600 characters around the best match. */
  readonly text: string;
  /** Higher is better; comparable only within one result list. */
  readonly score: number;
  /** How much of the query the lexical ranking found in this chunk; absent for vector-only hits. */
  readonly evidence?: QueryEvidence | undefined;
}

export interface SearchResult {
  readonly course: { readonly id: string; readonly slug: string; readonly title: string };
  readonly hits: SearchHit[];
  /** The `retrieval_audits` row this search wrote. */
  readonly retrievalAuditId: string;
}

export interface Search {
  search(input: SearchInput, now?: Date): Promise<SearchResult>;
}
