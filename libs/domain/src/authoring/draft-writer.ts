/**
 * Writing a draft: the course (new, or an existing one being extended), its modules,
 * lessons and card templates, and every new lesson's search chunks, in ONE transaction.
 * A failure or a cancellation at any step rolls everything back, so no half-made
 * course or lesson is ever visible.
 */
import type { Db, Prisma } from '@lumen/db';

import type { Actor } from '../actor.js';
import { courseSearchText } from '../catalog/search-text.js';
import { reindexLesson } from '../knowledge/search/reindex-lesson.js';
import type { DraftRunOptions } from './progress.js';
import { report, throwIfCancelled } from './progress.js';
import { slugify, uniqueSlug, uniqueTitle } from './slug.js';

export interface DraftLesson {
  readonly title: string;
  readonly markdown: string;
  readonly minutes: number;
}

export interface DraftModule {
  readonly title: string;
  readonly lessons: readonly DraftLesson[];
}

export interface DraftCard {
  /** Index over the plan's lessons in order; undefined for a course-level card. */
  readonly lessonIndex?: number | undefined;
  readonly prompt: string;
  readonly answer: string;
}

export type DraftTarget =
  | {
      readonly kind: 'new';
      readonly title: string;
      readonly summary: string;
      readonly subject?: { id: string; name: string } | undefined;
      /** The site the imported page came from, when it names one (see existingCourse). */
      readonly site?: string | undefined;
    }
  | {
      readonly kind: 'existing';
      readonly courseId: string;
      /** Set by an import: the site of the page being added ('' when it names none). */
      readonly site?: string | undefined;
    };

export interface DraftPlan {
  readonly target: DraftTarget;
  readonly modules: readonly DraftModule[];
  readonly cards: readonly DraftCard[];
}

export interface WrittenDraft {
  readonly courseId: string;
  readonly slug: string;
  readonly status: 'draft' | 'published';
  readonly lessonsAdded: number;
}

type Tx = Prisma.TransactionClient;

interface CourseSlots {
  readonly courseId: string;
  readonly slug: string;
  readonly status: 'draft' | 'published';
  readonly nextModule: number;
  readonly nextCard: number;
  readonly lessonSlugs: Set<string>;
  /** Lower-cased, so "Introduction" and "introduction" count as one title. */
  readonly lessonTitles: Set<string>;
}

const TRANSACTION = { maxWait: 10_000, timeout: 120_000 };
const ATTEMPTS = 3;

export async function writeDraft(
  db: Db,
  actor: Actor,
  plan: DraftPlan,
  options: DraftRunOptions,
  now: Date,
): Promise<WrittenDraft> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.prisma.$transaction(
        (tx) => writeInTransaction(tx, actor, plan, options, now),
        TRANSACTION,
      );
    } catch (error) {
      // Two drafts with the same title racing for one slug: the loser recomputes.
      if (attempt >= ATTEMPTS || !isUniqueViolation(error)) throw error;
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002'
  );
}

async function writeInTransaction(
  tx: Tx,
  actor: Actor,
  plan: DraftPlan,
  options: DraftRunOptions,
  now: Date,
): Promise<WrittenDraft> {
  const slots =
    plan.target.kind === 'new'
      ? await createCourse(tx, actor, plan.target, now)
      : await existingCourse(tx, plan.target, now);
  const lessonIds: string[] = [];
  let modulePosition = slots.nextModule;
  for (const module of plan.modules) {
    throwIfCancelled(options.signal);
    const row = await tx.module.create({
      data: { courseId: slots.courseId, position: modulePosition, title: module.title },
    });
    modulePosition += 1;
    for (const [position, lesson] of module.lessons.entries()) {
      const slug = uniqueSlug(slugify(lesson.title, 'lesson'), slots.lessonSlugs);
      slots.lessonSlugs.add(slug);
      const title = uniqueTitle(lesson.title, slots.lessonTitles);
      slots.lessonTitles.add(title.toLowerCase());
      const created = await tx.lesson.create({
        data: {
          courseId: slots.courseId,
          moduleId: row.id,
          position,
          slug,
          title,
          estimatedMinutes: lesson.minutes,
          contentMd: lesson.markdown,
          createdAt: now,
          updatedAt: now,
        },
      });
      lessonIds.push(created.id);
    }
  }
  await writeCards(tx, slots, plan.cards, lessonIds);
  await indexLessons(tx, lessonIds, options);
  if (plan.target.kind === 'existing')
    await tx.course.update({ where: { id: slots.courseId }, data: { updatedAt: now } });
  return {
    courseId: slots.courseId,
    slug: slots.slug,
    status: slots.status,
    lessonsAdded: lessonIds.length,
  };
}

