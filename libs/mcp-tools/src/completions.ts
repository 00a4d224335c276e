/**
 * Argument completion (MCP server/utilities/completion): course slugs the caller can
 * see, and lesson slugs of the course already chosen, for the resource templates'
 * variables and the prompts' arguments. Suggestions follow get_course's visibility and
 * need the `get_course` scope (slugs are what get_course shows); without it, or for a
 * reference Lumen does not know, the answer is an empty list rather than an error:
 * completion is a typing aid, and clients ask for it on every keystroke.
 */
import { scopeAllows } from '@lumen/auth';
import { unstorableTextProblem, unstorableTextReason } from '@lumen/domain';
import type { CompleteRequest, CompleteResult } from '@modelcontextprotocol/sdk/types.js';

import { invalidArgument, runRequest } from './request-error.js';
import type { RequestRunner } from './request-error.js';
import { COURSE_TEMPLATE, LESSON_TEMPLATE } from './resources/lumen-uri.js';
import { COURSE_SCOPE } from './resources/resource-handlers.js';

/** The spec's cap on values in one completion result. */
export const MAX_COMPLETIONS = 100;

/** Which arguments name a course, and which a lesson (of the course in `courseArgument`). */
type Completable = { kind: 'course' } | { kind: 'lesson'; courseArgument: string };

const COURSE: Completable = { kind: 'course' };
const RESOURCE_ARGUMENTS: Record<string, Record<string, Completable>> = {
  [COURSE_TEMPLATE]: { slug: COURSE },
  [LESSON_TEMPLATE]: { slug: COURSE, lesson: { kind: 'lesson', courseArgument: 'slug' } },
};
const LESSON_OF_COURSE: Completable = { kind: 'lesson', courseArgument: 'course_slug' };
const PROMPT_ARGUMENTS: Record<string, Record<string, Completable>> = {
  study_session: { course_slug: COURSE },
  quiz_me: { course_slug: COURSE, lesson: LESSON_OF_COURSE },
  explain_lesson: { course_slug: COURSE, lesson: LESSON_OF_COURSE },
};

const EMPTY: CompleteResult = { completion: { values: [], hasMore: false } };

function completableOf(params: CompleteRequest['params']): Completable | undefined {
  const table =
    params.ref.type === 'ref/prompt'
      ? PROMPT_ARGUMENTS[params.ref.name]
      : RESOURCE_ARGUMENTS[params.ref.uri];
  return table && Object.hasOwn(table, params.argument.name)
    ? table[params.argument.name]
    : undefined;
}

export function complete(
  runner: RequestRunner,
  params: CompleteRequest['params'],
): Promise<CompleteResult> {
  return runRequest(runner, 'completion/complete', async ({ principal, actor, services }) => {
    const typed = params.argument.value;
    const reason = unstorableTextReason(typed);
    if (reason) throw invalidArgument(`argument.value ${unstorableTextProblem(reason)}`);
    const target = completableOf(params);
    if (!target || typed.length > 200 || !scopeAllows(principal.scopes, COURSE_SCOPE)) return EMPTY;
    let found;
    if (target.kind === 'course') {
      found = await services.catalog.suggestCourseSlugs(actor, typed, MAX_COMPLETIONS);
    } else {
      const course = params.context?.arguments?.[target.courseArgument];
      if (!course || course.length > 200 || unstorableTextReason(course)) return EMPTY;
      found = await services.catalog.suggestLessonSlugs(actor, course, typed, MAX_COMPLETIONS);
    }
    return { completion: { values: found.values, hasMore: found.hasMore } };
  });
}
