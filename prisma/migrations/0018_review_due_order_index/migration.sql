-- list_my_due_reviews orders a learner's due cards by (due, id). Enrolment creates all of
-- a course's cards with one due time, so with the index on (user_id, due) PostgreSQL had
-- to read and sort every card sharing that time before it could return the first page
-- (20,000 such cards: 6.6 ms instead of 0.1 ms). With id in the index the scan returns
-- the page in order and stops after `limit` rows.
DROP INDEX "review_cards_user_id_due_idx";
CREATE INDEX "review_cards_user_id_due_id_idx" ON "review_cards"("user_id", "due", "id");
