import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { commit, type WriteTx } from '../db/commit';
import { invitations, users, type Invitation, type User } from '../db/schema';
import type { UserRole } from '../domain/vocabulary';
import { hashPassword } from './passwords';
import { findUserByEmail, normaliseEmail } from './users';

/**
 * Invitations: how a colleague gets an account. The admin never sets or sees
 * their password; the link is the only secret, shown once, stored as a hash.
 */

/** How long a link works. */
export const INVITATION_DAYS = 7;

/** 32 random bytes: a link nobody can guess, so a fast hash is enough to store it. */
function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type InvitationResult = { ok: true; invitation: Invitation; token: string } | { ok: false; reason: 'email_taken' };

/**
 * A new invitation, replacing any still pending for the same e-mail (the
 * older link stops working), unless that e-mail already has an account.
 */
export function createInvitation(tx: WriteTx, input: { name: string; email: string; role: UserRole }, createdBy: number, now = new Date()): InvitationResult {
  const email = normaliseEmail(input.email);
  const token = newToken();
  if (findUserByEmail(tx, email)) return { ok: false, reason: 'email_taken' };
  tx.update(invitations)
    .set({ revokedAt: now.toISOString() })
    .where(and(eq(invitations.email, email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .run();
  const invitation = tx
    .insert(invitations)
    .values({
      name: input.name,
      email,
      role: input.role,
      tokenHash: tokenHash(token),
      createdBy,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 60 * 60 * 1000).toISOString(),
    })
    .returning()
    .get();
  return { ok: true, invitation, token };
}

/** The invitation a link names, while it can still be used: not used, not revoked, not expired. */
export function findUsableInvitation(db: Db, token: string, now = new Date()): Invitation | undefined {
  return db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.tokenHash, tokenHash(token)),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now.toISOString()),
      ),
    )
    .get();
}

/** Invitations not yet used, revoked or expired, for the accounts page. */
export function pendingInvitations(db: Db, now = new Date()): Invitation[] {
  return db
    .select()
    .from(invitations)
    .where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now.toISOString())))
    .orderBy(asc(invitations.expiresAt))
    .all();
}

export function revokeInvitation(tx: WriteTx, id: number, now = new Date()): Invitation | undefined {
  return tx
    .update(invitations)
    .set({ revokedAt: now.toISOString() })
    .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning()
    .get();
}

export type AcceptResult = { ok: true; user: User } | { ok: false; reason: 'unusable' | 'email_taken' };

/**
 * The colleague's account, with the password they chose, and the invitation
 * marked used: in one transaction, so a link opened twice at once makes one
 * account, and a used link never works again.
 */
export async function acceptInvitation(db: Db, token: string, password: string, now = new Date()): Promise<AcceptResult> {
  const passwordHash = await hashPassword(password);
  return commit(db, (tx): AcceptResult => {
    const invitation = findUsableInvitation(tx, token, now);
    if (!invitation) return { ok: false, reason: 'unusable' };
    if (findUserByEmail(tx, invitation.email)) return { ok: false, reason: 'email_taken' };
    const user = tx.insert(users).values({ name: invitation.name, email: invitation.email, passwordHash, role: invitation.role, active: true }).returning().get();
    tx.update(invitations).set({ acceptedAt: now.toISOString(), userId: user.id }).where(eq(invitations.id, invitation.id)).run();
    return { ok: true, user };
  });
}
