-- A draft imported from web pages is named after its first page. Once a second page
-- from the same site joins it, a person would call it after the site, so ingest
-- remembers the site's name (og:site_name, or the name at the end of the page's
-- <title>) beside the draft. NULL: the first page named no site, or pages from
-- another site have joined the draft since (its title then stays).
ALTER TABLE "courses" ADD COLUMN "import_site" TEXT;
