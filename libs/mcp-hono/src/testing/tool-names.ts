/** The operator guide's nine tool names, sorted: what every transport must list. */
export const GUIDE_TOOL_NAMES: readonly string[] = [
  'ask_tutor',
  'create_course_draft',
  'get_course',
  'grade_review_card',
  'ingest_url_to_draft',
  'list_courses',
  'list_my_due_reviews',
  'list_my_progress',
  'search_lesson_content',
];
