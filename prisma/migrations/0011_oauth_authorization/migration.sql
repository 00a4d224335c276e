-- OAuth 2.1 authorization code + PKCE for people (issue 13).
--
-- Users sign in with a password (argon2id PHC string, the same scheme as client
-- secrets); NULL means the account cannot sign in in a browser.
ALTER TABLE "users" ADD COLUMN "password_hash" TEXT;

-- OAuth clients Lumen did not mint: Dynamic Client Registration (RFC 7591) records and
-- cached Client ID Metadata Documents (CIMD, draft-ietf-oauth-client-id-metadata-document).
-- Both are public clients (token_endpoint_auth_method "none", PKCE). `expires_at` is when
-- an unused DCR registration lapses, or when a cached CIMD document must be fetched again.
CREATE TABLE "oauth_clients" (
    "client_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "client_name" TEXT NOT NULL,
    "redirect_uris" TEXT[] NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    CONSTRAINT "oauth_clients_pkey" PRIMARY KEY ("client_id"),
    CONSTRAINT "oauth_clients_kind_check" CHECK ("kind" IN ('dcr', 'cimd'))
);
CREATE INDEX "oauth_clients_expires_at_idx" ON "oauth_clients"("expires_at");

-- A grant (a user's consent to one OAuth client) is an mcp_clients row without a secret:
-- the same row the principal resolver, the revocation feed (migration 0009), last-use
-- tracking and the admin API already work with. `oauth_client_id` names the OAuth client.
ALTER TABLE "mcp_clients" ALTER COLUMN "client_secret_hash" DROP NOT NULL;
ALTER TABLE "mcp_clients" ADD COLUMN "oauth_client_id" TEXT;
CREATE INDEX "mcp_clients_owner_user_id_oauth_client_id_idx"
    ON "mcp_clients"("owner_user_id", "oauth_client_id");

-- An authorization request between /oauth/authorize and the consent decision. Kept in
-- the database so any replica can serve the login and consent posts. `csrf_hash` is the
-- SHA-256 of the token the pages carry (and the browser's cookie holds).
CREATE TABLE "oauth_pending_authorizations" (
    "id" TEXT NOT NULL,
    "csrf_hash" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "redirect_uri" TEXT NOT NULL,
    "state" TEXT,
    "code_challenge" TEXT NOT NULL,
    "scopes" TEXT[] NOT NULL,
    "resource" TEXT NOT NULL,
    "user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "oauth_pending_authorizations_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "oauth_pending_authorizations_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
);
CREATE INDEX "oauth_pending_authorizations_expires_at_idx" ON "oauth_pending_authorizations"("expires_at");

-- Authorization codes (single use, 60 s) and refresh tokens (rotated on every use), both
-- stored as SHA-256 digests of 256-bit random values, each belonging to one grant.
CREATE TABLE "oauth_codes" (
    "code_hash" TEXT NOT NULL,
    "grant_id" TEXT NOT NULL,
    "oauth_client_id" TEXT NOT NULL,
    "redirect_uri" TEXT NOT NULL,
    "code_challenge" TEXT NOT NULL,
    "scopes" TEXT[] NOT NULL,
    "resource" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    CONSTRAINT "oauth_codes_pkey" PRIMARY KEY ("code_hash"),
    CONSTRAINT "oauth_codes_grant_id_fkey" FOREIGN KEY ("grant_id") REFERENCES "mcp_clients"("client_id") ON DELETE CASCADE
);
CREATE INDEX "oauth_codes_grant_id_idx" ON "oauth_codes"("grant_id");

CREATE TABLE "oauth_refresh_tokens" (
    "token_hash" TEXT NOT NULL,
    "grant_id" TEXT NOT NULL,
    "scopes" TEXT[] NOT NULL,
    "resource" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    CONSTRAINT "oauth_refresh_tokens_pkey" PRIMARY KEY ("token_hash"),
    CONSTRAINT "oauth_refresh_tokens_grant_id_fkey" FOREIGN KEY ("grant_id") REFERENCES "mcp_clients"("client_id") ON DELETE CASCADE
);
CREATE INDEX "oauth_refresh_tokens_grant_id_idx" ON "oauth_refresh_tokens"("grant_id");
