import { aliasedTable, and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { prepared } from '../db/prepared';
import { boardPartyCounts, evidenceNotes, partyStatuses, partyStatusHistory, users } from '../db/schema';
import { partyName } from './parties';

/** Reads of the parties' sides (server/parties/parties.ts). */

const recorder = aliasedTable(users, 'side_recorder');

/** A recommendation's sides, by party. */
export function sidesOf(db: Db, recommendationId: number) {
  return prepared(db, 'sidesOf', () =>
    db
      .select({
        party: partyStatuses.party,
        status: partyStatuses.status,
        statusSince: partyStatuses.statusSince,
        version: partyStatuses.version,
        updatedAt: partyStatuses.updatedAt,
      })
      .from(partyStatuses)
      .where(eq(partyStatuses.recommendationId, sql.placeholder('id')))
      .orderBy(asc(partyStatuses.party))
      .prepare(),
  ).all({ id: recommendationId });
}

/** One side's changes, newest first, with their evidence. */
export function sideHistory(db: Db, recommendationId: number, party: string) {
  return db
    .select({
      id: partyStatusHistory.id,
      fromStatus: partyStatusHistory.fromStatus,
      toStatus: partyStatusHistory.toStatus,
      effectiveOn: partyStatusHistory.effectiveOn,
      recordedAt: partyStatusHistory.recordedAt,
      rationale: partyStatusHistory.rationale,
      recordedByName: recorder.name,
      note: {
        text: evidenceNotes.text,
        sourceUrl: evidenceNotes.sourceUrl,
        sourceTitle: evidenceNotes.sourceTitle,
        sourceKind: evidenceNotes.sourceKind,
        language: evidenceNotes.language,
      },
    })
    .from(partyStatusHistory)
    .innerJoin(recorder, eq(recorder.id, partyStatusHistory.recordedBy))
    .leftJoin(evidenceNotes, eq(evidenceNotes.id, partyStatusHistory.evidenceNoteId))
    .where(and(eq(partyStatusHistory.recommendationId, recommendationId), eq(partyStatusHistory.party, party)))
    .orderBy(desc(partyStatusHistory.effectiveOn), desc(partyStatusHistory.id))
    .all();
}

/** Every side's changes of a recommendation, for its timeline: the evidence note by id, as the overall status's history gives it. */
export function sideChangesOf(db: Db, recommendationId: number) {
  return db
    .select({
      party: partyStatusHistory.party,
      fromStatus: partyStatusHistory.fromStatus,
      toStatus: partyStatusHistory.toStatus,
      effectiveOn: partyStatusHistory.effectiveOn,
      recordedAt: partyStatusHistory.recordedAt,
      rationale: partyStatusHistory.rationale,
      evidenceNoteId: partyStatusHistory.evidenceNoteId,
      recordedByName: recorder.name,
    })
    .from(partyStatusHistory)
    .innerJoin(recorder, eq(recorder.id, partyStatusHistory.recordedBy))
    .where(eq(partyStatusHistory.recommendationId, recommendationId))
    .all();
}

/** The parties that have a side anywhere, from the board's kept counts (a few rows). */
export function partiesInData(db: Db): string[] {
  // Asked on every list and board page (the filter bar's choices).
  return prepared(db, 'partiesInData', () =>
    db
      .select({ party: boardPartyCounts.party })
      .from(boardPartyCounts)
      .groupBy(boardPartyCounts.party)
      .having(gt(sql`sum(${boardPartyCounts.n})`, 0))
      .orderBy(asc(boardPartyCounts.party))
      .prepare(),
  )
    .all()
    .map((r) => r.party);
}

/** The parties as the filter forms offer them: as stored, and named in the interface's language. */
export function partyChoices(db: Db) {
  return partiesInData(db).map((party) => ({ party, name: partyName(party) }));
}
