import { cellBiology } from './cell-biology.js';
import { musicHarmony } from './music-harmony.js';
import { orbitalMechanicsDraft } from './orbital-mechanics-draft.js';
import { sqlIndexing } from './sql-indexing.js';
import type { SeedCourse } from './types.js';

export type { SeedCourse, SeedModule, SeedLesson, SeedCard } from './types.js';

/** Demo catalog content, oldest first (see `ageDays`). */
export const demoCourses: readonly SeedCourse[] = [
  sqlIndexing,
  cellBiology,
  musicHarmony,
  orbitalMechanicsDraft,
];
