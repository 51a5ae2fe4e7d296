import type { Db } from '../db/client';
import { CONFIDENCES, UPTAKES } from '../domain/vocabulary';
import { NotFoundError } from '../lib/errors';
import { noteChoices, uptakeOf } from './queries';

/** What the detail page shows of a recommendation's uptake, and its form's fields and choices. */

/** The uptake as recorded: its value, confidence and the document that shows it (its source's link where it has one). */
export function uptakeView(db: Db, id: number) {
  const row = uptakeOf(db, id);
  if (!row) throw new NotFoundError();
  return {
    value: row.uptake,
    known: row.uptake !== 'unknown',
    confidence: row.confidence,
    document:
      row.noteId === null || row.observedOn === null
        ? undefined
        : { observedOn: row.observedOn, title: row.sourceTitle ?? row.text ?? '', url: row.sourceUrl ?? undefined },
  };
}

/** The form's values as stored now, or as sent back with errors; the notes it can name; the two vocabularies. */
export function uptakeFormModel(db: Db, id: number, sent?: Record<string, unknown>) {
  const row = uptakeOf(db, id);
  if (!row) throw new NotFoundError();
  const values = sent ?? { version: row.version, uptake: row.uptake, uptake_note_id: row.noteId ?? '', uptake_confidence: row.confidence ?? '' };
  return { values, notes: noteChoices(db, id), uptakes: UPTAKES, confidences: CONFIDENCES };
}
