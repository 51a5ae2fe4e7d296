import { displayName } from '../domain/data-language';
import { currentLanguage } from '../lib/language';
import { nameView, titleView } from '../translations/view';
import type { Db } from '../db/client';
import { longRead, type LongRead } from '../db/reader';
import { statusBar } from '../domain/status-bar';
import { STATUSES, TAKEN_UP, UPTAKES, type StatusKey } from '../domain/vocabulary';
import { daysBefore, daysBetween, nowIso, toMinute, today } from '../lib/dates';
import { t } from '../lib/i18n';
import { toQueryString, type Filters } from '../filters/schema';
import {
  groupNames,
  filteredFacts,
  filteredFigures,
  isUnfiltered,
  kanbanCards,
  keptMatrixCounts,
  keptOverdue,
  keptStale,
  keptStatusCountsOver,
  keptStatusTotals,
  keptUptakeCounts,
  latestChanges,
  matrixCounts,
  movedSince as movedSinceCount,
  myQueue,
  statusCountsOver,
  type Fact,
  type Grouping,
  type Headline,
  type UptakeCount,
  type MatrixCount,
} from './queries';
import { partyName } from '../parties/parties';

/** The board's view model: every figure, link and chart coordinate computed here; the templates only place them. */

export type BoardView = 'matrix' | 'kanban';
export type Period = 'month' | 'quarter';

export interface BoardQuery {
  filters: Filters;
  view: BoardView;
  group: Grouping;
  movedSince: string;
  period: Period;
  /** The page of the matrix's rows. */
  page: number;
  /** Leave out the matrix's status columns that are zero in every row. */
  hideZeros: boolean;
}

/** Status changes listed beside the headline figures: what fits beside them on a laptop's first screen. */
export const LATEST_CHANGES = 5;

/** Matrix rows per page: a manager's screenful; hundreds of bodies or sources page. */
export const MATRIX_ROWS_PER_PAGE = 50;

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}

function listHref(params: Record<string, string | number | undefined>): string {
  return `/recommendations${toQueryString(params)}`;
}

/**
 * Where the board's counts come from: for the whole tracker, the summaries
 * kept current by every write (decision 0008); under filters, indexed
 * queries over the recommendations the filters select.
 */
interface Counts {
  statusTotals(): Map<StatusKey, number>;
  matrix(group: Grouping): MatrixCount[];
  headline(): Headline;
  uptake(): UptakeCount[];
}

/** The figures that depend on the reader's settings: "moved since" and the stale cut-off. */
interface Periods {
  movedSince: string;
  staleCutoff: string;
}

function keptCounts(db: Db, day: string, { movedSince, staleCutoff }: Periods): Counts {
  let totals: Map<StatusKey, number> | undefined;
  const statusTotals = () => (totals ??= keptStatusTotals(db));
  return {
    statusTotals,
    matrix: (group) => keptMatrixCounts(db, group),
    uptake: () => keptUptakeCounts(db),
    headline() {
      const of = (status: StatusKey) => statusTotals().get(status) ?? 0;
      return {
        total: [...statusTotals().values()].reduce((sum, n) => sum + n, 0),
        implemented: of('implemented'),
        partially: of('partially_implemented'),
        stalled: of('stalled'),
        moved: movedSinceCount(db, movedSince),
        overdue: keptOverdue(db, day),
        stale: keptStale(db, staleCutoff),
      };
    },
  };
}

function filteredCounts(reader: LongRead, filters: Filters, facts: readonly Fact[], day: string, { movedSince, staleCutoff }: Periods): Counts {
  const figures = filteredFigures(facts, movedSince, staleCutoff, day);
  return {
    statusTotals: figures.statusTotals,
    matrix: (group) => (group === 'mechanism' || group === 'source' ? figures.matrix(group) : matrixCounts(reader.db, filters, group)),
    headline: figures.headline,
    uptake: figures.uptake,
  };
}

