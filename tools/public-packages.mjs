// The workspace packages that outside services install, and the checks that keep their
// package.json files honest. A package's `dependencies` must be exactly the npm packages
// its built dist/ imports (JavaScript and .d.ts alike: a consumer type-checks against
// the declarations), at the versions the root package.json tests with; `@lumen/*`
// packages depend on each other at exactly the shared version, because all public
// packages are released together. A package may instead name an import in
// `peerDependencies` (at the root's version too): the consumer then installs it once and
// shares it, as a Hono sub-app must share its host's `hono`.
//
//   node tools/public-packages.mjs check [libs/x ...]  exit 1 on any difference (default: all)
//   node tools/public-packages.mjs write               rewrite `dependencies` from dist/
//   node tools/public-packages.mjs version <semver>    bump every public package in lockstep
//
// Run `nx run-many -t build -p <public projects>` first: the checks read dist/.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Public packages, in dependency order (a package comes after the ones it imports).
 * Everything else in the workspace stays `private`: the apps, and test helpers, which
 * are not exported.
 */
export const publicPackages = [
  'libs/db',
  'libs/domain',
  'libs/auth',
  'libs/mcp-tools',
  'libs/platform',
  'libs/mcp-hono',
];

const ts = createRequire(import.meta.url)('typescript');
const builtins = new Set(builtinModules);

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
export const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

const isBare = (specifier) =>
  !specifier.startsWith('.') &&
  !specifier.startsWith('/') &&
  !specifier.startsWith('node:') &&
  !builtins.has(specifier) &&
  !builtins.has(packageOf(specifier));

export const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
export const writeJson = (path, value) =>
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

