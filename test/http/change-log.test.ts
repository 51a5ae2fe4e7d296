import { eq } from 'drizzle-orm';
import { recommendationChanges, recommendations } from '../../server/db/schema';
import { createTestContext, esc, signInAs, type TestContext } from '../helpers';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
});
afterAll(() => ctx.close());

/** The edit form as a browser would send it, from the page itself. */
async function editForm(agent: Awaited<ReturnType<typeof signInAs>>['agent'], id: number): Promise<Record<string, string | string[]>> {
  const page = (await agent.get(`/recommendations/${id}/edit`)).text;
  // The form of the page's main region (the header holds the language switcher's form).
  const html = page.slice(page.indexOf('<main'));
  const fields: Record<string, string | string[]> = {};
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) {
    if (!m[0].includes('type="checkbox"')) fields[m[1]!] = m[2]!;
  }
  // A checkbox list sends the value of each ticked box.
  for (const m of html.matchAll(/<input type="checkbox"[^>]*name="([^"]+)" value="([^"]*)" checked>/g)) {
    fields[m[1]!] = [...((fields[m[1]!] as string[] | undefined) ?? []), m[2]!.replace(/&amp;/g, '&')];
  }
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) fields[m[1]!] = m[2]!.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  for (const m of html.matchAll(/<select[^>]*name="([^"]+)"([^>]*)>([\s\S]*?)<\/select>/g)) {
    const chosen = [...m[3]!.matchAll(/<option value="([^"]*)" selected/g)].map((o) => o[1]!);
    fields[m[1]!] = m[2]!.includes('multiple') ? chosen : (chosen[0] ?? '');
  }
  if (/name="priority"[^>]*checked/.test(html)) fields.priority = 'on';
  else delete fields.priority;
  return fields;
}

const changes = (id: number) => ctx.db.select().from(recommendationChanges).where(eq(recommendationChanges.recommendationId, id)).all();

describe('Change log', () => {
  test('When an editor changes fields, then each change is logged with who, when, old and new value, and shown on the page', async () => {
    const { agent, user } = await signInAs(ctx, 'editor');
    const rec = ctx.db.select().from(recommendations).where(eq(recommendations.reference, '5.4')).get()!;
    const form = await editForm(agent, rec.id);
    const res = await agent.post(`/recommendations/${rec.id}`).type('form').send({ ...form, short_title: 'NEAR commission, renamed', confidence: 'likely' });
    expect(res.status).toBe(303);
    const logged = changes(rec.id);
    expect(logged.map((c) => c.field).sort()).toEqual(['confidence', 'short_title']);
    expect(logged.find((c) => c.field === 'short_title')).toMatchObject({ oldValue: rec.shortTitle, newValue: 'NEAR commission, renamed', changedBy: user.id });
    const page = (await agent.get(`/recommendations/${rec.id}`)).text;
    expect(page).toContain(esc(rec.shortTitle));
    expect(page).toContain(`Edited by ${esc(user.name)}`);
  });

  test('When a target date moves without a reason, then 422 asks for one and nothing changes; with a reason it is logged', async () => {
    const { agent } = await signInAs(ctx, 'editor');
    const rec = ctx.db.select().from(recommendations).all().find((r) => r.targetDate !== null)!;
    const before = changes(rec.id).length;
    const form = await editForm(agent, rec.id);
    const refused = await agent.post(`/recommendations/${rec.id}`).type('form').send({ ...form, target_date: '2030-06-30' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Say why the target date changes');
    expect(ctx.db.select().from(recommendations).where(eq(recommendations.id, rec.id)).get()!.targetDate).toBe(rec.targetDate);
    expect(changes(rec.id)).toHaveLength(before);

    const accepted = await agent.post(`/recommendations/${rec.id}`).type('form').send({ ...form, target_date: '2030-06-30', change_reason: 'The programme was extended' });
    expect(accepted.status).toBe(303);
    expect(changes(rec.id).at(-1)).toMatchObject({ field: 'target_date', oldValue: rec.targetDate, newValue: '2030-06-30', reason: 'The programme was extended' });
    const page = (await agent.get(`/recommendations/${rec.id}`)).text;
    expect(page).toContain('The programme was extended');
  });

  test('When a form is saved unchanged, then nothing is logged', async () => {
    const { agent } = await signInAs(ctx, 'editor');
    const rec = ctx.db.select().from(recommendations).where(eq(recommendations.reference, '5.1')).get()!;
    const before = changes(rec.id).length;
    const res = await agent.post(`/recommendations/${rec.id}`).type('form').send(await editForm(agent, rec.id));
    expect(res.status).toBe(303);
    expect(changes(rec.id)).toHaveLength(before);
  });
});
