// Makes apps/mcp-stdio publishable on its own and packs it.
//
//   node tools/pack-stdio.mjs [--check] [--write] [--pack <out-dir>]
//
// The bundle (tools/build-app.mjs: dist/main.js and its lazily loaded dist/chunks/)
// inlines our TypeScript — the generated Prisma client included — and leaves every npm
// package external, so the published package.json must
// list exactly the npm packages the bundle imports at run time. This script rebuilds the
// bundle with an esbuild metafile, derives that set, and compares it with the package's
// `dependencies` (versions are taken from the root package.json, the versions the repo
// is tested with). --check (default) exits 1 on any difference; --write rewrites the
// dependencies; --pack also runs `npm pack` and prints the tarball path.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

import { build } from 'esbuild';

import { appOptions, pruneStaleChunks, root } from './esbuild-lumen.mjs';
// The bundle embeds the ingest's HTML worker as a string: regenerate it from its sources.
import generateHtmlWorker from './gen-html-worker.mjs';
import { resolvedSpecifiers } from './public-packages.mjs';

const app = `${root}apps/mcp-stdio`;
const builtins = new Set(builtinModules);

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
const packageOf = (path) =>
  path
    .split('/')
    .slice(0, path.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * The npm packages the bundle (main.js and its lazily loaded chunks) imports, statically
 * or dynamically, from the metafile. Rebuilding also drops chunks of earlier builds, so
 * that `npm pack` ships exactly this build.
 */
export async function runtimePackages() {
  await generateHtmlWorker();
  const { metafile } = await build({ ...appOptions('apps/mcp-stdio'), metafile: true });
  pruneStaleChunks('apps/mcp-stdio', metafile);
  const names = new Set();
  for (const [file, output] of Object.entries(metafile.outputs)) {
    for (const imp of output.imports)
      if (imp.external && !imp.path.startsWith('node:') && !builtins.has(imp.path))
        names.add(packageOf(imp.path));
    // A worker thread's packages (the tutor's sentence encoder) are no import to esbuild.
    if (file.endsWith('.js'))
      for (const spec of resolvedSpecifiers(readFileSync(join(root, file), 'utf8')))
        names.add(packageOf(spec));
  }
  return [...names].sort();
}

/** Expected `dependencies`: each runtime package at the root package.json's version. */
export async function expectedDependencies() {
  const rootPkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
  const declared = { ...rootPkg.devDependencies, ...rootPkg.dependencies };
  const deps = {};
  for (const name of await runtimePackages()) {
    if (!declared[name])
      throw new Error(`the bundle imports ${name}, which the root package.json does not declare`);
    deps[name] = declared[name];
  }
  return deps;
}

async function main() {
  const args = process.argv.slice(2);
  const pkgPath = `${app}/package.json`;
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  const expected = await expectedDependencies();
  const same = JSON.stringify(pkg.dependencies ?? {}) === JSON.stringify(expected);
  if (args.includes('--write') && !same) {
    pkg.dependencies = expected;
    writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
    process.stderr.write(
      `pack-stdio: wrote ${Object.keys(expected).length} dependencies to ${pkgPath}\n`,
    );
  } else if (!same) {
    process.stderr.write(
      `pack-stdio: apps/mcp-stdio/package.json dependencies differ from what the bundle imports.\n` +
        `  expected: ${JSON.stringify(expected)}\n  found:    ${JSON.stringify(pkg.dependencies ?? {})}\n` +
        `  run: node tools/pack-stdio.mjs --write\n`,
    );
    process.exit(1);
  }
  const packAt = args.indexOf('--pack');
  if (packAt >= 0) {
    const out = args[packAt + 1] ?? `${root}tmp/pack`;
    mkdirSync(out, { recursive: true });
    const json = execFileSync('npm', ['pack', '--json', '--pack-destination', out], {
      cwd: app,
      encoding: 'utf8',
    });
    const [{ filename }] = JSON.parse(json);
    process.stdout.write(`${out}/${filename}\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
