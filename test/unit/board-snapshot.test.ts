import { users } from '../../server/db/schema';
import { boardViewModel, type BoardQuery } from '../../server/board/view-model';
import { today } from '../../server/lib/dates';
import { updateStatus } from '../../server/recommendations/service';
import { generateSynthetic } from '../../scripts/synthetic/generate';
import { createTestContext, type TestContext } from '../helpers';

/**
 * The board is read in parts that pause for other requests, so a save can
 * commit while one board is part-way through its reading. That board must
 * still add up: every part of it from the data as it was when it began.
 */

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
  await generateSynthetic(ctx.db, { recommendations: 300, notesPer: 1 });
});
afterAll(() => ctx.close());

const query: BoardQuery = { filters: {}, view: 'matrix', group: 'mechanism', movedSince: '2000-01-01', period: 'month', page: 1, hideZeros: false };

test('When a save commits while the board is being read, then that board shows none of it, and the next board shows all of it', async () => {
  const analyst = ctx.db.select({ id: users.id }).from(users).get()!;
  const viewer = { id: analyst.id, role: 'viewer' };
  const target = ctx.sqlite.prepare("SELECT id FROM recommendations WHERE status != 'implemented' AND (status_since IS NULL OR status_since <= ?) LIMIT 1").get(today()) as { id: number };

  const reading = boardViewModel(ctx.db, query, viewer, 180);
  // The reading's first part has run; the rest waits for its next turn. A colleague saves now.
  const saved = updateStatus(ctx.tx, target.id, { status: 'implemented', effectiveOn: today(), rationale: 'Signed by both sides' }, analyst.id);
  expect(saved.ok).toBe(true);
  const during = await reading;
  const after = await boardViewModel(ctx.db, query, viewer, 180);

  const implementedIn = (board: typeof during) => ({
    headline: board.totals.implemented,
    matrix: board.matrix!.columnTotals.find((c) => c.key === 'implemented')!.count,
    today: board.overTime.periods.at(-1)!.cells.find((c) => c.key === 'implemented')!.count,
    latestIsTheSave: board.latest[0]?.rationale === 'Signed by both sides',
  });
  const before = implementedIn(during);
  expect(before.matrix).toBe(before.headline);
  expect(before.today).toBe(before.headline);
  expect(before.latestIsTheSave).toBe(false);
  expect(implementedIn(after)).toEqual({ headline: before.headline + 1, matrix: before.headline + 1, today: before.headline + 1, latestIsTheSave: true });
});
