#!/usr/bin/env node
// The `lumen-mcp` command. npm links a workspace's bins during `npm install` before the
// postinstall step builds dist/, so the bin is this committed file, which loads the
// bundle, rather than the bundle itself (which would not exist yet to be linked).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/main.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(
    'lumen-mcp: the MCP server is not built (apps/mcp-stdio/dist/main.js is missing). ' +
      'Run `npm install` in the repository root, or `node tools/postinstall.mjs` to rebuild.\n',
  );
  process.exit(1);
}
await import(bundle.href);
