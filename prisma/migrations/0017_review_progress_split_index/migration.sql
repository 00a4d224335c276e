-- list_my_progress used to read every one of a learner's cards through one covering
-- (user_id, course_id) index (0007) and sort them out with FILTER clauses. Profiled on
-- PGlite with 100,000 cards, the per-card expressions were most of the cost (PGlite is
-- 32-bit WebAssembly, where every float8 and timestamp step allocates). So:
--
-- 1. The last review is also kept as two integers, its UTC day number and its
--    millisecond of that day, which the database derives itself (generated columns,
--    so every writer keeps them right). Whole days elapsed at `now` are then
--    now_day - review_day, less one if the review's time of day is later than now's:
--    exactly floor((now - last_review) / 1 day) in whole milliseconds, as ts-fsrs
--    counts it, in int4 arithmetic instead of five float8 steps per card.
ALTER TABLE "review_cards"
    ADD COLUMN "review_day" integer GENERATED ALWAYS AS
        (floor(date_part('epoch', "last_review" - '1970-01-01 00:00:00+00'::timestamptz) / 86400)::integer) STORED,
    ADD COLUMN "review_ms_of_day" integer GENERATED ALWAYS AS
        ((round(date_part('epoch', "last_review" - '1970-01-01 00:00:00+00'::timestamptz) * 1000)::bigint % 86400000)::integer) STORED;

-- 2. The statement reads two disjoint slices, each through a partial covering index
--    that holds exactly what its aggregate needs, so no FILTER decides per card
--    which aggregate it feeds:
--      reviewed: cards with a memory to fade (mastery, due count, last review),
--      unreviewed: the rest (new-card and due counts).
--    The predicates are each other's negation (none of the columns is nullable), so
--    every card is in exactly one of them and each grade still writes one entry here.
DROP INDEX "review_cards_user_id_course_id_idx";
CREATE INDEX "review_cards_reviewed_idx" ON "review_cards"("user_id", "course_id")
    INCLUDE ("stability", "review_day", "review_ms_of_day", "last_review", "due")
    WHERE "state" <> 0 AND "stability" > 0 AND "last_review" IS NOT NULL;
CREATE INDEX "review_cards_unreviewed_idx" ON "review_cards"("user_id", "course_id")
    INCLUDE ("state", "due", "last_review")
    WHERE NOT ("state" <> 0 AND "stability" > 0 AND "last_review" IS NOT NULL);

-- 3. Every query on review_cards reads one learner's slice. A parallel plan for the
--    100k-card aggregate cost 5x the serial one on a small busy server (workers fight
--    the leader for the same cores); saying so here replaces the per-call transaction
--    that switched parallel query off (four round trips instead of one).
ALTER TABLE "review_cards" SET (parallel_workers = 0);
