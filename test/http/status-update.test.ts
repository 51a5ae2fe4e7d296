import { eq } from 'drizzle-orm';
import { evidenceNotes, recommendations, statusHistory } from '../../server/db/schema';
import { createTestContext, signInAs, type TestContext } from '../helpers';

let ctx: TestContext;
let nearId: number;

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  const near = ctx.db.select().from(recommendations).all().find((r) => r.shortTitle.includes('NEAR'));
  if (!near) throw new Error('seed has no NEAR recommendation');
  nearId = near.id;
});
afterAll(() => ctx.close());

const counts = (id: number) => ({
  history: ctx.db.select().from(statusHistory).where(eq(statusHistory.recommendationId, id)).all().length,
  notes: ctx.db.select().from(evidenceNotes).where(eq(evidenceNotes.recommendationId, id)).all().length,
});

describe('Status update', () => {
  test('When an editor marks the NEAR commission in progress with evidence, then status, history row and note are written together', async () => {
    const { agent, csrf, user } = await signInAs(ctx, 'editor');
    const res = await agent.post(`/recommendations/${nearId}/status`).type('form').send({
      _csrf: csrf,
      status: 'in_progress',
      effective_on: '2025-03-01',
      rationale: 'NEAR secretariat announced a working group',
      evidence_text: 'Working group on cross-border cooperation set up',
      evidence_url: 'https://example.org/near-news',
      evidence_title: 'NEAR news',
      evidence_kind: 'news',
      evidence_language: 'en',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/recommendations/${nearId}`);
    const rec = ctx.db.select().from(recommendations).where(eq(recommendations.id, nearId)).get()!;
    expect(rec.status).toBe('in_progress');
    expect(rec.statusSince).toBe('2025-03-01');
    const history = ctx.db.select().from(statusHistory).where(eq(statusHistory.recommendationId, nearId)).all();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ fromStatus: 'not_assessed', toStatus: 'in_progress', recordedBy: user.id });
    expect(history[0]!.evidenceNoteId).not.toBeNull();
    const page = await agent.get(`/recommendations/${nearId}`);
    expect(page.text).toContain('NEAR secretariat announced a working group');
    expect(page.text).toContain('https://example.org/near-news');
    const list = await agent.get('/recommendations?status=in_progress');
    expect(list.text).toContain(rec.shortTitle);
  });

  test('When the rationale is missing, then 422 shows the message beside the field and nothing is written', async () => {
    const { agent, csrf } = await signInAs(ctx, 'editor');
    const before = counts(nearId);
    const res = await agent.post(`/recommendations/${nearId}/status`).type('form').send({
      _csrf: csrf,
      status: 'implemented',
      effective_on: '2025-04-01',
      rationale: '',
      evidence_kind: 'news',
      evidence_language: 'en',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('This field is required.');
    expect(counts(nearId)).toEqual(before);
  });
});