/**
 * By party, a row per party counts the sides of joint recommendations (server/parties), not the recommendations:
 * the column totals are the rows' sums, and a cell links to the list filtered by that side's status.
 */
function matrix(db: Db, counts: Counts, filters: Filters, group: Grouping, requestedPage: number, hideZeros: boolean, pageHref: (page: number) => string) {
  const byParty = group === 'party';
  const names = byParty ? new Map() : groupNames(db, group);
  const byGroup = new Map<number | string | null, Map<StatusKey, number>>();
  const sideTotals = new Map<StatusKey, number>();
  for (const { groupId, status, n } of counts.matrix(group)) {
    const cells = byGroup.get(groupId) ?? new Map<StatusKey, number>();
    cells.set(status, n);
    byGroup.set(groupId, cells);
    sideTotals.set(status, (sideTotals.get(status) ?? 0) + n);
  }
  const totals = byParty ? sideTotals : counts.statusTotals();
  // CASE: a status no recommendation under these filters stands in is zero in every row, whatever the grouping.
  const shown = STATUSES.filter((s) => !hideZeros || (totals.get(s.key) ?? 0) > 0);
  // Named and sorted first, and only the shown page's rows get their links and bars: hundreds of bodies or sources page.
  const named = [...byGroup.entries()]
    .map(([groupId, cells]) => {
      const found = groupId === null || typeof groupId === 'string' ? undefined : names.get(groupId);
      // CASE: a publication has one title, in its own language, so it is shown as it is.
      const shownNames = found && group !== 'source' ? displayName(found, currentLanguage()) : undefined;
      return {
        groupId,
        cells,
        name: typeof groupId === 'string' ? partyName(groupId) : (shownNames?.primary.text ?? found?.name ?? t(`board.no_${group}`)),
        names: shownNames,
        href: groupId === null || byParty ? undefined : `/${group === 'body' ? 'bodies' : `${group}s`}/${groupId}`,
      };
    })
    .sort((a, b) => (a.groupId === null ? 1 : b.groupId === null ? -1 : a.name.localeCompare(b.name)));
  const pages = Math.max(1, Math.ceil(named.length / MATRIX_ROWS_PER_PAGE));
  const page = Math.min(requestedPage, pages);
  const rows = named.slice((page - 1) * MATRIX_ROWS_PER_PAGE, page * MATRIX_ROWS_PER_PAGE).map(({ groupId, cells, name, names: shownNames, href }) => {
    const key = groupId ?? 'none';
    const counts = STATUSES.map((s) => ({ key: s.key, count: cells.get(s.key) ?? 0 }));
    const total = counts.reduce((sum, c) => sum + c.count, 0);
    const cellFilter = (status?: StatusKey) => (typeof groupId === 'string' ? { party_status: status ? `${groupId}:${status}` : groupId } : { [group]: key, status });
    return {
      name,
      names: shownNames,
      href,
      cells: counts
        .filter((c) => shown.some((s) => s.key === c.key))
        .map((c) => ({ ...c, href: listHref({ ...filters, ...cellFilter(c.key) }) })),
      total,
      totalHref: listHref({ ...filters, ...cellFilter() }),
      bar: statusBar(counts),
      closedShare: percent(
        counts.filter((c) => c.key === 'implemented' || c.key === 'partially_implemented').reduce((sum, c) => sum + c.count, 0),
        total,
      ),
    };
  });
  const columnTotals = shown.map((s) => ({ key: s.key, count: totals.get(s.key) ?? 0, href: byParty ? undefined : listHref({ ...filters, status: s.key }) }));
  return {
    columns: shown.map((s) => s.key),
    hiddenColumns: STATUSES.length - shown.length,
    zeroColumns: STATUSES.filter((s) => (totals.get(s.key) ?? 0) === 0).length,
    rows,
    pagination: { page, pages, prev: page > 1 ? pageHref(page - 1) : undefined, next: page < pages ? pageHref(page + 1) : undefined },
    columnTotals,
    grandTotal: [...totals.values()].reduce((sum, n) => sum + n, 0),
    grandHref: byParty ? undefined : listHref({ ...filters }),
  };
}

