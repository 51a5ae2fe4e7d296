import { z } from 'zod';
import { RECORD_KINDS, STATUS_KEYS } from '../domain/vocabulary';
import { id, optionalChoice, optionalDate, optionalId, optionalText } from '../lib/validation';

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
  overdue: optionalChoice(['yes'] as const),
  /** A status change took effect on or after this date (the board's "moved" figure). */
  moved_since: optionalDate,
  /** Open, with no event on or after this date (the board's "stale" figure). */
  quiet_since: optionalDate,
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
