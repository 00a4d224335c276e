/**
 * `db.listen(channel, handlers)`: PostgreSQL LISTEN/NOTIFY for caches that must drop
 * what they hold when another process (a replica, the CLI, another Lumen service)
 * changes the rows behind it. Triggers in the migrations send the notifications, so
 * every writer is covered, whatever code it runs.
 *
 * A subscription is only trustworthy while its connection is up: `live()` says so,
 * and `reset()` is called whenever messages may have been missed (the connection
 * dropped, or came back), so the consumer forgets everything it derived from them.
 */
import type pg from 'pg';

export interface ListenHandlers {
  message(payload: string): void;
  /** Messages may have been missed: drop everything derived from earlier ones. */
  reset(): void;
}

export interface Subscription {
  /** True while notifications are being received. */
  live(): boolean;
  close(): Promise<void>;
}

export type Listen = (channel: string, handlers: ListenHandlers) => Promise<Subscription>;

// The embedded database's owner listens through notification-hub.ts.

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkChannel(channel: string): void {
  if (!IDENTIFIER.test(channel))
    throw new Error(`listen: "${channel}" is not a plain channel name`);
}

/** Ends a listening connection we no longer use; its late errors are ignored. */
async function discard(client: pg.Client | undefined): Promise<void> {
  if (!client) return;
  client.removeAllListeners();
  client.on('error', () => undefined);
  await client.end().catch(() => undefined);
}

/**
 * PostgreSQL: a dedicated connection outside the pool (a pooled one would be handed
 * to queries and lose its LISTEN). When it fails, the subscription goes dead, resets
 * its consumer and reconnects with backoff (0.25 s doubling to 10 s).
 */
export function pgListen(
  connect: () => pg.Client,
  log: (line: string) => void = () => undefined,
): Listen {
  return async (channel, handlers) => {
    checkChannel(channel);
    let client: pg.Client | undefined;
    let up = false;
    let closed = false;
    let delay = 250;
    let timer: NodeJS.Timeout | undefined;

    const down = (why: string) => {
      if (closed) return;
      if (up)
        log(
          `listen ${channel}: connection lost (${why}); cached data is bypassed until it returns`,
        );
      up = false;
      handlers.reset();
      const dead = client;
      client = undefined;
      void discard(dead);
      timer = setTimeout(() => void attempt(), delay);
      timer.unref();
      delay = Math.min(delay * 2, 10_000);
    };

    const attempt = async (): Promise<void> => {
      if (closed) return;
      const next = connect();
      client = next;
      next.on('error', (error) => down(error.message));
      next.on('end', () => {
        if (client === next) down('connection ended');
      });
      next.on('notification', (n) => {
        if (n.channel === channel) handlers.message(n.payload ?? '');
      });
      try {
        await next.connect();
        await next.query(`LISTEN ${channel}`);
        if (closed || client !== next) return;
        // Anything that changed while we were not listening is unknown: start afresh.
        handlers.reset();
        up = true;
        delay = 250;
      } catch (error) {
        if (client === next) down((error as Error).message);
      }
    };

    await attempt();
    return {
      live: () => up,
      close: async () => {
        closed = true;
        up = false;
        if (timer) clearTimeout(timer);
        const last = client;
        client = undefined;
        await discard(last);
      },
    };
  };
}
