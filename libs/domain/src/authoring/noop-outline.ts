/**
 * The offline outline: with the noop provider there is no model to write a course, so
 * the outline is built from the brief itself, deterministically. The first sentence
 * names the course; every further sentence (or, for a one-sentence brief, every clause)
 * becomes a lesson restating that point, with a review card asking for it back.
 */
import type { CourseOutline, OutlineLesson, OutlineModule } from './outline-schema.js';
import { courseOutlineSchema } from './outline-schema.js';
import { capitalise, sentences, shorten } from './text.js';

const MAX_LESSONS = 12;
const LESSONS_PER_MODULE = 3;

function clauses(sentence: string): string[] {
  return sentence
    .split(/[,;:]\s+|\s+(?:and|then|or)\s+/i)
    .map((part) => part.trim())
    .filter((part) => part.split(/\s+/).length >= 2);
}

/** Contiguous groups, at most `max` of them, sizes differing by at most one. */
function grouped<T>(items: readonly T[], max: number): T[][] {
  const count = Math.min(items.length, max);
  const groups: T[][] = [];
  let start = 0;
  for (let g = 0; g < count; g += 1) {
    const size = Math.floor(items.length / count) + (g < items.length % count ? 1 : 0);
    groups.push(items.slice(start, start + size));
    start += size;
  }
  return groups;
}

function lessonFrom(points: readonly string[]): OutlineLesson {
  const title = capitalise(shorten(points[0] ?? 'Overview', 60)) || 'Overview';
  const keyPoints = points.flatMap((point) => {
    const parts = clauses(point);
    return parts.length > 1 ? parts : [point];
  });
  const body = [
    `## ${title}`,
    points.join(' '),
    '### Key points',
    keyPoints.map((point) => `- ${capitalise(point.replace(/[.!?]+$/, ''))}`).join('\n'),
  ].join('\n\n');
  return {
    title,
    objectives: points.map((point) => `Explain in your own words: ${shorten(point, 200)}`),
    body,
  };
}

export function noopOutline(brief: string): CourseOutline {
  const all = sentences(brief);
  const first = all[0] ?? brief.trim();
  let points = all.slice(1);
  if (points.length === 0) points = clauses(first);
  if (points.length === 0) points = [first];
  const groups = grouped(points, MAX_LESSONS);
  const lessons = groups.map(lessonFrom);
  const modules: OutlineModule[] = grouped(
    lessons,
    Math.ceil(lessons.length / LESSONS_PER_MODULE),
  ).map((group, index) => ({
    title: `Module ${index + 1}: ${group[0]?.title ?? 'Overview'}`,
    lessons: group,
  }));
  const outline = {
    title: capitalise(shorten(first, 80)) || 'Untitled course',
    summary: `A draft course built from the brief: ${shorten(brief, 300)}.`,
    modules,
    cards: lessons.map((lesson, index) => ({
      lessonIndex: index,
      prompt: `What is the key point of "${lesson.title}"?`,
      answer: shorten((groups[index] ?? []).join(' '), 500) || lesson.title,
    })),
  };
  // Same gate as a model's outline: the offline path never writes what a model could not.
  return courseOutlineSchema.parse(outline);
}
