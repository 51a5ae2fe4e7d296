import { eq } from 'drizzle-orm';
import { recommendationChanges, recommendations, sources } from '../../server/db/schema';
import { t, tIn } from '../../server/lib/i18n';
import { createRecommendation } from '../../server/recommendations/service';
import { createTestContext, esc, postForm, signInAs, type Agent, type FormValues, type TestContext } from '../helpers';

/** The record kind on the recommendation forms: chosen, validated, saved, and its edits logged. */

let ctx: TestContext;
let editor: { agent: Agent; csrf: string; user: { id: number; name: string } };
let sourceId: number;

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  editor = await signInAs(ctx, 'editor');
  sourceId = ctx.db.select().from(sources).all()[0]!.id;
});
afterAll(() => ctx.close());

const recById = (id: number) => ctx.db.select().from(recommendations).where(eq(recommendations.id, id)).get()!;
const changesOf = (id: number) => ctx.db.select().from(recommendationChanges).where(eq(recommendationChanges.recommendationId, id)).all();

function kindSelect(html: string): string {
  const match = /<select id="kind" name="kind"[\s\S]*?<\/select>/.exec(html);
  if (!match) throw new Error('no record kind select');
  return match[0];
}
const selectedKind = (html: string) => /<option value="([^"]*)" selected>/.exec(kindSelect(html))?.[1];

const form = (values: FormValues = {}): FormValues => ({
  _csrf: editor.csrf,
  source_id: String(sourceId),
  reference: 'K-1',
  short_title: 'A side’s stated position',
  full_text: 'They will take the necessary measures.',
  confidence: 'likely',
  ...values,
});

