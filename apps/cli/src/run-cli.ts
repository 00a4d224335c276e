import { parseArgs } from 'node:util';

import {
  AuthError,
  clientIdOfSecret,
  createClientRegistry,
  createPasswords,
  formatMintOutput,
  parseScopes,
  roleMissingFor,
} from '@lumen/auth';
import type { Scope } from '@lumen/auth';
import { clientHashCopy, DbError } from '@lumen/db';
import type { Db } from '@lumen/db';
import {
  createFsrsRsOptimizer,
  DEMO_PASSWORD,
  embedPendingChunks,
  fitUsers,
  isLumenError,
  MIN_REVIEWS,
  OptimizerUnavailableError,
  pruneObservability,
  seedDemoData,
} from '@lumen/domain';
import type { HeldOut, PruneResult, RetainedTable, UserFit } from '@lumen/domain';
import {
  ConfigError,
  createEmbedderFromConfig,
  describeDatabaseFailure,
  openDatabase,
} from '@lumen/platform';
import type { LumenConfig } from '@lumen/platform';

import { argvProblem } from './argv-text.js';

export interface CliIo {
  config: () => LumenConfig;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /**
   * Reads a secret without echoing it: a hidden prompt on a terminal, else one line of
   * stdin. Secrets never come from argv (visible in `ps` and shell history).
   */
  readSecret?: (prompt: string) => Promise<string>;
  /** For `mcp-header` (default: global fetch). */
  fetch?: typeof fetch;
}

const USAGE = `Usage: lumen <command>

  db migrate                         apply pending migrations
  db seed                            create the demo users and courses (idempotent)
  db prune                           delete observability logs past their retention
                                     (LUMEN_RETENTION_*_DAYS) now, instead of waiting for the server
  db embed                           embed every lesson chunk that has no vector for
                                     EMBEDDINGS_MODEL now (servers also do it in the background)
  fsrs optimize [--email E]          fit each learner's FSRS-6 weights to their own reviews (all
                                     learners with reviews, or one); a fit is kept only when it
                                     predicts their newest reviews better than the defaults
  mcp-token --owner-email E [--name N] [--scopes S]
                                     mint an MCP client; S is *, or a list of tool names and admin
  mcp-clients list                   list MCP clients and users' OAuth grants (no secrets)
  mcp-clients revoke CLIENT_ID       revoke a client or grant
  users set-password --email E       set a user's sign-in password (prompted, or one line of stdin)
  mcp-header [--url URL]             print {"Authorization": "Bearer <fresh token>"} for the client
                                     whose secret is in LUMEN_MCP_AUTH_TOKEN (Claude Code headersHelper)

Environment: DATABASE_URL (PostgreSQL; embedded database when unset), LUMEN_DATA_DIR,
LUMEN_MCP_AUTH_TOKEN (mcp-header), LUMEN_PUBLIC_URL (mcp-header's default URL),
EMBEDDINGS_BASE_URL, EMBEDDINGS_MODEL, EMBEDDINGS_API_KEY (db embed).
`;

class UsageError extends Error {}
/**
 * The configured database cannot be opened (PostgreSQL refused or did not answer, the
 * data dir is not writable): the servers' one line naming the setting to change (exit 2).
 */
class DatabaseOpenError extends Error {}
/** An expected failure with a stable code (exit 2). */
class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, sub, ...rest] = argv;
  try {
    const problem = argvProblem(argv);
    if (problem) throw new CliError('mcp.invalid_argument', problem);
    switch (command) {
      case 'db':
        // Migrates even through an embedded data dir a running server owns (attached
        // processes otherwise leave migrating to the owner), so what it reports is so.
        if (sub === 'migrate')
          return await withDb(io, (db) => dbMigrate(db, io), { migrate: true });
        if (sub === 'seed') return await withDb(io, (db) => dbSeed(db, io));
        if (sub === 'prune') return await withDb(io, (db) => dbPrune(db, io));
        if (sub === 'embed') return await dbEmbed(io);
        throw new UsageError(`unknown db command "${sub ?? ''}"`);
      case 'fsrs':
        if (sub === 'optimize') return await fsrsOptimize(rest, io);
        throw new UsageError(`unknown fsrs command "${sub ?? ''}"`);
      case 'mcp-token':
        return await mcpToken(
          [sub, ...rest].filter((a): a is string => a !== undefined),
          io,
        );
      case 'mcp-clients':
        if (sub === 'list') return await withDb(io, (db) => listClients(db, io));
        if (sub === 'revoke') return await revokeClient(rest[0], io);
        throw new UsageError(`unknown mcp-clients command "${sub ?? ''}"`);
      case 'users':
        if (sub === 'set-password') return await setPassword(rest, io);
        throw new UsageError(`unknown users command "${sub ?? ''}"`);
      case 'mcp-header':
        return await mcpHeader(
          [sub, ...rest].filter((a): a is string => a !== undefined),
          io,
        );
      case undefined:
      case 'help':
      case '--help':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    return report(error, io);
  }
}

