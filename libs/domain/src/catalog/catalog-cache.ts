/**
 * Catalog pages (`list_courses`) remembered per caller and arguments, for replicas
 * that serve the same listings over and over. Migration 0010's triggers announce
 * every change to courses, subjects, lessons or enrolments on `lumen_catalog`, and
 * any announcement drops every page: a listing depends on all four tables, and they
 * change far less often than they are read. Services in this process that write
 * those tables call `clear()` themselves as well, so the caller's next listing shows
 * its own change without waiting for the announcement. While the feed is down, every
 * listing is read from the database.
 *
 * A page is remembered from the second time its key is asked for: the first time only
 * the key is noted. Listings that are never repeated (other filters, limits, cursors)
 * then cost no memory, and no garbage collection of pages nobody asks for again, which
 * was about a fifth of an unrepeated listing's CPU; a repeated one is read twice
 * instead of once.
 */
import { createFeedCache } from '@lumen/db';
import type { Db, FeedCache } from '@lumen/db';

import type { Actor } from '../actor.js';
import type { CoursePage, ListCoursesInput } from './types.js';

export const CATALOG_CHANNEL = 'lumen_catalog';

export type CatalogCache = FeedCache<CoursePage>;

export interface CatalogCacheOptions {
  /** Upper bound on a page's age even if no change is announced (default 30 s). */
  maxAgeMs?: number;
  /** Most pages remembered (default 10,000). */
  maxEntries?: number;
  now?: () => number;
}

export function createCatalogCache(
  db: Pick<Db, 'listen'>,
  options: CatalogCacheOptions = {},
): CatalogCache {
  const cache = createFeedCache<CoursePage>({ db, channel: CATALOG_CHANNEL, ...options });
  const maxKeys = options.maxEntries ?? 10_000;
  /** Keys asked for once, oldest first. */
  const askedOnce = new Set<string>();
  return {
    ...cache,
    get(key, load) {
      if (askedOnce.has(key)) return cache.get(key, load);
      askedOnce.add(key);
      if (askedOnce.size > maxKeys) askedOnce.delete(askedOnce.values().next().value!);
      return load();
    },
  };
}

/** Everything a listing depends on: who asks (their drafts and enrolments) and how. */
export function catalogPageKey(actor: Actor, input: ListCoursesInput): string {
  return JSON.stringify([
    actor.userId,
    input.limit ?? null,
    input.cursor ?? null,
    input.filter ?? null,
  ]);
}

/** A remembered page is shared by later callers: nothing may change it. */
export function frozenPage(page: CoursePage): CoursePage {
  for (const course of page.courses) {
    if (course.subject) Object.freeze(course.subject);
    Object.freeze(course);
  }
  Object.freeze(page.courses);
  return Object.freeze(page);
}
