import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildSync } from 'esbuild';

/**
 * The data dir's lock, contended by many real processes starting at the same moment:
 * each records entering and leaving its hold in one O_APPEND log, whose order must show
 * one holder at a time, and every contender must get its turn.
 */
const CONTENDERS = 12;
let work: string;
let contender: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'lumen-lock-'));
  contender = join(work, 'lock-contender.mjs');
  buildSync({
    entryPoints: [join(import.meta.dirname, 'testing', 'lock-contender.ts')],
    outfile: contender,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Trial {
  /** What each holder does at the end of a hold. */
  ending: 'release' | 'die';
  /** Holds per contender (a contender that dies holds once). */
  rounds: number;
  /** How far the contenders' clocks run ahead of the file system's. */
  skewMs: number;
}

function run(dataDir: string, log: string, startAt: number, t: Trial): Promise<number> {
  return new Promise((resolve) => {
    const args = [dataDir, log, String(startAt), '2', String(t.rounds), t.ending, String(t.skewMs)];
    const child = spawn(process.execPath, [contender, ...args], { stdio: 'ignore' });
    child.on('exit', (code, signal) => resolve(signal === 'SIGKILL' ? 0 : (code ?? 1)));
  });
}

/** Runs one trial; returns the log's records. */
async function trial(dataDir: string, t: Trial): Promise<string[]> {
  const log = join(dataDir, 'holds.log');
  writeFileSync(log, '');
  // Late enough for every process to be up and waiting, so they all try at once.
  const startAt = Date.now() + 1_500;
  const codes = await Promise.all(
    Array.from({ length: CONTENDERS }, () => run(dataDir, log, startAt, t)),
  );
  expect(codes).toEqual(Array(CONTENDERS).fill(0));
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

/** Asserts the records alternate enter/exit of one process, and count the holds. */
function expectOneHolderAtATime(records: string[], t: Trial): void {
  let holder: string | undefined;
  const holds = new Map<string, number>();
  for (const record of records) {
    const [what, pid = ''] = record.split(' ');
    if (what === 'enter') {
      expect({ record, heldBy: holder }).toEqual({ record, heldBy: undefined });
      holder = pid;
      holds.set(pid, (holds.get(pid) ?? 0) + 1);
    } else {
      expect(pid).toBe(holder);
      holder = undefined;
    }
  }
  expect([...holds.values()]).toEqual(Array(CONTENDERS).fill(t.ending === 'die' ? 1 : t.rounds));
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)']);
  return Number(child.stdout.toString().trim());
}

describe('data dir lock under many simultaneous processes', () => {
  it('is held by one process at a time', async () => {
    const t: Trial = { ending: 'release', rounds: 4, skewMs: 0 };
    for (let i = 0; i < 2; i += 1) {
      const dir = mkdtempSync(join(work, 'release-'));
      expectOneHolderAtATime(await trial(dir, t), t);
      expect(readdirSync(dir)).toEqual(['holds.log']);
    }
  }, 60_000);

  it("is held by one process at a time where the file system's clock runs behind", async () => {
    // A lock file just created looks old here: it must never be mistaken for a dead one.
    const t: Trial = { ending: 'release', rounds: 6, skewMs: 5_000 };
    for (let i = 0; i < 2; i += 1) {
      expectOneHolderAtATime(await trial(mkdtempSync(join(work, 'skew-')), t), t);
    }
  }, 60_000);

  it('is taken over by one process at a time when every holder dies holding it', async () => {
    const t: Trial = { ending: 'die', rounds: 1, skewMs: 0 };
    for (let i = 0; i < 2; i += 1) {
      const dir = mkdtempSync(join(work, 'die-'));
      // The first lock was left by a process that is gone, too.
      const dead = { pid: deadPid(), hostname: hostname(), command: 'gone', startedAt: 'x' };
      writeFileSync(join(dir, 'lumen.lock'), JSON.stringify(dead));
      expectOneHolderAtATime(await trial(dir, t), t);
    }
  }, 60_000);

  it('takes over an empty lock file an older version left when it crashed', async () => {
    const t: Trial = { ending: 'release', rounds: 1, skewMs: 0 };
    const dir = mkdtempSync(join(work, 'empty-'));
    writeFileSync(join(dir, 'lumen.lock'), '');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'lumen.lock'), past, past);
    expectOneHolderAtATime(await trial(dir, t), t);
  }, 60_000);
});
