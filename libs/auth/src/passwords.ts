import type { Db } from '@lumen/db';
import type { Role } from '@lumen/domain';

import { AuthError } from './auth-error.js';
import type { RandomSource } from './random-source.js';
import { cryptoRandom } from './random-source.js';
import { isSaneText } from './sane-text.js';
import { inThreadHasher } from './secrets.js';
import type { Argon2Params, SecretHasher } from './secrets.js';

export interface PasswordsOptions {
  db: Db;
  random?: RandomSource;
  /** argon2id cost for new hashes (default: the OWASP parameters client secrets use). */
  hashParams?: Argon2Params;
  /** Where argon2 runs (default: this thread; servers pass a worker pool). */
  hasher?: SecretHasher;
}

export interface SignedInUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
}

export type Passwords = ReturnType<typeof createPasswords>;

/** Text a users.email lookup can take (PostgreSQL refuses NUL; nobody's email is huge). */
const plausibleEmail = (email: string) => isSaneText(email, 320);

/** Long enough to resist guessing under the sign-in rate limit; no composition rules (NIST SP 800-63B §5.1.1.2). */
export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 1024;

/**
 * `users.password_hash`: argon2id PHC strings, the same scheme and cost as client
 * secrets. Verification always costs one argon2 run, even for an unknown email or an
 * account without a password, so timing does not reveal which accounts exist.
 */
export function createPasswords(options: PasswordsOptions) {
  const { db } = options;
  const random = options.random ?? cryptoRandom;
  const hasher = options.hasher ?? inThreadHasher;
  const hash = (password: string) =>
    hasher.hash(password, {
      random,
      ...(options.hashParams ? { params: options.hashParams } : {}),
    });
  let decoy: Promise<string> | undefined;

  async function setPassword(email: string, password: string): Promise<void> {
    if (!plausibleEmail(email)) {
      throw new AuthError('auth.owner.unknown', `No user has the email ${JSON.stringify(email)}.`);
    }
    if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
      throw new AuthError(
        'auth.password.weak',
        `Passwords need ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.`,
      );
    }
    const passwordHash = await hash(password);
    const updated = await db.prisma.user.updateMany({
      where: { email: email.trim() },
      data: { passwordHash },
    });
    if (updated.count === 0) {
      throw new AuthError('auth.owner.unknown', `No user has the email ${JSON.stringify(email)}.`);
    }
  }

  /** The user, when the email and password match; undefined otherwise (never says which). */
  async function verify(email: string, password: string): Promise<SignedInUser | undefined> {
    const user =
      !plausibleEmail(email) || password.length > MAX_PASSWORD_LENGTH
        ? null
        : await db.prisma.user.findUnique({
            where: { email: email.trim().toLowerCase() },
            select: { id: true, email: true, displayName: true, role: true, passwordHash: true },
          });
    const stored = user?.passwordHash ?? (await (decoy ??= hash('decoy password, never matches')));
    const ok = await hasher.verify(password, stored);
    if (!ok || !user?.passwordHash) return undefined;
    return { id: user.id, email: user.email, displayName: user.displayName, role: user.role };
  }

  async function byId(id: string): Promise<SignedInUser | undefined> {
    const user = await db.prisma.user.findUnique({
      where: { id },
      select: { id: true, email: true, displayName: true, role: true },
    });
    return user ?? undefined;
  }

  return { setPassword, verify, byId, hash };
}
