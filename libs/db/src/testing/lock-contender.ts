/**
 * One contender in data-dir-lock.test.ts, run as its own process (bundled by the test):
 * waits for the common start time, then takes the data dir's lock `rounds` times,
 * recording `enter <pid>` / `exit <pid>` around each hold in a log shared by all
 * contenders (appended with O_APPEND, so the log's order is the order of the holds).
 * It releases the lock after each hold, or dies holding it (SIGKILL, so the next holder
 * must take over a dead process's lock). `skewMs` moves this process's clock ahead of
 * the file system's, as on a network share whose server's clock runs behind.
 *
 * argv: dataDir log startAtMs holdMs rounds release|die skewMs
 */
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { tryAcquireDataDirLock } from '../data-dir-lock.js';

const [dataDir = '', log = '', startAt = '0', holdMs = '0', rounds = '1', ending = '', skew = '0'] =
  process.argv.slice(2);
const realNow = Date.now;
Date.now = () => realNow() + Number(skew);
const deadline = Number(startAt) + 30_000;

while (realNow() < Number(startAt)) await sleep(1);
for (let held = 0; held < Number(rounds);) {
  const lock = tryAcquireDataDirLock(dataDir);
  if (lock.acquired) {
    appendFileSync(log, `enter ${process.pid}\n`);
    await sleep(Number(holdMs));
    appendFileSync(log, `exit ${process.pid}\n`);
    if (ending === 'die') process.kill(process.pid, 'SIGKILL');
    lock.release();
    held += 1;
  } else {
    if (realNow() > deadline) process.exit(3);
    await sleep(Math.random() * 3);
  }
}
