import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import {
  createClientRegistry,
  formatMintOutput,
  generateClientId,
  generateClientSecret,
  inThreadHasher,
} from './index.js';
import type { ClientRegistry, SecretHasher } from './index.js';

const cheap = { memoryKiB: 256, iterations: 1, parallelism: 1 };
const t0 = new Date('2026-03-01T10:00:00Z');

describe.each(testDatabases())('client registry on %s', (_kind, open) => {
  let db: Db;
  let registry: ClientRegistry;
  let teacherId: string;
  beforeAll(async () => {
    db = await open();
    registry = createClientRegistry({ db, hashParams: cheap, clock: () => t0 });
    teacherId = (
      await db.prisma.user.create({
        data: { email: 'teacher@lumen.test', displayName: 'T', role: 'instructor' },
      })
    ).id;
  });
  afterAll(() => db.close());

  it('mints a client and stores only an argon2id hash of the secret', async () => {
    const minted = await registry.mint({
      ownerEmail: 'teacher@lumen.test',
      name: 'My laptop',
      scopes: '*',
    });
    expect(minted).toMatchObject({ ownerUserId: teacherId, name: 'My laptop', scopes: ['*'] });
    const row = await db.prisma.mcpClient.findUniqueOrThrow({
      where: { clientId: minted.clientId },
    });
    expect(row.clientSecretHash).toMatch(/^\$argon2id\$/);
    expect(row.clientSecretHash).not.toContain(minted.clientSecret);
    expect(row.createdAt).toEqual(t0);
  });

  it('spends one argon2 verification at the real cost on an unknown client id, as on a wrong secret', async () => {
    // The real hasher, with every verification noted (its cost is read from the PHC).
    const verified: string[] = [];
    const counting: SecretHasher = {
      hash: inThreadHasher.hash,
      verify: (secret, phc) => {
        verified.push(phc.split('$')[3]!);
        return inThreadHasher.verify(secret, phc);
      },
    };
    const counted = createClientRegistry({ db, hashParams: cheap, hasher: counting });
    const real = await counted.mint({
      ownerEmail: 'teacher@lumen.test',
      name: 'Real',
      scopes: '*',
    });
    const random = (n: number) => new Uint8Array(n).fill(7);
    const ghostId = generateClientId(random);
    const wrong = await counted.authenticate(
      real.clientId,
      generateClientSecret(real.clientId, random),
    );
    const unknown = await counted.authenticate(ghostId, generateClientSecret(ghostId, random));
    expect(wrong).toMatchObject({ ok: false, reason: 'bad_secret' });
    expect(unknown).toMatchObject({ ok: false, reason: 'unknown_client' });
    expect(verified).toEqual(['m=256,t=1,p=1', 'm=256,t=1,p=1']);
    expect(await counted.authenticate(real.clientId, real.clientSecret)).toMatchObject({
      ok: true,
    });
    expect(verified).toHaveLength(3);
  });

  it('prints exactly the guide mint block', async () => {
    const minted = await registry.mint({
      ownerEmail: 'teacher@lumen.test',
      name: 'Desk',
      scopes: ['ask_tutor', 'get_course'],
    });
    expect(formatMintOutput(minted).split('\n')).toEqual([
      `client_id=${minted.clientId}`,
      `client_secret=${minted.clientSecret}`,
      `owner_user_id=${teacherId}`,
      'name=Desk',
      'scopes=get_course,ask_tutor',
      'Save the client_secret now — it will not be shown again.',
      '',
    ]);
  });

  it('refuses unknown owners, empty names and unknown scopes without writing anything', async () => {
    const before = await db.prisma.mcpClient.count();
    await expect(
      registry.mint({ ownerEmail: 'ghost@lumen.test', name: 'x', scopes: '*' }),
    ).rejects.toMatchObject({
      code: 'auth.owner.unknown',
    });
    await expect(
      registry.mint({ ownerEmail: 'teacher@lumen.test', name: '  ', scopes: '*' }),
    ).rejects.toMatchObject({
      code: 'auth.name.empty',
    });
    await expect(
      registry.mint({ ownerEmail: 'teacher@lumen.test', name: 'x', scopes: 'drop_tables' }),
    ).rejects.toMatchObject({
      code: 'auth.scope.unknown',
    });
    expect(await db.prisma.mcpClient.count()).toBe(before);
  });

  it('lists clients with their owner and never a hash or secret', async () => {
    const minted = await registry.mint({
      ownerEmail: 'teacher@lumen.test',
      name: 'Listed',
      scopes: '*',
    });
    const listed = await registry.list();
    const mine = listed.find((c) => c.clientId === minted.clientId);
    expect(mine).toEqual({
      clientId: minted.clientId,
      name: 'Listed',
      ownerEmail: 'teacher@lumen.test',
      ownerUserId: teacherId,
      scopes: ['*'],
      createdAt: t0,
      lastUsedAt: null,
      revokedAt: null,
      oauthClientId: null,
    });
    const json = JSON.stringify(listed);
    expect(json).not.toContain('argon2');
    expect(json).not.toContain(minted.clientSecret);
    expect(json).not.toContain('Hash');
  });

  it('authenticates by id + secret or by secret alone, with typed failures', async () => {
    const minted = await registry.mint({
      ownerEmail: 'teacher@lumen.test',
      name: 'Auth',
      scopes: 'ask_tutor',
    });
    const good = await registry.authenticate(minted.clientId, minted.clientSecret);
    expect(good).toMatchObject({
      ok: true,
      client: { clientId: minted.clientId },
      owner: { id: teacherId, role: 'instructor' },
    });
    expect(await registry.authenticateSecret(minted.clientSecret)).toMatchObject({ ok: true });
    const wrong = `${minted.clientSecret.slice(0, -4)}AAAA`;
    expect(await registry.authenticate(minted.clientId, wrong)).toMatchObject({
      ok: false,
      reason: 'bad_secret',
    });
    expect(
      await registry.authenticate('lmc_AAAAAAAAAAAAAAAAAAAAAA', minted.clientSecret),
    ).toMatchObject({ ok: false });
    const unknownSecret = minted.clientSecret.replace(
      minted.clientId,
      'lmc_AAAAAAAAAAAAAAAAAAAAAA',
    );
    expect(await registry.authenticateSecret(unknownSecret)).toMatchObject({
      ok: false,
      reason: 'unknown_client',
    });
    expect(await registry.authenticateSecret('hunter2')).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
  });

  it('revokes idempotently and reports revoked clients only to secret holders', async () => {
    const minted = await registry.mint({
      ownerEmail: 'teacher@lumen.test',
      name: 'Revoked',
      scopes: '*',
    });
    const first = await registry.revoke(minted.clientId, t0);
    const again = await registry.revoke(minted.clientId, new Date(t0.getTime() + 5_000));
    expect(first.revokedAt).toEqual(t0);
    expect(again.revokedAt).toEqual(t0);
    expect(await registry.authenticate(minted.clientId, minted.clientSecret)).toMatchObject({
      ok: false,
      reason: 'revoked',
    });
    const wrong = `${minted.clientSecret.slice(0, -4)}AAAA`;
    expect(await registry.authenticate(minted.clientId, wrong)).toMatchObject({
      ok: false,
      reason: 'bad_secret',
    });
    await expect(registry.revoke('lmc_nope', t0)).rejects.toMatchObject({
      code: 'auth.client.unknown',
    });
    expect((await registry.list({ includeRevoked: false })).map((c) => c.clientId)).not.toContain(
      minted.clientId,
    );
  });

  it('records last use at most once a minute', async () => {
    const minted = await registry.mint({
      ownerEmail: 'teacher@lumen.test',
      name: 'Touch',
      scopes: '*',
    });
    const lastUsed = async () => (await registry.find(minted.clientId))?.client.lastUsedAt;
    await registry.touch(minted.clientId, t0);
    expect(await lastUsed()).toEqual(t0);
    await registry.touch(minted.clientId, new Date(t0.getTime() + 30_000));
    expect(await lastUsed()).toEqual(t0);
    const later = new Date(t0.getTime() + 61_000);
    await registry.touch(minted.clientId, later);
    expect(await lastUsed()).toEqual(later);
  });
});
