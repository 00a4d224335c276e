import type { Actor } from '../actor.js';

/**
 * The part of course search the tutor uses (knowledge/search's createSearch satisfies
 * it structurally). Search checks the course exists, validates the query, and writes
 * the retrieval_audits row itself.
 */
export interface TutorSearchHit {
  readonly chunkId: string;
  readonly lessonSlug: string;
  readonly lessonTitle: string;
  readonly headingPath: readonly string[];
  readonly text: string;
  readonly score: number;
  /** How much of the question the chunk holds, when search measures it (see relevance.ts). */
  readonly evidence?:
    { readonly coverage: number; readonly inHeading: boolean; readonly terms: number } | undefined;
}

export interface TutorSearchResult {
  readonly course: { readonly id: string; readonly slug: string; readonly title: string };
  readonly hits: readonly TutorSearchHit[];
  /** The audit row of this retrieval, when the search reports it. */
  readonly retrievalAuditId?: string | undefined;
}

export interface TutorSearchInput {
  readonly actor: Actor | null;
  readonly courseSlug: string;
  readonly query: string;
  readonly topK?: number;
  readonly feature: string;
}

export interface TutorSearch {
  search(input: TutorSearchInput, now?: Date): Promise<TutorSearchResult>;
}