/** The files a package's `exports` map points at (every condition, every subpath). */
function exportTargets(pkgDir, pkg) {
  const targets = [];
  const walk = (value) => {
    if (typeof value === 'string') {
      if (value.endsWith('.js') || value.endsWith('.d.ts')) targets.push(join(root, pkgDir, value));
    } else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(pkg.exports);
  return targets;
}

/** Whether an installed npm package ships its own type declarations. */
function hasOwnTypes(name) {
  const dir = join(root, 'node_modules', name);
  if (!existsSync(join(dir, 'package.json'))) return true;
  const pkg = readJson(join(dir, 'package.json'));
  return Boolean(
    pkg.types ||
    pkg.typings ||
    existsSync(join(dir, 'index.d.ts')) ||
    /"types"/.test(JSON.stringify(pkg.exports ?? {})),
  );
}

/**
 * The npm packages a built package needs, read from its dist/ along the module graph
 * that starts at its `exports`: static and dynamic imports with a literal specifier in
 * the .js files, and imports and `import("…")` type references in the .d.ts files (a
 * consumer type-checks against them, so an untyped package there brings its @types/
 * package). TypeScript's own pre-processor reads them, so comments never count; files
 * no export reaches (the ingest's HTML worker entry, which ships bundled and embedded)
 * do not count either.
 */
export function importedPackages(pkgDir) {
  const pkg = readJson(join(root, pkgDir, 'package.json'));
  const pending = exportTargets(pkgDir, pkg);
  if (!pending.length || !existsSync(pending[0]))
    throw new Error(
      `${pkgDir}: no built export (${pending[0] ?? 'none'}); build the package first`,
    );
  const seen = new Set();
  const names = new Set();
  while (pending.length) {
    const file = pending.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const declarations = file.endsWith('.d.ts');
    const text = readFileSync(file, 'utf8');
    const info = ts.preProcessFile(text, true, true);
    const specs = info.importedFiles.map((f) => f.fileName);
    if (!declarations) specs.push(...resolvedSpecifiers(text));
    for (const spec of specs) {
      if (spec.startsWith('.')) {
        const target = join(dirname(file), spec);
        pending.push(declarations ? target.replace(/\.js$/, '.d.ts') : target);
      } else if (isBare(spec)) {
        const name = packageOf(spec);
        names.add(declarations && !hasOwnTypes(name) ? `@types/${name}` : name);
      }
    }
  }
  return [...names].sort();
}

/**
 * The bare specifiers a script locates with `createRequire(…).resolve('<name>')`: a
 * worker thread's packages (tutor/sentence-encoder.ts), which it loads inside the
 * thread, so they are no import to TypeScript or esbuild but are needed at run time.
 */
export function resolvedSpecifiers(text) {
  return [...text.matchAll(/\.resolve\(\s*['"]([^'".][^'"]*)['"]\s*\)/g)].map((m) => m[1]);
}

/** Name and version of every public package, by name. */
export function publicManifests() {
  return new Map(
    publicPackages.map((dir) => {
      const pkg = readJson(join(root, dir, 'package.json'));
      return [pkg.name, { dir, pkg }];
    }),
  );
}

/** The versions the root package.json tests with, by package name. */
const rootVersions = () => {
  const rootPkg = readJson(join(root, 'package.json'));
  return { ...rootPkg.devDependencies, ...rootPkg.dependencies };
};

/**
 * The `dependencies` a public package's dist/ calls for: every import except the
 * package's own `peerDependencies`.
 */
export function expectedDependencies(pkgDir) {
  const declared = rootVersions();
  const manifests = publicManifests();
  const self = readJson(join(root, pkgDir, 'package.json'));
  const peers = new Set(Object.keys(self.peerDependencies ?? {}));
  const deps = {};
  for (const name of importedPackages(pkgDir)) {
    if (name === self.name || peers.has(name)) continue;
    const sibling = manifests.get(name);
    if (sibling) deps[name] = sibling.pkg.version;
    else if (name.startsWith('@lumen/'))
      throw new Error(`${pkgDir} imports ${name}, which is not a public package`);
    else if (declared[name]) deps[name] = declared[name];
    else throw new Error(`${pkgDir} imports ${name}, which the root package.json does not declare`);
  }
  return deps;
}

/** Problems with a package's `peerDependencies`: each must be imported, at the root's version. */
function peerProblems(pkgDir, pkg) {
  const declared = rootVersions();
  const imported = new Set(importedPackages(pkgDir));
  return Object.entries(pkg.peerDependencies ?? {}).flatMap(([name, range]) => {
    if (!imported.has(name)) return [`${pkgDir}: peer dependency ${name} is not imported by dist/`];
    if (range !== declared[name])
      return [
        `${pkgDir}: peer dependency ${name} is ${range}; the root package.json tests ${declared[name]}`,
      ];
    return [];
  });
}

/** Problems with the public packages' metadata, as sentences; empty when all is well. */
export function packageProblems(dirs = publicPackages) {
  const problems = [];
  const versions = new Set([...publicManifests().values()].map(({ pkg }) => pkg.version));
  if (versions.size > 1)
    problems.push(`public packages disagree on the version: ${[...versions].join(', ')}`);
  for (const dir of dirs) {
    const pkg = readJson(join(root, dir, 'package.json'));
    if (pkg.private) problems.push(`${dir}: a public package must not be private`);
    if (pkg.devDependencies)
      problems.push(`${dir}: devDependencies belong in the root package.json`);
    problems.push(...peerProblems(dir, pkg));
    const expected = expectedDependencies(dir);
    if (JSON.stringify(pkg.dependencies ?? {}) !== JSON.stringify(expected))
      problems.push(
        `${dir}: dependencies differ from what dist/ imports\n` +
          `  expected: ${JSON.stringify(expected)}\n  found:    ${JSON.stringify(pkg.dependencies ?? {})}`,
      );
  }
  return problems;
}

function writeDependencies() {
  for (const dir of publicPackages) {
    const path = join(root, dir, 'package.json');
    const pkg = readJson(path);
    pkg.dependencies = expectedDependencies(dir);
    writeJson(path, pkg);
  }
}

/** Sets every public package's version, and their dependencies on each other, to `version`. */
function setVersion(version) {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version))
    throw new Error(`not a semver version: ${version}`);
  const names = new Set(publicManifests().keys());
  for (const dir of publicPackages) {
    const path = join(root, dir, 'package.json');
    const pkg = readJson(path);
    pkg.version = version;
    for (const name of Object.keys(pkg.dependencies ?? {}))
      if (names.has(name)) pkg.dependencies[name] = version;
    writeJson(path, pkg);
  }
}

function main() {
  const [command = 'check', ...rest] = process.argv.slice(2);
  if (command === 'write') writeDependencies();
  else if (command === 'version') setVersion(rest[0] ?? '');
  else if (command === 'check') {
    const problems = packageProblems(
      rest.length ? rest.map((d) => d.replace(/\/$/, '')) : undefined,
    );
    for (const p of problems) process.stderr.write(`public-packages: ${p}\n`);
    if (problems.length) {
      process.stderr.write('public-packages: fix with `node tools/public-packages.mjs write`\n');
      process.exit(1);
    }
  } else throw new Error(`unknown command ${command}: use check, write or version <semver>`);
  if (command !== 'check')
    process.stderr.write(
      'public-packages: package.json files changed; refresh the lock with `npm install --package-lock-only`\n',
    );
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`public-packages: ${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  }
}
