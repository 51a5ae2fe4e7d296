import { and, asc, desc, eq, inArray, isNotNull, notInArray, sql } from 'drizzle-orm';
import type { WriteTx } from '../db/commit';
import { evidenceNotes, mechanismBodies, mechanismLifecycleChanges, mechanismMeetingBodies, mechanismMeetings, mechanisms, recommendations } from '../db/schema';
import { scriptLanguage } from '../domain/data-language';
import type { MechanismLifecycle, MeetingLevel } from '../domain/vocabulary';
import { nowIso, today } from '../lib/dates';
import { NotFoundError } from '../lib/errors';
import { t } from '../lib/i18n';
import type { FieldErrors } from '../lib/validation';

/**
 * A mechanism's activity: its meetings (with the evidence notes they give the
 * recommendations they advance) and its dated lifecycle. Each function runs
 * inside the caller's commit() and never opens a transaction.
 */

export interface MeetingInput {
  heldOn: string;
  place?: string;
  level?: MeetingLevel;
  participants?: string;
  /** The mechanism's participating bodies that took part. */
  bodyIds: number[];
  outcome: string;
  documents?: string;
  sourceUrl?: string;
  sourceTitle?: string;
  /** The recommendations of this mechanism the meeting is evidence for. */
  recommendationIds: number[];
}

export interface LifecycleInput {
  stage: MechanismLifecycle;
  effectiveOn: string;
  rationale: string;
  sourceUrl?: string;
  sourceTitle?: string;
}

export type ActivityResult = { ok: true; id: number } | { ok: false; errors: FieldErrors };

function meetingErrors(tx: WriteTx, mechanismId: number, input: MeetingInput): FieldErrors {
  const errors: FieldErrors = {};
  if (input.heldOn > today()) errors.held_on = t('validation.not_in_future');
  if (input.recommendationIds.length > 0) {
    const own = tx
      .select({ id: recommendations.id })
      .from(recommendations)
      .where(and(eq(recommendations.mechanismId, mechanismId), inArray(recommendations.id, input.recommendationIds)))
      .all();
    if (own.length !== new Set(input.recommendationIds).size) errors.recommendation_ids = t('meetings.errors.other_mechanism');
  }
  if (input.bodyIds.length > 0) {
    const members = tx
      .select({ id: mechanismBodies.bodyId })
      .from(mechanismBodies)
      .where(and(eq(mechanismBodies.mechanismId, mechanismId), inArray(mechanismBodies.bodyId, input.bodyIds)))
      .all();
    if (members.length !== new Set(input.bodyIds).size) errors.body_ids = t('meetings.errors.not_participant');
  }
  return errors;
}

function meetingRow(input: MeetingInput) {
  return {
    heldOn: input.heldOn,
    place: input.place ?? null,
    level: input.level ?? null,
    participants: input.participants ?? null,
    outcome: input.outcome,
    documents: input.documents ?? null,
    sourceUrl: input.sourceUrl ?? null,
    sourceTitle: input.sourceTitle ?? null,
  };
}

/** The bodies that took part, as the form now says. */
function writeBodies(tx: WriteTx, meetingId: number, bodyIds: number[]): void {
  tx.delete(mechanismMeetingBodies).where(eq(mechanismMeetingBodies.meetingId, meetingId)).run();
  const unique = [...new Set(bodyIds)];
  if (unique.length > 0) tx.insert(mechanismMeetingBodies).values(unique.map((bodyId) => ({ meetingId, bodyId }))).run();
}

/**
 * The meeting's evidence notes, one per linked recommendation, as the meeting now says (date, outcome, source);
 * notes of recommendations no longer linked are deleted. Each recommendation touched gets a new version, as
 * any evidence note gives it, so a status form open on it meanwhile is told.
 */
function syncEvidence(tx: WriteTx, meetingId: number, input: MeetingInput, userId: number): void {
  const linked = [...new Set(input.recommendationIds)];
  const before = tx.select({ recommendationId: evidenceNotes.recommendationId }).from(evidenceNotes).where(eq(evidenceNotes.meetingId, meetingId)).all();
  const note = {
    observedOn: input.heldOn,
    text: input.outcome,
    sourceUrl: input.sourceUrl ?? null,
    sourceTitle: input.sourceTitle ?? null,
    sourceKind: 'meeting_record' as const,
    language: scriptLanguage(input.outcome) ?? 'en',
  };
  tx.delete(evidenceNotes)
    .where(and(eq(evidenceNotes.meetingId, meetingId), linked.length > 0 ? notInArray(evidenceNotes.recommendationId, linked) : undefined))
    .run();
  const now = nowIso();
  for (const recommendationId of linked) {
    tx.insert(evidenceNotes)
      .values({ ...note, recommendationId, meetingId, authorId: userId, recordedAt: now })
      .onConflictDoUpdate({ target: [evidenceNotes.meetingId, evidenceNotes.recommendationId], targetWhere: isNotNull(evidenceNotes.meetingId), set: note })
      .run();
  }
  const touched = [...new Set([...linked, ...before.map((b) => b.recommendationId)])];
  if (touched.length > 0) {
    tx.update(recommendations)
      .set({ updatedAt: now, updatedBy: userId, version: sql`${recommendations.version} + 1` })
      .where(inArray(recommendations.id, touched))
      .run();
  }
}

