import { setTimeout as sleep } from 'node:timers/promises';

import type { Principal } from '@lumen/auth';
import type { Db } from '@lumen/db';
import { openDatabase } from '@lumen/platform';
import type { AppServices, LumenConfig, Logger } from '@lumen/platform';

import { startTokenCheck } from './token-check.js';

const FIX: Record<string, string> = {
  'mcp.token_required':
    'LUMEN_MCP_AUTH_TOKEN is not set: mint a client with `lumen mcp-token --owner-email you@example.com` and put its client_secret in the env block of your MCP client config.',
  'mcp.invalid_token':
    'LUMEN_MCP_AUTH_TOKEN was not accepted: check it is the full client_secret from `lumen mcp-token`, or mint a new one.',
  'mcp.client_revoked':
    'The client behind LUMEN_MCP_AUTH_TOKEN was revoked: mint a new one with `lumen mcp-token`.',
};

/**
 * MCP over stdio. The transport connects first, so `tools/list` answers while the
 * database opens; the static token is checked against the database on every call
 * (cheaply: the argon2 check runs once, the revocation lookup each time), so a client
 * revoked mid-session is refused from its next call on.
 *
 * Start-up order: the transport connects first, so `initialize` and `tools/list` are
 * answered by a process that has loaded only the MCP server (`import('./stdio-mcp.js')`);
 * the database starts opening right after (PGlite's start-up is the longest step, and it
 * runs on this thread: started earlier, it held `tools/list` back by about 100 ms of a
 * 440 ms start and brought the first call no sooner). The domain services load once the
 * transport is connected and are awaited by tool handlers only. The one argon2 check
 * starts at once in a worker thread when the data dir holds a copy of the client's hash
 * (token-check.ts); otherwise as soon as the database is open (hash-wasm's argon2 WASM is
 * compiled before that, while PGlite starts).
 */
export async function runStdio(config: LumenConfig, logger: Logger): Promise<void> {
  let openNow: () => void = () => undefined; // called once the transport is connected
  const dbReady: Promise<Db> = new Promise<void>((resolve) => (openNow = resolve)).then(() =>
    openDatabase(config, { log: (line) => logger.warn(line) }),
  );
  dbReady.catch((error: Error) => {
    process.stderr.write(`lumen-mcp: cannot open the database: ${error.message}\n`);
    process.exit(1);
  });
  const tokenCheck = startTokenCheck(config, logger);
  const mcp = await import('./stdio-mcp.js');
  if (!tokenCheck.ahead) void mcp.warmUpArgon2();
  const auth = dbReady.then((db) => {
    const registry = mcp.createClientRegistry({ db, hasher: tokenCheck.hasher });
    const resolver = mcp.createPrincipalResolver({
      db,
      registry,
      tokens: mcp.createTokenService({
        secret: config.jwtSecret ?? 'stdio-transport-issues-no-jwts-000000',
      }),
    });
    const recorder = mcp.createToolCallLog(db, logger);
    const pruner = mcp.startRetention(db, config, logger);
    // A desktop client keeps this process running for days: refit learners daily here too.
    const refitter = mcp.startFsrsRefit(db, logger);
    // PGlite has no autovacuum (see startEmbeddedVacuum).
    const vacuum = mcp.startEmbeddedVacuum(db, logger);
    // With EMBEDDINGS_BASE_URL, lessons this server writes (drafts, ingest) get vectors.
    const embeddings = mcp.startEmbeddingBackfill(db, config, logger);
    return { db, resolver, recorder, pruner, refitter, vacuum, embeddings };
  });
  const check = async (): Promise<Principal> => {
    const { resolver } = await auth;
    if (!config.stdioToken)
      throw new mcp.AuthError('mcp.token_required', FIX['mcp.token_required']!);
    return resolver.fromClientSecret(config.stdioToken, new Date());
  };
  // The start-up check runs the one argon2 verification; calls arriving meanwhile wait
  // for it (instead of hashing in parallel) and then resolve against the warm cache.
  const startupCheck = check();
  startupCheck.catch(() => undefined); // reported below, once connected
  const resolvePrincipal = async (): Promise<Principal> => {
    await startupCheck.catch(() => undefined);
    return check();
  };
  let loadServices: () => void = () => undefined;
  // The tutor's topic check; its model thread starts on the first question that needs it.
  let topicCheck: { close(): Promise<void> } | undefined;
  const services: Promise<AppServices> = new Promise<void>((resolve) => {
    loadServices = resolve;
  })
    .then(() => Promise.all([dbReady, import('./stdio-services.js'), auth]))
    .then(([db, { createServices, startTopicCheck }, { embeddings }]) => {
      const started = startTopicCheck(config, logger);
      topicCheck = started;
      return createServices(db, config, {
        onLessonsChange: embeddings?.kick,
        topicCheck: started?.topicCheck,
      });
    });
  services.catch(() => undefined); // surfaces in the tool call that awaits it
  const factory = mcp.createLumenServerFactory({
    services: lazyServices(services),
    resolvePrincipal,
    onToolCall: (event) => {
      logger.info('tool.call', { ...event });
      void auth.then(({ recorder }) => recorder.record(event)); // for /admin/observability
    },
    onInternalError: (error, tool) => logger.error('tool.internal_error', { tool, error }),
  });
  const server = factory();
  const transport = new mcp.LineStdioServerTransport(process.stdin, process.stdout, (detail) =>
    logger.warn('stdio.message_refused', { detail }),
  );
  await server.connect(transport);
  openNow();
  loadServices();
  void startupCheck.then(
    (p) => logger.info('stdio.authenticated', { clientId: p.clientId }),
    (error: unknown) => {
      const code = (error as { code?: string }).code ?? 'mcp.internal';
      process.stderr.write(`lumen-mcp: ${code}: ${FIX[code] ?? (error as Error).message}\n`);
    },
  );
  let stopping: Promise<void> | undefined;
  const shutdown = () => (stopping ??= stop());
  const stop = async () => {
    await server.close();
    await (await auth).recorder.close();
    await (await auth).pruner.close();
    await (await auth).refitter.close();
    await (await auth).vacuum.close();
    await (await auth).embeddings?.close();
    await topicCheck?.close();
    await (await auth).db.close();
    await tokenCheck.close();
    process.exit(0);
  };
  // The client closing stdin is MCP's way to end a stdio session: the requests already
  // sent are answered first (a piped `… | lumen-mcp` sends its last line and closes),
  // for up to DRAIN_MS, like the HTTP server's grace on SIGTERM.
  process.stdin.on('end', () => {
    const drained = transport.whenAnswered().then(() => true);
    void Promise.race([drained, sleep(DRAIN_MS).then(() => false)]).then((answered) => {
      if (!answered) logger.warn('stdio.shutdown_unanswered', { waitedMs: DRAIN_MS });
      return shutdown();
    });
  });
  // Handled on every delivery, not once: Ctrl-C in a terminal signals the whole process
  // group, so a wrapper that forwards it makes the signal arrive twice, and a second
  // delivery with no handler would kill the process mid-shutdown.
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

/** How long requests still running when stdin closes may take to be answered. */
const DRAIN_MS = 10_000;

/** Services are built once the database is open; tool handlers await them. */
function lazyServices(ready: Promise<AppServices>) {
  return new Proxy({} as AppServices, {
    get: (_target, key: string) =>
      new Proxy(
        {},
        {
          get:
            (_t, method: string) =>
            async (...args: unknown[]) => {
              const service = (await ready)[key as keyof AppServices] as unknown as Record<
                string,
                (...a: unknown[]) => unknown
              >;
              return service[method]!(...args);
            },
        },
      ),
  });
}
