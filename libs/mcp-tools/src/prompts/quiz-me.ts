import type { LessonCard, LessonDetail } from '@lumen/domain';

import { citation, defineLessonPrompt } from './embedded-lesson.js';
import { lines } from './prompt-definition.js';

/** Questions in one quiz; the lesson's cards come first, the model writes the rest. */
export const QUIZ_LENGTH = 5;

const cardLine = (card: LessonCard, i: number) =>
  `${i + 1}. ${card.prompt}  [expected answer: ${card.answer}]` +
  (card.cardId ? ` [card_id: ${card.cardId}]` : ' [no review card]');

function instructions(lesson: LessonDetail): string {
  const cards = lesson.cards.slice(0, QUIZ_LENGTH);
  const graded = cards.some((c) => c.cardId);
  const own = QUIZ_LENGTH - cards.length;
  return lines(
    `Quiz me on the Lumen lesson "${lesson.title}" of the course "${lesson.course.title}" (attached).`,
    `Ask ${QUIZ_LENGTH} short questions, one at a time, and wait for my answer each time.`,
    'Never show an expected answer before I have answered.',
    '',
    cards.length > 0 && "Start with these questions from the course's review cards, in this order:",
    ...cards.map(cardLine),
    own > 0 && `Then ask ${own} question(s) of your own, each answerable from the lesson text.`,
    '',
    'After each answer: say whether it was right, give the expected answer and cite the section it',
    `comes from as ${citation(lesson)}.`,
    graded
      ? lines(
          'For a question with a card_id, rate my recall (1 = again/wrong, 2 = hard, 3 = good, 4 = easy),',
          'then call grade_review_card with that card_id and rating right away. Questions without a',
          'card_id are not graded in Lumen.',
        )
      : 'None of these questions has a review card of mine (I am not enrolled), so do not call grade_review_card.',
    '',
    'At the end give my score and list what I missed, with the sections to re-read.',
  );
}

export const quizMe = defineLessonPrompt({
  name: 'quiz_me',
  title: 'Quiz me on a lesson',
  description:
    "A short quiz on one lesson, drawn from the lesson's review cards and its text; answers to card " +
    'questions are graded with grade_review_card. Embeds the lesson.',
  label: 'Quiz',
  instructions,
});
