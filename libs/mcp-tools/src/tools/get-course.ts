import { z } from 'zod';

import { defineTool } from '../tool-definition.js';
import { slug, subjectOut } from './shared-schemas.js';

const lesson = z.object({
  slug: z.string(),
  title: z.string(),
  estimatedMinutes: z.number().int(),
  completed: z.boolean(),
});

export const getCourse = defineTool({
  name: 'get_course',
  title: 'Get course and syllabus',
  description:
    'Fetch one course by slug with its syllabus tree: modules in order, each with its lessons (slug, title, ' +
    'estimated minutes, and whether you completed it). Use list_courses first to find slugs.',
  input: z.object({ slug }),
  output: z.object({
    course: z.object({
      slug: z.string(),
      title: z.string(),
      summary: z.string(),
      subject: subjectOut,
      status: z.enum(['draft', 'published']),
      modules: z.array(z.object({ title: z.string(), lessons: z.array(lesson) })),
    }),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  handler: async (args, { services, actor }) => {
    const c = await services.catalog.getCourse(actor, args.slug);
    return {
      course: {
        slug: c.slug,
        title: c.title,
        summary: c.summary,
        subject: c.subject,
        status: c.status,
        modules: c.modules.map((m) => ({
          title: m.title,
          lessons: m.lessons.map((l) => ({
            slug: l.slug,
            title: l.title,
            estimatedMinutes: l.estimatedMinutes,
            completed: l.completed,
          })),
        })),
      },
    };
  },
});
