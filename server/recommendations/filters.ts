import { z } from 'zod';
import { STATUS_KEYS } from '../domain/vocabulary';
import { id, optionalChoice, optionalId, optionalText } from '../lib/validation';

/** The list's filters: one GET form, so every view is a bookmarkable URL. The board and exports reuse them. */
export const SORTS = ['updated', 'target', 'status', 'title', 'reference'] as const;
export type Sort = (typeof SORTS)[number];

export const PAGE_SIZE = 50;

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
  overdue: optionalChoice(['yes'] as const),
});

export const listQuerySchema = filtersSchema.extend({
  sort: optionalChoice(SORTS),
  page: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number({ error: 'validation.invalid' }).int({ error: 'validation.invalid' }).min(1, { error: 'validation.invalid' }).max(1_000_000, { error: 'validation.invalid' }).optional(),
  ),
});

export type Filters = z.output<typeof filtersSchema>;
export type ListQuery = z.output<typeof listQuerySchema>;

/** The query string for a set of filters (empty ones left out), for links that keep the current view. */
export function toQueryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}
