import { and, eq } from 'drizzle-orm';
import { filteredFacts, filteredFigures, latestChanges, matrixCounts, statusCountsOver, type Grouping, type MatrixCount } from '../../server/board/queries';
import { recommendations, users } from '../../server/db/schema';
import { OPEN_STATUS_KEYS, STATUS_KEYS, type StatusKey } from '../../server/domain/vocabulary';
import { daysBefore, today } from '../../server/lib/dates';
import type { Filters } from '../../server/filters/schema';
import { filterConditions } from '../../server/filters/conditions';
import { updateStatus } from '../../server/recommendations/service';
import { generateSynthetic } from '../../scripts/synthetic/generate';
import { createTestContext, type TestContext } from '../helpers';

/**
 * A filtered board is read from the filters' indexes (only the recommendations
 * filtered, then their changes); its figures must be those computed from
 * scratch, in plain SQL and one recommendation and day at a time, over the
 * same recommendations.
 */

let ctx: TestContext;
let seed = 7;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

const all = <T>(query: string, ...params: unknown[]) => ctx.sqlite.prepare(query).all(...params) as T[];
const one = <T>(query: string, ...params: unknown[]) => ctx.sqlite.prepare(query).get(...params) as T;

beforeAll(async () => {
  ctx = await createTestContext();
  await generateSynthetic(ctx.db, { recommendations: 400, notesPer: 2 });
  // Changes on the same day as others, back-dated, and on records with none: the walk's ties and its first days.
  const editorId = ctx.db.select({ id: users.id }).from(users).get()!.id;
  const ids = all<{ id: number }>('SELECT id FROM recommendations').map((r) => r.id);
  for (let i = 0; i < 150; i++) {
    const id = ids[Math.floor(random() * ids.length)]!;
    const rec = one<{ status: StatusKey; status_since: string | null; version: number }>('SELECT status, status_since, version FROM recommendations WHERE id = ?', id);
    const status = STATUS_KEYS.filter((s) => s !== rec.status)[Math.floor(random() * (STATUS_KEYS.length - 1))]!;
    updateStatus(ctx.tx, id, { status, effectiveOn: random() < 0.5 ? (rec.status_since ?? today()) : today(), rationale: 'Test', expectedVersion: rec.version }, editorId);
  }
  ctx.sqlite.prepare('UPDATE recommendations SET priority = 1 WHERE id % 5 = 0').run();
  ctx.sqlite.prepare("UPDATE recommendations SET kind = 'commitment' WHERE id % 7 = 0").run();
}, 60_000);
afterAll(() => ctx.close());

/** The filtered recommendations, in plain SQL where the filter is plain; the search through the list's own condition. */
function filteredIds(filters: Filters): number[] {
  const [key, value] = Object.entries(filters)[0]!;
  const plain: Record<string, string> = {
    status: 'SELECT id FROM recommendations WHERE status = ?',
    priority: 'SELECT id FROM recommendations WHERE priority = (? = \'yes\')',
    mechanism: 'SELECT id FROM recommendations WHERE mechanism_id = ?',
    source: 'SELECT id FROM recommendations WHERE source_id = ?',
    owner: 'SELECT id FROM recommendations WHERE owner_id = ?',
    record_kind: 'SELECT id FROM recommendations WHERE kind = ?',
    body: 'SELECT DISTINCT recommendation_id id FROM recommendation_bodies WHERE body_id = ?',
    theme: 'SELECT recommendation_id id FROM recommendation_themes WHERE theme_id = ?',
  };
  if (plain[key]) return all<{ id: number }>(plain[key]!, value).map((r) => r.id);
  return ctx.db.select({ id: recommendations.id }).from(recommendations).where(and(filterConditions(filters), eq(recommendations.id, recommendations.id))).all().map((r) => r.id);
}

