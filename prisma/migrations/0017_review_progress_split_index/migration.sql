-- list_my_progress used to read every one of a learner's cards through one covering
-- (user_id, course_id) index (0007) and sort them out with FILTER clauses. Profiled on
-- PGlite with 100,000 cards, the per-card expressions were most of the cost (PGlite is
-- 32-bit WebAssembly, where every float8 step allocates), so the statement now reads
-- two disjoint slices, each through a partial covering index that holds exactly what
-- its aggregate needs and no FILTER to evaluate per card:
--   reviewed: cards with a memory to fade (their mastery and due counts),
--   unreviewed: the rest (new-card and due counts).
-- The predicates are each other's negation (none of the columns is nullable), so
-- every card is in exactly one of them and each grade still writes one entry here.
DROP INDEX "review_cards_user_id_course_id_idx";
CREATE INDEX "review_cards_reviewed_idx" ON "review_cards"("user_id", "course_id")
    INCLUDE ("stability", "last_review", "due")
    WHERE "state" <> 0 AND "stability" > 0 AND "last_review" IS NOT NULL;
CREATE INDEX "review_cards_unreviewed_idx" ON "review_cards"("user_id", "course_id")
    INCLUDE ("state", "due", "last_review")
    WHERE NOT ("state" <> 0 AND "stability" > 0 AND "last_review" IS NOT NULL);
-- Every query on review_cards is one learner's slice. A parallel plan for the 100k-row
-- aggregate cost 5x the serial one on a small busy server (workers fight the leader
-- for the same cores); saying so here replaces the per-call transaction that switched
-- parallel query off (four round trips instead of one).
ALTER TABLE "review_cards" SET (parallel_workers = 0);
