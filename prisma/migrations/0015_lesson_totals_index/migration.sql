-- list_courses totals each listed course's lessons and minutes. lessons rows carry the
-- whole lesson markdown, so counting through lessons_course_id_slug_key still visited
-- the heap for every lesson; with estimated_minutes in the index the totals come from
-- an index-only scan.
CREATE INDEX "lessons_course_id_minutes_idx" ON "lessons"("course_id") INCLUDE ("estimated_minutes");
