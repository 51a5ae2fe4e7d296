import { z } from 'zod';
import { RECORD_KINDS, STATUS_KEYS } from '../domain/vocabulary';
import { t } from '../lib/i18n';
import { blankToUndefined, id, optionalChoice, optionalDate, optionalId, optionalText } from '../lib/validation';
import { partyName, splitPartyStatus } from '../parties/parties';

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
  overdue: optionalChoice(['yes'] as const),
  /** A status change took effect on or after this date (the board's "moved" figure). */
  moved_since: optionalDate,
  /** Open, with no event on or after this date (the board's "stale" figure). */
  quiet_since: optionalDate,
  /** A party's side, in a status if one is named: `China` or `China:no_action` (server/parties/condition.ts). */
  party_status: partyStatus,
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


interface FilterOptions {
  bodies: { id: number; name: string }[];
  sources: { id: number; title: string }[];
  mechanisms?: { id: number; name: string }[];
  themes?: { id: number; name: string }[];
  owners?: { id: number; name: string }[];
}

/** The filters kept behind the bar's "Filters" control, in the order the form shows them. */
const FIELDS_BEHIND = ['theme', 'owner', 'priority', 'record_kind', 'overdue', 'body', 'source', 'moved_since', 'quiet_since', 'party_status'] as const;

/**
 * The compact filter bar of the list and the board: search, status and
 * mechanism in view; the rest behind one "Filters" control (a <details>);
 * every filter on shown as a chip whose link removes it. The body and source
 * lists run to hundreds of options, most pages never use them, and they made
 * up half of every list and board page, so they are printed only on request
 * (`filters=all`); a body or source chosen from them stays on as a hidden
 * field. `notFilters` names query fields the page reads otherwise (the board's
 * `moved_since` is the start of its "moved" figure, not a filter).
 */
export function filterFormModel(action: string, values: Record<string, unknown>, options: FilterOptions, notFilters: readonly string[] = []) {
  const query: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(values)) if (typeof value === 'string' && value !== '') query[key] = value;
  const { page: _page, filters, ...kept } = query;
  // CASE: an id that names nothing (a body since deleted) still filters, so it is shown as it is.
  const named = (list: { id: number; name?: string; title?: string }[] | undefined, id: string) => {
    const found = list?.find((o) => String(o.id) === id);
    return found?.name ?? found?.title ?? id;
  };
  const valueName: Record<string, (v: string) => string> = {
    q: (v) => `“${v}”`,
    status: (v) => (hasStatus(v) ? t(`status.${v}`) : v),
    mechanism: (v) => (v === 'none' ? t('filters.no_mechanism') : named(options.mechanisms, v)),
    body: (v) => (v === 'none' ? t('filters.no_body') : named(options.bodies, v)),
    source: (v) => named(options.sources, v),
    theme: (v) => named(options.themes, v),
    owner: (v) => named(options.owners, v),
    priority: (v) => (v === 'yes' ? t('filters.priority_yes') : v === 'no' ? t('filters.priority_no') : v),
    record_kind: (v) => ((RECORD_KINDS as readonly string[]).includes(v) ? t(`record_kind.${v}`) : v),
    overdue: () => t('filters.overdue_chip'),
    moved_since: (v) => v,
    quiet_since: (v) => v,
    party_status: (v) => {
      const { party, status } = splitPartyStatus(v);
      return status && hasStatus(status) ? t('party.side_is', { party: partyName(party), status: t(`status.${status}`) }) : t('filters.party_any', { party: partyName(party) });
    },
  };
  const fieldLabel: Record<string, string> = { record_kind: 'record_kind.label', q: 'filters.search_chip', moved_since: 'filters.moved_since', quiet_since: 'filters.quiet_since' };
  const chips = Object.keys(valueName)
    .filter((field) => kept[field] !== undefined && !notFilters.includes(field))
    .map((field) => {
      const name = valueName[field]!(kept[field]!);
      const text = field === 'overdue' ? name : t('forms.labelled', { label: t(fieldLabel[field] ?? `filters.${field}`), value: name });
      return { field, text, removeHref: `${action}${toQueryString({ ...kept, [field]: undefined })}` };
    });
  const behind = FIELDS_BEHIND.filter((field) => kept[field] !== undefined && !notFilters.includes(field)).length;
  const withoutFilters = Object.fromEntries(Object.entries(kept).filter(([key]) => !(key in valueName) || notFilters.includes(key)));
  return {
    expanded: filters === 'all',
    /** Body and source chosen while their lists are left out: kept as hidden fields. */
    chosen: (['body', 'source'] as const).filter((field) => kept[field] !== undefined).map((field) => ({ field, value: kept[field] })),
    chips,
    behind,
    summary: behind > 0 ? t('filters.more_count', { count: behind }) : t('filters.more_button'),
    moreHref: `${action}${toQueryString({ ...kept, filters: 'all' })}`,
    clearHref: `${action}${toQueryString(withoutFilters)}`,
    /** Whether `moved_since` is a filter here (the list) rather than a setting of the page (the board). */
    showMovedSince: !notFilters.includes('moved_since'),
  };
}

function hasStatus(value: string): value is (typeof STATUS_KEYS)[number] {
  return (STATUS_KEYS as readonly string[]).includes(value);
}
