import { z } from 'zod';
import { MECHANISM_LIFECYCLES, MEETING_LEVELS } from '../domain/vocabulary';
import { choice, id, idList, optionalChoice, optionalHttpUrl, optionalText, requiredDate, requiredPartialDate, requiredText } from '../lib/validation';
import type { LifecycleInput, MeetingInput } from './service';

const csrf = { _csrf: z.string().optional() };

export const meetingFormSchema = z
  .object({
    ...csrf,
    held_on: requiredDate,
    place: optionalText(300),
    level: optionalChoice(MEETING_LEVELS),
    participants: optionalText(2000),
    body_ids: idList,
    outcome: requiredText(5000),
    documents: optionalText(2000),
    source_url: optionalHttpUrl,
    source_title: optionalText(500),
    recommendation_ids: idList,
  })
  .strict()
  .transform(
    (v): MeetingInput => ({
      heldOn: v.held_on,
      place: v.place,
      level: v.level,
      participants: v.participants,
      bodyIds: v.body_ids,
      outcome: v.outcome,
      documents: v.documents,
      sourceUrl: v.source_url,
      sourceTitle: v.source_title,
      recommendationIds: v.recommendation_ids,
    }),
  );

export const lifecycleFormSchema = z
  .object({
    ...csrf,
    stage: choice(MECHANISM_LIFECYCLES),
    effective_on: requiredPartialDate,
    rationale: requiredText(5000),
    source_url: optionalHttpUrl,
    source_title: optionalText(500),
  })
  .strict()
  .transform((v): LifecycleInput => ({ stage: v.stage, effectiveOn: v.effective_on, rationale: v.rationale, sourceUrl: v.source_url, sourceTitle: v.source_title }));

export const meetingParams = z.object({ id, meetingId: id });
export const lifecycleParams = z.object({ id, changeId: id });

/** Which form field each database constraint concerns, for a write the database refuses anyway. */
export const MEETING_CONSTRAINTS = {
  mechanism_meetings_outcome_present: 'outcome',
  mechanism_meetings_source_url_http: 'source_url',
  evidence_notes_text_present: 'outcome',
  evidence_notes_url_http: 'source_url',
};
export const LIFECYCLE_CONSTRAINTS = {
  mechanism_lifecycle_changes_rationale_present: 'rationale',
  mechanism_lifecycle_changes_source_url_http: 'source_url',
};
