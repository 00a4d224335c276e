import type { CourseDetail } from '@lumen/domain';
import type { PromptMessage } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

import { syllabusMarkdown } from '../resources/course-markdown.js';
import { courseUri, lessonUri } from '../resources/lumen-uri.js';
import { COURSE_SCOPE } from '../resources/resource-handlers.js';
import { slug } from '../tools/shared-schemas.js';
import { definePrompt, lines } from './prompt-definition.js';

function nextLesson(course: CourseDetail) {
  for (const module of course.modules) {
    const lesson = module.lessons.find((l) => !l.completed);
    if (lesson) return lesson;
  }
  return undefined;
}

function instructions(course: CourseDetail | undefined): string {
  const scope = course
    ? `the course "${course.title}" (course_slug ${course.slug})`
    : 'all my courses';
  const next = course ? nextLesson(course) : undefined;
  return lines(
    `Run a Lumen study session with me for ${scope}. Use the Lumen tools in this order.`,
    '',
    '1. Due reviews first. Call list_my_due_reviews with limit 20.',
    course && `   Keep only the cards whose course.slug is "${course.slug}".`,
    '   For each card: show me only its prompt and wait for my answer. Then show the answer and',
    '   rate my recall with me: 1 = again (forgot), 2 = hard, 3 = good, 4 = easy. Call',
    "   grade_review_card with the card's cardId and that rating before the next card.",
    '   When the list is done, call list_my_due_reviews again; stop when nothing is due, or after',
    '   30 cards (then tell me how many are left).',
    '2. Then the next unfinished lesson. Call list_my_progress to see my completion per course.',
    course
      ? `   Call get_course with slug "${course.slug}" and take the first lesson whose completed is false.`
      : '   Pick the enrolled course with the lowest percent below 100, call get_course with its slug and take the first lesson whose completed is false.',
    next &&
      `   (When this session started that was "${next.title}", ${lessonUri(course!.slug, next.slug)}.)`,
    course && !next && '   (When this session started every lesson of this course was completed.)',
    '   Read that lesson (the resource lumen://courses/{slug}/lessons/{lesson}, or passages from',
    '   search_lesson_content) and teach it to me in short steps, citing the lesson by title and',
    '   section. If every lesson is complete, say so and suggest the quiz_me prompt instead.',
    '3. End with a short summary: how many cards I reviewed and how I rated them, and what to study next.',
    '',
    "Rules: never show a card's answer before I have answered; use only cardId values that",
    'list_my_due_reviews returned; if a course is missing from list_my_progress I am not enrolled',
    'in it, so it has no review cards for me (I can still read its lessons).',
  );
}

export const studySession = definePrompt({
  name: 'study_session',
  title: 'Study session',
  description:
    'A study session: due review cards first (graded with grade_review_card), then the next unfinished ' +
    'lesson. For one course (course_slug) or all your courses.',
  arguments: [
    {
      name: 'course_slug',
      description: 'Course slug to study (optional; all enrolled courses when empty).',
      required: false,
    },
  ],
  input: z.object({ course_slug: slug.optional() }),
  scope: (args) => (args.course_slug ? COURSE_SCOPE : undefined),
  build: async (args, { services, actor }) => {
    const course = args.course_slug
      ? await services.catalog.getCourse(actor, args.course_slug)
      : undefined;
    const messages: PromptMessage[] = [
      { role: 'user', content: { type: 'text', text: instructions(course) } },
    ];
    if (course) {
      messages.push({
        role: 'user',
        content: {
          type: 'resource',
          resource: {
            uri: courseUri(course.slug),
            mimeType: 'text/markdown',
            text: syllabusMarkdown(course),
          },
        },
      });
    }
    return {
      description: course ? `Study session: ${course.title}` : 'Study session: all courses',
      messages,
    };
  },
});
