import { eq } from 'drizzle-orm';
import { filteredFacts, statusCountsOver } from '../../server/board/queries';
import { periodEnds } from '../../server/board/view-model';
import { longRead } from '../../server/db/reader';
import { sources, statusHistory, users } from '../../server/db/schema';
import type { Filters } from '../../server/filters/schema';
import { createRecommendation, updateStatus } from '../../server/recommendations/service';
import { generateSynthetic } from '../../scripts/synthetic/generate';
import { createTestContext, type TestContext } from '../helpers';

/**
 * The board's status over time, rebuilt in one walk, checked against the
 * plain definition asked of SQLite day by day: the status of each
 * recommendation's latest change by the end of the day (the last recorded of
 * a day's changes), or "not yet assessed", counted from its publication (the
 * last day of a partial date) or its first change if that took effect
 * earlier; never from its creation in the tracker.
 */

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
  await generateSynthetic(ctx.db, { recommendations: 600, notesPer: 1 });
  // Partial publication dates (a year, a month), and a recommendation created today in a tracker whose source is old.
  ctx.sqlite.prepare("UPDATE sources SET published_on = substr(published_on, 1, 4) WHERE id % 3 = 0").run();
  ctx.sqlite.prepare("UPDATE sources SET published_on = substr(published_on, 1, 7) WHERE id % 3 = 1").run();
  // Two changes on one day: the one recorded last is the status at its end.
  const first = ctx.db.select().from(statusHistory).where(eq(statusHistory.recommendationId, 1)).all().at(-1)!;
  ctx.tx.insert(statusHistory).values({ ...first, id: undefined, fromStatus: first.toStatus, toStatus: 'stalled' }).run();
});
afterAll(() => ctx.close());

/** The last day of the source's publication date, which may be a year ("2024") or a month ("2024-02"). */
const PUBLISHED_END = `(CASE length(s.published_on) WHEN 4 THEN s.published_on || '-12-31'
  WHEN 7 THEN date(s.published_on || '-01', '+1 month', '-1 day') ELSE s.published_on END)`;

function countsByDefinition(filtersSql: string, end: string): Record<string, number> {
  const rows = ctx.sqlite
    .prepare(
      `SELECT coalesce((SELECT h.to_status FROM status_history h WHERE h.recommendation_id = r.id AND h.effective_on <= ?
                        ORDER BY h.effective_on DESC, h.id DESC LIMIT 1), 'not_assessed') AS at_end, count(*) AS n
         FROM recommendations r JOIN sources s ON s.id = r.source_id
        WHERE min(${PUBLISHED_END}, coalesce((SELECT min(h.effective_on) FROM status_history h WHERE h.recommendation_id = r.id), ${PUBLISHED_END})) <= ?
          AND ${filtersSql}
        GROUP BY at_end`,
    )
    .all(end, end) as { at_end: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.at_end, r.n]));
}

test.each<[string, Filters, string]>([
  ['every recommendation', {}, '1'],
  ['one status today', { status: 'in_progress' }, "r.status = 'in_progress'"],
  ['priority ones', { priority: 'yes' }, 'r.priority = 1'],
])('When status over time is rebuilt for %s, then each month end matches the day-by-day definition', async (_name, filters, filtersSql) => {
  const ends = [...periodEnds('month', '2026-12-02', 12), ...periodEnds('quarter', '2026-12-02', 8)].map((p) => p.end).sort();
  const counts = await longRead(ctx.db, async (reader) => statusCountsOver(await filteredFacts(reader, filters), ends));
  ends.forEach((end, i) => {
    expect({ end, counts: Object.fromEntries(counts[i]!) }).toEqual({ end, counts: countsByDefinition(filtersSql, end) });
  });
});

test('When a brief published in November 2026 is recorded, then status over time counts its recommendations from the end of November, or from an earlier first change', async () => {
  const author = ctx.db.select({ id: users.id }).from(users).get()!.id;
  const source = ctx.tx.insert(sources).values({ title: 'A late brief', authors: 'A. Author', publisher: 'Think Tank', publishedOn: '2026-11', kind: 'report', language: 'en' }).returning({ id: sources.id }).get().id;
  const make = (title: string) => {
    const made = createRecommendation(ctx.tx, { sourceId: source, reference: title, shortTitle: title, fullText: title, supportingBodyIds: [], themes: [], priority: false, confidence: 'likely' }, author);
    if (!made.ok) throw new Error('not created');
    return made.id;
  };
  make('Late, never assessed');
  const early = make('Late, but in progress since June');
  expect(updateStatus(ctx.tx, early, { status: 'in_progress', effectiveOn: '2026-06-15', rationale: 'Already under way' }, author).ok).toBe(true);
  const filters: Filters = { source };
  const ends = ['2026-06-14', '2026-06-30', '2026-10-31', '2026-11-29', '2026-11-30'];
  const counts = await longRead(ctx.db, async (reader) => statusCountsOver(await filteredFacts(reader, filters), ends));
  expect(counts.map((c) => Object.fromEntries(c))).toEqual([{}, { in_progress: 1 }, { in_progress: 1 }, { in_progress: 1 }, { in_progress: 1, not_assessed: 1 }]);
});
