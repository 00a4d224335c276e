import { z } from 'zod';

import { defineTool } from '../tool-definition.js';

const interval = z.object({ interval: z.string(), due: z.string() });

export const listMyDueReviews = defineTool({
  name: 'list_my_due_reviews',
  title: 'List my due reviews',
  description:
    'Your spaced-repetition queue (FSRS-6): review cards due now, most overdue first. Each card has a prompt to ' +
    'show, the answer to reveal after the learner tries, its current recall probability, and the next interval ' +
    'each rating would give. Grade each card with grade_review_card.',
  input: z.object({
    limit: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe('How many cards, 1-100 (default 20).'),
  }),
  output: z.object({
    cards: z.array(
      z.object({
        cardId: z.string(),
        course: z.object({ slug: z.string(), title: z.string() }),
        lessonSlug: z.string().nullable(),
        prompt: z.string(),
        answer: z.string(),
        state: z.enum(['new', 'learning', 'review', 'relearning']),
        due: z.string(),
        retrievability: z.number().nullable(),
        nextIntervals: z.object({
          again: interval,
          hard: interval,
          good: interval,
          easy: interval,
        }),
      }),
    ),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  handler: async (args, { services, actor, now }) => {
    const cards = await services.reviews.listDue(actor, { limit: args.limit }, now);
    return { cards };
  },
});
