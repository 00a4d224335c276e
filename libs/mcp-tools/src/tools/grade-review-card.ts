import { z } from 'zod';

import { defineTool } from '../tool-definition.js';
import { text } from './shared-schemas.js';

export const gradeReviewCard = defineTool({
  name: 'grade_review_card',
  title: 'Grade a review card',
  description:
    'Record how well the learner recalled one due card: 1=again (forgot), 2=hard, 3=good, 4=easy. ' +
    'Schedules the card with FSRS-6 and returns its new state, due time and interval. Only your own cards.',
  input: z.object({
    card_id: text().min(1).max(100).describe('cardId from list_my_due_reviews.'),
    rating: z.number().int().min(1).max(4).describe('1=again, 2=hard, 3=good, 4=easy.'),
  }),
  output: z.object({
    cardId: z.string(),
    rating: z.number().int(),
    state: z.enum(['new', 'learning', 'review', 'relearning']),
    due: z.string(),
    scheduledDays: z.number(),
    interval: z.string(),
    stability: z.number(),
    difficulty: z.number(),
    reps: z.number().int(),
    lapses: z.number().int(),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
  argumentErrorCode: (issues) =>
    issues.some((i) => i.path[0] === 'rating') ? 'mcp.review.invalid_rating' : undefined,
  handler: async (args, { services, actor, now }) => {
    const r = await services.reviews.grade(
      actor,
      { cardId: args.card_id, rating: args.rating },
      now,
    );
    return { ...r };
  },
});
