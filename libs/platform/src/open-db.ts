import { createDb } from '@lumen/db';
import type { Db } from '@lumen/db';

import type { LumenConfig } from './config.js';

/**
 * Opens the configured database: PostgreSQL at `config.database.url`, else the embedded
 * one in `config.database.dataDir`. Pending migrations are applied unless `migrate` is
 * false (`true` also migrates through an embedded data dir another Db owns). The one
 * place the servers and the CLI open a database.
 */
export function openDatabase(
  config: Pick<LumenConfig, 'database'>,
  options: { log: (line: string) => void; migrate?: boolean },
): Promise<Db> {
  return createDb({
    url: config.database.url,
    dataDir: config.database.dataDir,
    log: options.log,
    ...(options.migrate === undefined ? {} : { migrate: options.migrate }),
  });
}
