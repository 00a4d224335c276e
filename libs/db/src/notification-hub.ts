/**
 * LISTEN/NOTIFY for an embedded database shared over its socket. PGlite runs one
 * session for every user, so a notification comes out of whichever statement runs
 * after the commit: PGlite hands those of the owner's own statements to its listeners,
 * and the socket server picks those out of the attached processes' replies. Both feed
 * this hub, which delivers each to every subscriber of its channel, in this process
 * (the owner's caches) and on the socket (the attached processes' caches).
 */
import type { PGlite } from '@electric-sql/pglite';

import { checkChannel } from './listen.js';
import type { Listen } from './listen.js';

type Deliver = (payload: string) => void;

export interface NotificationHub {
  /** The owner's own `db.listen`. */
  listen: Listen;
  subscribe(channel: string, deliver: Deliver): Promise<() => Promise<void>>;
  /** A notification found in an attached process's reply. */
  publish(channel: string, payload: string): void;
}

export function createNotificationHub(pglite: PGlite): NotificationHub {
  const channels = new Map<
    string,
    { deliver: Set<Deliver>; unlisten: Promise<() => Promise<void>> }
  >();

  const publish = (channel: string, payload: string) => {
    for (const deliver of channels.get(channel)?.deliver ?? []) deliver(payload);
  };

  const subscribe = async (channel: string, deliver: Deliver) => {
    checkChannel(channel);
    let entry = channels.get(channel);
    if (!entry) {
      const created = {
        deliver: new Set<Deliver>(),
        unlisten: pglite.listen(channel, (payload) => publish(channel, payload)),
      };
      entry = created;
      channels.set(channel, created);
      created.unlisten.catch(() => channels.get(channel) === created && channels.delete(channel));
    }
    entry.deliver.add(deliver);
    await entry.unlisten;
    const current = entry;
    return async () => {
      if (!current.deliver.delete(deliver) || current.deliver.size > 0) return;
      channels.delete(channel);
      if (!pglite.closed) await (await current.unlisten)().catch(() => undefined);
    };
  };

  const listen: Listen = async (channel, handlers) => {
    let open = true;
    const stop = await subscribe(channel, (payload) => handlers.message(payload));
    return {
      live: () => open && !pglite.closed,
      close: async () => {
        if (!open) return;
        open = false;
        await stop();
      },
    };
  };

  return { listen, subscribe, publish };
}
