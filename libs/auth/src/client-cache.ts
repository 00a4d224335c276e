import type { Db, Subscription } from '@lumen/db';

import type { ClientInfo, ClientOwner, ClientRegistry } from './client-registry.js';

export const PRINCIPAL_CHANNEL = 'lumen_principals';

type Found = { client: ClientInfo; owner: ClientOwner };

export interface ClientCacheOptions {
  db: Pick<Db, 'listen'>;
  registry: Pick<ClientRegistry, 'find'>;
  /** Upper bound on an entry's age even if no change is announced (default 30 s). */
  maxAgeMs?: number;
  /** Most clients remembered; the oldest goes first (default 10,000). */
  maxEntries?: number;
  now?: () => number;
}

export interface ClientCache {
  /** Same answer as `registry.find`, from memory while that is known to be current. */
  find(clientId: string): Promise<Found | undefined>;
  /** Forgets one client (or all): for changes this process makes itself. */
  evict(clientId?: string): void;
  /** Whether answers currently come from memory (the change feed is up). */
  live(): boolean;
  /** Settles once the change feed has been subscribed to (or failed to be). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Remembers MCP client rows (with the owner's role) so a bearer-token call does not
 * read them from the database every time, without weakening revocation: the database
 * announces every change to a client or its owner (migration 0009's triggers,
 * whoever writes), and this cache drops the entry when it hears it. While the
 * announcement feed is down, every lookup goes to the database, as without a cache.
 *
 * A lookup that started before a change was announced is not stored: every
 * announcement bumps a generation number, and an answer read under an older
 * generation is returned but not remembered.
 */
export function createClientCache(options: ClientCacheOptions): ClientCache {
  const maxAge = options.maxAgeMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { found: Found; at: number }>();
  let generation = 0;

  const forgetUser = (userId: string) => {
    for (const [clientId, entry] of entries) {
      if (entry.found.owner.id === userId) entries.delete(clientId);
    }
  };
  let subscription: Subscription | undefined;
  let closed = false;
  // Until the feed is up, and whenever it is down, lookups read the row.
  const ready = options.db
    .listen(PRINCIPAL_CHANNEL, {
      message: (payload) => {
        generation += 1;
        if (payload.startsWith('client:')) entries.delete(payload.slice('client:'.length));
        else if (payload.startsWith('user:')) forgetUser(payload.slice('user:'.length));
        else entries.clear();
      },
      reset: () => {
        generation += 1;
        entries.clear();
      },
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
    live,
    ready,
    async find(clientId) {
      if (!live()) return options.registry.find(clientId);
      const cached = entries.get(clientId);
      if (cached && now() - cached.at < maxAge) return cached.found;
      const seen = generation;
      const found = await options.registry.find(clientId);
      if (found && seen === generation && live()) {
        if (entries.size >= maxEntries && !entries.has(clientId)) {
          entries.delete(entries.keys().next().value!);
        }
        entries.set(clientId, { found, at: now() });
      }
      return found;
    },
    evict(clientId) {
      generation += 1;
      if (clientId === undefined) entries.clear();
      else entries.delete(clientId);
    },
    async close() {
      closed = true;
      entries.clear();
      await ready;
      await subscription?.close();
    },
  };
}
