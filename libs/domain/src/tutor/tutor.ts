import type { Db } from '@lumen/db';

import type { Actor } from '../actor.js';
import type { LlmGateway } from '../llm/llm-gateway.js';
import { resolveCitations } from './citations.js';
import type { TutorCitation } from './citations.js';
import { carriedByWords, relevantHits } from './relevance.js';
import { assertMayAskTutor } from './tutor-access.js';
import { tutorRequest } from './tutor-prompt.js';
import type { TopicCheck } from './topic-check.js';
import type { TutorSearch } from './tutor-search.js';

export const TUTOR_FEATURE = 'mcp.ask_tutor';
/** Enough context for a grounded answer, few enough that the prompt stays cheap. */
export const TUTOR_TOP_K = 6;

export interface TutorOptions {
  readonly db: Db;
  readonly search: TutorSearch;
  readonly gateway: LlmGateway;
  /**
   * Asked when the gate passed a question on a title word alone (see topic-check.ts);
   * without one, that evidence is enough.
   */
  readonly topicCheck?: TopicCheck | undefined;
}

export interface AskTutorInput {
  readonly courseSlug: string;
  readonly question: string;
}

export interface TutorAnswer {
  readonly answer: string;
  readonly citations: TutorCitation[];
  /** False when the course has nothing on the question (no model call was made) or the answer cites nothing. */
  readonly covered: boolean;
  readonly retrievalAuditId?: string | undefined;
}

export interface Tutor {
  ask(
    actor: Actor,
    input: AskTutorInput,
    options?: { signal?: AbortSignal | undefined },
    now?: Date,
  ): Promise<TutorAnswer>;
}

/**
 * The course tutor: access check, audited retrieval from the one course, then a
 * metered model call over numbered sources whose citations are checked against what
 * was retrieved. The same path runs for every provider; offline, the noop provider
 * turns it into an extractive summary.
 */
export function createTutor(options: TutorOptions): Tutor {
  const { db, search, gateway, topicCheck } = options;
  return {
    async ask(actor, input, askOptions = {}, now = new Date()) {
      const course = await assertMayAskTutor(db, actor, input.courseSlug);
      const found = await search.search(
        {
          actor,
          courseSlug: course.slug,
          query: input.question,
          topK: TUTOR_TOP_K,
          feature: TUTOR_FEATURE,
        },
        now,
      );
      const audit =
        found.retrievalAuditId === undefined ? {} : { retrievalAuditId: found.retrievalAuditId };
      const sources = relevantHits(input.question, found.hits);
      const declined = { answer: notCovered(found.course.title), citations: [], covered: false };
      if (sources.length === 0) return { ...declined, ...audit };
      if (
        topicCheck &&
        !carriedByWords(sources) &&
        (await topicCheck.onTopic(input.question, sources, askOptions.signal)) === false
      ) {
        return { ...declined, ...audit };
      }
      const response = await gateway.callLogged({
        actor,
        feature: TUTOR_FEATURE,
        request: tutorRequest(found.course.title, input.question.trim(), sources),
        signal: askOptions.signal,
        now,
        retrievalAuditId: found.retrievalAuditId,
      });
      const cited = resolveCitations(response.text, sources);
      return {
        answer: cited.answer,
        citations: cited.citations,
        covered: cited.citations.length > 0,
        ...audit,
      };
    },
  };
}

function notCovered(courseTitle: string): string {
  // Worded for both ways a question is declined: nothing in the lessons matched it, or
  // only a title word did and the topic check found the passages about something else.
  return `The course "${courseTitle}" does not cover this: no lesson is about your question. If it is about the course, try rephrasing it with terms the lessons use.`;
}