/**
 * ── uptake ── What share of each publication's recommendations was taken up
 * (adopted as recommended or adapted), with the count of each uptake, each
 * linking to the list of exactly those. Only publications with some uptake
 * recorded are listed: one where nothing is known yet would read as "0 taken
 * up", which nobody has found; they are counted in a line below.
 */
function takenUp(db: Db, counts: Counts, filters: Filters) {
  const names = groupNames(db, 'source');
  const bySource = new Map<number, Map<string, number>>();
  for (const { sourceId, uptake, n } of counts.uptake()) {
    const cells = bySource.get(sourceId) ?? new Map<string, number>();
    cells.set(uptake, n);
    bySource.set(sourceId, cells);
  }
  const counted = [...bySource.entries()].map(([sourceId, cells]) => {
    const total = UPTAKES.reduce((sum, u) => sum + (cells.get(u) ?? 0), 0);
    return { sourceId, cells, total, recorded: total - (cells.get('unknown') ?? 0), name: names.get(sourceId)?.name ?? String(sourceId) };
  });
  const recorded = counted.filter((row) => row.recorded > 0).sort((a, b) => a.name.localeCompare(b.name));
  const unrecorded = counted.filter((row) => row.total > 0).length - recorded.length;
  // Links and labels only for the rows shown, as the matrix does.
  const rows = recorded.slice(0, MATRIX_ROWS_PER_PAGE).map(({ sourceId, cells, total, name }) => {
    const count = (uptake: string) => cells.get(uptake) ?? 0;
    const taken = TAKEN_UP.reduce((sum, u) => sum + count(u), 0);
    return {
      name,
      href: `/sources/${sourceId}`,
      total,
      totalHref: listHref({ ...filters, source: sourceId }),
      share: t('board.taken_up_share', { taken, total, share: percent(taken, total) }),
      cells: UPTAKES.map((u) => ({ key: u, count: count(u), href: listHref({ ...filters, source: sourceId, uptake: u }) })),
    };
  });
  return {
    columns: UPTAKES,
    rows,
    more: recorded.length > MATRIX_ROWS_PER_PAGE ? t('board.taken_up_more', { count: recorded.length - MATRIX_ROWS_PER_PAGE }) : undefined,
    unrecorded: unrecorded > 0 ? t('board.taken_up_unrecorded', { count: unrecorded }) : undefined,
  };
}

function kanban(db: Db, counts: Counts, filters: Filters, day: string) {
  const totals = counts.statusTotals();
  return STATUSES.filter((s) => !filters.status || filters.status === s.key).map((s) => {
    const { cards } = kanbanCards(db, filters, s.key);
    const total = totals.get(s.key) ?? 0;
    return {
      key: s.key,
      total,
      more: total > cards.length ? { count: total - cards.length, href: listHref({ ...filters, status: s.key }) } : undefined,
      cards: cards.map((card) => ({
        ...card,
        ageDays: card.lastEventOn === null ? undefined : Math.max(0, daysBetween(card.lastEventOn, day)),
        // ── datalang ──
        displayTitle: titleView(card),
        mechanism: nameView(card.mechanismName, card.mechanismNativeName, card.mechanismNativeLanguage),
        leadBody: nameView(card.leadBodyName, card.leadBodyNativeName, card.leadBodyNativeLanguage),
      })),
    };
  });
}

/** The ends of the last periods, oldest first; the current period ends today. */
export function periodEnds(period: Period, until: string, count: number): { label: string; end: string }[] {
  const [year, month] = until.split('-').map(Number) as [number, number];
  const step = period === 'month' ? 1 : 3;
  // Index of the current period's last month, counting months from year 0.
  const lastMonth = period === 'month' ? year * 12 + month - 1 : year * 12 + Math.floor((month - 1) / 3) * 3 + 2;
  const ends: { label: string; end: string }[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const m = lastMonth - i * step;
    const y = Math.floor(m / 12);
    const mm = (m % 12) + 1;
    const lastDay = new Date(Date.UTC(y, mm, 0)).toISOString().slice(0, 10);
    const label = period === 'month' ? `${y}-${String(mm).padStart(2, '0')}` : `${y} Q${Math.floor((mm - 1) / 3) + 1}`;
    ends.push({ label, end: lastDay < until ? lastDay : until });
  }
  return ends;
}

