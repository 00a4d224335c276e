/**
 * Lumen used from outside this workspace, the way another TypeScript service would: the
 * public packages are built clean and packed (tools/pack-libs.mjs), the tarballs are
 * installed into a new project under the OS temp dir (no workspace links, no path
 * mapping, plus the consumer's own hono, @hono/node-server and MCP SDK at the workspace's
 * versions), fixture/consumer.ts is type-checked there by the project's own TypeScript
 * under `module`/`moduleResolution: nodenext` and `strict`, and the compiled consumer
 * runs on the embedded database and, with TEST_DATABASE_URL, on a fresh PostgreSQL
 * database.
 *
 * Build, pack, install (from the npm cache when warm) and compile happen once per run;
 * each database run takes a few seconds more. See the README for timings.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createScratchPostgres } from '@lumen/db/testing';

const here = fileURLToPath(new URL('..', import.meta.url));
const root = join(here, '../..');

interface Packed {
  dir: string;
  name: string;
  version: string;
  tarball: string;
  bytes: number;
}

interface ConsumerReport {
  database: string;
  course: { slug: string; title: string };
  enrolled: { newly: boolean; cards: number; due: number };
  graded: { rating: number; state: string; reps: number };
  search: { hits: number; lesson: string | null };
  refused: string | undefined;
  http: { anonymous: number; health: string };
  mcp: {
    tools: string[];
    isError: boolean;
    progress: { courses: Array<{ course: { slug: string }; cardsDue: number; cardsNew: number }> };
    missing: { isError: boolean; text: string };
  };
}

const versionIn = (deps: Record<string, string> | undefined, name: string): string => {
  const version = deps?.[name];
  if (!version) throw new Error(`the root package.json does not declare ${name}`);
  return version;
};

/** The consumer project's package.json: the tarballs, plus what it imports itself. */
function consumerManifest(packed: Packed[]): string {
  const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  // The consumer's own Hono server (hono is also @lumen/mcp-hono's peer dependency).
  const own = ['@modelcontextprotocol/sdk', 'hono', '@hono/node-server'];
  const dependencies: Record<string, string> = Object.fromEntries(
    own.map((name) => [name, versionIn(rootPkg.dependencies, name)]),
  );
  for (const p of packed) dependencies[p.name] = `file:${p.tarball}`;
  const manifest = {
    name: 'lumen-consumer',
    private: true,
    type: 'module',
    dependencies,
    devDependencies: {
      '@types/node': versionIn(rootPkg.devDependencies, '@types/node'),
      typescript: versionIn(rootPkg.devDependencies, 'typescript'),
    },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const consumerTsconfig = {
  compilerOptions: {
    target: 'ES2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    noUncheckedIndexedAccess: true,
    // Also check the packages' declarations (and what they import), not only our use of them.
    skipLibCheck: false,
    verbatimModuleSyntax: true,
    types: ['node'],
    outDir: 'out',
  },
  include: ['*.ts'],
};

describe('Lumen from a project outside the workspace', () => {
  let work: string;
  let project: string;
  let packed: Packed[];

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'lumen-consumer-'));
    project = join(work, 'project');
    const packedJson = execFileSync(
      process.execPath,
      [join(root, 'tools/pack-libs.mjs'), join(work, 'tarballs')],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    packed = JSON.parse(packedJson) as Packed[];
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), consumerManifest(packed));
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(consumerTsconfig, null, 2));
    copyFileSync(join(here, 'fixture/consumer.ts'), join(project, 'consumer.ts'));
    // Each package README's example is type-checked alongside the consumer.
    for (const p of packed) {
      const readme = readFileSync(join(root, p.dir, 'README.md'), 'utf8');
      const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
      if (!example) throw new Error(`${p.dir}/README.md has no TypeScript example`);
      writeFileSync(join(project, `readme-${p.name.split('/')[1]}.ts`), example);
    }
    execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
      { cwd: project, stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }, 900_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('installs real copies of the packages, outside the workspace', () => {
    expect(relative(root, project).startsWith('..')).toBe(true);
    for (const p of packed) {
      const installed = realpathSync(join(project, 'node_modules', p.name));
      expect(installed).toBe(join(realpathSync(project), 'node_modules', p.name));
      const listed = execFileSync('tar', ['-tzf', p.tarball], { encoding: 'utf8' }).split('\n');
      expect(listed).toEqual(
        expect.arrayContaining(['package/dist/index.js', 'package/dist/index.d.ts']),
      );
      // No sources, tests or source maps pointing at files that are not shipped.
      expect(listed.filter((f) => /\.(ts|map)$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    }
  });

  it('type-checks the consumer and the README examples under nodenext and strict', () => {
    const tsc = join(project, 'node_modules/typescript/bin/tsc');
    // Emitting is type-checking plus writing out/consumer.js: any type error fails here,
    // and the diagnostics are the assertion's message.
    const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);

  const runConsumer = (env: Record<string, string>): ConsumerReport => {
    const out = execFileSync(process.execPath, ['out/consumer.js'], {
      cwd: project,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', HOME: work, ...env },
    });
    return JSON.parse(out) as ConsumerReport;
  };

  const expectTheJourney = (report: ConsumerReport, database: string) => {
    expect(report.database).toBe(database);
    expect(report.course.slug).toMatch(/compost/);
    expect(report.enrolled.newly).toBe(true);
    expect(report.enrolled.cards).toBeGreaterThan(0);
    expect(report.enrolled.due).toBe(Math.min(report.enrolled.cards, 10));
    expect(report.graded).toMatchObject({ rating: 3, reps: 1 });
    expect(report.search.hits).toBeGreaterThan(0);
    expect(report.search.lesson).toMatch(/brown waste/i);
    expect(report.refused).toBe('mcp.course.not_found');
    // The host's own routes still answer, and its sign-in gates Lumen's endpoint.
    expect(report.http).toEqual({ anonymous: 401, health: 'ok' });
    expect(report.mcp.tools).toHaveLength(9);
    expect(report.mcp.isError).toBe(false);
    expect(report.mcp.missing.isError).toBe(true);
    expect(report.mcp.missing.text).toMatch(/^mcp\.course\.not_found: /);
    const progress = report.mcp.progress.courses.find((c) => c.course.slug === report.course.slug);
    // One card was graded (no longer new); the rest are still new.
    expect(progress?.cardsNew).toBe(report.enrolled.cards - 1);
  };

  /** Where each run's database lives: a data dir of its own, or a fresh PostgreSQL database. */
  const databases: Array<
    [string, () => Promise<{ env: Record<string, string>; drop: () => Promise<void> }>]
  > = [
    [
      'embedded',
      async () => ({ env: { LUMEN_DATA_DIR: join(work, 'data') }, drop: async () => {} }),
    ],
  ];
  const adminUrl = process.env['TEST_DATABASE_URL'];
  if (adminUrl)
    databases.push([
      'postgres',
      async () => {
        const scratch = await createScratchPostgres(adminUrl);
        return { env: { LUMEN_DATABASE_URL: scratch.url }, drop: scratch.drop };
      },
    ]);

  it.each(databases)(
    'opens Lumen, enrols, grades, searches and serves the tools from its own Hono app on the %s database',
    async (database, open) => {
      const { env, drop } = await open();
      try {
        expectTheJourney(runConsumer(env), database);
      } finally {
        await drop();
      }
    },
    120_000,
  );
});
