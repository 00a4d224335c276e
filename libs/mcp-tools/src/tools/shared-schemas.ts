import { unstorableTextProblem, unstorableTextReason } from '@lumen/domain';
import { z } from 'zod';

/** Set in the params of the issue `text()` raises, so the edge can recognise it. */
export const UNSTORABLE_TEXT = 'lumenUnstorableText';

/**
 * Every string argument of every tool is built from this: a string that PostgreSQL can
 * store faithfully (no NUL, no unpaired surrogate; see @lumen/domain storable-text).
 * Checked with the schema, so no tool handler ever sees such text.
 */
export const text = () =>
  z.string().superRefine((value, ctx) => {
    const reason = unstorableTextReason(value);
    if (reason) {
      ctx.addIssue({
        code: 'custom',
        message: unstorableTextProblem(reason),
        params: { [UNSTORABLE_TEXT]: reason },
      });
    }
  });

export const slug = text()
  .min(1)
  .max(200)
  .describe('Course slug, e.g. "database-indexing-postgresql" (from list_courses).');

export const subjectOut = z.object({ slug: z.string(), name: z.string() }).nullable();

export const noArgs = z.object({});
