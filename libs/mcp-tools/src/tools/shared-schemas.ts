import { z } from 'zod';

export const slug = z
  .string()
  .min(1)
  .max(200)
  .describe('Course slug, e.g. "database-indexing-postgresql" (from list_courses).');

export const subjectOut = z.object({ slug: z.string(), name: z.string() }).nullable();

export const noArgs = z.object({});
