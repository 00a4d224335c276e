import { clientIdOfSecret, createArgon2Pool, createVerifyAhead, inThreadHasher } from '@lumen/auth';
import type { SecretHasher } from '@lumen/auth';
import { clientHashCopy } from '@lumen/db';
import type { LumenConfig, Logger } from '@lumen/platform';

export interface TokenCheck {
  /** The hasher the client registry verifies LUMEN_MCP_AUTH_TOKEN with. */
  hasher: SecretHasher;
  /** Whether the token's argon2 verification is already running in a worker thread. */
  ahead: boolean;
  close(): Promise<void>;
}

/**
 * The token's one argon2id verification (about a quarter of a cold start's CPU) need not
 * wait for the database: on the embedded database, a copy of the client's stored hash
 * from an earlier start lets it begin at once, in a worker thread, while PGlite opens on
 * this one. The database still decides: the registry reads the row as before, and the
 * early result is used only if the row holds the very hash that was checked (otherwise
 * the row's hash is verified here, as without a copy); revocation is read from the row
 * on every call. After a successful check the copy is (re)written from the row.
 *
 * With DATABASE_URL nothing is copied: that database has no local data dir of its own.
 */
export function startTokenCheck(config: LumenConfig, logger: Logger): TokenCheck {
  const token = config.stdioToken;
  const clientId = token ? clientIdOfSecret(token) : undefined;
  if (!token || !clientId || config.database.url)
    return { hasher: inThreadHasher, ahead: false, close: async () => undefined };
  const copy = clientHashCopy(config.database.dataDir, clientId);
  const copied = copy.read();
  const pool = copied === undefined ? undefined : createArgon2Pool({ size: 1, maxQueue: 0 });
  const hasher = createVerifyAhead({
    hasher: inThreadHasher,
    ahead: pool ?? inThreadHasher,
    onVerified: (phc) => {
      if (phc === copied) return;
      try {
        copy.write(phc);
      } catch (error) {
        logger.warn('stdio.hash_copy_not_written', { detail: (error as Error).message });
      }
    },
  });
  if (copied !== undefined) hasher.start(token, copied);
  return { hasher, ahead: copied !== undefined, close: async () => pool?.close() };
}
