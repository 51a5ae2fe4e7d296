import type { Db } from '../db/client';
import { isOpenStatus, STATUSES } from '../domain/vocabulary';
import { today } from '../lib/dates';
import { agoText } from '../lib/age';
import { fieldLabelKey } from '../lib/field-labels';
import { safeNext } from '../lib/safe-path';
import { statusBar } from '../domain/status-bar';
import { toQueryString } from '../filters/schema';
import { withSearchMatches } from '../filters/conditions';
import { PAGE_SIZE, type ListQuery, type Sort } from './list-query';
import type { ReadCache } from '../lib/read-cache';
import {
  changesOf,
  parentCandidates,
  matchingOf,
  childrenOf,
  countByStatus,
  findListRow,
  findRecommendation,
  historyOf,
  listRecommendations,
  notesOf,
  type ListRow,
  parentOf,
  recommendationBodiesOf,
  themesOf,
} from './queries';
import { NotFoundError } from '../lib/errors';
import { sidesViewModel } from '../parties/view-model';
import { sideChangesOf } from '../parties/queries';
import { partyName } from '../parties/parties';
import { meetingsOfNotes } from '../mechanisms/queries';
import { nameView, titleView } from '../translations/view';
import { openLanguages, translationsOf } from '../translations/service';
import { uptakeFormModel, uptakeView } from '../uptake/view-model';
import { displayedText } from '../domain/data-language';
import { currentLanguage } from '../lib/language';
import { hasTranslation, t } from '../lib/i18n';
import type { Language } from '../domain/vocabulary';
import { isOverdue } from '../domain/overdue';

/** View models of the recommendation pages: everything computed here, templates only place it. */

/** The list's default order: by publication and reference, which a status change does not reorder. */
export const DEFAULT_SORT: Sort = 'reference';

/**
 * A row of the list: its dates as a reader uses them (how long in this status,
 * how old the newest evidence), not the time of the last database write.
 */
export function listRowViewModel(row: ListRow, on: string, returnTo: string) {
  return {
    ...row,
    /** Where its status change returns (URL-encoded): given here, since a partial given it as a parameter copies the whole row. */
    returnTo,
    overdue: isOverdue(on, row.targetDate, row.status),
    statusAge: row.statusSince ? agoText(row.statusSince, on, 'list.status_age', 'list.status_since_title') : undefined,
    evidenceAge: row.lastEvidenceOn ? agoText(row.lastEvidenceOn, on, 'list.evidence_age', 'list.evidence_title') : undefined,
    // ── datalang ──
    displayTitle: titleView(row),
    mechanism: nameView(row.mechanismName, row.mechanismNativeName, row.mechanismNativeLanguage),
    leadBody: nameView(row.leadBodyName, row.leadBodyNativeName, row.leadBodyNativeLanguage),
  };
}

/**
 * Where a status changed from a list, a board or any page with an inline
 * "Update status" returns: with htmx, the region swapped in place (the list's
 * row, else the status region of the card); without, the page at that item's
 * anchor. Any address other than a same-site path falls back to the list.
 */
export function statusReturnOf(returnTo: unknown, id: number) {
  const page = safeNext(typeof returnTo === 'string' ? returnTo.split('#')[0] : undefined);
  const path = page.split('?')[0];
  const kind: 'row' | 'status' = path === '/recommendations' ? 'row' : 'status';
  const anchor = kind === 'row' ? `row-${id}` : path === '/board' ? `card-${id}` : `inline-status-${id}`;
  return {
    page,
    kind,
    /** The element the inline form's save replaces (outerHTML). */
    target: kind === 'row' ? `#row-${id}` : `#inline-status-${id}`,
    /** The page, at the item: where a save or Cancel lands without JavaScript. */
    anchored: `${page}#${anchor}`,
    /** The region's own address, which htmx follows after a save. */
    region: `/recommendations/${id}/row?return_to=${encodeURIComponent(page)}`,
  };
}

/** The row (or card status region) a status change from an inline form refreshes. */
export function inlineRegionViewModel(db: Db, id: number, returnTo: unknown) {
  const row = findListRow(db, id);
  if (!row) throw new NotFoundError();
  const back = statusReturnOf(returnTo, id);
  return { kind: back.kind, model: listRowViewModel(row, today(), encodeURIComponent(back.page)) };
}

/**
 * The list page. Its counts scan every matching row, so they come from the
 * read cache (cleared by every write) when one is given; the page of rows is
 * read each time, from an index.
 */
