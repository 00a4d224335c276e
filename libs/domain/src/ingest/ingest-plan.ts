/**
 * From an extracted source to a draft plan. With a model, the model groups the source's
 * sections into lessons (each lesson starts at a section; sections are never dropped or
 * reordered, so the text stays the author's), titles them and proposes cards. Offline
 * (noop), a page is one lesson and a video's chapters are its lessons; the cards are
 * extractive.
 */
import { z } from 'zod';

import type { Actor } from '../actor.js';
import type { DraftCard, DraftLesson, DraftModule } from '../authoring/draft-writer.js';
import type { JsonAsk } from '../authoring/model-json.js';
import { askForJson, callModel } from '../authoring/model-json.js';
import { plainText, readingMinutes, shorten } from '../authoring/text.js';
import type { LlmGateway } from '../llm/llm-gateway.js';
import { extractiveCards } from './extractive-cards.js';
import type { ExtractedSource, SourceSection } from './source.js';

export const INGEST_FEATURE = 'mcp.ingest_url_to_draft';
const LESSONS_PER_MODULE = 8;
const PROMPT_BUDGET = 30_000;

export interface IngestPlan {
  readonly title: string;
  readonly summary: string;
  readonly modules: readonly DraftModule[];
  readonly cards: readonly DraftCard[];
}

const segmentationSchema = (sectionCount: number) =>
  z
    .object({
      title: z.string().trim().min(1).max(200),
      summary: z.string().trim().min(1).max(2_000),
      lessons: z
        .array(
          z.object({
            title: z.string().trim().min(1).max(200),
            startSection: z
              .number()
              .int()
              .min(0)
              .max(sectionCount - 1),
          }),
        )
        .min(1),
      cards: z
        .array(
          z.object({
            lessonIndex: z.number().int().min(0),
            prompt: z.string().trim().min(1).max(500),
            answer: z.string().trim().min(1).max(2_000),
          }),
        )
        .max(100)
        .default([]),
    })
    .superRefine((value, ctx) => {
      value.lessons.forEach((lesson, index) => {
        const previous = index === 0 ? -1 : (value.lessons[index - 1]?.startSection ?? -1);
        if ((index === 0 && lesson.startSection !== 0) || lesson.startSection <= previous) {
          ctx.addIssue({
            code: 'custom',
            path: ['lessons', index, 'startSection'],
            message: 'the first lesson starts at section 0 and startSection strictly increases',
          });
        }
      });
      value.cards.forEach((card, index) => {
        if (card.lessonIndex >= value.lessons.length) {
          ctx.addIssue({
            code: 'custom',
            path: ['cards', index, 'lessonIndex'],
            message: `there are only ${value.lessons.length} lessons`,
          });
        }
      });
    });

const SYSTEM = `You turn imported material into a course. You receive numbered sections of one source.
Group consecutive sections into lessons of a sensible size (each lesson starts at a section; the
first at section 0), give each lesson a clear title, title and summarise the course, and propose
1-2 review cards per lesson (one fact or idea each, short answers). Reply with ONE JSON object only:
{ "title": string, "summary": string, "lessons": [ { "title": string, "startSection": number } ],
  "cards": [ { "lessonIndex": number, "prompt": string, "answer": string } ] }`;

export function modulesOf(title: string, lessons: readonly DraftLesson[]): DraftModule[] {
  const modules: DraftModule[] = [];
  for (let start = 0; start < lessons.length; start += LESSONS_PER_MODULE) {
    const part = lessons.length > LESSONS_PER_MODULE ? ` (part ${modules.length + 1})` : '';
    modules.push({
      title: `${shorten(title, 180)}${part}`,
      lessons: lessons.slice(start, start + LESSONS_PER_MODULE),
    });
  }
  return modules;
}

const lessonOf = (section: SourceSection): DraftLesson => ({
  title: shorten(section.title, 200) || 'Untitled section',
  markdown: section.markdown,
  minutes: section.minutes ?? readingMinutes(section.markdown),
});

/**
 * A page (web, Notion, Google Doc) is one lesson titled after the page, its sections
 * kept as sections: the author wrote one piece, and its headings are the context that
 * ranks its passages. A video's chapters (or time spans) are its lessons.
 */
function offlineLessons(source: ExtractedSource): DraftLesson[] {
  if (source.kind === 'youtube') return source.sections.map(lessonOf);
  const markdown = source.sections.map((section) => section.markdown).join('\n\n');
  return [
    {
      title: shorten(source.title, 200) || 'Untitled page',
      markdown,
      minutes: readingMinutes(markdown),
    },
  ];
}

export function sourcePlan(source: ExtractedSource): IngestPlan {
  const modules = modulesOf(source.title, offlineLessons(source));
  const intro = plainText(source.sections[0]?.markdown ?? '').replace(
    /\[\d+:\d{2}(?::\d{2})?\]/g,
    '',
  );
  const summary = `Imported from ${source.url}. ${shorten(intro, 280)}`.trim();
  return { title: shorten(source.title, 200), summary, modules, cards: extractiveCards(modules) };
}

export async function planIngest(
  gateway: LlmGateway,
  actor: Actor,
  source: ExtractedSource,
  signal: AbortSignal | undefined,
  now: Date,
): Promise<IngestPlan> {
  const ask: JsonAsk<ReturnType<typeof segmentationSchema>> = {
    gateway,
    actor,
    feature: INGEST_FEATURE,
    system: SYSTEM,
    prompt: sectionsPrompt(source),
    schema: segmentationSchema(source.sections.length),
    maxTokens: 4_000,
    signal,
    now,
  };
  if (gateway.providerName === 'noop') {
    // Logged and budget-checked like any call; the offline plan follows the source.
    await callModel(ask, [{ role: 'user', content: ask.prompt }]);
    return sourcePlan(source);
  }
  const answer = await askForJson(ask);
  const lessons = answer.lessons.map((lesson, index) => {
    const stop = answer.lessons[index + 1]?.startSection ?? source.sections.length;
    const sections = source.sections.slice(lesson.startSection, stop);
    const markdown = sections.map((section) => section.markdown).join('\n\n');
    const minutes = sections.reduce(
      (total, section) => total + (section.minutes ?? readingMinutes(section.markdown)),
      0,
    );
    return { title: lesson.title, markdown, minutes };
  });
  return {
    title: answer.title,
    summary: answer.summary,
    modules: modulesOf(answer.title, lessons),
    cards: answer.cards,
  };
}

function sectionsPrompt(source: ExtractedSource): string {
  const share = Math.max(200, Math.floor(PROMPT_BUDGET / Math.max(1, source.sections.length)));
  const parts = source.sections.map(
    (section, index) =>
      `[${index}] ${section.title}\n${shorten(plainText(section.markdown), share)}`,
  );
  return `Source: ${source.title} (${source.url})\n\n${parts.join('\n\n')}`;
}
