import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { Semaphore } from '../lib/concurrency';

// @node-rs/argon2's Algorithm is a const enum, which isolated-module compilers cannot inline.
const ARGON2ID = 2;

// OWASP Password Storage Cheat Sheet: argon2id, 19 MiB memory, 2 iterations, 1 lane.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

// Two hashes per core at most: each holds 19 MiB while it runs.
const hashing = new Semaphore(Math.max(2, availableParallelism() * 2));

/** Stored for accounts that must never log in (the seed's author, synthetic analysts). */
export const UNUSABLE_PASSWORD_HASH = '!';

export function hashPassword(password: string): Promise<string> {
  return hashing.run(() => hash(password, OPTIONS));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (passwordHash === UNUSABLE_PASSWORD_HASH) return false;
  try {
    return await hashing.run(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}
