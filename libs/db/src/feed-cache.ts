/**
 * A read-through cache kept correct by the database's change feed (`db.listen`):
 * triggers announce every change to the rows behind it, whoever writes, and the
 * consumer decides what each announcement makes stale. It is how a stateless replica
 * can skip a database round trip without serving another replica's stale answer.
 *
 * Rules that keep it honest:
 * - while the feed is down (not yet subscribed, connection lost), every read goes to
 *   the loader and nothing is stored;
 * - a value loaded while an announcement (or a local `clear`/`delete`) arrived is
 *   returned but not stored: a generation number counts them;
 * - entries expire after `maxAgeMs` anyway, and the oldest goes first beyond
 *   `maxEntries`;
 * - a loader that throws stores nothing.
 */
import type { Db, Subscription } from './index.js';

export interface FeedCacheEntries<V> {
  delete(key: string): void;
  clear(): void;
  /** Visits every entry; return true to drop it. */
  deleteWhere(drop: (value: V, key: string) => boolean): void;
}

export interface FeedCacheOptions<V> {
  db: Pick<Db, 'listen'>;
  channel: string;
  /** What an announcement makes stale (default: everything). */
  onMessage?: (payload: string, entries: FeedCacheEntries<V>) => void;
  /** Whether a loaded value may be remembered (default: every value). */
  keep?: (value: V) => boolean;
  /** Upper bound on an entry's age even if no change is announced (default 30 s). */
  maxAgeMs?: number;
  /** Most entries remembered (default 10,000). */
  maxEntries?: number;
  now?: () => number;
}

export interface FeedCache<V> extends FeedCacheEntries<V> {
  /** The remembered value for `key` while it is known to be current, else `load()`'s. */
  get(key: string, load: () => Promise<V>): Promise<V>;
  /** Whether answers currently come from memory (the change feed is up). */
  live(): boolean;
  /** Settles once the change feed has been subscribed to (or failed to be). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function createFeedCache<V>(options: FeedCacheOptions<V>): FeedCache<V> {
  const maxAge = options.maxAgeMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const keep = options.keep ?? (() => true);
  const entries = new Map<string, { value: V; at: number }>();
  let generation = 0;

  const edit: FeedCacheEntries<V> = {
    delete(key) {
      generation += 1;
      entries.delete(key);
    },
    clear() {
      generation += 1;
      entries.clear();
    },
    deleteWhere(drop) {
      generation += 1;
      for (const [key, entry] of entries) if (drop(entry.value, key)) entries.delete(key);
    },
  };
  const onMessage = options.onMessage ?? ((_payload, all) => all.clear());

  let subscription: Subscription | undefined;
  let closed = false;
  const ready = options.db
    .listen(options.channel, {
      message: (payload) => {
        generation += 1;
        onMessage(payload, edit);
      },
      reset: edit.clear,
    })
    .then(
      async (sub) => {
        if (closed) await sub.close();
        else subscription = sub;
      },
      () => undefined, // no feed at all: the cache stays bypassed
    );
  const live = () => !closed && (subscription?.live() ?? false);

  return {
    ...edit,
    live,
    ready,
    async get(key, load) {
      if (!live()) return load();
      const cached = entries.get(key);
      if (cached && now() - cached.at < maxAge) return cached.value;
      const seen = generation;
      const value = await load();
      if (seen === generation && live() && keep(value)) {
        if (entries.size >= maxEntries && !entries.has(key)) {
          entries.delete(entries.keys().next().value!);
        }
        entries.set(key, { value, at: now() });
      }
      return value;
    },
    async close() {
      closed = true;
      entries.clear();
      await ready;
      await subscription?.close();
    },
  };
}
