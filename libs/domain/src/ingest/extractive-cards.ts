/**
 * Offline review cards for imported material: one per lesson, lifted from the text. A
 * definition-shaped sentence ("A branch is a movable pointer…") becomes "What is a
 * branch?"; otherwise the card asks for the lesson's opening point.
 */
import type { DraftCard, DraftModule } from '../authoring/draft-writer.js';
import { plainText, sentences, shorten } from '../authoring/text.js';

const DEFINITION =
  /^((?:an?|the)\s+)?([\p{L}\p{N}][\p{L}\p{N}\s'-]{1,58}?)\s+(is|are|means|refers to)\s+(.{8,})$/iu;

export function extractiveCards(modules: readonly DraftModule[]): DraftCard[] {
  const lessons = modules.flatMap((module) => module.lessons);
  const cards: DraftCard[] = [];
  lessons.forEach((lesson, lessonIndex) => {
    const prose = plainText(lesson.markdown).replace(/\[\d+:\d{2}(?::\d{2})?\]/g, ' ');
    const found = sentences(prose).filter((sentence) => sentence.split(/\s+/).length >= 5);
    const definition = found
      .map((sentence) => DEFINITION.exec(sentence))
      .find((match) => match !== null);
    if (definition?.[2] && definition[3]) {
      const term = `${definition[1] ?? ''}${definition[2]}`.trim();
      const verb = definition[3].toLowerCase() === 'are' ? 'are' : 'is';
      cards.push({
        lessonIndex,
        prompt: `What ${verb} ${term.charAt(0).toLowerCase()}${term.slice(1)}?`,
        answer: shorten(definition[0], 400),
      });
      return;
    }
    const first = found[0];
    if (first)
      cards.push({
        lessonIndex,
        prompt: `What is the main point of "${lesson.title}"?`,
        answer: shorten(first, 400),
      });
  });
  return cards;
}
