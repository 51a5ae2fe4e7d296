import { and, eq } from 'drizzle-orm';
import type { WriteTx } from '../db/commit';
import { partyStatuses, partyStatusHistory, recommendations, users } from '../db/schema';
import { statusChangeErrors } from '../domain/status-change';
import { nowIso, today, toMinute } from '../lib/dates';
import { NotFoundError } from '../lib/errors';
import { t } from '../lib/i18n';
import { insertNote, type StatusInput, type WriteResult } from '../recommendations/service';

/**
 * A side's status, its history row and the optional evidence note, together or not at all; the caller's
 * transaction holds them. The overall status is left as it is: it is the official one, never computed from the sides.
 */
export function setPartyStatus(tx: WriteTx, recommendationId: number, party: string, input: StatusInput, userId: number): WriteResult {
  const where = and(eq(partyStatuses.recommendationId, recommendationId), eq(partyStatuses.party, party));
  const side = tx.select().from(partyStatuses).where(where).get();
  const recommendation = tx
    .select({ reference: recommendations.reference, shortTitle: recommendations.shortTitle })
    .from(recommendations)
    .where(eq(recommendations.id, recommendationId))
    .get();
  if (!side || !recommendation) throw new NotFoundError();
  if (input.expectedVersion !== undefined && input.expectedVersion !== side.version) {
    const by = side.updatedBy === null ? undefined : tx.select({ name: users.name }).from(users).where(eq(users.id, side.updatedBy)).get();
    const name = by?.name ?? t('conflict.someone');
    const conflict = { version: side.version, updatedAt: side.updatedAt ?? '', updatedByName: by?.name ?? null };
    return { ok: false, conflict, errors: { _form: t('conflict.message', { name, at: `${toMinute(side.updatedAt ?? nowIso())} UTC` }) } };
  }
  const errors = statusChangeErrors(side, input, today());
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const noteId = input.evidence ? insertNote(tx, recommendationId, { ...input.evidence, observedOn: input.effectiveOn }, userId) : null;
  const now = nowIso();
  tx.insert(partyStatusHistory)
    .values({
      recommendationId,
      party,
      fromStatus: side.status,
      toStatus: input.status,
      effectiveOn: input.effectiveOn,
      recordedAt: now,
      recordedBy: userId,
      rationale: input.rationale,
      evidenceNoteId: noteId,
    })
    .run();
  tx.update(partyStatuses)
    .set({ status: input.status, statusSince: input.effectiveOn, version: side.version + 1, updatedAt: now, updatedBy: userId })
    .where(where)
    .run();
  return { ok: true, id: recommendationId, name: `${recommendation.reference} ${recommendation.shortTitle}` };
}
