-- list_my_progress reports, per enrolled course, how many lessons the course has and how
-- many of them the learner completed (and when last). Counting those rows on every call
-- cost about a fifth of the statement's PostgreSQL CPU. Mastery and the due count depend
-- on `now` and stay computed per call, but these counts only change on write, so the
-- database keeps them itself. Triggers rather than application code, so that every
-- writer keeps them right: the seed, drafts and ingest, complete_lesson, a course's
-- deletion cascading through its lessons and completions, a lesson moved to another
-- course, the CLI, another replica or a person at psql.
--
-- Nothing may write lessons or completions between the backfill below and the
-- triggers taking over (a replica of the previous release keeps serving during a
-- deploy): lock both tables first. SHARE ROW EXCLUSIVE waits for writes in flight and
-- holds new ones until this migration commits, after which they fire the triggers.
LOCK TABLE "lessons", "lesson_completions" IN SHARE ROW EXCLUSIVE MODE;

-- 1. Completions per learner and course, keyed as lesson_completions groups them (by
--    the completion's own course_id). A row exists exactly while the learner has a
--    completion in that course, so enrolling later, or again, finds the count waiting.
CREATE TABLE "lesson_completion_counts" (
    "user_id" UUID NOT NULL,
    "course_id" UUID NOT NULL,
    "completed" INTEGER NOT NULL,
    "last_completed_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "lesson_completion_counts_pkey" PRIMARY KEY ("user_id", "course_id"),
    CONSTRAINT "lesson_completion_counts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "lesson_completion_counts_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- complete_lesson inserts one row (ON CONFLICT DO NOTHING: a repeat inserts nothing and
-- fires nothing), so this fires per row, and the upsert adds it atomically: two
-- replicas completing lessons of one course at once each add their own.
CREATE FUNCTION lumen_count_completion() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO lesson_completion_counts AS c (user_id, course_id, completed, last_completed_at)
  VALUES (NEW.user_id, NEW.course_id, 1, NEW.completed_at)
  ON CONFLICT (user_id, course_id) DO UPDATE
     SET completed = c.completed + 1,
         last_completed_at = greatest(c.last_completed_at, EXCLUDED.last_completed_at);
  RETURN NULL;
END
$$;

CREATE TRIGGER lesson_completions_count_insert
  AFTER INSERT ON lesson_completions
  FOR EACH ROW EXECUTE FUNCTION lumen_count_completion();

-- Deletes come from cascades (a lesson, a course, a user), in bulk, and updates from
-- nothing in Lumen (a changed key cascading here, a hand edit): once per statement.
-- An update counts its new rows in and its old rows out. Taking a row out locks it
-- first; the latest completion is then looked up again (a statement of its own, so with
-- a snapshot taken after the lock) only where a removed one may have been it.
CREATE FUNCTION lumen_uncount_completions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO lesson_completion_counts AS c (user_id, course_id, completed, last_completed_at)
    SELECT user_id, course_id, count(*)::int, max(completed_at) FROM added GROUP BY user_id, course_id
    ON CONFLICT (user_id, course_id) DO UPDATE
       SET completed = c.completed + EXCLUDED.completed,
           last_completed_at = greatest(c.last_completed_at, EXCLUDED.last_completed_at);
  END IF;
  UPDATE lesson_completion_counts c
     SET completed = c.completed - d.n
    FROM (SELECT user_id, course_id, count(*)::int AS n FROM removed GROUP BY user_id, course_id) d
   WHERE c.user_id = d.user_id AND c.course_id = d.course_id;
  DELETE FROM lesson_completion_counts c
   USING (SELECT DISTINCT user_id, course_id FROM removed) d
   WHERE c.user_id = d.user_id AND c.course_id = d.course_id AND c.completed <= 0;
  UPDATE lesson_completion_counts c
     SET last_completed_at = (SELECT max(l.completed_at) FROM lesson_completions l
                               WHERE l.user_id = c.user_id AND l.course_id = c.course_id)
    FROM (SELECT user_id, course_id, max(completed_at) AS last FROM removed GROUP BY user_id, course_id) d
   WHERE c.user_id = d.user_id AND c.course_id = d.course_id AND d.last >= c.last_completed_at;
  RETURN NULL;
END
$$;

CREATE TRIGGER lesson_completions_count_delete
  AFTER DELETE ON lesson_completions REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION lumen_uncount_completions();

CREATE TRIGGER lesson_completions_count_update
  AFTER UPDATE ON lesson_completions REFERENCING OLD TABLE AS removed NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION lumen_uncount_completions();

CREATE FUNCTION lumen_zero_completion_counts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM lesson_completion_counts;
  RETURN NULL;
END
$$;

CREATE TRIGGER lesson_completions_count_truncate
  AFTER TRUNCATE ON lesson_completions
  FOR EACH STATEMENT EXECUTE FUNCTION lumen_zero_completion_counts();

INSERT INTO lesson_completion_counts (user_id, course_id, completed, last_completed_at)
SELECT user_id, course_id, count(*)::int, max(completed_at) FROM lesson_completions
 GROUP BY user_id, course_id;

ANALYZE "lesson_completion_counts";

-- 2. Lessons per course, on the course row the statement reads anyway. Adding the
--    column locks courses against reads too until this migration commits, so it comes
--    last, after the larger count above.
ALTER TABLE "courses" ADD COLUMN "lesson_count" INTEGER NOT NULL DEFAULT 0;

-- Inserts and deletes come in bulk (a draft, the seed, a course's deletion), so these
-- fire once per statement and add each course's difference in one update.
CREATE FUNCTION lumen_count_lessons() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE courses c
     SET lesson_count = c.lesson_count + CASE TG_OP WHEN 'INSERT' THEN d.n ELSE -d.n END
    FROM (SELECT course_id, count(*)::int AS n FROM changed GROUP BY course_id) d
   WHERE c.id = d.course_id;
  RETURN NULL;
END
$$;

CREATE TRIGGER lessons_count_insert
  AFTER INSERT ON lessons REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION lumen_count_lessons();

CREATE TRIGGER lessons_count_delete
  AFTER DELETE ON lessons REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION lumen_count_lessons();

-- A lesson moved to another course (or a course's id changed, cascading here): both
-- courses are counted again. The rows are locked first, so the count (a statement of
-- its own, with a snapshot taken after the locks) sees every committed lesson, and an
-- insert still in flight adds itself once it gets the lock.
CREATE FUNCTION lumen_recount_moved_lesson() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM courses WHERE id IN (OLD.course_id, NEW.course_id) ORDER BY id FOR NO KEY UPDATE;
  UPDATE courses c
     SET lesson_count = (SELECT count(*)::int FROM lessons l WHERE l.course_id = c.id)
   WHERE c.id IN (OLD.course_id, NEW.course_id);
  RETURN NULL;
END
$$;

CREATE TRIGGER lessons_count_move
  AFTER UPDATE OF course_id ON lessons
  FOR EACH ROW WHEN (OLD.course_id IS DISTINCT FROM NEW.course_id)
  EXECUTE FUNCTION lumen_recount_moved_lesson();

CREATE FUNCTION lumen_zero_lesson_counts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE courses SET lesson_count = 0 WHERE lesson_count <> 0;
  RETURN NULL;
END
$$;

CREATE TRIGGER lessons_count_truncate
  AFTER TRUNCATE ON lessons
  FOR EACH STATEMENT EXECUTE FUNCTION lumen_zero_lesson_counts();

UPDATE courses c SET lesson_count = d.n
  FROM (SELECT course_id, count(*)::int AS n FROM lessons GROUP BY course_id) d
 WHERE c.id = d.course_id;

-- Statistics now, not at autovacuum's next pass: each connection plans list_my_progress
-- once (generic plans) and keeps that plan.
ANALYZE "courses";
