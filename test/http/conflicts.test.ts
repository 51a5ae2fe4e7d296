import { count, eq } from 'drizzle-orm';
import { recommendations, statusHistory } from '../../server/db/schema';
import { createTestContext, csrfFrom, signInAs, type TestContext } from '../helpers';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
});
afterAll(() => ctx.close());

function freshRecommendation() {
  return ctx.db.select().from(recommendations).where(eq(recommendations.status, 'not_assessed')).all().at(-1)!;
}

function formFields(page: string): Record<string, string> {
  // The form of the page's main region (the header holds the language switcher's form).
  const html = page.slice(page.indexOf('<main'));
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields[m[1]!] = m[2]!.replace(/&amp;/g, '&');
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) fields[m[1]!] = m[2]!;
  for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected/.exec(m[2]!);
    if (selected) fields[m[1]!] = selected[1]!;
  }
  delete fields.priority;
  delete fields.supporting_body_ids;
  return fields;
}

describe('Concurrent edits', () => {
  test('When two editors save the same recommendation, then the second gets 409 with the current values beside the draft, and nothing is lost', async () => {
    const rec = freshRecommendation();
    const anna = await signInAs(ctx, 'editor');
    const boris = await signInAs(ctx, 'editor');
    const annaForm = formFields((await anna.agent.get(`/recommendations/${rec.id}/edit`)).text);
    const borisForm = formFields((await boris.agent.get(`/recommendations/${rec.id}/edit`)).text);

    const first = await anna.agent.post(`/recommendations/${rec.id}`).type('form').send({ ...annaForm, short_title: 'Anna’s title' });
    expect(first.status).toBe(303);
    const second = await boris.agent.post(`/recommendations/${rec.id}`).type('form').send({ ...borisForm, short_title: 'Boris’s title' });
    expect(second.status).toBe(409);
    expect(second.text).toContain(`changed by ${anna.user.name}`);
    expect(second.text).toContain('Anna’s title');
    expect(second.text).toContain('value="Boris’s title"');
    expect(ctx.db.select().from(recommendations).where(eq(recommendations.id, rec.id)).get()!.shortTitle).toBe('Anna’s title');

    const retry = await boris.agent.post(`/recommendations/${rec.id}`).type('form').send(formFields(second.text));
    expect(retry.status).toBe(303);
    expect(ctx.db.select().from(recommendations).where(eq(recommendations.id, rec.id)).get()!.shortTitle).toBe('Boris’s title');
  });

  test('When a status form is stale, then htmx gets a 409 fragment in place of the form and the status is unchanged', async () => {
    const rec = freshRecommendation();
    const { agent, csrf } = await signInAs(ctx, 'editor');
    const stale = { _csrf: csrf, version: String(rec.version), status: 'stalled', effective_on: '2025-05-05', rationale: 'r', evidence_kind: 'news', evidence_language: 'en' };
    await agent.post(`/recommendations/${rec.id}/notes`).type('form').send({ _csrf: csrf, observed_on: '2025-05-01', text: 'A note bumps the version', source_kind: 'news', language: 'en' });
    const res = await agent.post(`/recommendations/${rec.id}/status`).set('HX-Request', 'true').type('form').send(stale);
    expect(res.status).toBe(409);
    expect(res.headers['hx-retarget']).toBe(`#status-form-${rec.id}`);
    expect(res.text).not.toContain('<html');
    expect(res.text).toContain('since you opened it');
    expect(ctx.db.select().from(recommendations).where(eq(recommendations.id, rec.id)).get()!.status).toBe('not_assessed');
  });

  test('When fifty saves carry the same version at once, then exactly one succeeds and one history row is written', async () => {
    const rec = freshRecommendation();
    const { agent } = await signInAs(ctx, 'editor');
    const csrf = csrfFrom((await agent.get(`/recommendations/${rec.id}`)).text);
    const historyBefore = ctx.db.select({ n: count() }).from(statusHistory).where(eq(statusHistory.recommendationId, rec.id)).get()!.n;
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        agent
          .post(`/recommendations/${rec.id}/status`)
          .type('form')
          .send({ _csrf: csrf, version: String(rec.version), status: i % 2 ? 'in_progress' : 'stalled', effective_on: '2025-06-01', rationale: `save ${i}`, evidence_kind: 'news', evidence_language: 'en' }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(ctx.db.select({ n: count() }).from(statusHistory).where(eq(statusHistory.recommendationId, rec.id)).get()!.n).toBe(historyBefore + 1);
  });
});
