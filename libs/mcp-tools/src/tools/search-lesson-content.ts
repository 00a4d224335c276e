import { z } from 'zod';

import { lessonLinks } from '../resources/lesson-links.js';
import { defineTool } from '../tool-definition.js';
import { slug, text } from './shared-schemas.js';

export const searchLessonContent = defineTool({
  name: 'search_lesson_content',
  title: 'Search a course',
  description:
    "Search one course's lesson text and get the most relevant passages, each with its lesson, heading path, " +
    'text and a relevance score. Works with keywords or natural-language questions. Use it to quote or ' +
    'ground an answer in the course material; use ask_tutor for a written, cited answer instead.',
  input: z.object({
    course_slug: slug,
    query: text().max(1000).describe('What to look for, 1-1000 characters.'),
    top_k: z
      .number()
      .int()
      .min(1)
      .max(20)
      .optional()
      .describe('How many passages, 1-20 (default 5).'),
  }),
  output: z.object({
    course: z.object({ slug: z.string(), title: z.string() }),
    hits: z.array(
      z.object({
        chunkId: z.string(),
        lessonSlug: z.string(),
        lessonTitle: z.string(),
        headingPath: z.array(z.string()),
        text: z.string(),
        score: z.number(),
      }),
    ),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
  argumentErrorCode: (issues) =>
    issues.some((i) => i.path[0] === 'query' && i.code === 'too_big')
      ? 'mcp.search.query_too_long'
      : undefined,
  links: (output) => lessonLinks(output.course.slug, output.hits),
  handler: async (args, { services, actor, now }) => {
    const result = await services.search.search(
      {
        actor,
        courseSlug: args.course_slug,
        query: args.query,
        topK: args.top_k,
        feature: 'mcp.search_lesson_content',
      },
      now,
    );
    return {
      course: { slug: result.course.slug, title: result.course.title },
      hits: result.hits.map((h) => ({
        chunkId: h.chunkId,
        lessonSlug: h.lessonSlug,
        lessonTitle: h.lessonTitle,
        headingPath: [...h.headingPath],
        text: h.text,
        score: h.score,
      })),
    };
  },
});
