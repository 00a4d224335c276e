// Builds one app (apps/<name>/src/main.ts) into apps/<name>/dist/main.js.
import { build } from 'esbuild';

import { baseOptions, root } from './esbuild-lumen.mjs';

const project = process.argv[2];
if (!project) throw new Error('usage: node tools/build-app.mjs apps/<name>');
await build({
  ...baseOptions,
  entryPoints: [`${root}${project}/src/main.ts`],
  outfile: `${root}${project}/dist/main.js`,
});
