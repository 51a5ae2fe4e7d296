import { daysAfter, lastDayOf, monthsAfter } from '../lib/dates';
import { MECHANISM_CADENCES, type CadenceKey, type MechanismLifecycle } from './vocabulary';

/**
 * The dormant rule, defined once: a mechanism that is expected to meet (a
 * cadence other than none) is dormant when it has not met within its cadence
 * and a grace period after it. Its page, the mechanisms list and the board
 * all ask this module.
 *
 * The cadence runs from the last meeting held (on or before today), or, for a
 * mechanism that never met, from its establishment: a date known only by its
 * year or month counts from the end of it, the latest day it may have been
 * established. A mechanism that does not exist (proposed) or no longer exists
 * (dissolved, superseded) is never dormant, nor one whose establishment and
 * meetings are both unknown: there is no day to count from.
 */

export interface ActivityFacts {
  cadence: CadenceKey;
  lifecycle: MechanismLifecycle;
  /** The latest meeting held on or before today (YYYY-MM-DD). */
  lastMeetingOn: string | null;
  /** When it was established: YYYY-MM-DD, YYYY-MM or YYYY. */
  establishedOn: string | null;
}

const NOT_EXISTING: readonly MechanismLifecycle[] = ['proposed', 'dissolved', 'superseded'];

/** The last day on which the mechanism is not yet dormant, or null when the rule does not apply to it. */
export function dormantAfter(facts: ActivityFacts, graceDays: number): string | null {
  const months = MECHANISM_CADENCES.find((c) => c.key === facts.cadence)?.months ?? null;
  if (months === null || NOT_EXISTING.includes(facts.lifecycle)) return null;
  const established = facts.establishedOn ? lastDayOf(facts.establishedOn) : null;
  const from = [facts.lastMeetingOn, established].filter((d): d is string => d !== null).sort().at(-1);
  if (!from) return null;
  return daysAfter(monthsAfter(from, months), graceDays);
}

/** Whether the mechanism is dormant on `today`. */
export function isDormant(facts: ActivityFacts, today: string, graceDays: number): boolean {
  const until = dormantAfter(facts, graceDays);
  return until !== null && today > until;
}
