// Shared esbuild settings: bundle our own TypeScript (apps and @lumen/* libs, resolved
// to their sources), leave every npm dependency external so PGlite's WASM, Prisma's
// query compiler and the MCP SDK load from node_modules exactly as published.
//
// Apps are built with code splitting (see appOptions): a dynamic `import()` in our
// sources becomes a separate chunk, loaded — with the npm packages it imports — only
// when that import runs. Our workspace sources are marked side-effect free (they only
// declare things; the generated Prisma client, which sets a global, is the exception),
// so importing one function from a barrel such as `@lumen/domain` bundles that
// function's modules only, and not every npm package the barrel's other modules use.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

const lumenSources = {
  '@lumen/db': 'libs/db/src/index.ts',
  '@lumen/db/testing': 'libs/db/src/testing/index.ts',
  '@lumen/domain': 'libs/domain/src/index.ts',
  '@lumen/domain/testing': 'libs/domain/src/testing/index.ts',
  '@lumen/auth': 'libs/auth/src/index.ts',
  '@lumen/mcp-tools': 'libs/mcp-tools/src/index.ts',
  '@lumen/platform': 'libs/platform/src/index.ts',
  '@lumen/mcp-hono': 'libs/mcp-hono/src/index.ts',
  '@lumen/mcp-hono/testing': 'libs/mcp-hono/src/testing/index.ts',
};

/** Workspace TypeScript that only declares things: safe to drop when nothing uses it. */
const isPureSource = (path) =>
  path.startsWith(root) &&
  /^(apps|libs)\/[^/]+\/src\//.test(path.slice(root.length)) &&
  !path.includes('/generated/');

/**
 * Barrel files (`export { a } from './a.js'` lists, like `@lumen/db`'s index.ts) map
 * each value export to the module that defines it, following nested barrels. Types are
 * erased, so `export type` lines are skipped.
 */
const barrelExports = new Map();
function exportsOfBarrel(file) {
  let exports = barrelExports.get(file);
  if (exports) return exports;
  exports = new Map();
  barrelExports.set(file, exports);
  const source = readFileSync(file, 'utf8');
  for (const [, names, from] of source.matchAll(/^export\s*\{([^}]*)\}\s*from\s*'([^']+)';/gm)) {
    if (!from.startsWith('.')) continue;
    const target = join(dirname(file), from.replace(/\.js$/, '.ts'));
    const nested =
      /\/index\.ts$/.test(target) && existsSync(target) ? exportsOfBarrel(target) : null;
    for (const spec of names.split(',')) {
      const m = /^\s*(?:type\s+)?(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(spec);
      if (!m || /^\s*type\s/.test(spec)) continue;
      const [, local, exported = local] = m;
      exports.set(exported, nested?.get(local) ?? { file: target, name: local });
    }
  }
  return exports;
}

/**
 * `import { a, b } from '@lumen/x'` → imports from the modules defining `a` and `b`
 * (likewise `export { … } from '@lumen/x'`). With code splitting esbuild follows every
 * import of a file it reaches, so a module importing one function from a barrel would
 * otherwise pull the whole library (and its npm packages) into its chunk. Names the
 * barrel does not list keep importing from it. Line count is preserved, so source maps
 * stay exact.
 */
function importDefiningModules(source) {
  return source.replace(
    /^(import|export)\s*\{([^}]*)\}\s*from\s*'(@lumen\/[^']+)';/gm,
    (whole, keyword, names, spec) => {
      const barrel = lumenSources[spec];
      if (!barrel) return whole;
      const exports = exportsOfBarrel(`${root}${barrel}`);
      const byFile = new Map();
      const rest = [];
      for (const item of names
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)) {
        const m = /^(\w+)(?:\s+as\s+(\w+))?$/.exec(item);
        const target = m && exports.get(m[1]);
        if (!target) {
          rest.push(item);
          continue;
        }
        const binding =
          target.name === (m[2] ?? m[1]) ? target.name : `${target.name} as ${m[2] ?? m[1]}`;
        byFile.set(target.file, [...(byFile.get(target.file) ?? []), binding]);
      }
      const lines = [...byFile].map(
        ([file, b]) => `${keyword} { ${b.join(', ')} } from ${JSON.stringify(file)};`,
      );
      if (rest.length > 0) lines.push(`${keyword} { ${rest.join(', ')} } from '${spec}';`);
      return lines.join(' ') + '\n'.repeat(whole.split('\n').length - 1);
    },
  );
}

export const lumenPlugin = {
  name: 'lumen-workspace',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!isPureSource(args.path)) return undefined;
      return { contents: importDefiningModules(readFileSync(args.path, 'utf8')), loader: 'ts' };
    });
    build.onResolve({ filter: /^@lumen\// }, (args) => {
      const target = lumenSources[args.path];
      if (!target) return { errors: [{ text: `unknown workspace import ${args.path}` }] };
      return { path: `${root}${target}`, sideEffects: false };
    });
    build.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData?.lumenResolved || !isPureSource(args.importer)) return undefined;
      const result = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { lumenResolved: true },
      });
      if (result.errors.length > 0 || result.external || !isPureSource(result.path)) return result;
      return { ...result, sideEffects: false };
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

/**
 * One app: apps/<name>/src/main.ts → apps/<name>/dist/main.js, plus the lazily loaded
 * chunks in apps/<name>/dist/chunks/ (shipped with the bundle: `dist/**\/*.js`).
 */
export function appOptions(project) {
  return {
    ...baseOptions,
    entryPoints: { main: `${root}${project}/src/main.ts` },
    outdir: `${root}${project}/dist`,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  };
}

/**
 * Removes chunks a build did not write (left over from earlier builds), given the
 * build's metafile, so that they are not packed. Builds themselves leave old chunks in
 * place: a server started from the previous build may still load them lazily.
 */
export function pruneStaleChunks(project, metafile) {
  const chunks = `${root}${project}/dist/chunks`;
  if (!existsSync(chunks)) return;
  // Metafile paths are relative to the working directory.
  const written = new Set(Object.keys(metafile.outputs).map((out) => resolve(out)));
  for (const name of readdirSync(chunks))
    if (!written.has(join(chunks, name))) rmSync(join(chunks, name), { force: true });
}
