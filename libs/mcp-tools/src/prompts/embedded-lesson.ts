import type { LessonDetail } from '@lumen/domain';
import type { PromptMessage } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

import { lessonMarkdown } from '../resources/course-markdown.js';
import { LESSON_SCOPE } from '../resources/resource-handlers.js';
import { lessonUri } from '../resources/lumen-uri.js';
import { slug, text } from '../tools/shared-schemas.js';
import { definePrompt } from './prompt-definition.js';

/** The lesson resource embedded in a prompt (MCP server/prompts, Embedded Resources). */
export function embeddedLesson(lesson: LessonDetail): PromptMessage {
  return {
    role: 'user',
    content: {
      type: 'resource',
      resource: {
        uri: lessonUri(lesson.course.slug, lesson.slug),
        mimeType: 'text/markdown',
        text: lessonMarkdown(lesson),
      },
    },
  };
}

/** The lesson's section headings (## and ###), in order, for citing them. */
export function lessonSections(markdown: string): string[] {
  return [...markdown.matchAll(/^#{2,3}\s+(.+?)\s*#*\s*$/gm)].map((m) => m[1]!);
}

/** How a prompt tells the model to cite a lesson. */
export const citation = (lesson: LessonDetail) =>
  `[${lesson.title} › <section heading>](${lessonUri(lesson.course.slug, lesson.slug)})`;

/**
 * A prompt about one lesson (quiz_me, explain_lesson): arguments course_slug + lesson,
 * the lesson embedded (so it needs the lesson-text scope), then the instructions.
 */
export function defineLessonPrompt(prompt: {
  name: string;
  title: string;
  description: string;
  /** Prefix of the prompt's description, e.g. "Quiz" → "Quiz: B-tree Basics". */
  label: string;
  instructions: (lesson: LessonDetail) => string;
}) {
  return definePrompt({
    name: prompt.name,
    title: prompt.title,
    description: prompt.description,
    arguments: [
      { name: 'course_slug', description: 'The course slug.', required: true },
      { name: 'lesson', description: 'The lesson slug (see get_course).', required: true },
    ],
    input: z.object({ course_slug: slug, lesson: text().min(1).max(200) }),
    scope: () => LESSON_SCOPE,
    build: async (args, { services, actor }) => {
      const lesson = await services.catalog.getLesson(actor, args.course_slug, args.lesson);
      return {
        description: `${prompt.label}: ${lesson.title}`,
        messages: [
          embeddedLesson(lesson),
          { role: 'user', content: { type: 'text', text: prompt.instructions(lesson) } },
        ],
      };
    },
  });
}
