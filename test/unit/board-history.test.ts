import { eq } from 'drizzle-orm';
import { statusCountsOver } from '../../server/board/queries';
import { periodEnds } from '../../server/board/view-model';
import { longRead } from '../../server/db/reader';
import { statusHistory } from '../../server/db/schema';
import type { Filters } from '../../server/recommendations/filters';
import { generateSynthetic } from '../../scripts/synthetic/generate';
import { createTestContext, type TestContext } from '../helpers';

/**
 * The board's status over time, rebuilt in one walk, checked against the
 * plain definition asked of SQLite day by day: the status of each
 * recommendation's latest change by the end of the day (the last recorded of
 * a day's changes), or "not yet assessed", counted from its publication.
 */

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
  await generateSynthetic(ctx.db, { recommendations: 600, notesPer: 1 });
  // Two changes on one day: the one recorded last is the status at its end.
  const first = ctx.db.select().from(statusHistory).where(eq(statusHistory.recommendationId, 1)).all().at(-1)!;
  ctx.db.insert(statusHistory).values({ ...first, id: undefined, fromStatus: first.toStatus, toStatus: 'stalled' }).run();
});
afterAll(() => ctx.close());

function countsByDefinition(filtersSql: string, end: string): Record<string, number> {
  const rows = ctx.db.$client
    .prepare(
      `SELECT coalesce((SELECT h.to_status FROM status_history h WHERE h.recommendation_id = r.id AND h.effective_on <= ?
                        ORDER BY h.effective_on DESC, h.id DESC LIMIT 1), 'not_assessed') AS at_end, count(*) AS n
         FROM recommendations r JOIN sources s ON s.id = r.source_id
        WHERE min(s.published_on, substr(r.created_at, 1, 10)) <= ? AND ${filtersSql}
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
  const counts = await longRead(ctx.db, (reader) => statusCountsOver(reader, filters, ends));
  ends.forEach((end, i) => {
    expect({ end, counts: Object.fromEntries(counts[i]!) }).toEqual({ end, counts: countsByDefinition(filtersSql, end) });
  });
});