const CHART = { width: 640, height: 220, top: 10, bottom: 30, left: 36, gap: 8 };

function chartEnds(period: Period, day: string) {
  return periodEnds(period, day, period === 'month' ? 12 : 8);
}

function overTime(countsAt: Map<StatusKey, number>[], period: Period, day: string) {
  const ends = chartEnds(period, day);
  const periods = ends.map((p, i) => {
    const cells = STATUSES.map((s) => ({ key: s.key, count: countsAt[i]!.get(s.key) ?? 0 }));
    return { ...p, cells, total: cells.reduce((sum, c) => sum + c.count, 0) };
  });
  const max = Math.max(1, ...periods.map((p) => p.total));
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const slot = (CHART.width - CHART.left) / periods.length;
  const bars = periods.map((p, i) => {
    let y = CHART.top + plotHeight;
    const x = CHART.left + i * slot + CHART.gap / 2;
    return {
      label: p.label,
      labelX: x + (slot - CHART.gap) / 2,
      labelY: CHART.height - 10,
      segments: p.cells
        .filter((c) => c.count > 0)
        .map((c) => {
          const height = (c.count / max) * plotHeight;
          y -= height;
          return { key: c.key, x, y: Number(y.toFixed(2)), width: Number((slot - CHART.gap).toFixed(2)), height: Number(height.toFixed(2)) };
        }),
    };
  });
  const legend = STATUSES.filter((s) => periods.some((p) => p.cells.some((c) => c.key === s.key && c.count > 0))).map((s) => s.key);
  return { periods, bars, max, legend, chart: CHART, axisY: CHART.top + plotHeight };
}

/** The link that hides the matrix's all-zero status columns, or shows them again; none if there are none. */
function zerosLink(model: { hiddenColumns: number; zeroColumns: number }, hideZeros: boolean, boardHref: (changes: Record<string, string | undefined>) => string) {
  if (hideZeros) {
    return model.hiddenColumns > 0 ? { href: boardHref({ zeros: undefined, page: undefined }), text: t('board.show_zeros', { count: model.hiddenColumns }) } : undefined;
  }
  return model.zeroColumns > 0 ? { href: boardHref({ zeros: 'hide', page: undefined }), text: t('board.hide_zeros', { count: model.zeroColumns }) } : undefined;
}

/**
 * Everything on the board that is the same for every user, for one query on
 * one day, read in one snapshot: the whole tracker's from the kept summaries
 * in a few milliseconds; a filtered board's on a connection of its own,
 * pausing between its parts for other requests (a broad filter's history
 * walks many recommendations).
 */
function sharedBoard(db: Db, query: BoardQuery, staleAfterDays: number, day: string) {
  const ends = chartEnds(query.period, day).map((p) => p.end);
  const periods = { movedSince: query.movedSince, staleCutoff: daysBefore(day, staleAfterDays) };
  // CASE: the whole tracker is read at once, without a pause, so that no save lands part-way through.
  if (isUnfiltered(query.filters)) return Promise.resolve(readBoard(db, keptCounts(db, day, periods), keptStatusCountsOver(db, ends), query, staleAfterDays, day));
  return longRead(db, async (reader) => {
    const facts = await filteredFacts(reader, query.filters);
    await reader.pause();
    return readBoard(reader.db, filteredCounts(reader, query.filters, facts, day, periods), statusCountsOver(facts, ends), query, staleAfterDays, day);
  });
}

