// Runs a TypeScript script (benchmarks, one-off tools) by bundling it with esbuild into
// tmp/ first: `node tools/run-ts.mjs bench/foo.ts [args...]`.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename } from 'node:path';

import { build } from 'esbuild';

import { baseOptions, root } from './esbuild-lumen.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry) throw new Error('usage: node tools/run-ts.mjs <file.ts> [args...]');
mkdirSync(`${root}tmp`, { recursive: true });
const outfile = `${root}tmp/${basename(entry, '.ts')}.mjs`;
await build({ ...baseOptions, entryPoints: [entry], outfile });
const result = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...args], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
