import { eq } from 'drizzle-orm';
import type { WriteTx } from '../db/commit';
import { evidenceNotes, recommendationChanges, recommendations } from '../db/schema';
import type { Confidence, Uptake } from '../domain/vocabulary';
import { nowIso } from '../lib/dates';
import { NotFoundError } from '../lib/errors';
import { t } from '../lib/i18n';
import type { FieldErrors } from '../lib/validation';
import { conflictOf, type WriteResult } from '../recommendations/service';
import { documentText } from './queries';

/** Writes a recommendation's uptake. Runs inside the caller's transaction: it never opens one. */

export const ERRORS = {
  noteNotHers: 'uptake.errors.note_of_another',
} as const;

export interface UptakeInput {
  /** The version the form was opened at; a save against another version is refused. */
  expectedVersion?: number;
  uptake: Uptake;
  /** The evidence note that shows it (one of the recommendation's own); absent for "unknown". */
  noteId?: number;
  confidence?: Confidence;
}

/**
 * Records what became of the recommendation, with its document and confidence,
 * and logs each changed field in the change log (values as a reader sees them).
 * Saving what is already recorded changes nothing, not even the version.
 */
export function recordUptake(tx: WriteTx, id: number, input: UptakeInput, userId: number): WriteResult {
  const current = tx
    .select({
      version: recommendations.version,
      reference: recommendations.reference,
      shortTitle: recommendations.shortTitle,
      uptake: recommendations.uptake,
      noteId: recommendations.uptakeNoteId,
      confidence: recommendations.uptakeConfidence,
    })
    .from(recommendations)
    .where(eq(recommendations.id, id))
    .get();
  if (!current) throw new NotFoundError();
  const conflict = conflictOf(tx, id, current.version, input.expectedVersion);
  if (conflict) return conflict;
  const note = input.noteId === undefined ? undefined : tx.select().from(evidenceNotes).where(eq(evidenceNotes.id, input.noteId)).get();
  const errors: FieldErrors = {};
  if (input.noteId !== undefined && note?.recommendationId !== id) errors.uptake_note_id = t(ERRORS.noteNotHers);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const name = `${current.reference} ${current.shortTitle}`;

  const noteId = input.noteId ?? null;
  const confidence = input.confidence ?? null;
  const before = { uptake: current.uptake, uptake_confidence: current.confidence, uptake_note_id: documentOf(tx, current.noteId) };
  const after = { uptake: input.uptake, uptake_confidence: confidence, uptake_note_id: note ? documentText(note) : null };
  const changed = (Object.keys(after) as (keyof typeof after)[]).filter((field) => before[field] !== after[field]);
  if (changed.length === 0) return { ok: true, id, name };

  const now = nowIso();
  tx.update(recommendations)
    .set({ uptake: input.uptake, uptakeNoteId: noteId, uptakeConfidence: confidence, updatedAt: now, updatedBy: userId, version: current.version + 1 })
    .where(eq(recommendations.id, id))
    .run();
  tx.insert(recommendationChanges)
    .values(changed.map((field) => ({ recommendationId: id, field, oldValue: before[field], newValue: after[field], changedBy: userId, changedAt: now })))
    .run();
  return { ok: true, id, name };
}

function documentOf(tx: WriteTx, noteId: number | null): string | null {
  if (noteId === null) return null;
  const note = tx.select().from(evidenceNotes).where(eq(evidenceNotes.id, noteId)).get();
  return note ? documentText(note) : null;
}
