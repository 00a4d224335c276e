/**
 * create_course_draft: a brief in, a draft course out. The model writes a structured
 * outline (validated, repaired once); with the noop provider the outline is built from
 * the brief offline (noop-outline.ts). The draft belongs to the caller, stays out of the
 * public catalog (status draft) and has every lesson chunked for search and the tutor.
 */
import type { Db } from '@lumen/db';

import type { Actor } from '../actor.js';
import { LumenError } from '../errors.js';
import type { LlmGateway } from '../llm/llm-gateway.js';
import type { DraftCard, DraftModule, DraftPlan } from './draft-writer.js';
import { writeDraft } from './draft-writer.js';
import { askForJson, callModel } from './model-json.js';
import { noopOutline } from './noop-outline.js';
import type { CourseOutline } from './outline-schema.js';
import { OUTLINE_SHAPE, courseOutlineSchema } from './outline-schema.js';
import type { DraftRunOptions } from './progress.js';
import { report, throwIfCancelled } from './progress.js';
import { slugify } from './slug.js';
import { readingMinutes } from './text.js';

export const CREATE_DRAFT_FEATURE = 'mcp.create_course_draft';
export const MAX_BRIEF_CHARS = 4000;

export interface AuthoringOptions {
  readonly db: Db;
  readonly gateway: LlmGateway;
  /** Called after a draft is written (e.g. to drop remembered catalog pages). */
  readonly onCatalogChange?: (() => void) | undefined;
}

export interface CreateCourseDraftInput {
  readonly brief: string;
  readonly subjectSlug?: string | undefined;
}

export interface CreateCourseDraftResult {
  readonly courseId: string;
  readonly slug: string;
  readonly status: 'draft';
  readonly outline: CourseOutline;
}

export interface Authoring {
  createCourseDraft(
    actor: Actor,
    input: CreateCourseDraftInput,
    run: DraftRunOptions | undefined,
    now: Date,
  ): Promise<CreateCourseDraftResult>;
}

const SYSTEM = `You are an instructional designer drafting an online course from an instructor's brief.
Reply with ONE JSON object and nothing else, of this shape:
${OUTLINE_SHAPE}
Write 2-5 modules of 2-4 lessons. Each lesson has 2-4 measurable objectives and a markdown body
of 150-400 words (use headings, lists and examples). Propose 1-2 review cards per lesson that test
one fact or idea each, with short answers. Write in the language of the brief.`;

export function createAuthoring(options: AuthoringOptions): Authoring {
  const { db, gateway } = options;
  return {
    async createCourseDraft(actor, input, run = {}, now) {
      if (actor.role === 'learner')
        throw new LumenError(
          'mcp.forbidden',
          'Only instructors and admins can create course drafts.',
        );
      const brief = checkBrief(input.brief);
      const subject = await resolveSubject(db, input.subjectSlug);
      throwIfCancelled(run.signal);
      report(run, 'outlining', 0, 1, 'drafting the course outline');
      const outline = await draftOutline(gateway, actor, brief, run.signal, now);
      report(run, 'outlining', 1, 1, `outlined "${outline.title}"`);
      const plan = planFromOutline(outline, subject);
      const written = await writeDraft(db, actor, plan, run, now).finally(() =>
        options.onCatalogChange?.(),
      );
      return { courseId: written.courseId, slug: written.slug, status: 'draft', outline };
    },
  };
}

function checkBrief(raw: string): string {
  const brief = typeof raw === 'string' ? raw.trim() : '';
  if (!brief)
    throw new LumenError(
      'mcp.authoring.invalid_brief',
      'The brief is empty: describe the course you want drafted.',
    );
  if (brief.length > MAX_BRIEF_CHARS) {
    throw new LumenError(
      'mcp.authoring.invalid_brief',
      `The brief is ${brief.length} characters; at most ${MAX_BRIEF_CHARS} are accepted.`,
    );
  }
  return brief;
}

async function resolveSubject(
  db: Db,
  slug: string | undefined,
): Promise<{ id: string; name: string } | undefined> {
  if (slug === undefined || slug === '') return undefined;
  const subject = await db.prisma.subject.findUnique({
    where: { slug },
    select: { id: true, name: true },
  });
  if (!subject)
    throw new LumenError('mcp.subject.not_found', `No subject with slug "${slug}".`, {
      details: { slug },
    });
  return subject;
}

async function draftOutline(
  gateway: LlmGateway,
  actor: Actor,
  brief: string,
  signal: AbortSignal | undefined,
  now: Date,
): Promise<CourseOutline> {
  const ask = {
    gateway,
    actor,
    feature: CREATE_DRAFT_FEATURE,
    system: SYSTEM,
    prompt: `Brief:\n${brief}`,
    schema: courseOutlineSchema,
    maxTokens: 8_000,
    signal,
    now,
  };
  if (gateway.providerName !== 'noop') return askForJson(ask);
  // Offline: the call still goes through the gateway, so it is budget-checked and
  // appears in the cost log like any other; its fixed reply is not an outline.
  await callModel(ask, [{ role: 'user', content: ask.prompt }]);
  return noopOutline(brief);
}

export function planFromOutline(
  outline: CourseOutline,
  subject: { id: string; name: string } | undefined,
): DraftPlan {
  const modules: DraftModule[] = outline.modules.map((module) => ({
    title: module.title,
    lessons: module.lessons.map((lesson) => {
      const objectives = lesson.objectives.map((objective) => `- ${objective}`).join('\n');
      const markdown = `## Learning objectives\n\n${objectives}\n\n${lesson.body}`;
      return { title: lesson.title, markdown, minutes: readingMinutes(markdown) };
    }),
  }));
  const slugs = outline.modules.flatMap((module) =>
    module.lessons.map((lesson) => slugify(lesson.title, 'lesson')),
  );
  const cards: DraftCard[] = outline.cards.map((card) => {
    const bySlug = card.lessonSlug === undefined ? -1 : slugs.indexOf(card.lessonSlug);
    const lessonIndex = card.lessonIndex ?? (bySlug >= 0 ? bySlug : undefined);
    return { lessonIndex, prompt: card.prompt, answer: card.answer };
  });
  return {
    target: { kind: 'new', title: outline.title, summary: outline.summary, subject },
    modules,
    cards,
  };
}
