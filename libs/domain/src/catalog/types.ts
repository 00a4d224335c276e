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