function readBoard(db: Db, source: Counts, historyCounts: Map<StatusKey, number>[], query: BoardQuery, staleAfterDays: number, day: string) {
  const { filters, view, group, movedSince, period, page, hideZeros } = query;
  const base = { ...filters, view, group, moved_since: movedSince, period, zeros: hideZeros ? 'hide' : undefined };
  const boardHref = (changes: Record<string, string | undefined>) => `/board${toQueryString({ ...base, ...changes })}`;
  const returnTo = boardHref({ page: page > 1 ? String(page) : undefined });
  const staleCutoff = daysBefore(day, staleAfterDays);
  const counts = source.headline();
  const matrixModel =
    view === 'matrix' ? matrix(db, source, filters, group, page, hideZeros, (p) => boardHref({ page: p > 1 ? String(p) : undefined })) : undefined;
  const kanbanModel = view === 'kanban' ? kanban(db, source, filters, day) : undefined;
  const history = overTime(historyCounts, period, day);
  const statusFigure = (status: StatusKey) =>
    // CASE: filtered to another status, the figure is 0 and no list can show "both statuses": no link.
    filters.status && filters.status !== status ? undefined : listHref({ ...filters, status });
  const figures = [
    { key: 'moved', count: counts.moved, text: t('board.figure_moved', { count: counts.moved, date: movedSince }), href: listHref({ ...filters, moved_since: movedSince }) },
    { key: 'stalled', count: counts.stalled, text: t('board.figure_stalled', { count: counts.stalled }), href: statusFigure('stalled') },
    { key: 'overdue', count: counts.overdue, text: t('board.figure_overdue', { count: counts.overdue }), href: listHref({ ...filters, overdue: 'yes' }), alert: counts.overdue > 0 },
    { key: 'stale', count: counts.stale, text: t('board.figure_stale', { count: counts.stale, days: staleAfterDays }), href: listHref({ ...filters, quiet_since: staleCutoff }) },
    {
      key: 'implemented',
      count: counts.implemented,
      text: t('board.figure_implemented', { count: counts.implemented, share: percent(counts.implemented, counts.total) }),
      href: statusFigure('implemented'),
    },
    {
      key: 'partially',
      count: counts.partially,
      text: t('board.figure_partially', { count: counts.partially, share: percent(counts.partially, counts.total) }),
      href: statusFigure('partially_implemented'),
    },
    { key: 'total', count: counts.total, text: t('board.figure_total', { count: counts.total }), href: listHref({ ...filters }) },
  ];
  return {
    query,
    staleAfterDays,
    totals: counts,
    figures,
    views: (['matrix', 'kanban'] as const).map((v) => ({ key: v, href: boardHref({ view: v }), current: v === view })),
    groupings: (['mechanism', 'body', 'source', 'party'] as const).map((g) => ({ key: g, href: boardHref({ group: g }), current: g === group })),
    zerosLink: matrixModel && zerosLink(matrixModel, hideZeros, boardHref),
    returnTo,
    returnToEncoded: encodeURIComponent(returnTo),
    csvHref: `/reports/progress.csv${toQueryString({ ...filters })}`,
    matrix: matrixModel,
    kanban: kanbanModel,
    overTime: history,
    takenUp: takenUp(db, source, filters),
    latest: latestChanges(db, filters, LATEST_CHANGES, movedSince).map((change) => ({ ...change, displayTitle: titleView(change) })),
    movedHref: figures[0]!.href,
    /** When these figures were read: what a printed board says its data is as of. */
    dataAsOf: toMinute(nowIso()),
  };
}

/** The board for one user: the shared board and, for those who edit, their own queue. */
export async function boardViewModel(db: Db, query: BoardQuery, user: { id: number; role: string }, staleAfterDays: number) {
  const day = today();
  const shared = sharedBoard(db, query, staleAfterDays, day);
  const queue = user.role === 'viewer' ? undefined : myQueue(db, user.id, daysBefore(day, staleAfterDays)).map((item) => ({ ...item, displayTitle: titleView(item) }));
  return { ...(await shared), queue, printedOn: day };
}
