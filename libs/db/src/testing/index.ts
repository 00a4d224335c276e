/**
 * Test support: the databases a suite runs against. Always the embedded PGlite (in
 * memory); also real PostgreSQL when TEST_DATABASE_URL is set, each opener getting a
 * fresh database of its own that is dropped on close.
 *
 * Both start out migrated without running the migrations each time: PGlite loads a dump
 * of a migrated in-memory database, made once and kept in the OS temp dir, and
 * PostgreSQL copies a migrated template database (CREATE DATABASE … TEMPLATE). Either
 * copy is named by a hash of the migrations (and, for the dump, of the PGlite build),
 * so a changed migration makes a new one. createDb still checks the migrations on
 * open, as it does in production. `{ fresh: true }` skips both copies, for the tests
 * of migrating itself.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import pg from 'pg';

import { createDb } from '../create-db.js';
import type { Db } from '../create-db.js';
import { normalizeDatabaseUrl } from '../database-url.js';
import { ownEmbedded } from '../embedded-owner.js';
import { migrate } from '../migrate.js';
import { coreMigrations, optionalMigrations } from '../migrations.generated.js';

export type TestDbKind = 'pglite' | 'postgres';
export type OpenTestDb = () => Promise<Db>;

export interface TestDatabasesOptions {
  /** Open empty databases that createDb migrates, instead of migrated copies. */
  fresh?: boolean;
}

export function testDatabases(
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: TestDatabasesOptions = {},
): Array<[TestDbKind, OpenTestDb]> {
  const openPglite = options.fresh
    ? () => createDb({ memory: true })
    : async () => createDb({ memory: true, loadDataDir: await migratedPgliteDump() });
  const out: Array<[TestDbKind, OpenTestDb]> = [['pglite', openPglite]];
  const adminUrl = env['TEST_DATABASE_URL'];
  if (adminUrl) out.push(['postgres', () => openScratchPostgres(adminUrl, options)]);
  return out;
}

/** Changes whenever a migration is added or edited. */
function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const m of [...coreMigrations, ...optionalMigrations]) hash.update(`${m.name}\0${m.sql}\0`);
  return hash.digest('hex').slice(0, 16);
}

/** Version of an installed package, read from its package.json. */
function packageVersion(name: string): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, 'package.json')) || !dir.endsWith(name)) {
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string })
    .version;
}

/** The PGlite build: its data files may not open in another. */
const pgliteVersions = () =>
  ['@electric-sql/pglite', '@electric-sql/pglite-pgvector'].map(packageVersion).join('-');

let pgliteDump: Promise<Blob> | undefined;

/**
 * A dump of a migrated in-memory PGlite database. The first test process to need it
 * makes it and writes it to the temp dir (under a unique name, then renamed, so a
 * concurrent reader never sees half a file); every later one reads it.
 */
function migratedPgliteDump(): Promise<Blob> {
  pgliteDump ??= (async () => {
    const file = join(tmpdir(), `lumen-test-pglite-${pgliteVersions()}-${migrationsHash()}.tar`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const owned = await ownEmbedded({});
    try {
      const dump = await owned.pglite.dumpDataDir('none');
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      renameSync(partial, file);
      return dump;
    } finally {
      await owned.close();
    }
  })();
  pgliteDump.catch(() => (pgliteDump = undefined));
  return pgliteDump;
}

let dataDirTemplate: Promise<string> | undefined;

/**
 * Fills `dataDir` (new or empty) with a copy of a migrated embedded database on disk, as
 * createDb({ dataDir }) would leave it after its first open and close. The original is
 * made once, in the temp dir, the same way (under a unique name, then renamed).
 */
export async function copyMigratedDataDir(dataDir: string): Promise<void> {
  dataDirTemplate ??= (async () => {
    const dir = join(tmpdir(), `lumen-test-datadir-${pgliteVersions()}-${migrationsHash()}`);
    if (existsSync(dir)) return dir;
    const building = mkdtempSync(`${dir}.build-`);
    try {
      await (await createDb({ dataDir: building })).close();
      renameSync(building, dir);
    } catch (error) {
      // Another process got there first (the rename found the name taken): use theirs.
      rmSync(building, { recursive: true, force: true });
      if (!existsSync(dir)) throw error;
    }
    return dir;
  })();
  dataDirTemplate.catch(() => (dataDirTemplate = undefined));
  cpSync(await dataDirTemplate, dataDir, { recursive: true });
}

async function withAdmin<T>(adminUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: normalizeDatabaseUrl(adminUrl) });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

const scratchName = (prefix: string) =>
  `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;

function urlOf(adminUrl: string, name: string): string {
  const url = new URL(normalizeDatabaseUrl(adminUrl));
  url.pathname = `/${name}`;
  return url.toString();
}

/** Any number, the same in every process: the lock held while a template is made. */
const TEMPLATE_LOCK_KEY = 727_002;

/**
 * The name of a migrated database on the server to copy test databases from. The first
 * process to need it migrates it under another name and renames it when done, holding
 * an advisory lock so that concurrent test processes make it once; nobody stays
 * connected to it (PostgreSQL copies a database only while no one is).
 */
async function migratedTemplate(adminUrl: string): Promise<string> {
  const name = `lumen_test_template_${migrationsHash()}`;
  const exists = (client: pg.Client) =>
    client
      .query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
      .then((r) => r.rowCount !== 0);
  return withAdmin(adminUrl, async (admin) => {
    if (await exists(admin)) return name;
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    try {
      if (await exists(admin)) return name;
      const building = scratchName('lumen_test_template_build');
      await admin.query(`CREATE DATABASE "${building}"`);
      try {
        const client = new pg.Client({ connectionString: urlOf(adminUrl, building) });
        await client.connect();
        try {
          await migrate({
            query: async (sql, params) => (await client.query(sql, params)).rows,
            exec: async (sql) => void (await client.query(sql)),
          });
        } finally {
          await client.end();
        }
        await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
      } catch (error) {
        await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
        throw error;
      }
      return name;
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
    }
  });
}

/**
 * Creates a uniquely named database next to `adminUrl`, for tests that open their own
 * connections (spawned servers, the CLI): empty, or with `migrated` a copy of the
 * migrated template. drop() removes it.
 */
export async function createScratchPostgres(
  adminUrl: string,
  options: { migrated?: boolean } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = options.migrated ? await migratedTemplate(adminUrl) : undefined;
  const name = scratchName('lumen_test');
  const run = (sql: string) => withAdmin(adminUrl, (client) => client.query(sql));
  await run(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  return {
    url: urlOf(adminUrl, name),
    drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined),
  };
}

/**
 * Creates a uniquely named, migrated database next to `adminUrl` (a copy of the
 * migrated template, or with `fresh` migrated by createDb); close() drops it.
 */
export async function openScratchPostgres(
  adminUrl: string,
  options: TestDatabasesOptions = {},
): Promise<Db> {
  const scratch = await createScratchPostgres(adminUrl, { migrated: !options.fresh });
  const db = await createDb({ url: scratch.url, poolSize: 20 });
  return {
    ...db,
    close: async () => {
      await db.close();
      await scratch.drop();
    },
  };
}
