// Builds one app (apps/<name>/src/main.ts) into apps/<name>/dist/main.js, with its
// lazily loaded chunks in apps/<name>/dist/chunks/.
import { chmodSync } from 'node:fs';

import { build } from 'esbuild';

import { appOptions, root } from './esbuild-lumen.mjs';
// The HTML worker is embedded in the bundle as a string: regenerate it from its sources.
import generateHtmlWorker from './gen-html-worker.mjs';

const project = process.argv[2];
if (!project) throw new Error('usage: node tools/build-app.mjs apps/<name>');
await generateHtmlWorker();
await build(appOptions(project));
// The bundles are the `lumen` / `lumen-mcp` bins. npm links bins before our postinstall
// builds them, so it cannot mark them executable itself.
chmodSync(`${root}${project}/dist/main.js`, 0o755);
