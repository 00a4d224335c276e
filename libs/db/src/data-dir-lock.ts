import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

import { DbError } from './errors.js';

interface LockOwner {
  pid: number;
  hostname: string;
  command: string;
  startedAt: string;
}

const LOCK_FILE = 'lumen.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/**
 * PGlite is a single-process database: two processes writing one data directory
 * corrupt it. This lock file (created with O_EXCL) makes the second opener stop with
 * a message naming the first. A lock left by a dead process on this host is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      const owner: LockOwner = {
        pid: process.pid,
        hostname: hostname(),
        command: process.argv.slice(1).join(' ').slice(0, 200),
        startedAt: new Date().toISOString(),
      };
      writeSync(fd, JSON.stringify(owner));
      closeSync(fd);
      const release = () => {
        process.off('exit', release);
        const current = readOwner(path);
        if (current?.pid === process.pid) {
          try {
            unlinkSync(path);
          } catch {
            // already gone
          }
        }
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(path);
      const stale = owner && owner.hostname === hostname() && !isAlive(owner.pid);
      if (stale || (owner === undefined && attempt === 0)) {
        try {
          unlinkSync(path);
        } catch {
          // someone else removed it first; retry
        }
        continue;
      }
      const who = owner
        ? `process ${owner.pid} on ${owner.hostname} ("${owner.command}", since ${owner.startedAt})`
        : 'another process';
      throw new DbError(
        'db.embedded.locked',
        `The embedded database in ${dataDir} is already open by ${who}. ` +
          'Only one process can use an embedded database at a time. Stop that process, ' +
          'or set DATABASE_URL to a PostgreSQL server so several processes can share one database.',
      );
    }
  }
  throw new DbError('db.embedded.locked', `Could not lock the embedded database in ${dataDir}.`);
}
