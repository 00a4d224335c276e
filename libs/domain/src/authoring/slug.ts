/** URL slugs for courses and lessons: lower-case ASCII words joined by hyphens. */
import { foldText } from '../catalog/search-text.js';

const MAX_SLUG = 60;

export function slugify(text: string, fallback: string): string {
  const slug = foldText(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/g, '');
  return slug || fallback;
}

/** `base`, or `base-2`, `base-3`, … : the first one not in `taken`. */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * `title`, or `title (2)`, `title (3)`, … : the first whose lower-cased form is not in
 * `taken`, so two lessons of one course never share a title (a learner picks a lesson,
 * and a citation names one, by its title).
 */
export function uniqueTitle(title: string, taken: ReadonlySet<string>): string {
  if (!taken.has(title.toLowerCase())) return title;
  for (let n = 2; ; n += 1) {
    const candidate = `${title} (${n})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}
