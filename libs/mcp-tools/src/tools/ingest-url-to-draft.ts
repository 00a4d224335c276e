import { z } from 'zod';

import { defineTool } from '../tool-definition.js';
import { text } from './shared-schemas.js';

export const ingestUrlToDraft = defineTool({
  name: 'ingest_url_to_draft',
  title: 'Ingest a link into a draft',
  description:
    'Instructors: turn a YouTube video (its captions), a public Notion page, a link-shared Google Doc or any ' +
    'web article into course lessons. Without course_id it creates a new draft course; with course_id it ' +
    'appends lessons to a course you own. Takes a while; reports progress.',
  input: z.object({
    url: text()
      .min(1)
      .max(2048)
      .describe('http(s) link to a YouTube video, Notion page, Google Doc or web page.'),
    course_id: text().uuid().optional().describe('Existing course to append to (you must own it).'),
  }),
  output: z.object({
    courseId: z.string(),
    slug: z.string(),
    status: z.enum(['draft', 'published']),
    lessonsAdded: z.number().int(),
    source: z.object({
      kind: z.enum(['youtube', 'notion', 'gdocs', 'web']),
      title: z.string(),
      url: z.string(),
    }),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  handler: async (args, { services, actor, now, signal, progress }) => {
    const r = await services.ingest.ingestUrlToDraft(
      actor,
      { url: args.url, courseId: args.course_id },
      {
        signal,
        onProgress: (p) =>
          void progress({ progress: p.progress, total: p.total, message: p.message }),
      },
      now,
    );
    return {
      courseId: r.courseId,
      slug: r.slug,
      status: r.status,
      lessonsAdded: r.lessonsAdded,
      source: { kind: r.source.kind, title: r.source.title, url: r.source.url },
    };
  },
});
