import type { LessonDetail } from '@lumen/domain';

import { citation, defineLessonPrompt, lessonSections } from './embedded-lesson.js';
import { lines } from './prompt-definition.js';

function instructions(lesson: LessonDetail): string {
  const sections = lessonSections(lesson.markdown);
  return lines(
    `Walk me through the Lumen lesson "${lesson.title}" of the course "${lesson.course.title}" (attached).`,
    sections.length > 0
      ? `Go section by section, in the lesson's order: ${sections.map((s) => `"${s}"`).join(', ')}.`
      : 'Go through it in the order it is written.',
    'For each section: explain it in a few plain sentences, quote its key sentence, cite it as',
    `${citation(lesson)}, and ask me one short question to check I understood before moving on.`,
    '',
    'Teach from the lesson only. When I ask about something it does not cover, call',
    `search_lesson_content with course_slug "${lesson.course.slug}" for passages from the course's other`,
    `lessons and cite those the same way, or ask_tutor with course_slug "${lesson.course.slug}" for a`,
    'cited answer (it needs me to be enrolled). Say so plainly when the course does not cover it.',
    '',
    `Finish with three bullet points to remember and suggest the quiz_me prompt for this lesson.`,
  );
}

export const explainLesson = defineLessonPrompt({
  name: 'explain_lesson',
  title: 'Explain a lesson',
  description:
    'A guided walk through one lesson, section by section, citing it and checking understanding. ' +
    'Embeds the lesson.',
  label: 'Explain',
  instructions,
});
