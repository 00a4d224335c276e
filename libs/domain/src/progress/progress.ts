/**
 * The progress service behind `list_my_progress`: per enrolled course, lesson
 * completion and FSRS mastery. One SQL statement aggregates everything, whatever the
 * number of courses or cards; retrievability is evaluated in SQL with ts-fsrs's
 * FSRS-6 forgetting curve (see forgetting-curve.ts and progress-rows.ts).
 */
import type { Db } from '@lumen/db';

import type { Actor } from '../actor.js';
import { isoTime } from '../iso-time.js';
import { forgettingCurveConstants } from './forgetting-curve.js';
import { readProgress } from './progress-rows.js';
import type { ProgressRow } from './progress-rows.js';
import { readScheduleInfo } from './schedule-info.js';
import type { ScheduleInfo } from './schedule-info.js';

export interface ProgressOptions {
  readonly db: Db;
  /** FSRS weights; only w[20] (the decay) matters here. Default: ts-fsrs's FSRS-6 defaults. */
  readonly weights?: readonly number[] | undefined;
}

export interface CourseProgress {
  readonly course: { readonly slug: string; readonly title: string };
  readonly lessonsCompleted: number;
  readonly lessonsTotal: number;
  /** 0-100, one decimal. */
  readonly percent: number;
  /** Mean current retrievability (0-1) of the caller's reviewed cards; null if none reviewed yet. */
  readonly mastery: number | null;
  readonly cardsDue: number;
  /** Cards never reviewed. */
  readonly cardsNew: number;
  /** Latest of enrolment, lesson completion and review (ISO 8601). */
  readonly lastActivity: string;
}

export interface MyProgress {
  readonly courses: CourseProgress[];
  readonly schedule: ScheduleInfo;
}

export interface Progress {
  /** listMyProgress and mySchedule together, in one statement. */
  myProgress(actor: Actor, now: Date): Promise<MyProgress>;
  listMyProgress(actor: Actor, now: Date): Promise<CourseProgress[]>;
  /** Whether the caller's reviews are scheduled with weights fitted to them. */
  mySchedule(actor: Actor): Promise<ScheduleInfo>;
}

export function createProgress(options: ProgressOptions): Progress {
  const { sql } = options.db;
  const curve = forgettingCurveConstants(options.weights);
  const myProgress = async (actor: Actor, now: Date): Promise<MyProgress> => {
    const { rows, schedule } = await readProgress(sql, actor.userId, now, curve);
    return { courses: rows.map(toProgress), schedule };
  };
  return {
    myProgress,
    listMyProgress: async (actor, now) => (await myProgress(actor, now)).courses,
    mySchedule: (actor) => readScheduleInfo(sql, actor.userId),
  };
}

function toProgress(row: ProgressRow): CourseProgress {
  const percent =
    row.lessons_total === 0
      ? 0
      : Math.round((1000 * row.lessons_completed) / row.lessons_total) / 10;
  return {
    course: { slug: row.slug, title: row.title },
    lessonsCompleted: row.lessons_completed,
    lessonsTotal: row.lessons_total,
    percent,
    mastery: row.mastery,
    cardsDue: row.cards_due,
    cardsNew: row.cards_new,
    lastActivity: isoTime(row.last_activity),
  };
}