function fromScratch(ids: number[], days: string[], movedSince: string, staleCutoff: string) {
  const inSet = `r.id IN (SELECT value FROM json_each('${JSON.stringify(ids)}'))`;
  const open = OPEN_STATUS_KEYS.map((s) => `'${s}'`).join(',');
  const lastEvent = `max(coalesce(last_verified_on, ''), coalesce((SELECT max(observed_on) FROM evidence_notes n WHERE n.recommendation_id = r.id), ''), coalesce(status_since, ''))`;
  const published = `CASE length(s.published_on) WHEN 4 THEN s.published_on || '-12-31' WHEN 7 THEN date(s.published_on || '-01', '+1 month', '-1 day') ELSE s.published_on END`;
  const count = (condition: string, ...params: unknown[]) => one<{ n: number }>(`SELECT count(*) n FROM recommendations r WHERE ${inSet} AND ${condition}`, ...params).n;
  const byGroup = (group: Grouping) =>
    all<{ g: number | null; s: StatusKey; n: number }>(
      group === 'body'
        ? `SELECT l.body_id g, r.status s, count(*) n FROM recommendations r LEFT JOIN recommendation_bodies l ON l.recommendation_id = r.id WHERE ${inSet} GROUP BY 1, 2`
        : `SELECT ${group}_id g, status s, count(*) n FROM recommendations r WHERE ${inSet} GROUP BY 1, 2`,
    );
  return {
    totals: Object.fromEntries(all<{ s: string; n: number }>(`SELECT status s, count(*) n FROM recommendations r WHERE ${inSet} GROUP BY 1`).map((r) => [r.s, r.n])),
    matrix: Object.fromEntries((['mechanism', 'body', 'source'] as const).map((g) => [g, byGroup(g)])),
    uptake: all<{ sourceId: number; uptake: string; n: number }>(`SELECT source_id sourceId, uptake, count(*) n FROM recommendations r WHERE ${inSet} GROUP BY 1, 2`),
    headline: {
      total: ids.length,
      implemented: count("status = 'implemented'"),
      partially: count("status = 'partially_implemented'"),
      stalled: count("status = 'stalled'"),
      moved: count('EXISTS (SELECT 1 FROM status_history h WHERE h.recommendation_id = r.id AND h.effective_on >= ?)', movedSince),
      overdue: count(`target_date < ? AND status IN (${open})`, today()),
      stale: count(`${lastEvent} < ? AND status IN (${open})`, staleCutoff),
    },
    // Each recommendation's status at the end of each day, asked one day at a time: its last change by then, or not yet assessed once published.
    history: days.map((day) =>
      Object.fromEntries(
        all<{ s: string; n: number }>(
          `SELECT coalesce((SELECT to_status FROM status_history h WHERE h.recommendation_id = r.id AND h.effective_on <= @day ORDER BY effective_on DESC, id DESC LIMIT 1), 'not_assessed') s, count(*) n
             FROM recommendations r JOIN sources s ON s.id = r.source_id
            WHERE ${inSet} AND (${published} <= @day OR EXISTS (SELECT 1 FROM status_history h WHERE h.recommendation_id = r.id AND h.effective_on <= @day))
            GROUP BY 1`,
          { day },
        ).map((r) => [r.s, r.n]),
      ),
    ),
  };
}

const FILTERS: Filters[] = [
  { status: 'stalled' },
  { status: 'in_progress' },
  { priority: 'yes' },
  { priority: 'no' },
  { mechanism: 3 },
  { body: 5 },
  { source: 7 },
  { theme: 2 },
  { owner: 2 },
  { record_kind: 'commitment' },
  { q: 'cooperation' },
] as Filters[];

test.each(FILTERS.map((f) => [JSON.stringify(f), f] as const))('When the board is filtered by %s, then every figure equals the same figure computed from scratch over the filtered recommendations', async (_name, filters) => {
  const day = today();
  const days = [day, '2012-12-31', '2016-02-29', '2019-06-30', '2022-01-31', '2024-11-30', daysBefore(day, 40)].sort();
  const movedSince = daysBefore(day, 90);
  const staleCutoff = daysBefore(day, 60);
  const ids = filteredIds(filters);
  expect(ids.length).toBeGreaterThan(0);
  const expected = fromScratch(ids, days, movedSince, staleCutoff);
  const sortCells = (rows: MatrixCount[]) =>
    rows.map((r) => ({ g: r.groupId, s: r.status, n: r.n })).sort((a, b) => Number(a.g ?? 0) - Number(b.g ?? 0) || (a.s < b.s ? -1 : 1));
  const facts = await filteredFacts({ db: ctx.db, pause: () => Promise.resolve() }, filters);
  expect(statusCountsOver(facts, days).map((counts) => Object.fromEntries(counts))).toEqual(expected.history);
  const figures = filteredFigures(facts, movedSince, staleCutoff, day);
  expect(Object.fromEntries(figures.statusTotals())).toEqual(expected.totals);
  expect(figures.headline()).toEqual(expected.headline);
  const byKey = <T extends { sourceId: number; uptake: string }>(rows: T[]) => [...rows].sort((a, b) => a.sourceId - b.sourceId || (a.uptake < b.uptake ? -1 : 1));
  expect(byKey(figures.uptake())).toEqual(byKey(expected.uptake));
  for (const group of ['mechanism', 'source'] as const) {
    expect(sortCells(figures.matrix(group))).toEqual(sortCells(expected.matrix[group]!.map((r) => ({ groupId: r.g, status: r.s, n: r.n }))));
  }
  // The newest changes, whether enough of them are recent (looked for among the recent first) or not.
  const newest = all<{ recommendationId: number; toStatus: StatusKey; effectiveOn: string }>(
    `SELECT recommendation_id recommendationId, to_status toStatus, effective_on effectiveOn FROM status_history
      WHERE recommendation_id IN (SELECT value FROM json_each(?)) ORDER BY effective_on DESC, id DESC LIMIT 5`,
    JSON.stringify(ids),
  );
  for (const recentSince of [movedSince, day, '2999-01-01']) {
    expect(latestChanges(ctx.db, filters, 5, recentSince).map(({ recommendationId, toStatus, effectiveOn }) => ({ recommendationId, toStatus, effectiveOn }))).toEqual(newest);
  }
  // CASE: filtered to one body, the body matrix keeps only that body's row.
  const bodyRows = expected.matrix.body!.filter((r) => filters.body === undefined || r.g === filters.body);
  expect(sortCells(matrixCounts(ctx.db, filters, 'body'))).toEqual(sortCells(bodyRows.map((r) => ({ groupId: r.g, status: r.s, n: r.n }))));
});
