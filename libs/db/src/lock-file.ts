/**
 * Files that say which process holds something, published atomically: the record is
 * written to a private temporary file first and then hard-linked to its public name.
 * link(2) fails with EEXIST when the name exists, and the name never exists without its
 * full record, so a reader never sees a half-written (empty) lock it might mistake for
 * a dead one, and of several processes linking at once exactly one wins.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  linkSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';

export interface LockOwner {
  pid: number;
  hostname: string;
  command: string;
  startedAt: string;
  /** Unique per acquisition; absent in locks written by older Lumen versions. */
  id?: string;
}

/** A lock file as read once: its owner (if readable), identity and age. */
export interface LockSighting {
  owner: LockOwner | undefined;
  /** The owner's id, or the file's inode and mtime when it has none. */
  identity: string;
  ageMs: number;
}

export function newOwner(): LockOwner {
  return {
    pid: process.pid,
    hostname: hostname(),
    command: process.argv.slice(1).join(' ').slice(0, 200),
    startedAt: new Date().toISOString(),
    id: randomBytes(12).toString('hex'),
  };
}

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

export function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if (errno(error) !== 'ENOENT') throw error;
  }
}

/** Creates `path` holding `owner`, unless it exists (then returns false). */
export function publish(path: string, owner: LockOwner): boolean {
  const draft = `${path}.${owner.id ?? process.pid}.tmp`;
  writeFileSync(draft, JSON.stringify(owner), { mode: 0o600 });
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if (errno(error) === 'EEXIST') return false;
    throw error;
  } finally {
    removeFile(draft);
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner> | null;
    if (typeof value?.pid !== 'number' || typeof value.hostname !== 'string') return undefined;
    return value as LockOwner;
  } catch {
    return undefined;
  }
}

/** Reads the lock at `path`; undefined when there is none. */
export function look(path: string): LockSighting | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (errno(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    // Stat and content come from one open file, so they describe the same lock.
    const stat = fstatSync(fd, { bigint: true });
    const owner = parseOwner(readFileSync(fd, 'utf8'));
    return {
      owner,
      identity: owner?.id ?? `i${stat.ino}-${stat.mtimeNs}`,
      ageMs: Date.now() - Number(stat.mtimeMs),
    };
  } finally {
    closeSync(fd);
  }
}
