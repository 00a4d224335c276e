// Builds the public packages from clean and packs them, as a release would.
//
//   node tools/pack-libs.mjs [out-dir]     prints one JSON line: [{ dir, name, version, tarball, bytes }]
//
// Each dist/ is removed first, so a tarball never carries a file whose source is gone;
// the embedded migrations and HTML worker are regenerated from their sources (the Prisma
// client comes from `npm install`'s postinstall). Then the metadata check runs (see
// public-packages.mjs) and `npm pack` writes the tarballs into out-dir.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import generateHtmlWorker from './gen-html-worker.mjs';
import { packageProblems, publicPackages, readJson, root } from './public-packages.mjs';

const quiet = { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] };

/** Builds every public package from a clean dist/. */
export async function buildPublicPackages() {
  execFileSync(process.execPath, [join(root, 'tools/gen-migrations.mjs')], quiet);
  await generateHtmlWorker();
  for (const dir of publicPackages)
    rmSync(join(root, dir, 'dist'), { recursive: true, force: true });
  const projects = publicPackages.map((dir) => readJson(join(root, dir, 'project.json')).name);
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/nx/dist/bin/nx.js'),
      'run-many',
      '-t',
      'build',
      '-p',
      projects.join(','),
      '--skip-nx-cache',
      '--outputStyle=static',
    ],
    { ...quiet, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } },
  );
}

/** Builds, checks and packs the public packages into `outDir`; returns the tarballs. */
export async function packPublicPackages(outDir) {
  await buildPublicPackages();
  const problems = packageProblems();
  if (problems.length) throw new Error(`public package metadata:\n${problems.join('\n')}`);
  mkdirSync(outDir, { recursive: true });
  return publicPackages.map((dir) => {
    const json = execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], {
      cwd: join(root, dir),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [{ name, version, filename }] = JSON.parse(json);
    const tarball = join(outDir, filename);
    return { dir, name, version, tarball, bytes: statSync(tarball).size };
  });
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const out = resolve(process.argv[2] ?? join(root, 'tmp/pack-libs'));
  process.stdout.write(`${JSON.stringify(await packPublicPackages(out))}\n`);
}
