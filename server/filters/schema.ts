import { z } from 'zod';
import { RECORD_KINDS, STATUS_KEYS, UPTAKES } from '../domain/vocabulary';
import { blankToUndefined, id, optionalChoice, optionalDate, optionalId, optionalText } from '../lib/validation';
import { splitPartyStatus } from '../parties/parties';

/**
 * The filters of a set of recommendations: one GET form, so every view is a
 * bookmarkable URL. The list, the board, the reports and their downloads all
 * read them with this schema and select with ./conditions.
 */

/** A page number of a paged list. */
export const optionalPage = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.coerce.number({ error: 'validation.invalid' }).int({ error: 'validation.invalid' }).min(1, { error: 'validation.invalid' }).max(1_000_000, { error: 'validation.invalid' }).optional(),
);

/** An id, or "none" for recommendations that have no such link (the board's "no mechanism" row). */
const idOrNone = z.preprocess((v) => (v === '' ? undefined : v), z.union([z.literal('none'), id]).optional());

/** A party's side, in a status if one is named (server/parties/parties.ts splitPartyStatus). */
const partyStatus = z.preprocess(
  blankToUndefined,
  z
    .string()
    .max(130, { error: 'validation.invalid_choice' })
    .refine((v) => {
      const { party, status } = splitPartyStatus(v);
      return party.trim() !== '' && (status === undefined || (STATUS_KEYS as readonly string[]).includes(status));
    }, { error: 'validation.invalid_choice' })
    .optional(),
);

export const filtersSchema = z.object({
  q: optionalText(200),
  status: optionalChoice(STATUS_KEYS),
  mechanism: idOrNone,
  body: idOrNone,
  source: optionalId,
  theme: optionalId,
  owner: optionalId,
  priority: optionalChoice(['yes', 'no'] as const),
  /**
   * What the record is: a recommendation, a reported commitment, a stated position, a reported activity.
   * Not `kind`: a report's query already names its own kind (status or changes) so, beside these filters.
   */
  record_kind: optionalChoice(RECORD_KINDS),
  /** What became of it in the world (issue 21). */
  uptake: optionalChoice(UPTAKES),
  overdue: optionalChoice(['yes'] as const),
  /** A status change took effect on or after this date (the board's "moved" figure). */
  moved_since: optionalDate,
  /** Open, with no event on or after this date (the board's "stale" figure). */
  quiet_since: optionalDate,
  /** A party's side, in a status if one is named: `China` or `China:no_action` (./conditions partyStatusCondition). */
  party_status: partyStatus,
});

/** Shown with every filter: `filters=all` opens the long lists (bodies, sources) that the compact form leaves out. */
export const formQuerySchema = filtersSchema.extend({
  filters: optionalChoice(['all'] as const),
});

export type Filters = z.output<typeof filtersSchema>;

/** The query string for a set of filters (empty ones left out), for links that keep the current view. */
export function toQueryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}
