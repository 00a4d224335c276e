import { randomBytes } from 'node:crypto';

/** Returns `n` random bytes. Injected where tests need deterministic ids and secrets. */
export type RandomSource = (n: number) => Uint8Array;

export const cryptoRandom: RandomSource = (n) => new Uint8Array(randomBytes(n));

/** The current time. Injected so tests can move it without sleeping. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
