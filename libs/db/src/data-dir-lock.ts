import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface LockOwner {
  pid: number;
  hostname: string;
  command: string;
  startedAt: string;
}

export type LockAttempt =
  | { acquired: true; release: () => void }
  /** `owner` is undefined while another process is writing or replacing the lock. */
  | { acquired: false; owner: LockOwner | undefined };

const LOCK_FILE = 'lumen.lock';
/** A lock file still empty after this long was left by a process that died creating it. */
const EMPTY_LOCK_GRACE_MS = 2_000;
/** A takeover guard older than this was left by a process that died holding it. */
const GUARD_STALE_MS = 10_000;

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

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Whether the lock at `path` was left by a process that is gone. */
function isStale(path: string): boolean {
  const owner = readOwner(path);
  if (owner === undefined) return ageMs(path) > EMPTY_LOCK_GRACE_MS;
  return owner.hostname === hostname() && !isAlive(owner.pid);
}

function removeDir(path: string): void {
  try {
    rmdirSync(path);
  } catch {
    // removed by another process
  }
}

function create(path: string): (() => void) | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
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
    if (readOwner(path)?.pid === process.pid) {
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', release);
  return release;
}

/**
 * Replaces a stale lock under a guard directory (mkdir is atomic), re-checking inside
 * it: without the guard, two processes that both saw the same dead owner could each
 * delete the lock the other had just created, and both would open the files.
 */
function replaceStale(path: string): (() => void) | undefined {
  const guard = `${path}.takeover`;
  try {
    mkdirSync(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (ageMs(guard) > GUARD_STALE_MS) removeDir(guard);
    return undefined;
  }
  try {
    if (!isStale(path)) return undefined;
    try {
      unlinkSync(path);
    } catch {
      // gone already
    }
    return create(path);
  } finally {
    removeDir(guard);
  }
}

/**
 * PGlite is a single-process database: two processes writing one data directory
 * corrupt it. This lock file (created with O_EXCL) decides which process opens the
 * files; the others attach to it (see shared-embedded.ts). A lock left by a dead
 * process on this host is taken over.
 */
export function tryAcquireDataDirLock(dataDir: string): LockAttempt {
  const path = join(dataDir, LOCK_FILE);
  const release = create(path) ?? (isStale(path) ? replaceStale(path) : undefined);
  if (release) return { acquired: true, release };
  return { acquired: false, owner: readOwner(path) };
}

export function describeOwner(owner: LockOwner | undefined): string {
  return owner
    ? `process ${owner.pid} on ${owner.hostname} ("${owner.command}", since ${owner.startedAt})`
    : 'another process';
}
