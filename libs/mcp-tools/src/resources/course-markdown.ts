/**
 * The text of the two resources. A syllabus is the course as get_course shows it,
 * with the caller's completion marks as task-list boxes and each lesson linked by its
 * resource URI; a lesson is its stored markdown under a heading that says which course
 * and module it belongs to, so it stands on its own when attached to a conversation.
 */
import type { CourseDetail, LessonDetail, SyllabusModule } from '@lumen/domain';

import { courseUri, lessonUri } from './lumen-uri.js';

/** Markdown link text: brackets and backslashes escaped (CommonMark §6.3). */
const linkText = (text: string) => text.replace(/[\\[\]]/g, (c) => `\\${c}`);

export function syllabusMarkdown(course: CourseDetail): string {
  const facts = [
    course.subject ? `Subject: ${course.subject.name}` : undefined,
    `${course.lessonCount} lessons, about ${course.estimatedMinutes} min`,
    `completed ${course.lessonsCompleted} of ${course.lessonCount}`,
    course.enrolled ? 'enrolled' : 'not enrolled',
    course.status === 'draft' ? 'DRAFT (visible to its owner and admins only)' : undefined,
  ].filter((f): f is string => f !== undefined);
  const lines = [`# ${course.title}`, '', course.summary, '', `_${facts.join(' · ')}_`, ''];
  for (const module of course.modules) lines.push(...moduleLines(course.slug, module));
  lines.push(`Source: ${courseUri(course.slug)}`, '');
  return lines.join('\n');
}

function moduleLines(slug: string, module: SyllabusModule): string[] {
  const lines = [`## Module ${module.position}: ${module.title}`, ''];
  for (const lesson of module.lessons) {
    const box = lesson.completed ? '[x]' : '[ ]';
    lines.push(
      `- ${box} [${linkText(lesson.title)}](${lessonUri(slug, lesson.slug)}) — ${lesson.estimatedMinutes} min`,
    );
  }
  if (module.lessons.length === 0) lines.push('_No lessons yet._');
  lines.push('');
  return lines;
}

/** What precedes a lesson's markdown; its byte length is known without reading the text. */
export function lessonHeading(
  course: { slug: string; title: string },
  module: { position: number; title: string },
  lesson: { slug: string; title: string; estimatedMinutes: number; completed: boolean },
): string {
  const done = lesson.completed ? ' · completed' : '';
  return (
    `# ${lesson.title}\n\n` +
    `_${course.title} › Module ${module.position}: ${module.title} · about ${lesson.estimatedMinutes} min${done}_\n` +
    `_Source: ${lessonUri(course.slug, lesson.slug)}_\n\n`
  );
}

export function lessonMarkdown(lesson: LessonDetail): string {
  return lessonHeading(lesson.course, lesson.module, lesson) + lesson.markdown;
}
