import { hostname } from 'node:os';
import { join } from 'node:path';

import { look, newOwner, publish, removeFile } from './lock-file.js';
import type { LockOwner, LockSighting } from './lock-file.js';

export type { LockOwner } from './lock-file.js';

export type LockAttempt =
  | { acquired: true; release: () => void }
  /** `owner` is undefined when the lock was released or replaced while being read. */
  | { acquired: false; owner: LockOwner | undefined };

const LOCK_FILE = 'lumen.lock';
/**
 * Locks are never empty now (see lock-file.ts), but older versions created the file
 * before writing it: one still unreadable after this long was left by a crash.
 */
const UNREADABLE_LOCK_GRACE_MS = 2_000;
/** Stale locks of stale takeovers of stale locks: enough for any run of crashes seen. */
const MAX_TAKEOVER_DEPTH = 3;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the lock seen was left by a process that is gone. */
function isStale(seen: LockSighting): boolean {
  if (seen.owner === undefined) return seen.ageMs > UNREADABLE_LOCK_GRACE_MS;
  return seen.owner.hostname === hostname() && !isAlive(seen.owner.pid);
}

/**
 * Removes the dead lock `seen` at `path`, if it is still there. Reading it and then
 * deleting it is not atomic: two processes that both saw the dead lock could each
 * delete it, the second one deleting the lock the first had just created. So only
 * the process that creates the marker `<path>.taken-<identity>` (atomically, like any
 * lock) may delete that particular lock. Nobody else can replace it in the meantime:
 * its owner is dead, plain acquirers only create a missing lock, and takers of other
 * (earlier) locks delete only the lock they saw, which is not this one. A marker left
 * by a taker that died is itself a dead lock, taken over the same way.
 */
function removeStale(path: string, seen: LockSighting, depth = 0): void {
  const marker = `${path}.taken-${seen.identity}`;
  if (!publish(marker, newOwner())) {
    const other = look(marker);
    if (other && isStale(other) && depth < MAX_TAKEOVER_DEPTH)
      removeStale(marker, other, depth + 1);
    return;
  }
  try {
    if (look(path)?.identity === seen.identity) removeFile(path);
  } finally {
    removeFile(marker);
  }
}

function releaser(path: string, owner: LockOwner): () => void {
  const release = () => {
    process.off('exit', release);
    try {
      if (look(path)?.identity === owner.id) removeFile(path);
    } catch {
      // the data dir went away: nothing left to release
    }
  };
  process.on('exit', release);
  return release;
}

/**
 * PGlite is a single-process database: two processes writing one data directory
 * corrupt it. This lock file decides which process opens the files; the others attach
 * to it (see create-db.ts). A lock left by a dead process on this host is taken over.
 */
export function tryAcquireDataDirLock(dataDir: string): LockAttempt {
  const path = join(dataDir, LOCK_FILE);
  const me = newOwner();
  let seen: LockSighting | undefined;
  // Second round: the lock was released, or a dead one removed, since the first.
  for (let round = 0; round < 2; round += 1) {
    if (publish(path, me)) return { acquired: true, release: releaser(path, me) };
    seen = look(path);
    if (seen && !isStale(seen)) break;
    if (seen) removeStale(path, seen);
  }
  return { acquired: false, owner: seen?.owner };
}

export function describeOwner(owner: LockOwner | undefined): string {
  return owner
    ? `process ${owner.pid} on ${owner.hostname} ("${owner.command}", since ${owner.startedAt})`
    : 'another process';
}
