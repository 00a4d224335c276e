/**
 * The course outline a model must produce for a draft, as a zod schema: the model's
 * JSON is parsed against it, and its validation messages are what the repair prompt
 * sends back.
 */
import { z } from 'zod';

import { slugify } from './slug.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const outlineLessonSchema = z.object({
  title: text(200),
  objectives: z.array(text(300)).min(1).max(8),
  /** Markdown. */
  body: text(20_000),
});

export const outlineModuleSchema = z.object({
  title: text(200),
  lessons: z.array(outlineLessonSchema).min(1).max(12),
});

/**
 * A review-card template. It names its lesson by position in the whole course
 * (0-based, modules in order) or by the lesson's slug; with neither it belongs to the
 * course as a whole.
 */
export const outlineCardSchema = z.object({
  lessonIndex: z.number().int().min(0).optional(),
  lessonSlug: z.string().trim().min(1).max(120).optional(),
  prompt: text(500),
  answer: text(2_000),
});

export const courseOutlineSchema = z
  .object({
    title: text(200),
    summary: text(2_000),
    modules: z.array(outlineModuleSchema).min(1).max(12),
    cards: z.array(outlineCardSchema).max(100).default([]),
  })
  .superRefine((outline, ctx) => {
    const count = outline.modules.reduce((total, module) => total + module.lessons.length, 0);
    const slugs = new Set(
      outline.modules.flatMap((module) =>
        module.lessons.map((lesson) => slugify(lesson.title, 'lesson')),
      ),
    );
    outline.cards.forEach((card, index) => {
      if (card.lessonIndex !== undefined && card.lessonIndex >= count) {
        ctx.addIssue({
          code: 'custom',
          path: ['cards', index, 'lessonIndex'],
          message: `lessonIndex ${card.lessonIndex} is past the last lesson (the course has ${count})`,
        });
      }
      if (card.lessonSlug !== undefined && !slugs.has(card.lessonSlug)) {
        ctx.addIssue({
          code: 'custom',
          path: ['cards', index, 'lessonSlug'],
          message: `lessonSlug "${card.lessonSlug}" names no lesson (known: ${[...slugs].join(', ')})`,
        });
      }
    });
  });

export type CourseOutline = z.infer<typeof courseOutlineSchema>;
export type OutlineModule = z.infer<typeof outlineModuleSchema>;
export type OutlineLesson = z.infer<typeof outlineLessonSchema>;
export type OutlineCard = z.infer<typeof outlineCardSchema>;

/** The JSON shape, spelled out for the model in the system prompt. */
export const OUTLINE_SHAPE = `{
  "title": string,
  "summary": string (2-3 sentences),
  "modules": [ { "title": string, "lessons": [ { "title": string, "objectives": [string, ...], "body": markdown string } ] } ],
  "cards": [ { "lessonIndex": number (0-based over all lessons in order), "prompt": string, "answer": string } ]
}`;
