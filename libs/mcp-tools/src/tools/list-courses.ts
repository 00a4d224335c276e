import { z } from 'zod';

import { defineTool } from '../tool-definition.js';
import { subjectOut, text } from './shared-schemas.js';

const course = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  subject: subjectOut,
  status: z.enum(['draft', 'published']),
  lessonCount: z.number().int(),
  estimatedMinutes: z.number().int(),
  enrolled: z.boolean(),
});

export const listCourses = defineTool({
  name: 'list_courses',
  title: 'List courses',
  description:
    'Browse the Lumen course catalog, newest first. Optional free-text filter over title, summary and subject ' +
    '(case- and accent-insensitive). Returns published courses plus your own drafts, with lesson counts, ' +
    'estimated minutes and whether you are enrolled. Pass nextCursor back as cursor for the next page.',
  input: z.object({
    filter: text().max(200).optional().describe('Words to match, e.g. "postgres index".'),
    limit: z.number().int().min(1).max(100).optional().describe('Page size, 1-100 (default 20).'),
    cursor: text().max(500).optional().describe('nextCursor from a previous page.'),
  }),
  output: z.object({ courses: z.array(course), nextCursor: z.string().nullable() }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  handler: async (args, { services, actor, now }) => {
    const page = await services.catalog.listCourses(actor, args, now);
    return {
      courses: page.courses.map((c) => ({
        slug: c.slug,
        title: c.title,
        summary: c.summary,
        subject: c.subject,
        status: c.status,
        lessonCount: c.lessonCount,
        estimatedMinutes: c.estimatedMinutes,
        enrolled: c.enrolled,
      })),
      nextCursor: page.nextCursor,
    };
  },
});
