import type { Db } from '../db/client';
import { displayName } from '../domain/data-language';
import { currentLanguage } from '../lib/language';
import { participantsOf } from '../reference/queries';
import { dormantAfter, isDormant } from '../domain/dormancy';
import { activityFacts, lifecycleOf, meetingsOf, recommendationsOfMechanism, type Meeting } from './queries';

/** A mechanism's activity as its page shows it: cadence, the dormant flag, and one dated timeline. */
export function activityViewModel(db: Db, mechanismId: number, today: string, graceDays: number) {
  const facts = activityFacts(db, today).get(mechanismId);
  const entries = [
    ...meetingsOf(db, mechanismId).map((meeting) => ({
      kind: 'meeting' as const,
      date: meeting.heldOn,
      recordedAt: meeting.recordedAt,
      meeting: { ...meeting, bodies: meeting.bodies.map((body) => ({ ...body, names: displayName(body, currentLanguage()) })) },
    })),
    ...lifecycleOf(db, mechanismId).map((change) => ({ kind: 'lifecycle' as const, date: change.effectiveOn, recordedAt: change.recordedAt, change })),
  ];
  return {
    dormant: facts ? isDormant(facts, today, graceDays) : false,
    dueBy: facts ? dormantAfter(facts, 0) : null,
    lastMeetingOn: facts?.lastMeetingOn ?? null,
    // Newest first, as a recommendation's timeline; on one date, the later recorded first.
    timeline: entries.sort((a, b) => (a.date === b.date ? b.recordedAt.localeCompare(a.recordedAt) : b.date.localeCompare(a.date))),
  };
}

/**
 * The meeting form's model: its values as the form names them, the mechanism's participating bodies that can
 * have taken part, and the recommendations it can be evidence for.
 */
export function meetingFormModel(db: Db, mechanismId: number, values: Record<string, unknown>) {
  const chosen = (field: string) => ([] as unknown[]).concat(values[field] ?? []).map(Number);
  const language = currentLanguage();
  return {
    values,
    bodyOptions: participantsOf(db, mechanismId).map((body) => ({ value: body.id, text: displayName(body, language).primary.text })),
    chosenBodies: chosen('body_ids'),
    recommendationOptions: recommendationsOfMechanism(db, mechanismId).map((r) => ({ value: r.id, text: `${r.reference} ${r.shortTitle} (${r.source})` })),
    chosenRecommendations: chosen('recommendation_ids'),
  };
}

/** A saved meeting as its edit form's values. */
export function meetingValues(meeting: Meeting): Record<string, unknown> {
  return {
    held_on: meeting.heldOn,
    place: meeting.place ?? '',
    level: meeting.level ?? '',
    participants: meeting.participants ?? '',
    body_ids: meeting.bodies.map((body) => body.id),
    outcome: meeting.outcome,
    documents: meeting.documents ?? '',
    source_url: meeting.sourceUrl ?? '',
    source_title: meeting.sourceTitle ?? '',
    recommendation_ids: meeting.recommendations.map((r) => r.id),
  };
}
