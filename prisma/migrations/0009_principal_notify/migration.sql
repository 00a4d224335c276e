-- Replicas cache "who is this MCP client" (the client row and its owner's role) and
-- must drop an entry the moment it changes, whoever changes it: this server, the CLI,
-- another replica or another Lumen service. The database itself announces every such
-- change on the channel `lumen_principals`, after commit, as `client:<client_id>` or
-- `user:<user id>`. `last_used_at` writes are not announced (nothing cached depends on it).
CREATE FUNCTION lumen_notify_principal_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'mcp_clients' THEN
    PERFORM pg_notify('lumen_principals', 'client:' || OLD.client_id);
  ELSE
    PERFORM pg_notify('lumen_principals', 'user:' || OLD.id::text);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER mcp_clients_principal_change
  AFTER UPDATE OF client_id, client_secret_hash, owner_user_id, scopes, revoked_at OR DELETE
  ON mcp_clients FOR EACH ROW EXECUTE FUNCTION lumen_notify_principal_change();

CREATE TRIGGER users_principal_change
  AFTER UPDATE OF id, email, role OR DELETE
  ON users FOR EACH ROW EXECUTE FUNCTION lumen_notify_principal_change();
