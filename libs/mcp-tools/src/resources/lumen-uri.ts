/**
 * The resource URIs: `lumen://courses/{slug}` (a syllabus) and
 * `lumen://courses/{slug}/lessons/{lesson}` (a lesson). Slugs are percent-encoded as
 * URI path segments (RFC 3986 §3.3), so any stored slug round-trips.
 */
import { unstorableTextProblem, unstorableTextReason } from '@lumen/domain';

import { invalidArgument } from '../request-error.js';

export const COURSE_TEMPLATE = 'lumen://courses/{slug}';
export const LESSON_TEMPLATE = 'lumen://courses/{slug}/lessons/{lesson}';

const PREFIX = 'lumen://courses/';
/** The longest slug any tool accepts; longer URIs are refused before any lookup. */
const MAX_SLUG = 200;

export type LumenUri =
  { kind: 'course'; slug: string } | { kind: 'lesson'; slug: string; lesson: string };

export const courseUri = (slug: string) => `${PREFIX}${encodeURIComponent(slug)}`;
export const lessonUri = (slug: string, lesson: string) =>
  `${courseUri(slug)}/lessons/${encodeURIComponent(lesson)}`;

/** Checks one argument the way every tool checks its strings. */
export function checkSlug(name: string, value: string): string {
  const reason = unstorableTextReason(value);
  if (reason) throw invalidArgument(`${name} ${unstorableTextProblem(reason)}`);
  if (value.length === 0 || value.length > MAX_SLUG)
    throw invalidArgument(`${name} must be 1-${MAX_SLUG} characters`);
  return value;
}

function segment(name: string, raw: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw invalidArgument(`${name} in the URI is not valid percent-encoding`);
  }
  return checkSlug(name, decoded);
}

/** The URI's parts, or null for a URI that names no Lumen resource. */
export function parseLumenUri(uri: string): LumenUri | null {
  if (!uri.startsWith(PREFIX)) return null;
  const parts = uri.slice(PREFIX.length).split('/');
  if (parts.some((p) => p === '' || /[?#]/.test(p))) return null;
  if (parts.length === 1) return { kind: 'course', slug: segment('slug', parts[0]!) };
  if (parts.length === 3 && parts[1] === 'lessons') {
    return {
      kind: 'lesson',
      slug: segment('slug', parts[0]!),
      lesson: segment('lesson', parts[2]!),
    };
  }
  return null;
}
