-- FSRS-6 weights fitted to one learner from their own review_logs (issue 19). At most
-- one row per user: a refit replaces it. The fit is kept only when it predicted the
-- learner's own reviews better than the defaults, so the row records both log-losses
-- and binned RMSEs as evidence, and which optimizer produced it.
CREATE TABLE "fsrs_parameters" (
    "user_id" UUID NOT NULL,
    "weights" DOUBLE PRECISION[] NOT NULL,
    "fitted_at" TIMESTAMPTZ(3) NOT NULL,
    "review_count" INTEGER NOT NULL,
    "log_loss_default" DOUBLE PRECISION NOT NULL,
    "log_loss_fitted" DOUBLE PRECISION NOT NULL,
    "rmse_default" DOUBLE PRECISION NOT NULL,
    "rmse_fitted" DOUBLE PRECISION NOT NULL,
    "optimizer" TEXT NOT NULL,
    CONSTRAINT "fsrs_parameters_pkey" PRIMARY KEY ("user_id"),
    CONSTRAINT "fsrs_parameters_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "fsrs_parameters_weights_len" CHECK (cardinality("weights") = 21)
);

-- Every replica remembers each learner's scheduler; a refit (by any process: the CLI,
-- another replica's timer) is announced on `lumen_fsrs_parameters` with the user's id,
-- after commit, so each drops just that learner's entry.
CREATE FUNCTION lumen_notify_fsrs_parameters() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('lumen_fsrs_parameters', COALESCE(NEW.user_id, OLD.user_id)::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER fsrs_parameters_change
  AFTER INSERT OR UPDATE OR DELETE ON fsrs_parameters
  FOR EACH ROW EXECUTE FUNCTION lumen_notify_fsrs_parameters();
