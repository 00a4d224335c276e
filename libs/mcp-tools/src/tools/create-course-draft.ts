import { z } from 'zod';

import { defineTool } from '../tool-definition.js';
import { text } from './shared-schemas.js';

export const createCourseDraft = defineTool({
  name: 'create_course_draft',
  title: 'Create a course draft',
  description:
    'Instructors: turn a brief (what the course should teach, for whom) into a draft course with an AI-written ' +
    'outline: modules, lessons with objectives and a short body, and review cards. The draft is private to you ' +
    'until published, and its lessons are immediately searchable. Takes a while; reports progress.',
  input: z.object({
    brief: text().min(1).max(4000).describe('What the course is about, 1-4000 characters.'),
    subject_slug: text()
      .min(1)
      .max(100)
      .optional()
      .describe('Subject to file it under, e.g. "biology".'),
  }),
  output: z.object({
    courseId: z.string(),
    slug: z.string(),
    status: z.literal('draft'),
    outline: z.looseObject({ title: z.string() }),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  argumentErrorCode: (issues) =>
    issues.some((i) => i.path[0] === 'brief') ? 'mcp.authoring.invalid_brief' : undefined,
  handler: async (args, { services, actor, now, signal, progress }) => {
    const r = await services.authoring.createCourseDraft(
      actor,
      { brief: args.brief, subjectSlug: args.subject_slug },
      {
        signal,
        onProgress: (p) =>
          void progress({ progress: p.progress, total: p.total, message: p.message }),
      },
      now,
    );
    return { courseId: r.courseId, slug: r.slug, status: 'draft' as const, outline: r.outline };
  },
});
