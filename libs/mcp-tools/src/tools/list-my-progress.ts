import { z } from 'zod';

import { defineTool } from '../tool-definition.js';
import { noArgs } from './shared-schemas.js';

export const listMyProgress = defineTool({
  name: 'list_my_progress',
  title: 'List my progress',
  description:
    'For every course you are enrolled in: lessons completed out of total, percent complete, mastery (mean ' +
    'recall probability of the cards you have reviewed, 0-1), cards due now, cards never reviewed, and last activity. ' +
    'Also whether your review schedule is personalised: FSRS weights fitted to your own reviews, with when and on how many.',
  input: noArgs,
  output: z.object({
    courses: z.array(
      z.object({
        course: z.object({ slug: z.string(), title: z.string() }),
        lessonsCompleted: z.number().int(),
        lessonsTotal: z.number().int(),
        percent: z.number(),
        mastery: z.number().nullable(),
        cardsDue: z.number().int(),
        cardsNew: z.number().int(),
        lastActivity: z.string().nullable(),
      }),
    ),
    schedule: z.object({
      personalised: z.boolean(),
      fittedAt: z.string().nullable(),
      reviewCount: z.number().int().nullable(),
    }),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  handler: async (_args, { services, actor, now }) => {
    const { courses, schedule } = await services.progress.myProgress(actor, now);
    return { courses, schedule };
  },
});
