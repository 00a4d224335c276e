import { webcrypto } from 'node:crypto';

import { errors, jwtVerify, SignJWT } from 'jose';

import { AuthError } from './auth-error.js';
import type { Clock, RandomSource } from './random-source.js';
import { cryptoRandom, systemClock } from './random-source.js';

export interface TokenServiceOptions {
  /** JWT_SECRET: the HS256 key, at least 32 characters (RFC 7518 §3.2: ≥ 256 bits). */
  secret: string;
  clock?: Clock;
  random?: RandomSource;
  /** Access-token lifetime (default 900 s, the guide's 15 minutes). */
  ttlSeconds?: number;
  /** `iss` — distinct from the main API's so tokens never cross-leak (guide, env vars). */
  issuer?: string;
  /** How many verified tokens to remember (default 10,000; 0 verifies every call). */
  verifiedCacheSize?: number;
}

export interface SignInput {
  userId: string;
  clientId: string;
  scopes: readonly string[];
  /** RFC 8707: the resource (this server's MCP URL) the token is bound to. */
  audience?: string;
}

export interface SignedToken {
  accessToken: string;
  expiresIn: number;
  expiresAt: Date;
  jti: string;
}

export interface AccessTokenClaims {
  userId: string;
  clientId: string;
  scopes: string[];
  jti: string;
  issuedAt: Date;
  expiresAt: Date;
}

export type TokenService = ReturnType<typeof createTokenService>;

const ALG = 'HS256';

/** Signs and verifies the OAuth access tokens (HS256 JWTs). */
export function createTokenService(options: TokenServiceOptions) {
  if (options.secret.length < 32)
    throw new Error('createTokenService: the secret must be at least 32 characters');
  const raw = new TextEncoder().encode(options.secret);
  // Imported once: handing jose the raw bytes makes it import a CryptoKey per call.
  let imported: Promise<webcrypto.CryptoKey> | undefined;
  const cryptoKey = () =>
    (imported ??= webcrypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]));
  const verified = new VerifiedTokens(options.verifiedCacheSize ?? 10_000);
  const clock = options.clock ?? systemClock;
  const random = options.random ?? cryptoRandom;
  const ttl = options.ttlSeconds ?? 900;
  const issuer = options.issuer ?? 'lumen-mcp';

  async function sign(input: SignInput): Promise<SignedToken> {
    const iat = Math.floor(clock().getTime() / 1000);
    const jti = Buffer.from(random(16)).toString('base64url');
    let jwt = new SignJWT({ client_id: input.clientId, scope: input.scopes.join(' ') })
      .setProtectedHeader({ alg: ALG, typ: 'at+jwt' })
      .setIssuer(issuer)
      .setSubject(input.userId)
      .setJti(jti)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttl);
    if (input.audience) jwt = jwt.setAudience(input.audience);
    return {
      accessToken: await jwt.sign(await cryptoKey()),
      expiresIn: ttl,
      expiresAt: new Date((iat + ttl) * 1000),
      jti,
    };
  }

  /**
   * Verifies signature, `alg` (HS256 only, so `none` and algorithm confusion fail),
   * `iss`, `aud` (when given) and `exp`. Every failure is `mcp.invalid_token`; the
   * message names the reason and the fix, and never repeats the token.
   */
  async function verify(
    token: string,
    expect: { audience?: string } = {},
  ): Promise<AccessTokenClaims> {
    const now = clock();
    const audience = expect.audience ?? '';
    const known = verified.get(token, audience);
    if (known) {
      // Signature, alg, iss, aud and claim shapes were checked when it was first seen;
      // only time moves.
      if (known.expiresAt.getTime() <= now.getTime()) {
        verified.delete(token, audience);
        throw new AuthError('mcp.invalid_token', EXPIRED);
      }
      return { ...known, scopes: [...known.scopes] };
    }
    try {
      const { payload } = await jwtVerify(token, await cryptoKey(), {
        algorithms: [ALG],
        issuer,
        ...(expect.audience ? { audience: expect.audience } : {}),
        currentDate: now,
        requiredClaims: ['sub', 'jti', 'iat', 'exp'],
      });
      const clientId = payload['client_id'];
      const scope = payload['scope'];
      if (typeof clientId !== 'string' || typeof scope !== 'string') {
        throw new AuthError(
          'mcp.invalid_token',
          'The access token lacks client_id or scope. Request a new one at /oauth/token.',
        );
      }
      const claims: AccessTokenClaims = {
        userId: payload.sub!,
        clientId,
        scopes: scope.split(' ').filter((s) => s !== ''),
        jti: payload.jti!,
        issuedAt: new Date(payload.iat! * 1000),
        expiresAt: new Date(payload.exp! * 1000),
      };
      verified.set(token, audience, claims);
      return { ...claims, scopes: [...claims.scopes] };
    } catch (error) {
      if (error instanceof AuthError) throw error;
      throw new AuthError('mcp.invalid_token', invalidTokenMessage(error));
    }
  }

  return { sign, verify, ttlSeconds: ttl, issuer };
}

const EXPIRED =
  'The access token has expired (they last 15 minutes). Request a new one at /oauth/token.';

/**
 * Tokens whose signature and claims already verified, so a client sending the same
 * bearer token on every call pays for HMAC once per token rather than once per call.
 * Only immutable facts are kept (the token text is what was signed); expiry is still
 * checked on each use, and revocation is the principal resolver's row lookup, which
 * this does not skip. Bounded: the oldest entry goes when it is full.
 */
class VerifiedTokens {
  private readonly entries = new Map<string, AccessTokenClaims>();
  constructor(private readonly capacity: number) {}

  get(token: string, audience: string): AccessTokenClaims | undefined {
    return this.capacity > 0 ? this.entries.get(`${audience} ${token}`) : undefined;
  }

  set(token: string, audience: string, claims: AccessTokenClaims): void {
    if (this.capacity <= 0) return;
    if (this.entries.size >= this.capacity) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(`${audience} ${token}`, claims);
  }

  delete(token: string, audience: string): void {
    this.entries.delete(`${audience} ${token}`);
  }
}

function invalidTokenMessage(error: unknown): string {
  if (error instanceof errors.JWTExpired) return EXPIRED;
  if (error instanceof errors.JWTClaimValidationFailed) {
    return `The access token was not issued for this server (claim "${error.claim}" did not match). Request a token from this server's /oauth/token.`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return "The access token's signature did not validate — usually JWT_SECRET rotated since it was minted. Request a fresh token at /oauth/token.";
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return 'The access token uses an algorithm this server does not accept (only HS256). Request a token from /oauth/token.';
  }
  return 'The access token is malformed. Send the access_token from /oauth/token as "Authorization: Bearer <token>".';
}
