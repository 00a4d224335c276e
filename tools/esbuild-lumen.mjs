// Shared esbuild settings: bundle our own TypeScript (apps and @lumen/* libs, resolved
// to their sources), leave every npm dependency external so PGlite's WASM, Prisma's
// query compiler and the MCP SDK load from node_modules exactly as published.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

const lumenSources = {
  '@lumen/db': 'libs/db/src/index.ts',
  '@lumen/db/testing': 'libs/db/src/testing/index.ts',
  '@lumen/domain': 'libs/domain/src/index.ts',
  '@lumen/auth': 'libs/auth/src/index.ts',
  '@lumen/mcp-tools': 'libs/mcp-tools/src/index.ts',
  '@lumen/mcp-http': 'apps/mcp-http/src/index.ts',
  '@lumen/mcp-http/testing': 'apps/mcp-http/src/testing/index.ts',
};

export const lumenPlugin = {
  name: 'lumen-workspace',
  setup(build) {
    build.onResolve({ filter: /^@lumen\// }, (args) => {
      const target = lumenSources[args.path];
      if (!target) return { errors: [{ text: `unknown workspace import ${args.path}` }] };
      return { path: `${root}${target}` };
    });
    // Any other bare import stays external (resolved from node_modules at run time).
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@lumen/') || existsSync(args.path)
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

export const baseOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [lumenPlugin],
  // Prisma's generated client uses __dirname; ESM bundles need it defined.
  banner: {
    js: "import { createRequire as __lumenCreateRequire } from 'node:module'; const require = __lumenCreateRequire(import.meta.url);",
  },
};
