/**
 * Test support: a throwaway PostgreSQL 15 cluster of the test's own (initdb in a temp
 * directory, its own port), so a fault test can stop and restart "the database"
 * without touching the machine's shared cluster other suites use. PostgreSQL refuses
 * to run as root, so under root the binaries run as the `postgres` user.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './http-process.js';

const DEFAULT_BIN = '/usr/lib/postgresql/15/bin';

export interface PrivatePostgres {
  /** Superuser URL of the cluster's `postgres` database (trust auth, loopback only). */
  adminUrl: string;
  port: number;
  /** `pg_ctl stop -m fast`: connections are terminated, the server goes down. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster (if running) and deletes its directory. */
  destroy(): Promise<void>;
}

/** Why a private cluster cannot run here, or undefined when it can. */
export function privatePostgresUnavailable(bin = DEFAULT_BIN): string | undefined {
  if (!existsSync(join(bin, 'initdb')) || !existsSync(join(bin, 'pg_ctl')))
    return `no PostgreSQL binaries in ${bin}`;
  return undefined;
}

function run(bin: string, args: string[], asPostgres: boolean): Promise<string> {
  const [command, argv] = asPostgres
    ? ['runuser', ['-u', 'postgres', '--', bin, ...args]]
    : [bin, args];
  return new Promise((resolve, reject) => {
    execFile(command, argv, { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${bin} ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

/** Creates and starts a fresh cluster on a free loopback port. */
export async function startPrivatePostgres(bin = DEFAULT_BIN): Promise<PrivatePostgres> {
  const asPostgres = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'lumen-private-pg-'));
  if (asPostgres) {
    const owner = await run('/usr/bin/id', ['-u'], true);
    const group = await run('/usr/bin/id', ['-g'], true);
    chownSync(dir, Number(owner.trim()), Number(group.trim()));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  await run(
    join(bin, 'initdb'),
    ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'],
    asPostgres,
  );
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const pgCtl = (...args: string[]) => run(join(bin, 'pg_ctl'), ['-D', data, ...args], asPostgres);
  const start = async () =>
    void (await pgCtl('-o', options, '-l', join(dir, 'server.log'), '-w', 'start'));
  const stop = async () => void (await pgCtl('-m', 'fast', '-w', 'stop'));
  await start();
  let destroyed = false;
  return {
    adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      await stop().catch(() => undefined); // already stopped is fine
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