export function recordMeeting(tx: WriteTx, mechanismId: number, input: MeetingInput, userId: number): ActivityResult {
  if (!tx.select({ id: mechanisms.id }).from(mechanisms).where(eq(mechanisms.id, mechanismId)).get()) throw new NotFoundError();
  const errors = meetingErrors(tx, mechanismId, input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const id = tx
    .insert(mechanismMeetings)
    .values({ ...meetingRow(input), mechanismId, recordedBy: userId })
    .returning({ id: mechanismMeetings.id })
    .get().id;
  writeBodies(tx, id, input.bodyIds);
  syncEvidence(tx, id, input, userId);
  return { ok: true, id };
}

export function updateMeeting(tx: WriteTx, mechanismId: number, meetingId: number, input: MeetingInput, userId: number): ActivityResult {
  const meeting = tx.select({ id: mechanismMeetings.id }).from(mechanismMeetings).where(and(eq(mechanismMeetings.id, meetingId), eq(mechanismMeetings.mechanismId, mechanismId))).get();
  if (!meeting) throw new NotFoundError();
  const errors = meetingErrors(tx, mechanismId, input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  tx.update(mechanismMeetings).set({ ...meetingRow(input), updatedAt: nowIso() }).where(eq(mechanismMeetings.id, meetingId)).run();
  writeBodies(tx, meetingId, input.bodyIds);
  syncEvidence(tx, meetingId, input, userId);
  return { ok: true, id: meetingId };
}

/** Deletes the meeting and, with it, the evidence notes it gave (a status change that cited one keeps its rationale). */
export function deleteMeeting(tx: WriteTx, mechanismId: number, meetingId: number, userId: number): void {
  const meeting = tx.select({ id: mechanismMeetings.id }).from(mechanismMeetings).where(and(eq(mechanismMeetings.id, meetingId), eq(mechanismMeetings.mechanismId, mechanismId))).get();
  if (!meeting) throw new NotFoundError();
  syncEvidence(tx, meetingId, { heldOn: '', outcome: '', recommendationIds: [], bodyIds: [] }, userId);
  tx.delete(mechanismMeetings).where(eq(mechanismMeetings.id, meetingId)).run();
}

/**
 * mechanisms.lifecycle and year_established as the history says: the stage of the latest change (by date, then
 * by the order recorded) and the year of the first "established". Without a history, or without an
 * "established" in it, the mechanism keeps what it was created with.
 */
export function deriveLifecycle(tx: WriteTx, mechanismId: number): void {
  const latest = tx
    .select({ stage: mechanismLifecycleChanges.stage })
    .from(mechanismLifecycleChanges)
    .where(eq(mechanismLifecycleChanges.mechanismId, mechanismId))
    .orderBy(desc(mechanismLifecycleChanges.effectiveOn), desc(mechanismLifecycleChanges.id))
    .get();
  if (!latest) return;
  const established = tx
    .select({ effectiveOn: mechanismLifecycleChanges.effectiveOn })
    .from(mechanismLifecycleChanges)
    .where(and(eq(mechanismLifecycleChanges.mechanismId, mechanismId), eq(mechanismLifecycleChanges.stage, 'established')))
    .orderBy(asc(mechanismLifecycleChanges.effectiveOn), asc(mechanismLifecycleChanges.id))
    .get();
  tx.update(mechanisms)
    .set({ lifecycle: latest.stage, ...(established && { yearEstablished: Number(established.effectiveOn.slice(0, 4)) }) })
    .where(eq(mechanisms.id, mechanismId))
    .run();
}

export function recordLifecycleChange(tx: WriteTx, mechanismId: number, input: LifecycleInput, userId: number): ActivityResult {
  if (!tx.select({ id: mechanisms.id }).from(mechanisms).where(eq(mechanisms.id, mechanismId)).get()) throw new NotFoundError();
  // A partial date (2015, 2015-09) is in the future only once its first day is.
  if (input.effectiveOn.slice(0, 10) > today()) return { ok: false, errors: { effective_on: t('validation.not_in_future') } };
  const id = tx
    .insert(mechanismLifecycleChanges)
    .values({ ...input, sourceUrl: input.sourceUrl ?? null, sourceTitle: input.sourceTitle ?? null, mechanismId, recordedBy: userId })
    .returning({ id: mechanismLifecycleChanges.id })
    .get().id;
  deriveLifecycle(tx, mechanismId);
  return { ok: true, id };
}

export function deleteLifecycleChange(tx: WriteTx, mechanismId: number, changeId: number): void {
  const deleted = tx
    .delete(mechanismLifecycleChanges)
    .where(and(eq(mechanismLifecycleChanges.id, changeId), eq(mechanismLifecycleChanges.mechanismId, mechanismId)))
    .returning({ id: mechanismLifecycleChanges.id })
    .get();
  if (!deleted) throw new NotFoundError();
  deriveLifecycle(tx, mechanismId);
}