async function createCourse(
  tx: Tx,
  actor: Actor,
  target: Extract<DraftTarget, { kind: 'new' }>,
  now: Date,
): Promise<CourseSlots> {
  const base = slugify(target.title, 'course');
  const clashing = await tx.course.findMany({
    where: { slug: { startsWith: base } },
    select: { slug: true },
  });
  const slug = uniqueSlug(base, new Set(clashing.map((row) => row.slug)));
  const course = await tx.course.create({
    data: {
      slug,
      title: target.title,
      summary: target.summary,
      subjectId: target.subject?.id ?? null,
      ownerId: actor.userId,
      status: 'draft',
      searchText: courseSearchText(target.title, target.summary, target.subject?.name),
      importSite: target.site || null,
      createdAt: now,
      updatedAt: now,
    },
  });
  return {
    courseId: course.id,
    slug,
    status: 'draft',
    nextModule: 0,
    nextCard: 0,
    lessonSlugs: new Set(),
    lessonTitles: new Set(),
  };
}

async function existingCourse(
  tx: Tx,
  target: Extract<DraftTarget, { kind: 'existing' }>,
  now: Date,
): Promise<CourseSlots> {
  const { courseId } = target;
  // Row lock: two appends to one course take positions one after the other.
  await tx.$queryRaw`SELECT id FROM courses WHERE id = ${courseId}::uuid FOR UPDATE`;
  const course = await tx.course.findUniqueOrThrow({
    where: { id: courseId },
    select: {
      slug: true,
      status: true,
      title: true,
      summary: true,
      importSite: true,
      subject: { select: { name: true } },
    },
  });
  if (target.site !== undefined && course.importSite !== null)
    await nameAfterSite(
      tx,
      { ...course, id: courseId, importSite: course.importSite },
      target.site,
      now,
    );
  const lastModule = await tx.module.aggregate({ where: { courseId }, _max: { position: true } });
  const lastCard = await tx.cardTemplate.aggregate({
    where: { courseId },
    _max: { position: true },
  });
  const lessons = await tx.lesson.findMany({
    where: { courseId },
    select: { slug: true, title: true },
  });
  return {
    courseId,
    slug: course.slug,
    status: course.status,
    nextModule: (lastModule._max.position ?? -1) + 1,
    nextCard: (lastCard._max.position ?? -1) + 1,
    lessonSlugs: new Set(lessons.map((lesson) => lesson.slug)),
    lessonTitles: new Set(lessons.map((lesson) => lesson.title.toLowerCase())),
  };
}

/**
 * A draft imported page by page is named after its first page; once a second page of
 * the same site joins it, a person would call it after the site ("Spoke & Chain
 * Workshop", not "Cleaning and Lubricating Your Chain"). A page from elsewhere ends
 * that: the draft keeps its title from then on. A published course, or one whose title
 * is no longer the one import gave it, is never renamed.
 */
async function nameAfterSite(
  tx: Tx,
  course: {
    id: string;
    status: string;
    title: string;
    summary: string;
    importSite: string;
    subject: { name: string } | null;
  },
  site: string,
  now: Date,
): Promise<void> {
  if (course.status !== 'draft') return;
  if (site.localeCompare(course.importSite, 'en', { sensitivity: 'base' }) !== 0) {
    await tx.course.update({ where: { id: course.id }, data: { importSite: null } });
    return;
  }
  if (course.title === course.importSite) return;
  const first = await tx.module.findFirst({
    where: { courseId: course.id },
    orderBy: { position: 'asc' },
    select: { title: true },
  });
  if (first?.title.replace(/ \(part 1\)$/, '') !== course.title) return;
  await tx.course.update({
    where: { id: course.id },
    data: {
      title: course.importSite,
      searchText: courseSearchText(course.importSite, course.summary, course.subject?.name),
      updatedAt: now,
    },
  });
}

async function writeCards(
  tx: Tx,
  slots: CourseSlots,
  cards: readonly DraftCard[],
  lessonIds: readonly string[],
): Promise<void> {
  if (cards.length === 0) return;
  await tx.cardTemplate.createMany({
    data: cards.map((card, index) => ({
      courseId: slots.courseId,
      lessonId: card.lessonIndex === undefined ? null : (lessonIds[card.lessonIndex] ?? null),
      position: slots.nextCard + index,
      prompt: card.prompt,
      answer: card.answer,
    })),
  });
}

/**
 * reindexLesson opens its own transaction when handed a client that has `$transaction`;
 * Prisma 7's transaction client has one too (for nested savepoints), which PGlite's
 * adapter cannot do. Hiding it makes reindexLesson run inside our transaction as meant.
 */
function asOpenTransaction(tx: Tx): Tx {
  return new Proxy(tx, {
    has: (target, property) => property !== '$transaction' && property in target,
    get: (target, property) =>
      property === '$transaction'
        ? undefined
        : (target as unknown as Record<PropertyKey, unknown>)[property],
  });
}

async function indexLessons(
  tx: Tx,
  lessonIds: readonly string[],
  options: DraftRunOptions,
): Promise<void> {
  for (const [index, lessonId] of lessonIds.entries()) {
    throwIfCancelled(options.signal);
    await reindexLesson(asOpenTransaction(tx), lessonId);
    report(
      options,
      'indexing',
      index + 1,
      lessonIds.length,
      `indexed lesson ${index + 1} of ${lessonIds.length}`,
    );
  }
}
