/** The operator guide's nine tool names, in the guide's order (also the order they are registered and listed in errors). */
export const GUIDE_TOOL_ORDER: readonly string[] = [
  'list_courses',
  'get_course',
  'search_lesson_content',
  'ask_tutor',
  'list_my_due_reviews',
  'grade_review_card',
  'list_my_progress',
  'create_course_draft',
  'ingest_url_to_draft',
];

/** The same names, sorted: what every transport must list. */
export const GUIDE_TOOL_NAMES: readonly string[] = [...GUIDE_TOOL_ORDER].sort();
