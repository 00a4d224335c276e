/**
 * Whether the caller's reviews are scheduled with weights fitted to them
 * (`fsrs_parameters`, migration 0019) or with ts-fsrs's FSRS-6 defaults.
 */
import type { Sql } from '@lumen/db';

export interface ScheduleInfo {
  readonly personalised: boolean;
  /** When the weights in use were fitted (ISO 8601); null with the defaults. */
  readonly fittedAt: string | null;
  /** How many of the learner's reviews they were fitted on; null with the defaults. */
  readonly reviewCount: number | null;
}

export async function readScheduleInfo(sql: Sql, userId: string): Promise<ScheduleInfo> {
  const rows = await sql<{ fitted_at: Date; review_count: number }>`
    SELECT fitted_at, review_count FROM fsrs_parameters WHERE user_id = ${userId}::uuid`;
  const row = rows[0];
  return row
    ? {
        personalised: true,
        fittedAt: new Date(row.fitted_at).toISOString(),
        reviewCount: row.review_count,
      }
    : { personalised: false, fittedAt: null, reviewCount: null };
}
