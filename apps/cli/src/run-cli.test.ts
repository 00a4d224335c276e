import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createClientRegistry, createPasswords, verifySecret } from '@lumen/auth';
import { clientHashCopy, createDb } from '@lumen/db';
import type { Db } from '@lumen/db';
import { createEnrollments, DEMO_PASSWORD } from '@lumen/domain';
import { startLoopbackEmbeddings } from '@lumen/domain/testing';
import { createEmptyCard, fsrs, generatorParameters, State } from 'ts-fsrs';
import type { Grade } from 'ts-fsrs';
import { createScratchPostgres } from '@lumen/db/testing';
import { loadConfig } from '@lumen/platform';

import { runCli } from './run-cli.js';

interface Target {
  env: Record<string, string>;
  cleanup: () => Promise<void>;
}

async function embeddedTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'lumen-cli-'));
  return {
    env: { LUMEN_DATA_DIR: dir },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresTarget(adminUrl: string): Promise<Target> {
  const scratch = await createScratchPostgres(adminUrl);
  return { env: { DATABASE_URL: scratch.url }, cleanup: scratch.drop };
}

const targets: Array<[string, () => Promise<Target>]> = [['embedded', embeddedTarget]];
const adminUrl = process.env['TEST_DATABASE_URL'];
if (adminUrl) targets.push(['postgres', () => postgresTarget(adminUrl)]);

describe.each(targets)('lumen CLI on %s', (_kind, makeTarget) => {
  let target: Target;
  /** What the password prompt (or stdin) answers next. */
  let typedSecret = '';
  const run = async (...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      config: () => loadConfig(target.env),
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      readSecret: async () => typedSecret,
    });
    return { code, stdout, stderr };
  };
  const withDb = async <T>(fn: (db: Db) => Promise<T>): Promise<T> => {
    const db = await createDb({
      url: target.env['DATABASE_URL'],
      dataDir: target.env['LUMEN_DATA_DIR'],
    });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };
  const clientCount = () => withDb((db) => db.prisma.mcpClient.count());
  const signsIn = (email: string, password: string) =>
    withDb(async (db) => (await createPasswords({ db }).verify(email, password)) !== undefined);

  beforeAll(async () => {
    target = await makeTarget();
  });
  afterAll(() => target.cleanup());

  it('db migrate says which migrations it applied to a new database, then that it is up to date', async () => {
    const first = await run('db', 'migrate');
    expect(first.code).toBe(0);
    const line = /^migrations=applied (\d+): (\S+)$/m.exec(first.stdout);
    expect(first.stdout).toMatch(/^migrations=applied /m); // the whole output shows if not
    const recorded = await withDb(async (db) =>
      (await db.sql<{ name: string }>`SELECT name FROM "_lumen_migrations" ORDER BY name`).map(
        (r) => r.name,
      ),
    );
    expect(line![2]!.split(',')).toEqual(recorded);
    expect(Number(line![1])).toBe(recorded.length);
    expect(recorded).toContain('0001_init');

    const again = await run('db', 'migrate');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^database=.+\nmigrations=up to date\nvector=(yes|no)\n$/);
  });

  it('seeds the demo data idempotently', async () => {
    const first = await run('db', 'seed');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('users=3');
    expect(first.stdout).toMatch(/courses_created=.*database-indexing-in-postgresql/);
    const second = await run('db', 'seed');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('courses_created=-');
    expect(second.stdout).toMatch(/courses_kept=.*how-cells-make-energy/);
  });

  it('gives the demo users the documented demo password, and keeps passwords set since', async () => {
    expect(await signsIn('learner@lumen.test', DEMO_PASSWORD)).toBe(true);
    expect(await signsIn('learner@lumen.test', 'wrong-password-123')).toBe(false);
  });

  it('sets a password read from the prompt, never from argv', async () => {
    typedSecret = 'correct horse battery staple';
    const result = await run('users', 'set-password', '--email', 'teacher@lumen.test');
    expect(result).toMatchObject({ code: 0, stdout: 'password_set=teacher@lumen.test\n' });
    expect(result.stdout + result.stderr).not.toContain(typedSecret);
    expect(await signsIn('teacher@lumen.test', typedSecret)).toBe(true);
    expect(await signsIn('teacher@lumen.test', DEMO_PASSWORD)).toBe(false);
    await run('db', 'seed'); // seeding again does not reset it
    expect(await signsIn('teacher@lumen.test', typedSecret)).toBe(true);

    typedSecret = 'short';
    const weak = await run('users', 'set-password', '--email', 'teacher@lumen.test');
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('auth.password.weak');
    typedSecret = 'long enough password';
    const unknown = await run('users', 'set-password', '--email', 'nobody@lumen.test');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('auth.owner.unknown');
    expect((await run('users', 'set-password', '--password', 'x')).code).toBe(2);
  });

  it("mints a client and prints exactly the guide's key=value block once", async () => {
    const result = await run(
      'mcp-token',
      '--owner-email',
      'teacher@lumen.test',
      '--name',
      'My laptop',
      '--scopes',
      'ask_tutor, list_my_progress',
    );
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split('=')[0])).toEqual([
      'client_id',
      'client_secret',
      'owner_user_id',
      'name',
      'scopes',
      'Save the client_secret now — it will not be shown again.',
    ]);
    expect(lines[0]).toMatch(/^client_id=lmc_/);
    expect(lines[1]).toMatch(/^client_secret=lumen_sk_lmc_/);
    expect(lines[3]).toBe('name=My laptop');
    expect(lines[4]).toBe('scopes=ask_tutor,list_my_progress');

    const secret = lines[1]!.slice('client_secret='.length);
    const listed = await run('mcp-clients', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('My laptop');
    expect(listed.stdout).not.toContain(secret);
    expect(listed.stdout).not.toContain('$argon2id$');
  });

  it('leaves a copy of the new client hash beside the embedded database only', async () => {
    const result = await run('mcp-token', '--owner-email', 'learner@lumen.test', '--name', 'copy');
    expect(result.code).toBe(0);
    const clientId = /client_id=(\S+)/.exec(result.stdout)![1]!;
    const secret = /client_secret=(\S+)/.exec(result.stdout)![1]!;
    const stored = await withDb(async (db) => createClientRegistry({ db }).storedHash(clientId));
    const dataDir = target.env['LUMEN_DATA_DIR'];
    if (dataDir) {
      // What the stdio server's first start verifies LUMEN_MCP_AUTH_TOKEN against early.
      const copy = clientHashCopy(dataDir, clientId).read();
      expect(copy).toBe(stored);
      expect(await verifySecret(secret, copy!)).toBe(true);
    } else {
      // PostgreSQL: no data dir of its own, so no copy anywhere (not the default one).
      expect(clientHashCopy(loadConfig({}).database.dataDir, clientId).read()).toBeUndefined();
    }
  });

  it.each([
    [['mcp-token', '--owner-email', 'nobody@lumen.test'], 'auth.owner.unknown'],
    [
      ['mcp-token', '--owner-email', 'teacher@lumen.test', '--scopes', 'teleport'],
      'auth.scope.unknown',
    ],
    [['mcp-token', '--owner-email', 'teacher@lumen.test', '--name', '   '], 'auth.name.empty'],
    [['mcp-token'], '--owner-email is required'],
    // Scopes the owner's role can never use: every call with them would be refused.
    [
      ['mcp-token', '--owner-email', 'learner@lumen.test', '--scopes', 'admin'],
      'lumen: auth.scope.beyond_role: learner@lumen.test is a learner, so the server would refuse every use of admin (needs an admin owner). ' +
        'Leave those scopes out (--scopes "*" covers everything this owner can use), or mint the client for an owner with that role.\n',
    ],
    [
      [
        'mcp-token',
        '--owner-email',
        'learner@lumen.test',
        '--scopes',
        'ask_tutor create_course_draft admin',
      ],
      'learner@lumen.test is a learner, so the server would refuse every use of create_course_draft (needs an instructor or admin owner), admin (needs an admin owner).',
    ],
    [
      ['mcp-token', '--owner-email', 'teacher@lumen.test', '--scopes', 'list_courses,admin'],
      'teacher@lumen.test is an instructor, so the server would refuse every use of admin (needs an admin owner).',
    ],
  ])('refuses %j with exit code 2 and writes nothing', async (argv, message) => {
    const before = await clientCount();
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(await clientCount()).toBe(before);
  });

  it("mints the scopes the owner's role can use, and * for anyone", async () => {
    const mint = async (email: string, scopes: string) => {
      const result = await run('mcp-token', '--owner-email', email, '--scopes', scopes);
      // (stderr may carry the server's pgvector note, never a refusal)
      expect({ email, scopes, code: result.code }).toEqual({ email, scopes, code: 0 });
      expect(result.stderr).not.toContain('scope');
      return /^scopes=(.*)$/m.exec(result.stdout)![1];
    };
    expect(await mint('admin@lumen.test', 'admin')).toBe('admin');
    expect(await mint('admin@lumen.test', 'create_course_draft')).toBe('create_course_draft');
    expect(await mint('teacher@lumen.test', 'ingest_url_to_draft')).toBe('ingest_url_to_draft');
    expect(await mint('learner@lumen.test', 'ask_tutor')).toBe('ask_tutor');
    expect(await mint('learner@lumen.test', '*')).toBe('*');
  });

  it('revokes a client, idempotently, and refuses unknown ids', async () => {
    const minted = await run(
      'mcp-token',
      '--owner-email',
      'learner@lumen.test',
      '--name',
      'to revoke',
    );
    const clientId = /client_id=(\S+)/.exec(minted.stdout)![1]!;
    expect((await run('mcp-clients', 'revoke', clientId)).stdout).toBe(`revoked=${clientId}\n`);
    expect((await run('mcp-clients', 'revoke', clientId)).code).toBe(0);
    const listed = await run('mcp-clients', 'list');
    const row = listed.stdout.split('\n').find((l) => l.startsWith(clientId))!;
    expect(row.split('\t')[6]).not.toBe('-');
    const unknown = await run('mcp-clients', 'revoke', 'lmc_doesnotexist');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('auth.client.unknown');
  });

  it('refuses NUL and lone surrogates in arguments that would reach the database, storing nothing', async () => {
    const before = await clientCount();
    const cases: Array<[string[], string]> = [
      [['mcp-clients', 'revoke', 'lmc_\u0000'], 'argument 3 must not contain NUL (U+0000)'],
      [
        ['mcp-token', '--owner-email', 'learner@lumen.test\u0000'],
        '--owner-email must not contain NUL (U+0000)',
      ],
      [
        ['mcp-token', '--owner-email', 'learner@lumen.test', '--name=lap\ud800top'],
        '--name must not contain unpaired UTF-16 surrogates',
      ],
      [['users', 'set-password', '--email', '\udc00'], '--email must not contain unpaired'],
    ];
    for (const [argv, message] of cases) {
      const result = await run(...argv);
      expect({ argv, code: result.code, stdout: result.stdout }).toEqual({
        argv,
        code: 2,
        stdout: '',
      });
      expect(result.stderr).toContain(`lumen: mcp.invalid_argument: ${message}`);
    }
    expect(await clientCount()).toBe(before);
  });

  it('db embed stores a vector for every chunk once, and says what it needs when it cannot', async () => {
    const env = target.env;
    try {
      const missing = await run('db', 'embed');
      expect(missing).toMatchObject({ code: 2, stdout: '' });
      // A setting the command needs, named as such: not an MCP tool's argument error.
      expect(missing.stderr).toBe(
        'lumen: config.missing: EMBEDDINGS_BASE_URL is not set: db embed needs an OpenAI-compatible embeddings API ' +
          '(e.g. https://api.openai.com/v1 or an Ollama or vLLM server); set it, with ' +
          'EMBEDDINGS_MODEL and EMBEDDINGS_API_KEY as the provider needs.\n',
      );
      const provider = await startLoopbackEmbeddings();
      try {
        target = {
          ...target,
          env: { ...env, EMBEDDINGS_BASE_URL: provider.baseUrl, EMBEDDINGS_MODEL: 'fake-bow' },
        };
        expect((await run('db', 'seed')).code).toBe(0);
        const chunks = await withDb((db) => db.prisma.lessonChunk.count());
        const vector = await withDb(async (db) => db.vector);
        if (!vector) {
          const refused = await run('db', 'embed');
          expect(refused.code).toBe(2);
          expect(refused.stderr).toContain('lumen: db.vector.missing: pgvector is not installed');
          expect(provider.received).toEqual([]);
          return;
        }
        provider.failing = true;
        const down = await run('db', 'embed');
        expect(down).toMatchObject({ code: 2, stdout: 'model=fake-bow\nembedded=0\nrefused=0\n' });
        expect(down.stderr).toContain(
          'lumen: mcp.unavailable: The embedding provider answered HTTP 503.',
        );
        provider.failing = false;
        expect(await run('db', 'embed')).toMatchObject({
          code: 0,
          stdout: `model=fake-bow\nembedded=${chunks}\nrefused=0\n`,
        });
        expect(await run('db', 'embed')).toMatchObject({
          code: 0,
          stdout: 'model=fake-bow\nembedded=0\nrefused=0\n',
        });
      } finally {
        await provider.close();
      }
    } finally {
      target = { ...target, env };
    }
  });

  it('names a bad setting in one line with exit code 2, instead of an unexpected error', async () => {
    const env = target.env;
    target = { ...target, env: { ...env, LUMEN_RETENTION_TOOL_CALLS_DAYS: 'soon' } };
    const result = await run('db', 'prune').finally(() => (target = { ...target, env }));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^lumen: Invalid configuration:\n {2}LUMEN_RETENTION_TOOL_CALLS_DAYS: /,
    );
    expect(result.stderr).not.toContain('unexpected error');
  });

  it('prunes observability logs past the configured retention, and keeps the rest', async () => {
    const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
    await withDb(async (db) => {
      for (const d of [40, 10, 1])
        await db.prisma.toolCall.create({
          data: { tool: 'list_courses', outcome: 'ok', durationMs: 1, createdAt: daysAgo(d) },
        });
      for (const d of [40, 1])
        await db.prisma.llmCallLog.create({
          data: {
            feature: 'tutor',
            provider: 'noop',
            model: 'noop',
            status: 'ok',
            createdAt: daysAgo(d),
          },
        });
    });
    const env = target.env;
    target = {
      ...target,
      env: { ...env, LUMEN_RETENTION_TOOL_CALLS_DAYS: '7', LUMEN_RETENTION_LLM_CALLS_DAYS: '0' },
    };
    const result = await run('db', 'prune').finally(() => (target = { ...target, env }));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('tool_calls=2 deleted (keep 7 days)');
    expect(result.stdout).toContain('llm_call_log=0 deleted (keep forever)');
    expect(await withDb((db) => db.prisma.toolCall.count())).toBe(1);
    expect(await withDb((db) => db.prisma.llmCallLog.count())).toBe(2);
  });

  /**
   * Five months of the demo learner's reviews of 36 cards, written straight to
   * review_logs (the command reads only the log): scheduled by FSRS's defaults, but
   * the learner forgets faster than they predict, recalling when a seeded generator
   * draws u < R³ where the defaults predict R (and rates a recall hard, good or easy).
   */
  async function fiveMonthsOfReviews(db: Db): Promise<void> {
    const user = await db.prisma.user.findUniqueOrThrow({
      where: { email: 'learner@lumen.test' },
    });
    const start = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 86_400_000);
    for (const slug of [
      'how-cells-make-energy',
      'foundations-of-western-harmony',
      'database-indexing-in-postgresql',
    ])
      await createEnrollments({ db }).enroll({ userId: user.id, role: user.role }, slug, start);
    const cards = await db.prisma.reviewCard.findMany({
      where: { userId: user.id },
      orderBy: { prompt: 'asc' },
    });
    const scheduler = fsrs(generatorParameters({ enable_fuzz: false }));
    const end = start.getTime() + 150 * 86_400_000;
    let x = 2463534242; // xorshift32: random-looking, the same on every run
    const u = () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) / 4294967296;
    };
    const logs: Array<[string, number, number, string]> = [];
    for (const [i, row] of cards.entries()) {
      // One new card a day, each review within half a day after it comes due.
      let at = new Date(start.getTime() + i * 86_400_000 + 9 * 3_600_000);
      let card = createEmptyCard(at);
      for (let v = 1000; at.getTime() < end; v++) {
        const r = card.state === State.New ? null : scheduler.get_retrievability(card, at, false);
        const v2 = u();
        const recalled = r === null || u() < r ** 3;
        const rating = (!recalled ? 1 : v2 < 0.15 ? 2 : v2 < 0.9 ? 3 : 4) as Grade;
        logs.push([row.id, v, rating, at.toISOString()]);
        card = scheduler.next(card, at, rating).card;
        at = new Date(Math.max(card.due.getTime(), at.getTime() + 60_000) + u() * 43_200_000);
      }
    }
    await db.sql`
      INSERT INTO review_logs (card_id, user_id, card_version, rating, state, due, stability, difficulty,
                               elapsed_days, last_elapsed_days, scheduled_days, learning_steps, review)
      SELECT c::uuid, ${user.id}::uuid, v, r, 0, t, 0, 0, 0, 0, 0, 0, t
        FROM unnest(${logs.map((l) => l[0])}::text[], ${logs.map((l) => l[1])}::int[],
                    ${logs.map((l) => l[2])}::int[], ${logs.map((l) => l[3])}::timestamptz[]) AS x(c, v, r, t)`;
  }

  it('fits FSRS weights per learner, one line each: skipped with the reason below the threshold, then fitted with the held-out numbers', async () => {
    expect((await run('db', 'seed')).code).toBe(0);
    const few = await run('fsrs', 'optimize');
    expect(few.code).toBe(0);
    expect(few.stdout).toBe(
      'learner@lumen.test skipped reason=too_few_reviews reviews=4 need=400\n',
    );

    await withDb(fiveMonthsOfReviews);
    const one = await run('fsrs', 'optimize', '--email', 'learner@lumen.test');
    expect(one.code).toBe(0);
    const m =
      /^learner@lumen\.test fitted reviews=(\d+) held_out_log_loss=([\d.]+)->([\d.]+) held_out_rmse=([\d.]+)->([\d.]+)\n$/.exec(
        one.stdout,
      );
    expect(one.stdout).toMatch(/ fitted /); // the whole line shows if it is not
    expect(Number(m![1])).toBeGreaterThan(400);
    expect(Number(m![3])).toBeLessThan(Number(m![2]));
    const stored = await withDb(
      (db) => db.sql<{ review_count: number }>`SELECT review_count FROM fsrs_parameters`,
    );
    expect(stored).toEqual([{ review_count: Number(m![1]) }]);

    const nobody = await run('fsrs', 'optimize', '--email', 'nobody@lumen.test');
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain(
      'lumen: mcp.invalid_argument: no user with email "nobody@lumen.test"\n',
    );
    expect((await run('fsrs', 'optimise')).code).toBe(2);
    expect((await run('fsrs', 'optimize', '--mail', 'x')).code).toBe(2);
  }, 120_000);

  it('explains usage for unknown commands with exit code 2', async () => {
    const result = await run('frobnicate');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: lumen');
  });
});
