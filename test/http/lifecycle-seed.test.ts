import { eq } from 'drizzle-orm';
import { LIFECYCLE_SEED, runLifecycleSeed } from '../../server/db/lifecycle-seed';
import { dataMigrations, mechanismLifecycleChanges, mechanisms } from '../../server/db/schema';
import { createTestContext, type TestContext } from '../helpers';

/** Issue 21's data migration: a database seeded before mechanisms had a lifecycle gets the Council's founding. */

let ctx: TestContext;
const COUNCIL = 'Cooperation Council of the Regions of the Russian Far East and the Northeast of the People’s Republic of China';
const council = () => ctx.db.select().from(mechanisms).where(eq(mechanisms.name, COUNCIL)).get()!;
const historyOf = (id: number) => ctx.db.select().from(mechanismLifecycleChanges).where(eq(mechanismLifecycleChanges.mechanismId, id)).all();

/** The database as the seed left it before issue 21: no lifecycle history, the year typed in. */
function asBeforeIssue21(lifecycle: 'established' | 'active' = 'established') {
  ctx.tx.delete(mechanismLifecycleChanges).run();
  ctx.tx.delete(dataMigrations).where(eq(dataMigrations.name, LIFECYCLE_SEED)).run();
  ctx.tx.update(mechanisms).set({ lifecycle, yearEstablished: 2015 }).where(eq(mechanisms.name, COUNCIL)).run();
}

beforeEach(async () => {
  ctx = await createTestContext({ seed: true });
});
afterEach(() => ctx.close());

test('When a database seeded before issue 21 starts, then the Council gets its founding as its first lifecycle entry, once', async () => {
  asBeforeIssue21();
  const line = await runLifecycleSeed(ctx.db);
  expect(line).toMatch(/lifecycle history added to 1 \(“Cooperation Council/);
  expect(historyOf(council().id)).toEqual([expect.objectContaining({ stage: 'established', effectiveOn: '2015' })]);
  expect(council()).toMatchObject({ lifecycle: 'established', yearEstablished: 2015 });
  expect(ctx.db.select().from(dataMigrations).where(eq(dataMigrations.name, LIFECYCLE_SEED)).get()?.outcome).toBe(line);
  expect(await runLifecycleSeed(ctx.db)).toBeUndefined();
  expect(historyOf(council().id)).toHaveLength(1);
});

test('When an analyst changed the Council’s stage since the seed, then it is left as it is and named in the outcome', async () => {
  asBeforeIssue21('active');
  expect(await runLifecycleSeed(ctx.db)).toMatch(/added to 0 \(none\); left as an analyst changed them 1/);
  expect(historyOf(council().id)).toHaveLength(0);
  expect(council().lifecycle).toBe('active');
});

test('When the database holds no seed data, then the step records that it had nothing to add', async () => {
  ctx.tx.delete(dataMigrations).where(eq(dataMigrations.name, LIFECYCLE_SEED)).run();
  ctx.close();
  ctx = await createTestContext();
  expect(await runLifecycleSeed(ctx.db)).toMatch(/added to 0 \(none\); left as an analyst changed them 0/);
});
