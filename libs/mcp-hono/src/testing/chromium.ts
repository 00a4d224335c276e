/**
 * Headless Chromium for the browser suites, with no system package required: Debian's
 * `/usr/bin/chromium` when it is installed, otherwise the Chromium that
 * `@sparticuz/chromium` ships inside its npm package (brotli-compressed; nothing is
 * downloaded). playwright-core drives either; it fetches no browser of its own.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Our own flags, not the package's defaults: those turn off web security and allow
 * mixed content, which would hide exactly the CSP and origin behaviour the page tests
 * check. The background-networking flags keep Chromium off a closed network.
 */
const ARGS = [
  '--no-sandbox',
  '--no-zygote',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--no-first-run',
  '--no-default-browser-check',
];

/**
 * The package unpacks into `os.tmpdir()` and trusts whatever it finds there, so two
 * test workers unpacking at once could run a half-written binary. Unpacking happens
 * under a lock directory (mkdir is atomic), and a marker written last records the
 * executable's path once the unpack has finished.
 */
async function packagedChromium(): Promise<string> {
  const { default: Packaged } = await import('@sparticuz/chromium');
  // The package exports no package.json; read it beside the entry (build/index.js).
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const { version } = JSON.parse(
    readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8'),
  ) as { version: string };
  const marker = join(tmpdir(), `lumen-chromium-${version}.path`);
  const lock = `${marker}.lock`;
  const deadline = Date.now() + 120_000;
  // A marker whose binary a temp-folder cleaner removed counts as no marker.
  const unpacked = () => existsSync(marker) && existsSync(readFileSync(marker, 'utf8'));
  while (!unpacked()) {
    try {
      mkdirSync(lock);
    } catch {
      // Someone else is unpacking; a lock older than two minutes is left by a dead process.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lock}`);
      await sleep(200);
      continue;
    }
    try {
      if (!unpacked()) {
        rmSync(marker, { force: true });
        writeFileSync(marker, await Packaged.executablePath());
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return readFileSync(marker, 'utf8');
}

/** The browser executable these suites use; see the module comment for the order. */
export async function chromiumExecutable(): Promise<string> {
  return existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : packagedChromium();
}

/** Launches headless Chromium (system or packaged) with the suites' flags. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumExecutable(),
    headless: true,
    args: ARGS,
  });
}