/** node:util parseArgs refusals (unknown option, missing value) are usage errors. */
const isArgError = (error: unknown) =>
  String((error as { code?: unknown } | undefined)?.code ?? '').startsWith('ERR_PARSE_ARGS_');

function report(error: unknown, io: CliIo): number {
  if (error instanceof UsageError || isArgError(error)) {
    io.stderr(`lumen: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (error instanceof ConfigError || error instanceof DatabaseOpenError) {
    // The message lists each bad setting by its variable name, never its value.
    io.stderr(`lumen: ${error.message}\n`);
    return 2;
  }
  if (
    error instanceof AuthError ||
    error instanceof DbError ||
    error instanceof CliError ||
    error instanceof OptimizerUnavailableError ||
    isLumenError(error)
  ) {
    io.stderr(`lumen: ${error.code}: ${error.message}\n`);
    return 2;
  }
  io.stderr(`lumen: unexpected error: ${(error as Error)?.message ?? String(error)}\n`);
  return 1;
}

async function withDb(
  io: CliIo,
  fn: (db: Db) => Promise<number>,
  options: { migrate?: boolean } = {},
): Promise<number> {
  const config = io.config();
  const db = await openDatabase(config, {
    log: (line) => io.stderr(`lumen: ${line}\n`),
    ...options,
  }).catch((error: unknown) => {
    const line = describeDatabaseFailure(error, config.database);
    throw line === undefined ? error : new DatabaseOpenError(line);
  });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** `migrations=applied N: name,…` when opening applied any, else `migrations=up to date`. */
async function dbMigrate(db: Db, io: CliIo): Promise<number> {
  const applied = db.appliedMigrations;
  const migrations =
    applied.length === 0 ? 'up to date' : `applied ${applied.length}: ${applied.join(',')}`;
  io.stdout(
    `database=${db.location}\nmigrations=${migrations}\nvector=${db.vector ? 'yes' : 'no'}\n`,
  );
  return 0;
}

async function dbSeed(db: Db, io: CliIo): Promise<number> {
  const demoPasswordHash = await createPasswords({ db }).hash(DEMO_PASSWORD);
  const summary = await seedDemoData(db, new Date(), { demoPasswordHash });
  io.stdout(
    `users=${summary.users}\ncourses_created=${summary.coursesCreated.join(',') || '-'}\n` +
      `courses_kept=${summary.coursesKept.join(',') || '-'}\nlearner_cards=${summary.learnerCards}\n`,
  );
  return 0;
}

/** Everything past retention, however many batches that takes (the server's runs are bounded). */
async function dbPrune(db: Db, io: CliIo): Promise<number> {
  const periods = io.config().retention;
  const total: PruneResult = { tool_calls: 0, llm_call_log: 0, retrieval_audits: 0 };
  for (;;) {
    const run = await pruneObservability({ db, periods }, new Date());
    for (const table of Object.keys(total) as RetainedTable[]) total[table] += run[table];
    if (Object.values(run).every((n) => n === 0)) break;
  }
  for (const table of Object.keys(total) as RetainedTable[]) {
    const days = periods[table];
    io.stdout(
      `${table}=${total[table]} deleted (keep ${days === 0 ? 'forever' : `${days} days`})\n`,
    );
  }
  return 0;
}

/**
 * Every chunk without a vector for the configured model, in batches, before a deploy
 * serves hybrid search. A provider failure stops it (exit 2); what was stored stays.
 */
async function dbEmbed(io: CliIo): Promise<number> {
  const embedder = createEmbedderFromConfig(io.config());
  if (!embedder)
    throw new CliError(
      'config.missing',
      'EMBEDDINGS_BASE_URL is not set: db embed needs an OpenAI-compatible embeddings API ' +
        '(e.g. https://api.openai.com/v1 or an Ollama or vLLM server); set it, with ' +
        'EMBEDDINGS_MODEL and EMBEDDINGS_API_KEY as the provider needs.',
    );
  return withDb(io, async (db) => {
    if (!db.vector)
      // Not `mcp.unavailable` (a database that is down: retry); retrying cannot help here.
      throw new CliError(
        'db.vector.missing',
        'pgvector is not installed on this database: install the pgvector package on the server and run CREATE EXTENSION vector to store embeddings; search stays lexical without it.',
      );
    let embedded = 0;
    const refused: string[] = [];
    try {
      for (;;) {
        const batch = await embedPendingChunks(db.prisma, embedder, { skip: refused });
        if (batch.stored + batch.refused.length === 0) break;
        embedded += batch.stored;
        refused.push(...batch.refused);
      }
    } finally {
      io.stdout(`model=${embedder.model}\nembedded=${embedded}\nrefused=${refused.length}\n`);
      // The provider refused these on their own; they stay lexical-only.
      for (const id of refused) io.stderr(`lumen: chunk ${id} refused by the provider\n`);
    }
    return 0;
  });
}

/** One line per learner: fitted or skipped, why, and the held-out numbers behind it. */
async function fsrsOptimize(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' } }, strict: true });
  return withDb(io, async (db) => {
    const fits = await fitUsers({ db, optimizer: createFsrsRsOptimizer() }, new Date(), {
      email: values.email,
    });
    if (fits.length === 0) io.stdout('no learners with reviews\n');
    for (const fit of fits) io.stdout(`${formatFit(fit)}\n`);
    return 0;
  });
}

function formatFit({ email, outcome }: UserFit): string {
  const heldOut = (h: HeldOut | undefined) =>
    h
      ? ` held_out_log_loss=${h.defaults.logLoss.toFixed(4)}->${h.fitted.logLoss.toFixed(4)}` +
        ` held_out_rmse=${h.defaults.rmse.toFixed(4)}->${h.fitted.rmse.toFixed(4)}`
      : '';
  if (outcome.status === 'fitted') {
    return `${email} fitted reviews=${outcome.reviewCount}${heldOut(outcome.heldOut)}`;
  }
  const need = outcome.reason === 'too_few_reviews' ? ` need=${MIN_REVIEWS}` : '';
  return `${email} skipped reason=${outcome.reason} reviews=${outcome.reviewCount}${need}${heldOut(outcome.heldOut)}`;
}

async function mcpToken(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'owner-email': { type: 'string' },
      name: { type: 'string' },
      scopes: { type: 'string', default: '*' },
    },
    strict: true,
  });
  const ownerEmail = values['owner-email'];
  if (!ownerEmail) throw new UsageError('--owner-email is required');
  const name = values.name ?? 'MCP client';
  const scopes = parseScopes(values.scopes ?? '*');
  const config = io.config();
  return withDb(io, async (db) => {
    const owner = await db.prisma.user.findUnique({
      where: { email: ownerEmail.trim() },
      select: { email: true, role: true },
    });
    // An unknown owner is the registry's refusal (auth.owner.unknown), below.
    if (owner) refuseScopesBeyondRole(scopes, owner);
    const registry = createClientRegistry({ db });
    const minted = await registry.mint({ ownerEmail, name, scopes }, new Date());
    io.stdout(formatMintOutput(minted));
    // On the embedded database, the stdio server's first start can then verify the
    // secret in a worker thread while PGlite opens (see @lumen/db's clientHashCopy).
    if (!config.database.url) {
      const phc = await registry.storedHash(minted.clientId);
      try {
        if (phc) clientHashCopy(config.database.dataDir, minted.clientId).write(phc);
      } catch (error) {
        io.stderr(
          `lumen: note: hash copy not written (${(error as Error).message}); the first start verifies after the database opens\n`,
        );
      }
    }
    return 0;
  });
}

/**
 * A scope the owner's role can never use would be refused on every call, so it is not
 * minted: the server's gates admit the `admin` scope (the admin API) only for an admin
 * owner, and instructor tools only for an instructor or admin owner (as the consent page
 * offers them). `*` stays allowed for anyone: it covers whatever the owner can use.
 */
function refuseScopesBeyondRole(scopes: readonly Scope[], owner: { email: string; role: string }) {
  const needs = (scope: Scope): string | undefined => {
    const missing = roleMissingFor(scope, owner.role);
    if (missing === 'admin') return 'an admin owner';
    return missing ? 'an instructor or admin owner' : undefined;
  };
  const beyond = scopes.flatMap((scope) => {
    const need = needs(scope);
    return need ? [`${scope} (needs ${need})`] : [];
  });
  if (beyond.length === 0) return;
  throw new CliError(
    'auth.scope.beyond_role',
    `${owner.email} is ${/^[aeiou]/.test(owner.role) ? 'an' : 'a'} ${owner.role}, so the server would refuse every use of ${beyond.join(', ')}. ` +
      'Leave those scopes out (--scopes "*" covers everything this owner can use), or mint the client for an owner with that role.',
  );
}

async function listClients(db: Db, io: CliIo): Promise<number> {
  const rows = await createClientRegistry({ db }).list();
  // oauth_client: "-" for a minted client; for a grant, the OAuth client the user approved.
  io.stdout('client_id\towner\tname\tscopes\tcreated_at\tlast_used_at\trevoked_at\toauth_client\n');
  for (const r of rows) {
    io.stdout(
      [
        r.clientId,
        r.ownerEmail,
        r.name,
        r.scopes.join(','),
        iso(r.createdAt),
        iso(r.lastUsedAt),
        iso(r.revokedAt),
        r.oauthClientId ?? '-',
      ].join('\t') + '\n',
    );
  }
  return 0;
}

async function revokeClient(clientId: string | undefined, io: CliIo): Promise<number> {
  if (!clientId) throw new UsageError('mcp-clients revoke needs a CLIENT_ID');
  return withDb(io, async (db) => {
    await createClientRegistry({ db }).revoke(clientId, new Date());
    io.stdout(`revoked=${clientId}\n`);
    return 0;
  });
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : '-');

async function setPassword(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' } }, strict: true });
  const email = values.email;
  if (!email) throw new UsageError('users set-password needs --email');
  if (!io.readSecret) throw new UsageError('no terminal or stdin to read the password from');
  const password = await io.readSecret(`New password for ${email}: `);
  return withDb(io, async (db) => {
    await createPasswords({ db }).setPassword(email, password);
    io.stdout(`password_set=${email}\n`);
    return 0;
  });
}

/**
 * Exchanges the client secret in LUMEN_MCP_AUTH_TOKEN for a fresh access token at the
 * server's token endpoint and prints it as Claude Code's `headersHelper` expects: one
 * JSON object of headers. The secret goes in the Basic header, never on argv.
 */
async function mcpHeader(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { url: { type: 'string' } }, strict: true });
  const config = io.config();
  const secret = config.stdioToken;
  if (!secret) {
    throw new CliError(
      'mcp.token_required',
      'LUMEN_MCP_AUTH_TOKEN is not set: set it to the client_secret from `lumen mcp-token`.',
    );
  }
  const clientId = clientIdOfSecret(secret);
  if (!clientId) {
    // Never echoed: it may be a real secret with a character lost in the copy.
    throw new CliError(
      'mcp.invalid_token',
      'LUMEN_MCP_AUTH_TOKEN is not a valid client_secret (lumen_sk_lmc_…): copy the whole client_secret line from `lumen mcp-token` again, or mint a new client.',
    );
  }
  const base = (values.url ?? config.http.publicUrl).replace(/\/+$/, '').replace(/\/mcp$/, '');
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`);
  let response: Response;
  try {
    response = await (io.fetch ?? fetch)(`${base}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${basic.toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
  } catch (error) {
    throw new CliError(
      'mcp.unavailable',
      `Could not reach ${base}/oauth/token: ${(error as Error).message}`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body['access_token'] !== 'string') {
    const reason = typeof body['error'] === 'string' ? body['error'] : `HTTP ${response.status}`;
    const detail = typeof body['error_description'] === 'string' ? body['error_description'] : '';
    throw new CliError(
      'mcp.invalid_token',
      `The token endpoint refused: ${reason} ${detail}`.trim(),
    );
  }
  io.stdout(`${JSON.stringify({ Authorization: `Bearer ${body['access_token']}` })}\n`);
  return 0;
}
