import { eq } from 'drizzle-orm';
import { filteredFacts, filteredFigures, keptOverdue, myQueue } from '../../server/board/queries';
import { recommendations } from '../../server/db/schema';
import { isOverdue } from '../../server/domain/overdue';
import { STATUS_KEYS, type StatusKey } from '../../server/domain/vocabulary';
import { filterConditions } from '../../server/filters/conditions';
import { daysBefore, today } from '../../server/lib/dates';
import { findListRow } from '../../server/recommendations/queries';
import { listRowViewModel } from '../../server/recommendations/view-models';
import { columnsFor, recordOf } from '../../server/reports/progress-records';
import { statusCounts } from '../../server/reports/preview-queries';
import { conditions, openProgressRows } from '../../server/reports/queries';
import { generateSynthetic } from '../../scripts/synthetic/generate';
import { createTestContext, type TestContext } from '../helpers';

/**
 * "Overdue" means one thing wherever it is shown: the list's flag and filter,
 * the board's figure (counted and kept) and an editor's queue, the report's
 * column, filter and preview figure. A constructed dataset puts target dates
 * on and around the day, in every status; every place must find exactly the
 * recommendations that the rule (server/domain/overdue.ts) names.
 */

let ctx: TestContext;
const day = today();

beforeAll(async () => {
  ctx = await createTestContext();
  await generateSynthetic(ctx.db, { recommendations: 180, notesPer: 0 });
  // Every status meets every kind of target date: none, long past, yesterday, the day itself, tomorrow.
  const targets = [null, '2001-01-01', daysBefore(day, 1), day, daysBefore(day, -1)];
  const ids = ctx.db.select({ id: recommendations.id }).from(recommendations).orderBy(recommendations.id).all();
  const set = ctx.sqlite.prepare('UPDATE recommendations SET target_date = ? WHERE id = ?');
  ids.forEach(({ id }, i) => set.run(targets[Math.floor(i / STATUS_KEYS.length) % targets.length] ?? null, id));
}, 60_000);
afterAll(() => ctx.close());

function expected(): number[] {
  return ctx.db
    .select({ id: recommendations.id, targetDate: recommendations.targetDate, status: recommendations.status, ownerId: recommendations.ownerId })
    .from(recommendations)
    .all()
    .filter((r) => isOverdue(day, r.targetDate, r.status as StatusKey))
    .map((r) => r.id)
    .sort((a, b) => a - b);
}

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

test('the dataset has overdue and not overdue recommendations in every status', () => {
  const rows = ctx.db.select({ status: recommendations.status, targetDate: recommendations.targetDate }).from(recommendations).all();
  const overdueStatuses = new Set(rows.filter((r) => isOverdue(day, r.targetDate, r.status as StatusKey)).map((r) => r.status));
  expect(expected().length).toBeGreaterThan(10);
  expect(expected().length).toBeLessThan(rows.length - 10);
  expect(overdueStatuses.has('implemented')).toBe(false);
  expect(rows.some((r) => r.status === 'implemented' && r.targetDate === '2001-01-01')).toBe(true);
  expect(rows.some((r) => r.targetDate === day && (r.status as string) === 'in_progress')).toBe(true);
});

test('the list filter and the list rows flag exactly the overdue recommendations', () => {
  const filtered = ctx.db.select({ id: recommendations.id }).from(recommendations).where(filterConditions({ overdue: 'yes' })).all();
  expect(sorted(filtered.map((r) => r.id))).toEqual(expected());
  const ids = ctx.db.select({ id: recommendations.id }).from(recommendations).all().map((r) => r.id);
  const flagged = ids.filter((id) => listRowViewModel(findListRow(ctx.db, id)!, day, '').overdue);
  expect(sorted(flagged)).toEqual(expected());
});

test("the board's figure, counted and kept, is the number of overdue recommendations; a queue holds its owner's", async () => {
  const facts = await filteredFacts({ db: ctx.db, pause: () => Promise.resolve() }, {});
  expect(filteredFigures(facts, day, '1900-01-01', day).headline().overdue).toBe(expected().length);
  expect(keptOverdue(ctx.db, day)).toBe(expected().length);
  const owner = ctx.db.select({ ownerId: recommendations.ownerId }).from(recommendations).where(eq(recommendations.id, expected()[0]!)).get()!.ownerId!;
  const owned = ctx.db.select({ id: recommendations.id }).from(recommendations).where(eq(recommendations.ownerId, owner)).all().map((r) => r.id);
  const queued = myQueue(ctx.db, owner, '1900-01-01').filter((item) => item.overdue);
  expect(sorted(queued.map((item) => item.id))).toEqual(expected().filter((id) => owned.includes(id)));
});

test("the report's column, its overdue filter on the day and its preview figure name the same recommendations", () => {
  const q = { filters: {}, until: day };
  const columns = columnsFor(q).map((c) => c.key);
  const rows = openProgressRows(ctx.db, q);
  const inColumn: number[] = [];
  try {
    for (const row of rows.rows) {
      const record = recordOf(row, rows.at, q, '', day);
      if (record[columns.indexOf('overdue')] === 'yes') inColumn.push(Number(record[columns.indexOf('id')]));
    }
  } finally {
    rows.close();
  }
  expect(sorted(inColumn)).toEqual(expected());
  const preview = statusCounts(ctx.db, { filters: {} }, day).reduce((sum, c) => sum + c.overdue, 0);
  expect(preview).toBe(expected().length);
  for (const asOf of [undefined, day]) {
    const filtered = ctx.db.select({ id: recommendations.id }).from(recommendations).where(conditions({ filters: { overdue: 'yes' }, asOf })).all();
    expect(sorted(filtered.map((r) => r.id))).toEqual(expected());
  }
});
