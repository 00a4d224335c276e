export interface SeedLesson {
  slug: string;
  title: string;
  estimatedMinutes: number;
  markdown: string;
}

export interface SeedModule {
  title: string;
  lessons: SeedLesson[];
}

export interface SeedCard {
  lessonSlug: string;
  prompt: string;
  answer: string;
}

export interface SeedCourse {
  slug: string;
  title: string;
  summary: string;
  subject: { slug: string; name: string };
  status: 'published' | 'draft';
  /** Days before the seed time at which the course was created (orders the catalog, newest first). */
  ageDays: number;
  modules: SeedModule[];
  cards: SeedCard[];
}
