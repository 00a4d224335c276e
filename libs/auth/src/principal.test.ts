import type { Db } from '@lumen/db';
import { testDatabases } from '@lumen/db/testing';

import {
  createClientRegistry,
  createGrants,
  createPrincipalResolver,
  createTokenService,
  currentPrincipal,
  runWithPrincipal,
} from './index.js';
import type { ClientRegistry, MintResult, PrincipalResolver, TokenService } from './index.js';

const cheap = { memoryKiB: 256, iterations: 1, parallelism: 1 };
const AUD = 'http://127.0.0.1:8080/mcp';
const t0 = new Date('2026-03-01T10:00:00Z');

describe.each(testDatabases())('principal resolver on %s', (_kind, open) => {
  let db: Db;
  let registry: ClientRegistry;
  let tokens: TokenService;
  let resolver: PrincipalResolver;
  let client: MintResult;
  beforeAll(async () => {
    db = await open();
    registry = createClientRegistry({ db, hashParams: cheap });
    tokens = createTokenService({
      secret: 'principal-test-secret-principal-test-1',
      clock: () => t0,
    });
    resolver = createPrincipalResolver({ db, tokens, registry });
    await db.prisma.user.create({ data: { email: 'learner@lumen.test', displayName: 'L' } });
    client = await registry.mint(
      { ownerEmail: 'learner@lumen.test', name: 'L', scopes: 'ask_tutor list_my_progress' },
      t0,
    );
  });
  afterAll(() => db.close());

  it('resolves a bearer JWT into the owner, role, client and token scopes, and records use', async () => {
    const owner = await db.prisma.user.findUniqueOrThrow({
      where: { email: 'learner@lumen.test' },
    });
    const { accessToken } = await tokens.sign({
      userId: owner.id,
      clientId: client.clientId,
      scopes: ['ask_tutor'],
      audience: AUD,
    });
    const p = await resolver.fromBearer(accessToken, { audience: AUD, now: t0 });
    expect(p).toEqual({
      userId: owner.id,
      role: 'learner',
      clientId: client.clientId,
      scopes: ['ask_tutor'],
      email: 'learner@lumen.test',
    });
    expect((await registry.find(client.clientId))?.client.lastUsedAt).toEqual(t0);
  });

  it('resolves the stdio client secret, and refuses missing or wrong ones with the guide codes', async () => {
    const p = await resolver.fromClientSecret(client.clientSecret, t0);
    expect(p.scopes).toEqual(['ask_tutor', 'list_my_progress']);
    expect(await resolver.fromClientSecret(client.clientSecret, t0)).toEqual(p);
    await expect(resolver.fromClientSecret(undefined, t0)).rejects.toMatchObject({
      code: 'mcp.token_required',
    });
    await expect(resolver.fromClientSecret('', t0)).rejects.toMatchObject({
      code: 'mcp.token_required',
    });
    const wrong = `${client.clientSecret.slice(0, -4)}AAAA`;
    const error = await resolver.fromClientSecret(wrong, t0).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'mcp.invalid_token' });
    expect((error as Error).message).not.toContain(wrong);
  });

  it('refuses tokens and secrets of a revoked client, even a JWT minted before the revocation', async () => {
    const c = await registry.mint(
      { ownerEmail: 'learner@lumen.test', name: 'Soon revoked', scopes: '*' },
      t0,
    );
    const { accessToken } = await tokens.sign({
      userId: c.ownerUserId,
      clientId: c.clientId,
      scopes: ['*'],
      audience: AUD,
    });
    await resolver.fromClientSecret(c.clientSecret, t0);
    await registry.revoke(c.clientId, t0);
    await expect(
      resolver.fromBearer(accessToken, { audience: AUD, now: t0 }),
    ).rejects.toMatchObject({
      code: 'mcp.client_revoked',
      message: expect.stringContaining('Mint a new client with `lumen mcp-token`'),
    });
    await expect(resolver.fromClientSecret(c.clientSecret, t0)).rejects.toMatchObject({
      code: 'mcp.client_revoked',
      message: expect.stringContaining('Mint a new client with `lumen mcp-token`'),
    });
    const fresh = createPrincipalResolver({ db, tokens, registry });
    await expect(fresh.fromClientSecret(c.clientSecret, t0)).rejects.toMatchObject({
      code: 'mcp.client_revoked',
    });
  });

  it('marks a sign-in’s principal as OAuth, and tells a revoked sign-in to sign in again', async () => {
    const grants = createGrants({ db, clock: () => t0 });
    const owner = await db.prisma.user.findUniqueOrThrow({
      where: { email: 'learner@lumen.test' },
    });
    const grantId = await grants.consent({
      userId: owner.id,
      oauthClientId: 'lmo_AAAAAAAAAAAAAAAAAAAAAA',
      name: 'Claude',
      scopes: ['list_courses'],
    });
    const { accessToken } = await tokens.sign({
      userId: owner.id,
      clientId: grantId,
      scopes: ['list_courses'],
      audience: AUD,
    });
    const p = await resolver.fromBearer(accessToken, { audience: AUD, now: t0 });
    expect(p).toMatchObject({ clientId: grantId, oauthClientId: 'lmo_AAAAAAAAAAAAAAAAAAAAAA' });
    expect(await grants.revokeForUser(owner.id, grantId)).toBe(true);
    const error = await resolver
      .fromBearer(accessToken, { audience: AUD, now: t0 })
      .catch((e: Error) => e);
    expect(error).toMatchObject({
      code: 'mcp.client_revoked',
      message:
        'This sign-in to Lumen has been revoked (mcp.client_revoked). Sign in again: reconnect Lumen in your MCP client.',
    });
    // A minted client's principal has no oauthClientId, and its revocation says to mint.
    expect(await resolver.fromClientSecret(client.clientSecret, t0)).not.toHaveProperty(
      'oauthClientId',
    );
  });

  it('refuses a bearer token for another audience or a client that never existed', async () => {
    const { accessToken } = await tokens.sign({
      userId: client.ownerUserId,
      clientId: client.clientId,
      scopes: ['*'],
      audience: AUD,
    });
    await expect(
      resolver.fromBearer(accessToken, { audience: 'https://elsewhere/mcp', now: t0 }),
    ).rejects.toMatchObject({
      code: 'mcp.invalid_token',
    });
    const ghost = await tokens.sign({
      userId: client.ownerUserId,
      clientId: 'lmc_AAAAAAAAAAAAAAAAAAAAAA',
      scopes: ['*'],
      audience: AUD,
    });
    await expect(
      resolver.fromBearer(ghost.accessToken, { audience: AUD, now: t0 }),
    ).rejects.toMatchObject({
      code: 'mcp.client_revoked',
    });
  });

  it('carries the principal through async work', async () => {
    const p = { userId: 'u', role: 'learner' as const, clientId: 'c', scopes: ['*'] };
    expect(currentPrincipal()).toBeUndefined();
    const seen = await runWithPrincipal(p, async () => {
      await new Promise((r) => setImmediate(r));
      return currentPrincipal();
    });
    expect(seen).toBe(p);
  });
});
