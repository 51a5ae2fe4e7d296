import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { prepared } from '../db/prepared';
import { evidenceNotes, recommendations } from '../db/schema';

/** Reads of a recommendation's uptake: what is recorded, and the evidence notes that may show it. */

/** Characters of a note's text that name it where it has no source title. */
const EXCERPT = 80;

/** A note as the uptake names it: its date and its source's title (or the start of its text). */
export function documentText(note: { observedOn: string; sourceTitle: string | null; text: string }): string {
  const characters = [...note.text];
  const excerpt = characters.length > EXCERPT ? `${characters.slice(0, EXCERPT).join('').trimEnd()}…` : note.text;
  return `${note.observedOn} · ${note.sourceTitle ?? excerpt}`;
}

export function uptakeOf(db: Db, id: number) {
  return prepared(db, 'uptakeOf', () =>
    db
      .select({
        version: recommendations.version,
        uptake: recommendations.uptake,
        confidence: recommendations.uptakeConfidence,
        noteId: recommendations.uptakeNoteId,
        observedOn: evidenceNotes.observedOn,
        sourceTitle: evidenceNotes.sourceTitle,
        sourceUrl: evidenceNotes.sourceUrl,
        text: evidenceNotes.text,
      })
      .from(recommendations)
      .leftJoin(evidenceNotes, eq(evidenceNotes.id, recommendations.uptakeNoteId))
      .where(eq(recommendations.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });
}

/** The recommendation's evidence notes, newest first, as choices of the document that shows its uptake. */
export function noteChoices(db: Db, id: number) {
  return prepared(db, 'noteChoices', () =>
    db
      .select({ id: evidenceNotes.id, observedOn: evidenceNotes.observedOn, sourceTitle: evidenceNotes.sourceTitle, text: evidenceNotes.text })
      .from(evidenceNotes)
      .where(eq(evidenceNotes.recommendationId, sql.placeholder('id')))
      .orderBy(evidenceNotes.observedOn, evidenceNotes.id)
      .prepare(),
  )
    .all({ id })
    .reverse()
    .map((note) => ({ id: note.id, text: documentText(note) }));
}