export function listViewModel(db: Db, query: ListQuery, cache?: ReadCache) {
  const { sort: sortParam, page: pageParam, filters: _form, ...filters } = query;
  const sort: Sort = sortParam ?? DEFAULT_SORT;
  const searched = withSearchMatches(db, filters);
  const countsOf = () => {
    const byStatus = countByStatus(db, searched);
    return { total: matchingOf(byStatus, filters), byStatus: [...byStatus] };
  };
  const countsKey = `list-counts:${today()}:${JSON.stringify(filters)}`;
  const { total, byStatus } = cache ? cache.get(countsKey, countsOf) : countsOf();
  const counts = new Map(byStatus);
  const on = today();
  const { rows, page, pages } = listRecommendations(db, searched, sort, pageParam ?? 1, counts);
  const base = { ...filters, sort: sortParam } as Record<string, string | number | undefined>;
  const link = (changes: Record<string, string | number | undefined>) =>
    `/recommendations${toQueryString({ ...base, ...changes })}`;
  const returnTo = link({ page: page > 1 ? page : undefined });
  const statusCounts = STATUSES.map((s) => ({
    key: s.key,
    count: counts.get(s.key) ?? 0,
    active: filters.status === s.key,
    href: link({ status: filters.status === s.key ? undefined : s.key, page: undefined }),
  }));
  return {
    filters,
    sort,
    total,
    rows: rows.map((row) => listRowViewModel(row, on, encodeURIComponent(returnTo))),
    returnTo,
    statusCounts,
    statusTotal: statusCounts.reduce((sum, c) => sum + c.count, 0),
    statusBar: statusBar(statusCounts),
    pagination: {
      page,
      pages,
      from: total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1,
      to: Math.min(page * PAGE_SIZE, total),
      prev: page > 1 ? link({ page: page - 1 }) : undefined,
      next: page < pages ? link({ page: page + 1 }) : undefined,
    },
    hasFilters: Object.values(filters).some((v) => v !== undefined),
    // CASE: filtered to stated positions, commitments or reported activities, the rows are records, not recommendations.
    counted: filters.record_kind && filters.record_kind !== 'recommendation' ? { showing: 'recommendations.showing_records', none: 'recommendations.none_found_records' } : { showing: 'recommendations.showing', none: 'recommendations.none_found' },
  };
}

type Edit = { label: string; oldValue: string | null; newValue: string | null };

type StatusChange = Omit<ReturnType<typeof historyOf>[number], 'id'>;

type TimelineEntry =
  | { kind: 'edit'; date: string; recordedAt: string; name: string; reason: string | null; edits: Edit[] }
  | { kind: 'status'; date: string; recordedAt: string; change: StatusChange; note?: ReturnType<typeof notesOf>[number]; party?: string }
  | { kind: 'note'; date: string; recordedAt: string; note: ReturnType<typeof notesOf>[number] };

/** Fields whose change log holds a vocabulary's key, shown as its label in the reader's language. */
const VOCABULARY_OF_FIELD: Record<string, string> = { kind: 'record_kind', confidence: 'confidence', status: 'status', uptake: 'uptake', uptake_confidence: 'confidence' };

function shownValue(field: string, value: string | null): string | null {
  const vocabulary = VOCABULARY_OF_FIELD[field];
  return vocabulary && value !== null && hasTranslation(`${vocabulary}.${value}`) ? t(`${vocabulary}.${value}`) : value;
}

/** The change log grouped by save: one entry per edit, listing each field's old and new value. */
function edits(db: Db, id: number): TimelineEntry[] {
  const saves = new Map<string, Extract<TimelineEntry, { kind: 'edit' }>>();
  for (const change of changesOf(db, id)) {
    const key = `${change.changedAt}|${change.changedByName}`;
    const entry = saves.get(key) ?? {
      kind: 'edit' as const,
      date: change.changedAt.slice(0, 10),
      recordedAt: change.changedAt,
      name: change.changedByName,
      reason: change.reason,
      edits: [],
    };
    entry.edits.push({
      label: fieldLabelKey(change.field, 'recommendation'),
      oldValue: shownValue(change.field, change.oldValue),
      newValue: shownValue(change.field, change.newValue),
    });
    saves.set(key, entry);
  }
  return [...saves.values()];
}

/**
 * Status changes (the overall one's and each side's, named by its party), evidence notes and edits in one story,
 * newest first; a note given with a status change is shown inside it.
 */
