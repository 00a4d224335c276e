import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { LumenConfig } from './config.js';
import { ConfigError } from './config.js';

/**
 * JWT_SECRET signs the OAuth access tokens. With a shared PostgreSQL every replica must
 * use the same key, so it is required there. With the embedded database (one process,
 * one machine) a random key is created once in the data directory, so `npm start`
 * works with no configuration and tokens survive restarts.
 */
export function resolveJwtSecret(config: LumenConfig, log: (line: string) => void): string {
  if (config.jwtSecret) {
    if (config.jwtSecret.length < 32)
      throw new ConfigError('JWT_SECRET must be at least 32 characters.');
    return config.jwtSecret;
  }
  if (config.database.url) {
    throw new ConfigError(
      'JWT_SECRET is required when DATABASE_URL is set (every replica must share it).',
    );
  }
  const path = join(config.database.dataDir, 'jwt-secret');
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    mkdirSync(config.database.dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    log(`created a JWT signing key for the embedded database at ${path}`);
    return secret;
  }
}
