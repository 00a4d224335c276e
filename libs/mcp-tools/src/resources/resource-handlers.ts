/**
 * Courses and lessons as MCP resources (server/resources in the MCP spec): two URI
 * templates, a paged listing of the concrete resources the caller may read, and reads.
 *
 * Scopes: a syllabus shows what get_course shows, so reading one needs the
 * `get_course` scope; a lesson's text is what search_lesson_content returns passages
 * of, so reading one needs `search_lesson_content`. The listing holds only what the
 * client could read. Visibility is get_course's (drafts only for their owner and
 * admins); an invisible course is "resource not found", like an unknown one.
 */
import { authorizeScope, scopeAllows } from '@lumen/auth';
import type { SyllabusCourse } from '@lumen/domain';
import type {
  ListResourcesResult,
  ListResourceTemplatesResult,
  ReadResourceResult,
  Resource,
} from '@modelcontextprotocol/sdk/types.js';

import { LumenRequestError, RESOURCE_NOT_FOUND, runRequest } from '../request-error.js';
import type { RequestRunner } from '../request-error.js';
import { lessonHeading, lessonMarkdown, syllabusMarkdown } from './course-markdown.js';
import {
  COURSE_TEMPLATE,
  LESSON_TEMPLATE,
  courseUri,
  lessonUri,
  parseLumenUri,
} from './lumen-uri.js';

export const COURSE_SCOPE = 'get_course';
export const LESSON_SCOPE = 'search_lesson_content';
/** Courses per resources/list page; each brings its lessons along. */
export const COURSES_PER_PAGE = 10;
const MARKDOWN = 'text/markdown';

const TEMPLATES: ListResourceTemplatesResult = {
  resourceTemplates: [
    {
      uriTemplate: COURSE_TEMPLATE,
      name: 'course',
      title: 'Course syllabus',
      description:
        "A course's syllabus as markdown: modules in order, each lesson with its estimated minutes, " +
        'a [x] on the lessons you completed, and a link to each lesson resource. Needs the get_course scope.',
      mimeType: MARKDOWN,
    },
    {
      uriTemplate: LESSON_TEMPLATE,
      name: 'lesson',
      title: 'Lesson',
      description:
        "One lesson's full text as markdown, under a heading naming its course and module. " +
        'Needs the search_lesson_content scope.',
      mimeType: MARKDOWN,
    },
  ],
};

export function listResourceTemplates(): ListResourceTemplatesResult {
  return TEMPLATES;
}

function courseResources(course: SyllabusCourse, lessons: boolean, syllabus: boolean): Resource[] {
  const out: Resource[] = [];
  const draft = course.status === 'draft' ? ' (draft)' : '';
  if (syllabus) {
    out.push({
      uri: courseUri(course.slug),
      name: course.slug,
      title: `${course.title}${draft}`,
      description: `Syllabus. ${course.summary}`,
      mimeType: MARKDOWN,
      size: Buffer.byteLength(syllabusMarkdown(course)),
    });
  }
  if (!lessons) return out;
  for (const module of course.modules) {
    for (const lesson of module.lessons) {
      out.push({
        uri: lessonUri(course.slug, lesson.slug),
        name: `${course.slug}/${lesson.slug}`,
        title: `${lesson.title} — ${course.title}${draft}`,
        description: `Lesson ${lesson.position} of module ${module.position} (${module.title}), about ${lesson.estimatedMinutes} min.`,
        mimeType: MARKDOWN,
        size: Buffer.byteLength(lessonHeading(course, module, lesson)) + lesson.markdownBytes,
      });
    }
  }
  return out;
}

export function listResources(
  runner: RequestRunner,
  cursor: string | undefined,
): Promise<ListResourcesResult> {
  return runRequest(runner, 'resources/list', async ({ principal, actor, services }) => {
    const syllabus = scopeAllows(principal.scopes, COURSE_SCOPE);
    const lessons = scopeAllows(principal.scopes, LESSON_SCOPE);
    if (!syllabus && !lessons) return { resources: [] };
    const page = await services.catalog.listSyllabi(actor, { limit: COURSES_PER_PAGE, cursor });
    return {
      resources: page.courses.flatMap((c) => courseResources(c, lessons, syllabus)),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  });
}

const shown = (uri: string) => (uri.length > 200 ? `${uri.slice(0, 200)}…` : uri);

export function readResource(runner: RequestRunner, uri: string): Promise<ReadResourceResult> {
  return runRequest(
    runner,
    'resources/read',
    async ({ principal, actor, services }) => {
      const target = parseLumenUri(uri);
      if (!target) {
        throw new LumenRequestError(
          RESOURCE_NOT_FOUND,
          {
            code: 'mcp.resource.not_found',
            message: `no Lumen resource at ${shown(uri)}; Lumen serves ${COURSE_TEMPLATE} and ${LESSON_TEMPLATE}`,
            retryable: false,
          },
          { uri: shown(uri) },
        );
      }
      if (target.kind === 'course') {
        authorizeScope(principal, COURSE_SCOPE, 'Reading a course resource');
        const course = await services.catalog.getCourse(actor, target.slug);
        return { contents: [{ uri, mimeType: MARKDOWN, text: syllabusMarkdown(course) }] };
      }
      authorizeScope(principal, LESSON_SCOPE, 'Reading a lesson resource');
      const lesson = await services.catalog.getLesson(actor, target.slug, target.lesson);
      return { contents: [{ uri, mimeType: MARKDOWN, text: lessonMarkdown(lesson) }] };
    },
    RESOURCE_NOT_FOUND,
    { uri: shown(uri) },
  );
}
