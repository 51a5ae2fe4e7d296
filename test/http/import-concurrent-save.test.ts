import { eq } from 'drizzle-orm';
import { commit } from '../../server/db/commit';
import { recommendations, sources } from '../../server/db/schema';
import * as plan from '../../server/import/plan';
import { createRecommendation } from '../../server/recommendations/service';
import { createTestContext, signInAs, type TestContext } from '../helpers';

/**
 * A confirmation plans the file on a snapshot, pausing for other requests;
 * a save that lands meanwhile makes it plan again inside its transaction, so
 * the import writes what the database holds at that moment.
 */

jest.mock('../../server/import/plan', () => {
  const actual = jest.requireActual<typeof plan>('../../server/import/plan');
  return { ...actual, planInSlices: jest.fn(actual.planInSlices) };
});
const planInSlices = jest.mocked(plan.planInSlices);
const { planInSlices: actualPlanInSlices } = jest.requireActual<typeof plan>('../../server/import/plan');

let ctx: TestContext;
afterAll(() => ctx?.close());

test('When someone saves the recommendation a file would create while its confirmation is being checked, then the import updates it instead of failing', async () => {
  ctx = await createTestContext({ seed: true });
  const editor = await signInAs(ctx, 'editor');
  const source = ctx.db.select().from(sources).get()!;
  const file = `Source,Reference,Short title,Full text\r\n"${source.title.replace(/"/g, '""')}",RACE-1,Title from the file,Text from the file\r\n`;
  const uploaded = await editor.agent.post('/import/preview').field('_csrf', editor.csrf).attach('file', Buffer.from(file), 'race.csv');
  expect(uploaded.status).toBe(303);
  expect((await editor.agent.get(uploaded.headers.location as string)).text).toContain('<strong>1</strong> to create');

  planInSlices.mockImplementationOnce(async (...args) => {
    const planned = await actualPlanInSlices(...args);
    const saved = await commit(ctx.db, (tx) => createRecommendation(
      tx,
      { sourceId: source.id, reference: 'RACE-1', shortTitle: 'Saved meanwhile', fullText: 'Saved meanwhile', supportingBodyIds: [], themes: [], priority: false, confidence: 'unverified' },
      editor.user.id,
    ));
    expect(saved.ok).toBe(true);
    return planned;
  });
  const confirmed = await editor.agent
    .post('/import/confirm')
    .type('form')
    .send({ _csrf: editor.csrf, import_id: (uploaded.headers.location as string).split('=')[1]! });

  expect(confirmed.status).toBe(303);
  const race = ctx.db.select().from(recommendations).where(eq(recommendations.reference, 'RACE-1')).all();
  expect(race).toEqual([expect.objectContaining({ shortTitle: 'Title from the file', fullText: 'Text from the file', version: 2 })]);
});
