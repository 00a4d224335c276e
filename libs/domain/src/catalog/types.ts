/** Result shapes of the catalog. */

export interface SubjectRef {
  readonly slug: string;
  readonly name: string;
}

export type CourseStatusName = 'draft' | 'published';

export interface CourseSummary {
  readonly slug: string;
  readonly title: string;
  readonly summary: string;
  readonly subject: SubjectRef | null;
  readonly status: CourseStatusName;
  readonly lessonCount: number;
  /** Sum of the lessons' estimated minutes. */
  readonly estimatedMinutes: number;
  /** Whether the caller is enrolled. */
  readonly enrolled: boolean;
}

export interface CoursePage {
  readonly courses: CourseSummary[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export interface ListCoursesInput {
  /** Free text over title, summary and subject name; every word must match. */
  readonly filter?: string | undefined;
  /** 1-100, default 20. */
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

export interface SyllabusLesson {
  readonly slug: string;
  readonly title: string;
  readonly position: number;
  readonly estimatedMinutes: number;
  /** Whether the caller has completed it. */
  readonly completed: boolean;
}

export interface SyllabusModule {
  readonly position: number;
  readonly title: string;
  readonly lessons: SyllabusLesson[];
}

export interface CourseDetail extends CourseSummary {
  readonly lessonsCompleted: number;
  readonly modules: SyllabusModule[];
}

/** A card template of a lesson, with the caller's own review card made from it. */
export interface LessonCard {
  readonly prompt: string;
  readonly answer: string;
  /** The caller's review card for this template (enrolled learners have one); else null. */
  readonly cardId: string | null;
}

export interface LessonDetail {
  readonly course: {
    readonly slug: string;
    readonly title: string;
    readonly status: CourseStatusName;
  };
  readonly module: { readonly position: number; readonly title: string };
  readonly slug: string;
  readonly title: string;
  /** Position within its module, from 1. */
  readonly position: number;
  readonly estimatedMinutes: number;
  readonly completed: boolean;
  /** The lesson text as stored, markdown. */
  readonly markdown: string;
  readonly cards: LessonCard[];
}

/** A syllabus lesson with the size of its stored markdown. */
export interface SizedLesson extends SyllabusLesson {
  /** UTF-8 bytes of the lesson's markdown. */
  readonly markdownBytes: number;
}

/** A course of the catalog with its full syllabus, for listing courses and lessons as resources. */
export interface SyllabusCourse extends CourseDetail {
  readonly modules: Array<SyllabusModule & { readonly lessons: SizedLesson[] }>;
}

export interface SyllabusPage {
  readonly courses: SyllabusCourse[];
  readonly nextCursor: string | null;
}

export interface SlugSuggestions {
  /** At most the limit asked for: courses in slug order, lessons in syllabus order. */
  readonly values: string[];
  /** Whether more slugs start with the prefix. */
  readonly hasMore: boolean;
}
