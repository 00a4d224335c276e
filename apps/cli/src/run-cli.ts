import { parseArgs } from 'node:util';

import { AuthError, createClientRegistry, formatMintOutput, parseScopes } from '@lumen/auth';
import { createDb, DbError } from '@lumen/db';
import type { Db } from '@lumen/db';
import { seedDemoData } from '@lumen/domain';
import type { LumenConfig } from '@lumen/mcp-http';

export interface CliIo {
  config: () => LumenConfig;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE = `Usage: lumen <command>

  db migrate                         apply pending migrations
  db seed                            create the demo users and courses (idempotent)
  mcp-token --owner-email E [--name N] [--scopes S]
                                     mint an MCP client; S is * or a list of tool names
  mcp-clients list                   list MCP clients (no secrets)
  mcp-clients revoke CLIENT_ID       revoke a client

Environment: DATABASE_URL (PostgreSQL; embedded database when unset), LUMEN_DATA_DIR.
`;

class UsageError extends Error {}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, sub, ...rest] = argv;
  try {
    switch (command) {
      case 'db':
        if (sub === 'migrate') return await withDb(io, (db) => dbMigrate(db, io));
        if (sub === 'seed') return await withDb(io, (db) => dbSeed(db, io));
        throw new UsageError(`unknown db command "${sub ?? ''}"`);
      case 'mcp-token':
        return await mcpToken(
          [sub, ...rest].filter((a): a is string => a !== undefined),
          io,
        );
      case 'mcp-clients':
        if (sub === 'list') return await withDb(io, (db) => listClients(db, io));
        if (sub === 'revoke') return await revokeClient(rest[0], io);
        throw new UsageError(`unknown mcp-clients command "${sub ?? ''}"`);
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

function report(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr(`lumen: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (error instanceof AuthError || error instanceof DbError) {
    io.stderr(`lumen: ${error.code}: ${error.message}\n`);
    return 2;
  }
  io.stderr(`lumen: unexpected error: ${(error as Error)?.message ?? String(error)}\n`);
  return 1;
}

async function withDb(io: CliIo, fn: (db: Db) => Promise<number>): Promise<number> {
  const config = io.config();
  const db = await createDb({
    url: config.database.url,
    dataDir: config.database.dataDir,
    log: (line) => io.stderr(`lumen: ${line}\n`),
  });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function dbMigrate(db: Db, io: CliIo): Promise<number> {
  io.stdout(`database=${db.location}\nmigrations=up to date\nvector=${db.vector ? 'yes' : 'no'}\n`);
  return 0;
}

async function dbSeed(db: Db, io: CliIo): Promise<number> {
  const summary = await seedDemoData(db, new Date());
  io.stdout(
    `users=${summary.users}\ncourses_created=${summary.coursesCreated.join(',') || '-'}\n` +
      `courses_kept=${summary.coursesKept.join(',') || '-'}\nlearner_cards=${summary.learnerCards}\n`,
  );
  return 0;
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
  return withDb(io, async (db) => {
    const minted = await createClientRegistry({ db }).mint(
      { ownerEmail, name, scopes },
      new Date(),
    );
    io.stdout(formatMintOutput(minted));
    return 0;
  });
}

async function listClients(db: Db, io: CliIo): Promise<number> {
  const rows = await createClientRegistry({ db }).list();
  io.stdout('client_id\towner\tname\tscopes\tcreated_at\tlast_used_at\trevoked_at\n');
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
