import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A copy of one MCP client's stored argon2id hash (its `mcp_clients.client_secret_hash`
 * PHC string), kept beside the embedded database in `<data dir>/mcp-client-hashes/`, so
 * that the next start can verify LUMEN_MCP_AUTH_TOKEN in a worker thread while PGlite is
 * still opening. `lumen mcp-token` writes it when it mints a client on the embedded
 * database, and the stdio server (re)writes it after each successful check, so even the
 * first start after minting is fast. It is a hash, as the database itself holds, not a secret. Nothing
 * trusts it: a verification against it counts only if the database row, read before the
 * first answer, holds exactly the same string (see @lumen/auth's createVerifyAhead).
 */
export interface ClientHashCopy {
  /** The copied hash, or undefined when there is none yet. */
  read(): string | undefined;
  /**
   * Replaces the copy, atomically (a reader sees the old one or the new one). At once,
   * not in the background: the server may be told to exit right after its first answer.
   */
  write(phc: string): void;
}

/**
 * The copy for one client in `<dataDir>/mcp-client-hashes/<clientId>.phc`. `clientId`
 * must be a well-formed client id (`lmc_` + base64url), which is safe as a file name.
 */
export function clientHashCopy(dataDir: string, clientId: string): ClientHashCopy {
  const dir = join(dataDir, 'mcp-client-hashes');
  const path = join(dir, `${clientId}.phc`);
  return {
    read: () => {
      try {
        return readFileSync(path, 'utf8').trim() || undefined;
      } catch {
        return undefined;
      }
    },
    write: (phc) => {
      const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        writeFileSync(temp, `${phc}\n`, { mode: 0o600 });
        renameSync(temp, path);
      } finally {
        rmSync(temp, { force: true });
      }
    },
  };
}
