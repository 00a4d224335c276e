/**
 * Serves the owner's PGlite to the other local processes on a Unix socket in the data
 * dir, speaking PostgreSQL's wire protocol so they use the regular `pg` driver.
 *
 * PGlite has one session. Each connection therefore takes the whole database (both of
 * PGlite's mutexes, which the owner's own queries and transactions take too) from its
 * first message until PGlite answers ReadyForQuery with status idle: an extended-query
 * exchange (Parse…Sync) or a transaction (BEGIN…COMMIT) runs with nothing else
 * interleaved, from the owner or from another connection. A connection that leaves
 * mid-transaction is rolled back; one idle inside a transaction for longer than
 * `idleInTransactionMs` is closed (and rolled back) so it cannot stall everyone.
 *
 * LISTEN/UNLISTEN are answered here and routed through the notification hub, and the
 * NotificationResponses that PGlite emits after a connection's commit are taken out of
 * that connection's reply and delivered by the hub to whoever listens.
 *
 * Closing (the owner exiting) is orderly, as a PostgreSQL server's smart shutdown: no new
 * connection is accepted; an exchange or transaction under way runs to its end and gets
 * its reply; then each connection is told FATAL 57P01 (admin_shutdown) and ended, without
 * running anything sent after that. An attached process thus never loses a statement it
 * already sent to the owner's leaving, and knows that what was refused did not run (its
 * pool connects anew, which takes the files over: see create-db.ts).
 */
import { chmodSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

import type { PGlite } from '@electric-sql/pglite';

import type { NotificationHub } from './notification-hub.js';
import * as wire from './pg-wire.js';

export interface EmbeddedServerOptions {
  pglite: PGlite;
  hub: NotificationHub;
  socketPath: string;
  /** Default 60 s. */
  idleInTransactionMs?: number;
  /**
   * On close, how long a connection inside a transaction may take to finish it before it
   * is cut off (and rolled back). Default 2 s.
   */
  closeGraceMs?: number;
  log?: ((line: string) => void) | undefined;
}

export interface EmbeddedServer {
  /** Closes every connection (rolling back what they left open) and the socket. */
  close(): Promise<void>;
}

/** What a connection is told when the owner closes (PostgreSQL's admin_shutdown). */
const SHUTTING_DOWN = wire.errorResponse(
  '57P01',
  'the embedded database is closing: the process that owns it is exiting',
  'FATAL',
);

const LISTEN = /^\s*(LISTEN|UNLISTEN)\s+"?([a-z_][a-z0-9_]*)"?\s*;?\s*$/i;

/** Takes the database for one connection; resolves with the function that gives it back. */
function takeDatabase(pglite: PGlite): Promise<() => void> {
  return new Promise((granted, refused) => {
    pglite
      ._runExclusiveTransaction(() =>
        pglite._runExclusiveQuery(() => new Promise<void>((release) => granted(release))),
      )
      .catch(refused);
  });
}

export async function serveEmbedded(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const { pglite, hub, socketPath } = options;
  const idleInTransactionMs = options.idleInTransactionMs ?? 60_000;
  const closeGraceMs = options.closeGraceMs ?? 2_000;
  const [version] = (await pglite.query<{ server_version: string }>('SHOW server_version')).rows;
  const serverVersion = version?.server_version ?? '17';
  /** Each open connection: resolves once it is finished; `leave` ends it when idle. */
  const connections = new Map<Promise<void>, { leave: () => void }>();
  let nextId = 0;
  let closing = false;

  const serve = (socket: Socket) => {
    let pending: Buffer = Buffer.alloc(0);
    let started = false;
    let release: (() => void) | undefined;
    let idleTimer: NodeJS.Timeout | undefined;
    let chain = Promise.resolve();
    const listening = new Map<string, () => Promise<void>>();
    const prefix = `lumen_c${++nextId}_`;
    const statements = new Set<string>();

    let left = false;

    const send = (bytes: Buffer) => {
      if (!socket.destroyed) socket.write(bytes);
    };

    /** Closing: once nothing is under way, say so and end the connection. */
    const leaveIfIdle = (): boolean => {
      if (left) return true;
      if (!closing || release) return false;
      left = true;
      send(SHUTTING_DOWN);
      socket.end();
      return true;
    };

    const runRaw = async (bytes: Buffer): Promise<Buffer> => {
      const chunks: Buffer[] = [];
      await pglite.execProtocolRawStream(bytes, {
        onRawData: (data) => chunks.push(Buffer.from(data)),
      });
      return Buffer.concat(chunks);
    };

    const run = async (bytes: Buffer) => {
      release ??= await takeDatabase(pglite);
      const { messages } = wire.splitMessages(await runRaw(bytes));
      const notifications: Array<{ channel: string; payload: string }> = [];
      const reply: Buffer[] = [];
      let status: number | undefined;
      for (const msg of messages) {
        if (msg.type === 0x41 /* A */) notifications.push(wire.readNotification(msg));
        else reply.push(msg.bytes);
        if (msg.type === 0x5a /* Z */) status = msg.bytes[5];
      }
      send(Buffer.concat(reply));
      if (status === 0x49 /* I */) {
        release();
        release = undefined;
      }
      for (const n of notifications) hub.publish(n.channel, n.payload);
    };

    const listenCommand = async (verb: string, channel: string) => {
      if (verb.toUpperCase() === 'LISTEN') {
        if (!listening.has(channel)) {
          const stop = await hub.subscribe(channel, (payload) =>
            send(wire.notificationResponse(process.pid, channel, payload)),
          );
          listening.set(channel, stop);
        }
      } else {
        await listening.get(channel)?.();
        listening.delete(channel);
      }
      send(
        Buffer.concat([
          wire.commandComplete(verb.toUpperCase()),
          wire.readyForQuery(release ? 'T' : 'I'),
        ]),
      );
    };

    const startup = (): boolean => {
      if (pending.length < 8) return false;
      const length = pending.readInt32BE(0);
      if (pending.length < length) return false;
      const code = pending.readInt32BE(4);
      pending = pending.subarray(length);
      if (code === wire.SSL_REQUEST || code === wire.GSS_REQUEST) {
        send(Buffer.from('N'));
        return true;
      }
      if (code !== wire.PROTOCOL_V3) {
        socket.destroy();
        return false;
      }
      started = true;
      send(
        Buffer.concat([
          wire.authenticationOk(),
          wire.parameterStatus('server_version', serverVersion),
          wire.parameterStatus('server_encoding', 'UTF8'),
          wire.parameterStatus('client_encoding', 'UTF8'),
          wire.parameterStatus('DateStyle', 'ISO, MDY'),
          wire.parameterStatus('integer_datetimes', 'on'),
          wire.parameterStatus('standard_conforming_strings', 'on'),
          wire.backendKeyData(process.pid, 0),
          wire.readyForQuery('I'),
        ]),
      );
      return true;
    };

    const drain = async () => {
      // Anything sent once the owner is closing runs only inside a transaction under way.
      if (leaveIfIdle()) return;
      while (!started) if (!startup()) return;
      const { messages, rest } = wire.splitMessages(pending);
      pending = rest;
      let batch: Buffer[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const bytes = Buffer.concat(batch);
        batch = [];
        await run(bytes);
      };
      for (const msg of messages) {
        if (msg.type === 0x58 /* X: terminate */) {
          await flush();
          socket.end();
          return;
        }
        const listen = msg.type === 0x51 /* Q */ ? LISTEN.exec(wire.queryText(msg)) : null;
        if (listen) {
          await flush();
          await listenCommand(listen[1]!, listen[2]!.toLowerCase());
        } else {
          const scoped = wire.scopeNames(msg, prefix);
          if (scoped.parsed) statements.add(scoped.parsed);
          if (scoped.closed) statements.delete(scoped.closed);
          batch.push(scoped.bytes);
        }
      }
      await flush();
      if (leaveIfIdle()) return;
      if (release) {
        idleTimer = setTimeout(() => {
          options.log?.('embedded database: closing a connection idle in a transaction');
          socket.destroy();
        }, idleInTransactionMs);
        idleTimer.unref();
      }
    };

    const finish = async () => {
      clearTimeout(idleTimer);
      for (const stop of listening.values()) await stop().catch(() => undefined);
      listening.clear();
      if (!release && statements.size === 0) return;
      try {
        release ??= await takeDatabase(pglite);
        // End an unfinished extended-query exchange, then any open transaction, then
        // forget the statements this connection prepared in the shared session.
        await runRaw(wire.sync());
        if (pglite.isInTransaction()) await runRaw(wire.simpleQuery('ROLLBACK'));
        for (const name of statements)
          await runRaw(wire.simpleQuery(`DEALLOCATE "${name.replaceAll('"', '""')}"`));
      } catch {
        // the database is closing
      } finally {
        release?.();
        release = undefined;
      }
    };

    socket.on('data', (data) => {
      clearTimeout(idleTimer);
      pending = Buffer.concat([pending, data]);
      chain = chain.then(drain).catch((error: unknown) => {
        options.log?.(`embedded database: connection failed: ${(error as Error).message}`);
        send(wire.errorResponse('XX000', 'the embedded database failed this connection'));
        socket.destroy();
      });
    });
    socket.on('error', () => undefined);
    const done = new Promise<void>((resolve) => {
      socket.on('close', () => {
        chain = chain.then(finish, finish).finally(resolve);
      });
    });
    connections.set(done, {
      leave: () => {
        chain = chain.then(() => void leaveIfIdle()).catch(() => undefined);
      },
    });
    void done.then(() => connections.delete(done));
  };

  const server: Server = createServer({ allowHalfOpen: false }, serve);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  try {
    unlinkSync(socketPath); // left by an owner that died; we hold the lock now
  } catch {
    // none
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(socketPath, 0o600);
  server.unref();

  return {
    close: async () => {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of connections.values()) connection.leave();
      const finished = Promise.all([...connections.keys()]);
      let grace: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        grace = setTimeout(resolve, closeGraceMs);
      });
      await Promise.race([finished, late]);
      clearTimeout(grace);
      for (const socket of sockets) socket.destroy();
      await finished;
      await closed;
      try {
        unlinkSync(socketPath);
      } catch {
        // gone already
      }
    },
  };
}
