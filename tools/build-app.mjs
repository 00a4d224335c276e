// Builds one app (apps/<name>/src/main.ts) into apps/<name>/dist/main.js.
import { chmodSync } from 'node:fs';

import { build } from 'esbuild';

import { baseOptions, root } from './esbuild-lumen.mjs';

const project = process.argv[2];
if (!project) throw new Error('usage: node tools/build-app.mjs apps/<name>');
const outfile = `${root}${project}/dist/main.js`;
await build({
  ...baseOptions,
  entryPoints: [`${root}${project}/src/main.ts`],
  outfile,
});
// The bundles are the `lumen` / `lumen-mcp` bins. npm links bins before our postinstall
// builds them, so it cannot mark them executable itself.
chmodSync(outfile, 0o755);
