import { RECORD_KINDS, STATUS_KEYS, UPTAKES } from '../domain/vocabulary';
import { t } from '../lib/i18n';
import { toQueryString } from './schema';
import { partyName, splitPartyStatus } from '../parties/parties';

interface FilterOptions {
  bodies: { id: number; name: string }[];
  sources: { id: number; title: string }[];
  mechanisms?: { id: number; name: string }[];
  themes?: { id: number; name: string }[];
  owners?: { id: number; name: string }[];
}

/** The filters kept behind the bar's "Filters" control, in the order the form shows them. */
const FIELDS_BEHIND = ['theme', 'owner', 'priority', 'record_kind', 'uptake', 'overdue', 'body', 'source', 'moved_since', 'quiet_since', 'party_status'] as const;

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
    uptake: (v) => ((UPTAKES as readonly string[]).includes(v) ? t(`uptake.${v}`) : v),
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
    uptakes: UPTAKES,
  };
}

function hasStatus(value: string): value is (typeof STATUS_KEYS)[number] {
  return (STATUS_KEYS as readonly string[]).includes(value);
}
