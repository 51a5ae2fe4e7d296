import { and, asc, desc, eq, inArray, isNotNull, lte, min, max, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { prepared } from '../db/prepared';
import { bodies, evidenceNotes, mechanismLifecycleChanges, mechanismMeetingBodies, mechanismMeetings, mechanisms, recommendations, sources, users } from '../db/schema';
import { displayName } from '../domain/data-language';
import { isDormant, type ActivityFacts } from '../domain/dormancy';
import { currentLanguage } from '../lib/language';
import { filterConditions } from '../filters/conditions';
import type { Filters } from '../filters/schema';

/** Read-side of a mechanism's activity: meetings, lifecycle history, and the facts the dormant rule reads. */

export function meetingsOf(db: Db, mechanismId: number) {
  const meetings = db
    .select({ meeting: mechanismMeetings, recordedByName: users.name })
    .from(mechanismMeetings)
    .innerJoin(users, eq(users.id, mechanismMeetings.recordedBy))
    .where(eq(mechanismMeetings.mechanismId, mechanismId))
    .orderBy(desc(mechanismMeetings.heldOn), desc(mechanismMeetings.id))
    .all();
  const links = db
    .select({ meetingId: evidenceNotes.meetingId, id: recommendations.id, reference: recommendations.reference, shortTitle: recommendations.shortTitle })
    .from(evidenceNotes)
    .innerJoin(mechanismMeetings, eq(mechanismMeetings.id, evidenceNotes.meetingId))
    .innerJoin(recommendations, eq(recommendations.id, evidenceNotes.recommendationId))
    .where(eq(mechanismMeetings.mechanismId, mechanismId))
    .orderBy(asc(recommendations.reference))
    .all();
  const took = db
    .select({ meetingId: mechanismMeetingBodies.meetingId, id: bodies.id, name: bodies.name, nativeName: bodies.nativeName, nativeLanguage: bodies.nativeLanguage, acronym: bodies.acronym })
    .from(mechanismMeetingBodies)
    .innerJoin(mechanismMeetings, eq(mechanismMeetings.id, mechanismMeetingBodies.meetingId))
    .innerJoin(bodies, eq(bodies.id, mechanismMeetingBodies.bodyId))
    .where(eq(mechanismMeetings.mechanismId, mechanismId))
    .orderBy(asc(bodies.name))
    .all();
  return meetings.map(({ meeting, recordedByName }) => ({
    ...meeting,
    recordedByName,
    recommendations: links.filter((l) => l.meetingId === meeting.id),
    bodies: took.filter((b) => b.meetingId === meeting.id),
  }));
}

export type Meeting = ReturnType<typeof meetingsOf>[number];

export function findMeeting(db: Db, mechanismId: number, meetingId: number): Meeting | undefined {
  return meetingsOf(db, mechanismId).find((m) => m.id === meetingId);
}

export function lifecycleOf(db: Db, mechanismId: number) {
  return db
    .select({ change: mechanismLifecycleChanges, recordedByName: users.name })
    .from(mechanismLifecycleChanges)
    .innerJoin(users, eq(users.id, mechanismLifecycleChanges.recordedBy))
    .where(eq(mechanismLifecycleChanges.mechanismId, mechanismId))
    .orderBy(desc(mechanismLifecycleChanges.effectiveOn), desc(mechanismLifecycleChanges.id))
    .all()
    .map(({ change, recordedByName }) => ({ ...change, recordedByName }));
}

export function hasLifecycleHistory(db: Db, mechanismId: number): boolean {
  return db.select({ id: mechanismLifecycleChanges.id }).from(mechanismLifecycleChanges).where(eq(mechanismLifecycleChanges.mechanismId, mechanismId)).limit(1).get() !== undefined;
}

/** The recommendations a meeting of this mechanism can be evidence for. */
export function recommendationsOfMechanism(db: Db, mechanismId: number) {
  return db
    .select({ id: recommendations.id, reference: recommendations.reference, shortTitle: recommendations.shortTitle, source: sources.title })
    .from(recommendations)
    .innerJoin(sources, eq(sources.id, recommendations.sourceId))
    .where(eq(recommendations.mechanismId, mechanismId))
    .orderBy(asc(sources.title), asc(recommendations.reference))
    .all();
}

/**
 * What the dormant rule reads, for every mechanism in one query: its cadence and stage, its last meeting held by
 * `today` and when it was established (the first "established" of its history, else the year it was created with).
 */
export function activityFacts(db: Db, today: string): Map<number, ActivityFacts> {
  const lastMeeting = db
    .select({ mechanismId: mechanismMeetings.mechanismId, on: max(mechanismMeetings.heldOn).as('last_meeting_on') })
    .from(mechanismMeetings)
    .where(lte(mechanismMeetings.heldOn, today))
    .groupBy(mechanismMeetings.mechanismId)
    .as('last_meeting');
  const established = db
    .select({ mechanismId: mechanismLifecycleChanges.mechanismId, on: min(mechanismLifecycleChanges.effectiveOn).as('established_on') })
    .from(mechanismLifecycleChanges)
    .where(eq(mechanismLifecycleChanges.stage, 'established'))
    .groupBy(mechanismLifecycleChanges.mechanismId)
    .as('established');
  const rows = db
    .select({
      id: mechanisms.id,
      cadence: mechanisms.expectedCadence,
      lifecycle: mechanisms.lifecycle,
      lastMeetingOn: lastMeeting.on,
      establishedOn: sql<string | null>`coalesce(${established.on}, CAST(${mechanisms.yearEstablished} AS TEXT))`,
    })
    .from(mechanisms)
    .leftJoin(lastMeeting, eq(lastMeeting.mechanismId, mechanisms.id))
    .leftJoin(established, eq(established.mechanismId, mechanisms.id))
    .all();
  return new Map(rows.map(({ id, ...facts }) => [id, facts]));
}

/**
 * The ids of the mechanisms dormant on `today`; with filters, only those that a recommendation matching them names
 * (the board's figure follows its filters as its other figures do). One EXISTS per dormant mechanism, which stops
 * at its first matching recommendation: dormant mechanisms are few.
 */
export function dormantMechanismIds(db: Db, today: string, graceDays: number, filters: Filters = {}): Set<number> {
  const ids: number[] = [];
  for (const [id, facts] of activityFacts(db, today)) if (isDormant(facts, today, graceDays)) ids.push(id);
  const where = filterConditions(filters);
  if (where === undefined || ids.length === 0) return new Set(ids);
  const named = sql`EXISTS (SELECT 1 FROM ${recommendations} WHERE ${recommendations.mechanismId} = ${mechanisms.id} AND ${where})`;
  return new Set(
    db
      .select({ id: mechanisms.id })
      .from(mechanisms)
      .where(and(inArray(mechanisms.id, ids), named))
      .all()
      .map((r) => r.id),
  );
}

/** The meeting each of a recommendation's evidence notes records, by note id, to show the note as that meeting's. */
export function meetingsOfNotes(db: Db, recommendationId: number) {
  const rows = prepared(db, 'meetingsOfNotes', () =>
    db
      .select({
        noteId: evidenceNotes.id,
        meetingId: mechanismMeetings.id,
        mechanismId: mechanisms.id,
        name: mechanisms.name,
        nativeName: mechanisms.nativeName,
        nativeLanguage: mechanisms.nativeLanguage,
        place: mechanismMeetings.place,
        level: mechanismMeetings.level,
      })
      .from(evidenceNotes)
      .innerJoin(mechanismMeetings, eq(mechanismMeetings.id, evidenceNotes.meetingId))
      .innerJoin(mechanisms, eq(mechanisms.id, mechanismMeetings.mechanismId))
      .where(and(eq(evidenceNotes.recommendationId, sql.placeholder('id')), isNotNull(evidenceNotes.meetingId)))
      .prepare(),
  ).all({ id: recommendationId });
  const language = currentLanguage();
  return new Map(rows.map(({ noteId, ...meeting }) => [noteId, { ...meeting, names: displayName(meeting, language) }]));
}
