import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { commit, type WriteTx } from '../db/commit';
import { prepared } from '../db/prepared';
import { users, type User } from '../db/schema';
import type { UserRole } from '../domain/vocabulary';
import { hashPassword, UNUSABLE_PASSWORD_HASH, verifyPassword } from './passwords';

/** Users: the accounts, their roles and the checks on them. */

export const SEED_AUTHOR_EMAIL = 'seed@tracker.invalid';

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function findUserById(db: Db, id: number): User | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export function findUserByEmail(db: Db, email: string): User | undefined {
  return db.select().from(users).where(eq(users.email, normaliseEmail(email))).get();
}

export function listUsers(db: Db): User[] {
  return db.select().from(users).orderBy(asc(users.name)).all();
}

/** Accounts that can own recommendations: active editors and admins. The filter bar's choices, on every list and board page. */
export function listOwners(db: Db): Pick<User, 'id' | 'name'>[] {
  return prepared(db, 'listOwners', () =>
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.active, true), inArray(users.role, ['editor', 'admin'])))
      .orderBy(asc(users.name))
      .prepare(),
  ).all();
}

export function countActiveUsers(db: Db): number {
  return db.select({ n: count() }).from(users).where(eq(users.active, true)).get()?.n ?? 0;
}

export function countActiveAdmins(db: Db): number {
  return (
    db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.active, true), eq(users.role, 'admin')))
      .get()?.n ?? 0
  );
}

/** Whether a change of role or activity would leave no active admin: the last one keeps the role, or nobody could manage accounts. */
export function leavesNoAdmin(db: Db, user: Pick<User, 'role' | 'active'>, change: { role: UserRole; active: boolean }): boolean {
  const losesAdmin = user.role === 'admin' && user.active && (change.role !== 'admin' || !change.active);
  return losesAdmin && countActiveAdmins(db) <= 1;
}

export async function createUser(
  db: Db,
  input: { name: string; email: string; password: string | null; role: UserRole; active?: boolean },
): Promise<User> {
  const passwordHash = input.password === null ? UNUSABLE_PASSWORD_HASH : await hashPassword(input.password);
  return commit(db, (tx) =>
    tx
      .insert(users)
      .values({ name: input.name, email: normaliseEmail(input.email), passwordHash, role: input.role, active: input.active ?? true })
      .returning()
      .get(),
  );
}

export async function authenticate(db: Db, email: string, password: string): Promise<User | undefined> {
  const user = findUserByEmail(db, email);
  // CASE: an unknown e-mail still costs one hash, so timing does not tell which accounts exist.
  if (!user) {
    await verifyPassword(DUMMY_HASH, password);
    return undefined;
  }
  const ok = await verifyPassword(user.passwordHash, password);
  return ok && user.active ? user : undefined;
}

// A real argon2id hash of a random string, for constant-cost failures.
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$70qvH1/B2WgcRtSTAYMRMw$oWhbQ6qB0yZZV962iIp39uY6SWARdheIeHAxxdDDhWk';

export function updateUser(tx: WriteTx, id: number, changes: { role?: UserRole; active?: boolean; name?: string }): void {
  tx.update(users)
    .set({ ...changes, updatedAt: new Date().toISOString() })
    .where(eq(users.id, id))
    .run();
}

/**
 * Creates or restores the admin named by ADMIN_EMAIL when no active admin
 * exists. Returns what it did, for the start-up log.
 */
export async function ensureAdmin(
  db: Db,
  admin: { email: string; password: string; name: string },
): Promise<'created' | 'restored' | 'present'> {
  if (countActiveAdmins(db) > 0) return 'present';
  const existing = findUserByEmail(db, admin.email);
  if (existing) {
    const passwordHash = await hashPassword(admin.password);
    await commit(db, (tx) =>
      tx.update(users).set({ role: 'admin', active: true, passwordHash, updatedAt: new Date().toISOString() }).where(eq(users.id, existing.id)).run(),
    );
    return 'restored';
  }
  await createUser(db, { name: admin.name, email: admin.email, password: admin.password, role: 'admin' });
  return 'created';
}

/** The inactive account that authors the evidence the seed takes from the publications. */
export async function ensureSeedAuthor(db: Db): Promise<User> {
  return (
    findUserByEmail(db, SEED_AUTHOR_EMAIL) ??
    createUser(db, { name: 'Seed data (from the publications)', email: SEED_AUTHOR_EMAIL, password: null, role: 'viewer', active: false })
  );
}