export function timeline(db: Db, id: number): TimelineEntry[] {
  const meetings = meetingsOfNotes(db, id);
  const notes = notesOf(db, id).map((note) => ({ ...note, meeting: meetings.get(note.id) }));
  const history = historyOf(db, id);
  const sideChanges = sideChangesOf(db, id);
  const attached = new Set([...history, ...sideChanges].map((h) => h.evidenceNoteId).filter((n): n is number => n !== null));
  const byId = new Map(notes.map((n) => [n.id, n]));
  const entries: TimelineEntry[] = [
    ...history.map((change) => ({
      kind: 'status' as const,
      date: change.effectiveOn,
      recordedAt: change.recordedAt,
      change,
      note: change.evidenceNoteId === null ? undefined : byId.get(change.evidenceNoteId),
    })),
    ...sideChanges.map((change) => ({
      kind: 'status' as const,
      date: change.effectiveOn,
      recordedAt: change.recordedAt,
      party: partyName(change.party),
      change,
      note: change.evidenceNoteId === null ? undefined : byId.get(change.evidenceNoteId),
    })),
    ...notes.filter((n) => !attached.has(n.id)).map((note) => ({ kind: 'note' as const, date: note.observedOn, recordedAt: note.recordedAt, note })),
    ...edits(db, id),
  ];
  return entries.sort((a, b) => (a.date === b.date ? b.recordedAt.localeCompare(a.recordedAt) : b.date.localeCompare(a.date)));
}

export function detailViewModel(db: Db, id: number) {
  const found = findRecommendation(db, id);
  if (!found) throw new NotFoundError();
  const { recommendation } = found;
  const children = childrenOf(db, id);
  const closedChildren = children.filter((c) => !isOpenStatus(c.status)).length;
  const parent = parentOf(db, recommendation.parentId);
  return {
    ...found,
    overdue: isOverdue(today(), recommendation.targetDate, recommendation.status),
    bodies: recommendationBodiesOf(db, id).map((b) => ({ ...b, names: nameView(b.name, b.nativeName, b.nativeLanguage) })),
    themes: themesOf(db, id),
    parent: parent && { ...parent, displayTitle: titleView(parent) },
    children: children.map((c) => ({ ...c, displayTitle: titleView(c) })),
    childProgress: children.length > 0 ? { closed: closedChildren, total: children.length } : undefined,
    timeline: timeline(db, id),
    // ── datalang ──
    mechanismNames: found.mechanism ? nameView(found.mechanism.name, found.mechanism.nativeName, found.mechanism.nativeLanguage) : undefined,
    text: textViewModel(db, recommendation),
    // ── uptake ──
    uptake: uptakeView(db, id),
    uptakeForm: uptakeFormModel(db, id),
    // ── parties ──
    sides: sidesViewModel(db, id, recommendation.status),
  };
}

/**
 * ── datalang ── The recommendation's text as the reader sees it (the translation into the interface language
 * where there is one, marked, with the original a click away), and its translations, each with its actions.
 */
function textViewModel(db: Db, recommendation: { id: number; shortTitle: string; fullText: string; language: Language }) {
  const language = currentLanguage();
  const translations = translationsOf(db, recommendation.id);
  const shown = displayedText(recommendation, translations.find((tr) => tr.language === language), language);
  return {
    shortTitle: shown.shortTitle,
    fullText: shown.fullText,
    lang: shown.lang,
    marker: shown.translatedFrom ? t(`datalang.translated_from.${shown.translatedFrom}`) : undefined,
    original: { shortTitle: recommendation.shortTitle, fullText: recommendation.fullText, lang: recommendation.language, label: t(`datalang.original_in.${recommendation.language}`) },
    originalLanguage: t(`language.${recommendation.language}`),
    translations: translations.map((tr) => ({
      ...tr,
      languageName: t(`language.${tr.language}`),
      shown: tr.language === shown.lang && shown.translatedFrom !== undefined,
      editHref: `/recommendations/${recommendation.id}/translations/${tr.language}/edit`,
      removeAction: `/recommendations/${recommendation.id}/translations/${tr.language}/delete`,
    })),
    addHref: openLanguages(db, recommendation.id).length > 0 ? `/recommendations/${recommendation.id}/translations/new` : undefined,
  };
}

/**
 * The parent field of the recommendation form: the candidates grouped by
 * publication (one group once a publication is chosen), and an error when the
 * parent chosen belongs to another publication than the one chosen now.
 */
export function parentFieldModel(db: Db, sourceId: number | undefined, excludeId: number | undefined, chosenId: number | undefined) {
  const groups = new Map<string, { label: string; options: { id: number; text: string }[] }>();
  let mismatch = false;
  for (const row of parentCandidates(db, sourceId, excludeId, chosenId)) {
    const group = groups.get(row.sourceTitle) ?? { label: row.sourceTitle, options: [] };
    group.options.push({ id: row.id, text: `${row.reference} ${row.shortTitle}` });
    groups.set(row.sourceTitle, group);
    if (row.id === chosenId && sourceId !== undefined && row.sourceId !== sourceId) mismatch = true;
  }
  return { groups: [...groups.values()], mismatch };
}
