-- Replicas may remember catalog pages (list_courses) and must drop them as soon as
-- anything behind a page changes, whoever changes it. The database announces it on the
-- channel `lumen_catalog`, after commit, with the table's name as the payload. The
-- triggers fire once per statement, and PostgreSQL folds identical notifications of one
-- transaction into one, so a bulk write costs one announcement per table.
CREATE FUNCTION lumen_notify_catalog_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('lumen_catalog', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER courses_catalog_change
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON courses
  FOR EACH STATEMENT EXECUTE FUNCTION lumen_notify_catalog_change();

CREATE TRIGGER subjects_catalog_change
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON subjects
  FOR EACH STATEMENT EXECUTE FUNCTION lumen_notify_catalog_change();

CREATE TRIGGER lessons_catalog_change
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lessons
  FOR EACH STATEMENT EXECUTE FUNCTION lumen_notify_catalog_change();

CREATE TRIGGER enrollments_catalog_change
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON enrollments
  FOR EACH STATEMENT EXECUTE FUNCTION lumen_notify_catalog_change();
