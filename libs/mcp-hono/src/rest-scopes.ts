import { ADMIN_SCOPE } from '@lumen/auth';

/**
 * The scope each REST endpoint needs (the README's "HTTP endpoints" table says the
 * same). A learner endpoint needs the tool scope it serves: enrolment is what
 * `ask_tutor` requires (the guide's fix for `mcp.tutor.not_enrolled`), lesson
 * completion is what `list_my_progress` reports. `/api/v1/me/connections` needs none:
 * any token of the user may list its connected apps and disconnect one.
 */
export const REST_SCOPES: ReadonlyArray<{ path: string; scope: string; what: string }> = [
  { path: '/api/v1/admin/*', scope: ADMIN_SCOPE, what: 'The admin API' },
  { path: '/api/v1/me/enrollments', scope: 'ask_tutor', what: 'Enrolling in a course' },
  { path: '/api/v1/me/lessons/*', scope: 'list_my_progress', what: 'Completing a lesson' },
];
