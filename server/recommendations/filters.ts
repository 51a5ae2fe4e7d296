import { z } from 'zod';
import { STATUS_KEYS } from '../domain/vocabulary';
import { t } from '../lib/i18n';
import { id, optionalChoice, optionalId, optionalText } from '../lib/validation';

/** The list's filters: one GET form, so every view is a bookmarkable URL. The board and exports reuse them. */
export const SORTS = ['updated', 'target', 'status', 'title', 'reference'] as const;
export type Sort = (typeof SORTS)[number];

export const PAGE_SIZE = 50;

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
  overdue: optionalChoice(['yes'] as const),
});

/** Shown with every filter: `filters=all` opens the long lists (bodies, sources) that the compact form leaves out. */
export const formQuerySchema = filtersSchema.extend({
  filters: optionalChoice(['all'] as const),
});

export const listQuerySchema = formQuerySchema.extend({
  sort: optionalChoice(SORTS),
  page: optionalPage,
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


/**
 * The filter form, compact by default: the body and source lists run to
 * hundreds of options, most pages never use them, and they made up half of
 * every list and board page. A filter chosen from them stays on as a hidden
 * field, shown with its name and a link that removes it.
 */
export function filterFormModel(
  action: string,
  values: Record<string, unknown>,
  options: { bodies: { id: number; name: string }[]; sources: { id: number; title: string }[] },
) {
  const query: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(values)) if (typeof value === 'string') query[key] = value;
  const { page: _page, filters, ...kept } = query;
  // CASE: an id that names nothing (a body since deleted) still filters, so it is shown as it is.
  const bodyName = (id: string | undefined) => (id === 'none' ? t('filters.no_body') : (options.bodies.find((o) => String(o.id) === id)?.name ?? id));
  const sourceTitle = (id: string | undefined) => options.sources.find((o) => String(o.id) === id)?.title ?? id;
  const chosen = [
    { field: 'body', label: 'filters.body', name: bodyName(kept.body) },
    { field: 'source', label: 'filters.source', name: sourceTitle(kept.source) },
  ]
    .filter((c) => kept[c.field])
    .map((c) => ({ ...c, value: kept[c.field], removeHref: `${action}${toQueryString({ ...kept, [c.field]: undefined })}` }));
  return {
    expanded: filters === 'all',
    chosen,
    moreHref: `${action}${toQueryString({ ...kept, filters: 'all' })}`,
    fewerHref: `${action}${toQueryString(kept)}`,
  };
}
