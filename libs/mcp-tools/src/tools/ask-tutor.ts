import { z } from 'zod';

import { lessonLinks } from '../resources/lesson-links.js';
import { defineTool } from '../tool-definition.js';
import { slug, text } from './shared-schemas.js';

export const askTutor = defineTool({
  name: 'ask_tutor',
  title: 'Ask the course tutor',
  description:
    "Ask a question about one course you are enrolled in. The tutor answers only from that course's lessons " +
    'and cites each claim as [n], with citations pointing at the lesson and section it used. If the course does ' +
    'not cover the question it says so (covered=false). Counts against your daily AI budget.',
  input: z.object({
    course_slug: slug,
    question: text().min(1).max(2000).describe('The question, 1-2000 characters.'),
  }),
  output: z.object({
    answer: z.string(),
    covered: z.boolean(),
    citations: z.array(
      z.object({
        n: z.number().int(),
        chunkId: z.string(),
        lessonSlug: z.string(),
        lessonTitle: z.string(),
        headingPath: z.array(z.string()),
      }),
    ),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  links: (output, args) => lessonLinks(args.course_slug, output.citations),
  handler: async (args, { services, actor, now, signal }) => {
    const result = await services.tutor.ask(
      actor,
      { courseSlug: args.course_slug, question: args.question },
      { signal },
      now,
    );
    return {
      answer: result.answer,
      covered: result.covered,
      citations: result.citations.map((c) => ({
        n: c.n,
        chunkId: c.chunkId,
        lessonSlug: c.lessonSlug,
        lessonTitle: c.lessonTitle,
        headingPath: [...c.headingPath],
      })),
    };
  },
});