function fresh(reference: string): number {
  const result = createRecommendation(
    ctx.tx,
    { sourceId, reference, shortTitle: `Record ${reference}`, fullText: 'Text.', supportingBodyIds: [], themes: [], priority: false, confidence: 'unverified' },
    editor.user.id,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

describe('Record kind on the new-recommendation form', () => {
  test('When an editor opens the form, then a labelled Record kind select offers every kind by its label, Recommendation chosen', async () => {
    const res = await editor.agent.get('/recommendations/new');
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<label for="kind">${t('record_kind.label')} <span class="required">`);
    const select = kindSelect(res.text);
    for (const kind of ['recommendation', 'commitment', 'stated_position', 'reported_activity']) {
      expect(select).toContain(`<option value="${kind}"`);
      expect(select).toContain(`>${esc(t(`record_kind.${kind}`))}</option>`);
    }
    expect(selectedKind(res.text)).toBe('recommendation');
    expect(select).toContain('aria-describedby="kind-hint"');
  });

  test('When the form is in Russian, then the kinds are named in Russian', async () => {
    const res = await editor.agent.get('/recommendations/new').set('Accept-Language', 'ru');
    expect(res.text).toContain(`${tIn('ru', 'record_kind.label')} <span class="required">`);
    expect(kindSelect(res.text)).toContain(`>${tIn('ru', 'record_kind.stated_position')}</option>`);
  });

  test('When a stated position is created, then 303 and the record is saved as one, and its page says so', async () => {
    const res = await postForm(editor.agent, '/recommendations', form({ reference: 'K-CREATE', kind: 'stated_position' }));
    expect(res.status).toBe(303);
    const row = ctx.db.select().from(recommendations).where(eq(recommendations.reference, 'K-CREATE')).get()!;
    expect(row.kind).toBe('stated_position');
    const page = await editor.agent.get(`/recommendations/${row.id}`);
    expect(page.text).toContain(`<strong class="record-kind">${t('record_kind.stated_position')}</strong>`);
  });

  test('When the form is sent without a kind, then the record is a recommendation', async () => {
    const res = await postForm(editor.agent, '/recommendations', form({ reference: 'K-DEFAULT' }));
    expect(res.status).toBe(303);
    expect(ctx.db.select().from(recommendations).where(eq(recommendations.reference, 'K-DEFAULT')).get()!.kind).toBe('recommendation');
  });

  test('When the kind is not one of the kinds, then 422 says so beside the field and in the summary under its label, and nothing is written', async () => {
    const res = await postForm(editor.agent, '/recommendations', form({ reference: 'K-BAD', kind: 'proposal' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain(`<p class="field-error" id="kind-error">${esc(t('validation.invalid_choice'))}</p>`);
    expect(kindSelect(res.text)).toContain('aria-invalid="true" aria-describedby="kind-error"');
    expect(res.text).toContain(`<a href="#kind">${esc(t('forms.labelled', { label: t('record_kind.label'), value: t('validation.invalid_choice') }))}</a>`);
    expect(ctx.db.select().from(recommendations).where(eq(recommendations.reference, 'K-BAD')).get()).toBeUndefined();
  });
});

describe('Record kind on the edit form', () => {
  test('When an editor opens the edit form, then the record’s own kind is chosen', async () => {
    const id = fresh('K-OPEN');
    ctx.tx.update(recommendations).set({ kind: 'commitment' }).where(eq(recommendations.id, id)).run();
    const res = await editor.agent.get(`/recommendations/${id}/edit`);
    expect(selectedKind(res.text)).toBe('commitment');
  });

  test('When the kind is changed, then it is saved, logged with who and why, and the timeline names the field and both kinds in the reader’s language', async () => {
    const id = fresh('K-EDIT');
    const before = recById(id);
    const res = await postForm(editor.agent, `/recommendations/${id}`, form({ reference: 'K-EDIT', short_title: before.shortTitle, full_text: before.fullText, confidence: before.confidence, version: String(before.version), kind: 'reported_activity', change_reason: 'The speaker reports work under way' }));
    expect(res.status).toBe(303);
    expect(recById(id)).toMatchObject({ kind: 'reported_activity', version: before.version + 1 });
    expect(changesOf(id).map((c) => ({ field: c.field, oldValue: c.oldValue, newValue: c.newValue, reason: c.reason, changedBy: c.changedBy }))).toContainEqual({
      field: 'kind',
      oldValue: 'recommendation',
      newValue: 'reported_activity',
      reason: 'The speaker reports work under way',
      changedBy: editor.user.id,
    });
    const page = (await editor.agent.get(`/recommendations/${id}`)).text;
    expect(page).toContain(`<span class="label">${t('record_kind.label')}:</span> <del>${t('record_kind.recommendation')}</del> → <ins>${t('record_kind.reported_activity')}</ins>`);
    const russian = (await editor.agent.get(`/recommendations/${id}`).set('Accept-Language', 'ru')).text;
    expect(russian).toContain(`<del>${tIn('ru', 'record_kind.recommendation')}</del> → <ins>${tIn('ru', 'record_kind.reported_activity')}</ins>`);
  });

  test('When an edit leaves the kind out, then the record keeps its kind and nothing about it is logged', async () => {
    const id = fresh('K-KEEP');
    ctx.tx.update(recommendations).set({ kind: 'stated_position' }).where(eq(recommendations.id, id)).run();
    const before = recById(id);
    const res = await postForm(editor.agent, `/recommendations/${id}`, form({ reference: 'K-KEEP', short_title: 'Renamed', full_text: before.fullText, confidence: before.confidence, version: String(before.version) }));
    expect(res.status).toBe(303);
    expect(recById(id).kind).toBe('stated_position');
    expect(changesOf(id).map((c) => c.field)).toEqual(['short_title']);
  });

  test('When the edit’s kind is not one of the kinds, then 422 beside the field and the record is unchanged', async () => {
    const id = fresh('K-EDIT-BAD');
    const before = recById(id);
    const res = await postForm(editor.agent, `/recommendations/${id}`, form({ reference: 'K-EDIT-BAD', version: String(before.version), kind: 'Stated position' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain(`<p class="field-error" id="kind-error">${esc(t('validation.invalid_choice'))}</p>`);
    expect(recById(id)).toEqual(before);
    expect(changesOf(id)).toEqual([]);
  });
});

describe('Record kind and roles', () => {
  test('When a viewer posts a kind on either form, then 403 and nothing changes', async () => {
    const viewer = await signInAs(ctx, 'viewer');
    const id = fresh('K-VIEWER');
    const before = recById(id);
    const created = await postForm(viewer.agent, '/recommendations', { ...form({ reference: 'K-V-NEW', kind: 'commitment' }), _csrf: viewer.csrf });
    const edited = await postForm(viewer.agent, `/recommendations/${id}`, { ...form({ reference: 'K-VIEWER', kind: 'commitment' }), _csrf: viewer.csrf });
    expect([created.status, edited.status]).toEqual([403, 403]);
    expect(ctx.db.select().from(recommendations).where(eq(recommendations.reference, 'K-V-NEW')).get()).toBeUndefined();
    expect(recById(id)).toEqual(before);
  });

  test('When an admin changes the kind, then it is saved like an editor’s change', async () => {
    const admin = await signInAs(ctx, 'admin');
    const id = fresh('K-ADMIN');
    const before = recById(id);
    const res = await postForm(admin.agent, `/recommendations/${id}`, { ...form({ reference: 'K-ADMIN', short_title: before.shortTitle, full_text: before.fullText, confidence: before.confidence, version: String(before.version), kind: 'commitment' }), _csrf: admin.csrf });
    expect(res.status).toBe(303);
    expect(recById(id).kind).toBe('commitment');
    expect(changesOf(id).map((c) => [c.field, c.changedBy])).toEqual([['kind', admin.user.id]]);
  });
});

describe('The list’s count under a kind filter', () => {
  test('When the list is filtered to stated positions, then it counts records, not recommendations; unfiltered or filtered to recommendations it counts recommendations', async () => {
    const positions = ctx.db.select().from(recommendations).where(eq(recommendations.kind, 'stated_position')).all().length;
    expect(positions).toBeGreaterThan(0);
    const filtered = await editor.agent.get('/recommendations?record_kind=stated_position');
    expect(filtered.text).toContain(esc(t('recommendations.showing_records', { from: 1, to: positions, total: positions })));
    const russian = await editor.agent.get('/recommendations?record_kind=stated_position').set('Accept-Language', 'ru');
    expect(russian.text).toContain(esc(tIn('ru', 'recommendations.showing_records', { from: 1, to: positions, total: positions })));
    const recommendationsOnly = await editor.agent.get('/recommendations?record_kind=recommendation');
    expect(recommendationsOnly.text).toMatch(/Showing 1–\d+ of \d+ recommendations/);
    const none = await editor.agent.get('/recommendations?record_kind=commitment&q=zzzzqqq');
    expect(none.text).toContain(t('recommendations.none_found_records'));
  });

  test('When the list is filtered by kind, then its CSV, Excel and report links carry the filter and answer with that kind only', async () => {
    const list = await editor.agent.get('/recommendations?record_kind=stated_position');
    for (const path of ['/reports/progress.csv', '/reports/progress.xlsx', '/reports']) {
      expect(list.text).toContain(`href="${esc(`${path}?record_kind=stated_position`)}"`);
      const res = await editor.agent.get(`${path}?record_kind=stated_position`);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    const csv = (await editor.agent.get('/reports/progress.csv?record_kind=stated_position')).text.trim().split('\r\n').slice(1);
    expect(csv.length).toBe(ctx.db.select().from(recommendations).where(eq(recommendations.kind, 'stated_position')).all().length);
    // The record kind, the uptake, then the parties' columns (server/parties), empty for these records.
    expect(csv.every((line) => /,stated_position,unknown(,[a-z_]*)*$/.test(line))).toBe(true);
    const report = await editor.agent.get('/reports?record_kind=stated_position');
    expect(report.text).toContain(esc(t('forms.labelled', { label: t('record_kind.label'), value: t('record_kind.stated_position') })));
  });
});
