import type { LessonDetail } from '@lumen/domain';
import type { PromptMessage } from '@modelcontextprotocol/sdk/types.js';

import { lessonMarkdown } from '../resources/course-markdown.js';
import { lessonUri } from '../resources/lumen-uri.js';

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
