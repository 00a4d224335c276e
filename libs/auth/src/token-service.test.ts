import { SignJWT, UnsecuredJWT } from 'jose';

import { AuthError, createTokenService } from './index.js';

const SECRET = 'test-secret-test-secret-test-secret-0001';
const AUD = 'https://lumen.example/mcp';
const t0 = new Date('2026-03-01T10:00:00Z');

async function expectInvalid(promise: Promise<unknown>, token: string, reason: RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  expect((error as AuthError).code).toBe('mcp.invalid_token');
  expect((error as AuthError).message).toMatch(reason);
  expect((error as AuthError).message).not.toContain(token);
}

describe('token service', () => {
  let now = t0;
  const tokens = createTokenService({ secret: SECRET, clock: () => now });
  const input = {
    userId: 'u1',
    clientId: 'lmc_x',
    scopes: ['ask_tutor', 'list_my_progress'],
    audience: AUD,
  };
  beforeEach(() => {
    now = t0;
  });

  it('signs a 15-minute HS256 JWT with the guide claims and verifies it', async () => {
    const signed = await tokens.sign(input);
    expect(signed.expiresIn).toBe(900);
    const [header, payload] = signed.accessToken
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header.alg).toBe('HS256');
    expect(payload).toMatchObject({
      iss: 'lumen-mcp',
      sub: 'u1',
      client_id: 'lmc_x',
      scope: 'ask_tutor list_my_progress',
      aud: AUD,
    });
    expect(payload.exp - payload.iat).toBe(900);
    expect(typeof payload.jti).toBe('string');
    const claims = await tokens.verify(signed.accessToken, { audience: AUD });
    expect(claims).toMatchObject({
      userId: 'u1',
      clientId: 'lmc_x',
      scopes: ['ask_tutor', 'list_my_progress'],
    });
  });

  it('refuses an expired token', async () => {
    const { accessToken } = await tokens.sign(input);
    now = new Date(t0.getTime() + 901_000);
    await expectInvalid(tokens.verify(accessToken, { audience: AUD }), accessToken, /expired/);
  });

  it('still expires a token it verified (and remembered) earlier', async () => {
    const { accessToken } = await tokens.sign(input);
    const first = await tokens.verify(accessToken, { audience: AUD });
    now = new Date(t0.getTime() + 899_000);
    expect(await tokens.verify(accessToken, { audience: AUD })).toEqual(first);
    now = new Date(t0.getTime() + 900_000);
    await expectInvalid(tokens.verify(accessToken, { audience: AUD }), accessToken, /expired/);
  });

  it('does not let a token verified for one audience pass for another', async () => {
    const { accessToken } = await tokens.sign(input);
    await tokens.verify(accessToken, { audience: AUD });
    await expectInvalid(
      tokens.verify(accessToken, { audience: 'https://other.example/mcp' }),
      accessToken,
      /"aud"/,
    );
  });

  it('hands each caller its own copy of the claims', async () => {
    const { accessToken } = await tokens.sign(input);
    const first = await tokens.verify(accessToken, { audience: AUD });
    first.scopes.push('*');
    expect((await tokens.verify(accessToken, { audience: AUD })).scopes).toEqual(input.scopes);
  });

  it('refuses a token for another audience or issuer', async () => {
    const { accessToken } = await tokens.sign(input);
    await expectInvalid(
      tokens.verify(accessToken, { audience: 'https://other.example/mcp' }),
      accessToken,
      /"aud"/,
    );
    const foreign = await createTokenService({
      secret: SECRET,
      issuer: 'lumen-api',
      clock: () => now,
    }).sign(input);
    await expectInvalid(
      tokens.verify(foreign.accessToken, { audience: AUD }),
      foreign.accessToken,
      /"iss"/,
    );
  });

  it('refuses alg none, other algorithms, tampering and garbage', async () => {
    const claims = {
      client_id: 'lmc_x',
      scope: '*',
      sub: 'u1',
      jti: 'j',
      iss: 'lumen-mcp',
      aud: AUD,
    };
    const iat = Math.floor(t0.getTime() / 1000);
    const none = new UnsecuredJWT(claims)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .encode();
    await expectInvalid(tokens.verify(none, { audience: AUD }), none, /algorithm|malformed/);
    const hs512 = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS512' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .sign(new TextEncoder().encode(SECRET + SECRET));
    await expectInvalid(tokens.verify(hs512, { audience: AUD }), hs512, /algorithm/);
    const { accessToken } = await tokens.sign(input);
    const [h, p, s] = accessToken.split('.') as [string, string, string];
    const body = JSON.parse(Buffer.from(p, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...body, scope: '*' })).toString('base64url')}.${s}`;
    await expectInvalid(tokens.verify(tampered, { audience: AUD }), tampered, /signature/);
    await expectInvalid(tokens.verify('not.a.jwt', { audience: AUD }), 'not.a.jwt', /malformed/);
  });

  it('refuses a token signed before JWT_SECRET rotated', async () => {
    const { accessToken } = await tokens.sign(input);
    const rotated = createTokenService({
      secret: 'rotated-secret-rotated-secret-rotated-01',
      clock: () => now,
    });
    await expectInvalid(
      rotated.verify(accessToken, { audience: AUD }),
      accessToken,
      /JWT_SECRET rotated/,
    );
  });

  it('insists on a key of at least 32 characters', () => {
    expect(() => createTokenService({ secret: 'short' })).toThrow(/32/);
  });
});
