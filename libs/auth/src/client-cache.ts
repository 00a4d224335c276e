import type { Db } from '@lumen/db';
import { createFeedCache } from '@lumen/db';

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
 * Unknown client ids are not remembered (a client row's insert is not announced).
 * See `createFeedCache` for the rules that keep it current.
 */
export function createClientCache(options: ClientCacheOptions): ClientCache {
  const cache = createFeedCache<Found | undefined>({
    db: options.db,
    channel: PRINCIPAL_CHANNEL,
    keep: (found) => found !== undefined,
    onMessage: (payload, entries) => {
      if (payload.startsWith('client:')) entries.delete(payload.slice('client:'.length));
      else if (payload.startsWith('user:')) {
        const userId = payload.slice('user:'.length);
        entries.deleteWhere((found) => found?.owner.id === userId);
      } else entries.clear();
    },
    maxAgeMs: options.maxAgeMs,
    maxEntries: options.maxEntries,
    now: options.now,
  });
  return {
    find: (clientId) => cache.get(clientId, () => options.registry.find(clientId)),
    evict: (clientId) => (clientId === undefined ? cache.clear() : cache.delete(clientId)),
    live: cache.live,
    ready: cache.ready,
    close: cache.close,
  };
}
