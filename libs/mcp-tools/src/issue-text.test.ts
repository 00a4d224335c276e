import { z } from 'zod';

import { describeIssues } from './issue-text.js';
import { text } from './tools/shared-schemas.js';

/** What a client reads for `input` refused by `schema`. */
const said = (schema: z.ZodType, input: unknown) => {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error('expected the input to be refused');
  return describeIssues(parsed.error.issues, input);
};

describe('describeIssues', () => {
  const args = z.object({
    card_id: text().min(1).max(100),
    rating: z.number().int().min(1).max(4),
    kind: z.enum(['web', 'notion']).optional(),
    url: z.url().optional(),
    tags: z.array(z.string()).min(1).max(2).optional(),
    course: z.object({ slug: z.string() }).optional(),
  });

  it('names each argument and what it must be, on one line', () => {
    expect(said(args, { card_id: 'c', rating: 9 })).toBe('rating must be at most 4');
    expect(said(args, { card_id: 'c', rating: 0 })).toBe('rating must be at least 1');
    expect(said(args, { card_id: '', rating: 2.5 })).toBe(
      'card_id must not be empty; rating must be a whole number, not a fraction',
    );
    expect(said(args, { card_id: 'x'.repeat(101), rating: '3' })).toBe(
      'card_id must be at most 100 characters long; rating must be a number, not a string',
    );
    expect(said(args, {})).toBe('card_id is required; rating is required');
  });

  it('covers choices, formats, lists and nested objects', () => {
    const ok = { card_id: 'c', rating: 1 };
    expect(said(args, { ...ok, kind: 'pdf' })).toBe('kind must be one of "web", "notion"');
    expect(said(args, { ...ok, url: 'not a url' })).toBe('url must be a URL');
    expect(said(args, { ...ok, tags: [] })).toBe('tags must not be empty');
    expect(said(args, { ...ok, tags: ['a', 'b', 'c'] })).toBe('tags must have at most 2 items');
    expect(said(args, { ...ok, tags: ['a', 7] })).toBe('tags[1] must be a string, not a number');
    expect(said(args, { ...ok, course: { slug: null } })).toBe(
      'course.slug must be a string, not null',
    );
    expect(said(args, 'rating=4')).toBe('arguments must be an object, not a string');
    expect(said(args.strict(), { ...ok, extra: 1 })).toBe('unknown argument "extra"');
  });

  it('keeps the wording of the storable-text refusal', () => {
    expect(said(args, { card_id: 'a\u0000b', rating: 1 })).toBe(
      'card_id must not contain NUL (U+0000) characters',
    );
  });
});
