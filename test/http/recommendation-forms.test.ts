import { count, eq } from 'drizzle-orm';
import {
  bodies,
  evidenceNotes,
  mechanisms,
  recommendationBodies,
  recommendations,
  recommendationThemes,
  sources,
  statusHistory,
  themes,
} from '../../server/db/schema';
import { t } from '../../server/lib/i18n';
import { createRecommendation } from '../../server/recommendations/service';
import { createTestContext, signInAs, type TestContext, esc, postForm, type Agent, type FormValues } from '../helpers';


let ctx: TestContext;
let editor: { agent: Agent; csrf: string; user: { id: number; name: string } };

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  editor = await signInAs(ctx, 'editor');
});
afterAll(() => ctx.close());



const post = postForm;

const bodyByAcronym = (acronym: string) => ctx.db.select().from(bodies).where(eq(bodies.acronym, acronym)).get()!;
const recByReference = (reference: string) => ctx.db.select().from(recommendations).where(eq(recommendations.reference, reference)).get()!;
const recById = (id: number) => ctx.db.select().from(recommendations).where(eq(recommendations.id, id)).get()!;
const linksOf = (id: number) =>
  ctx.db
    .select({ bodyId: recommendationBodies.bodyId, role: recommendationBodies.role })
    .from(recommendationBodies)
    .where(eq(recommendationBodies.recommendationId, id))
    .all()
    .sort((a, b) => a.bodyId - b.bodyId);
const themeNamesOf = (id: number) =>
  ctx.db
    .select({ name: themes.name })
    .from(recommendationThemes)
    .innerJoin(themes, eq(themes.id, recommendationThemes.themeId))
    .where(eq(recommendationThemes.recommendationId, id))
    .all()
    .map((r) => r.name)
    .sort();

const tableCounts = () => ({
  recommendations: ctx.db.select({ n: count() }).from(recommendations).get()!.n,
  links: ctx.db.select({ n: count() }).from(recommendationBodies).get()!.n,
  themeLinks: ctx.db.select({ n: count() }).from(recommendationThemes).get()!.n,
  themes: ctx.db.select({ n: count() }).from(themes).get()!.n,
  notes: ctx.db.select({ n: count() }).from(evidenceNotes).get()!.n,
  history: ctx.db.select({ n: count() }).from(statusHistory).get()!.n,
});

const countsFor = (id: number) => ({
  history: ctx.db.select({ n: count() }).from(statusHistory).where(eq(statusHistory.recommendationId, id)).get()!.n,
  notes: ctx.db.select({ n: count() }).from(evidenceNotes).where(eq(evidenceNotes.recommendationId, id)).get()!.n,
});

/** The HTML of one `<select id="…">…</select>`. */
function selectHtml(html: string, id: string): string {
  const match = new RegExp(`<select id="${id}"[\\s\\S]*?</select>`).exec(html);
  if (!match) throw new Error(`no select #${id}`);
  return match[0];
}

const selectedValues = (html: string, id: string) => [...selectHtml(html, id).matchAll(/<option value="([^"]*)" selected>/g)].map((m) => m[1]);

/** The ticked values of a checkbox list (`<fieldset id="…">`). */
function checkedValues(html: string, id: string): string[] {
  const match = new RegExp(`<fieldset class="field checklist" id="${id}"[\\s\\S]*?</fieldset>`).exec(html);
  if (!match) throw new Error(`no checklist #${id}`);
  return [...match[0].matchAll(/value="([^"]*)" checked>/g)].map((m) => m[1]!);
}

const fieldError = (field: string, message: string) => `<p class="field-error" id="${field}-error">${esc(message)}</p>`;

/** Every visible form control on the page has an id and a visible <label for> with text. */
function expectEveryControlLabelled(html: string) {
  const controls = [...html.matchAll(/<(input|select|textarea)\b([^>]*)>/g)];
  const visible = controls.filter((c) => !/\btype="hidden"/.test(c[2]!));
  expect(visible.length).toBeGreaterThan(0);
  const problems: string[] = [];
  for (const control of visible) {
    const id = /\bid="([^"]+)"/.exec(control[2]!)?.[1];
    if (!id) {
      problems.push(`a ${control[1]} without id: ${control[0]}`);
      continue;
    }
    const label = new RegExp(`<label for="${id}"([^>]*)>([\\s\\S]*?)</label>`).exec(html);
    if (!label) problems.push(`no <label for="${id}">`);
    else if (/visually-hidden/.test(label[1]!)) problems.push(`the label of ${id} is hidden`);
    else if (label[2]!.replace(/<[^>]+>/g, '').trim() === '') problems.push(`the label of ${id} is empty`);
  }
  expect(problems).toEqual([]);
}

function tomorrow(): string {
  return new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
}

/** A recommendation of its own for a test, created through the service. */
function freshRecommendation(reference: string, shortTitle = `Fresh recommendation ${reference}`): number {
  const source = ctx.db.select().from(sources).all()[0]!;
  const result = createRecommendation(
    ctx.tx,
    { sourceId: source.id, reference, shortTitle, fullText: `Full text of ${reference}`, supportingBodyIds: [], themes: [], priority: false, confidence: 'unverified' },
    editor.user.id,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

describe('Creating a recommendation', () => {
  let sourceId: number;
  let mechanismId: number;
  let riac: number;
  let cass: number;
  let near: number;

  beforeAll(() => {
    sourceId = ctx.db.select().from(sources).all().find((s) => s.title.startsWith('Strategic Planning'))!.id;
    mechanismId = ctx.db.select().from(mechanisms).all().find((m) => m.name.startsWith('NEAR'))!.id;
    riac = bodyByAcronym('RIAC').id;
    cass = bodyByAcronym('CASS').id;
    near = bodyByAcronym('NEAR').id;
  });

  const validForm = (): FormValues => ({
    _csrf: editor.csrf,
    source_id: String(sourceId),
    reference: '7.1',
    parent_id: '',
    short_title: 'Open a joint NEAR secretariat office in Vladivostok',
    full_text: 'The authors recommend that NEAR open a joint secretariat office in Vladivostok & Harbin.',
    mechanism_id: String(mechanismId),
    lead_body_id: String(near),
    supporting_body_ids: [String(riac), String(cass)],
    themes: 'Cross-border cooperation, Office Logistics',
    priority: 'on',
    target_date: '2027-06-30',
    owner_id: String(editor.user.id),
    confidence: 'likely',
    last_verified_on: '2024-01-15',
  });

  test('When an editor opens the new-recommendation form, then every input, select and textarea has a visible label', async () => {
    const res = await editor.agent.get('/recommendations/new');
    expect(res.status).toBe(200);
    expectEveryControlLabelled(res.text);
    for (const id of ['source_id', 'reference', 'parent_id', 'short_title', 'full_text', 'mechanism_id', 'lead_body_id', 'supporting_body_ids', 'themes', 'priority', 'target_date', 'owner_id', 'confidence', 'last_verified_on']) {
      expect(res.text).toContain(`id="${id}"`);
    }
  });

  test('When the form is valid, then 303 leads to the new recommendation and its row, bodies and themes are saved', async () => {
    const before = tableCounts();
    const res = await post(editor.agent, '/recommendations', validForm());
    expect(res.status).toBe(303);
    const id = Number(/^\/recommendations\/(\d+)$/.exec(res.headers.location ?? '')?.[1]);
    expect(id).toBeGreaterThan(0);
    const rec = recById(id);
    expect(rec).toMatchObject({
      sourceId,
      reference: '7.1',
      parentId: null,
      shortTitle: 'Open a joint NEAR secretariat office in Vladivostok',
      fullText: 'The authors recommend that NEAR open a joint secretariat office in Vladivostok & Harbin.',
      mechanismId,
      priority: true,
      targetDate: '2027-06-30',
      ownerId: editor.user.id,
      confidence: 'likely',
      lastVerifiedOn: '2024-01-15',
      status: 'not_assessed',
      version: 1,
      updatedBy: editor.user.id,
    });
    expect(linksOf(id)).toEqual(
      [
        { bodyId: near, role: 'lead' },
        { bodyId: riac, role: 'supporting' },
        { bodyId: cass, role: 'supporting' },
      ].sort((a, b) => a.bodyId - b.bodyId),
    );
    expect(themeNamesOf(id)).toEqual(['cross-border cooperation', 'office logistics']);
    // An existing theme is reused, a new one added once.
    expect(tableCounts().themes).toBe(before.themes + 1);

    const page = await editor.agent.get(res.headers.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain(t('flash.recommendation_created'));
    expect(page.text).toContain('Open a joint NEAR secretariat office in Vladivostok');
    expect(page.text).toContain(esc('Vladivostok & Harbin'));
  });

  const invalidCases: { name: string; change: FormValues; field: string; message: string }[] = [
    { name: 'the short title is missing', change: { short_title: '   ' }, field: 'short_title', message: t('validation.required') },
    { name: 'the target date is not a calendar date', change: { target_date: '2025-13-40' }, field: 'target_date', message: t('validation.date') },
    {
      name: 'the lead body is also a supporting body',
      change: { lead_body_id: '__RIAC__', supporting_body_ids: ['__RIAC__', '__CASS__'] },
      field: 'supporting_body_ids',
      message: t('recommendations.errors.lead_also_supporting'),
    },
    { name: 'the reference is already used in the same source', change: { reference: '5.4' }, field: 'reference', message: t('recommendations.errors.duplicate_reference') },
    { name: 'the source does not exist', change: { source_id: '999999' }, field: 'source_id', message: t('validation.unknown_choice') },
    { name: 'the parent comes from another publication', change: { parent_id: '__OTHER_PARENT__' }, field: 'parent_id', message: t('recommendations.errors.parent_other_source') },
  ];

  test.each(invalidCases)('When $name, then 422 shows the message, keeps the other input and writes nothing', async ({ change, field, message }) => {
    const otherParent = () => String(recByReference('Mamonov-1').id);
    const resolve = (v: string) => (v === '__RIAC__' ? String(riac) : v === '__CASS__' ? String(cass) : v === '__OTHER_PARENT__' ? otherParent() : v);
    const resolved = Object.fromEntries(
      Object.entries(change).map(([k, v]) => [k, Array.isArray(v) ? v.map(resolve) : v === undefined ? v : resolve(v)]),
    );
    const form: FormValues = { ...validForm(), reference: 'INVALID-1', ...resolved };
    const before = tableCounts();
    const res = await post(editor.agent, '/recommendations', form);
    expect(res.status).toBe(422);
    expect(res.text).toContain('<html');
    // The summary names the field and links to it.
    expect(res.text).toContain(t('forms.errors_title', { count: 1 }));
    expect(res.text).toMatch(new RegExp(`<a href="#${field}">[^<]*: ${esc(message).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</a>`));
    expect(res.text).toContain(fieldError(field, message));
    expect(res.text).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
    // What the user typed is still there.
    expect(res.text).toContain(`value="${esc(String(form.reference))}"`);
    expect(res.text).toContain(`>${esc(String(form.full_text))}</textarea>`);
    // Themes in the list stay ticked; new ones stay in the field for new themes.
    const newThemes = /name="new_themes" type="text" value="([^"]*)"/.exec(res.text)?.[1] ?? '';
    expect([...checkedValues(res.text, 'themes'), ...newThemes.split(', ').filter(Boolean)].sort()).toEqual(['cross-border cooperation', 'office logistics']);
    expect(res.text).toContain(`value="${esc(String(form.target_date))}"`);
    if (field !== 'short_title') expect(res.text).toContain(`value="${esc(String(form.short_title))}"`);
    expect(selectedValues(res.text, 'lead_body_id')).toEqual([form.lead_body_id]);
    expect(checkedValues(res.text, 'supporting_body_ids').sort()).toEqual([...(form.supporting_body_ids as string[])].sort());
    expect(selectedValues(res.text, 'mechanism_id')).toEqual([form.mechanism_id]);
    expect(selectedValues(res.text, 'confidence')).toEqual(['likely']);
    expect(res.text).toMatch(/<input id="priority" name="priority" type="checkbox" checked>/);
    if (field !== 'source_id') expect(selectedValues(res.text, 'source_id')).toEqual([form.source_id]);
    expect(tableCounts()).toEqual(before);
  });

  test('When the form carries a field the form does not have, then 422 names that field and nothing is written', async () => {
    const before = tableCounts();
    const res = await post(editor.agent, '/recommendations', { ...validForm(), reference: 'EXTRA-1', status: 'implemented' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(esc(t('validation.unexpected_field', { fields: 'status' })));
    expect(tableCounts()).toEqual(before);
  });
});

describe('Editing a recommendation', () => {
  test('When an editor opens the edit form, then it is prefilled with the recommendation’s current values', async () => {
    const rec = recByReference('5.4');
    const res = await editor.agent.get(`/recommendations/${rec.id}/edit`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`action="/recommendations/${rec.id}"`);
    expect(res.text).toContain(`value="${esc(rec.shortTitle)}"`);
    expect(res.text).toContain(`>${esc(rec.fullText)}</textarea>`);
    expect(res.text).toContain(`<input id="reference" name="reference" type="text" value="5.4"`);
    expect(selectedValues(res.text, 'source_id')).toEqual([String(rec.sourceId)]);
    expect(selectedValues(res.text, 'mechanism_id')).toEqual([String(rec.mechanismId)]);
    expect(selectedValues(res.text, 'parent_id')).toEqual([String(rec.parentId)]);
    expect(selectedValues(res.text, 'lead_body_id')).toEqual(linksOf(rec.id).filter((l) => l.role === 'lead').map((l) => String(l.bodyId)));
    expect(selectedValues(res.text, 'confidence')).toEqual([rec.confidence]);
    expect(checkedValues(res.text, 'themes')).toEqual(themeNamesOf(rec.id));
    expect(rec.priority).toBe(false);
    expect(res.text).toMatch(/<input id="priority" name="priority" type="checkbox">/);
    expectEveryControlLabelled(res.text);
  });

  test('When the edit is valid, then the fields, bodies and themes change, the version goes up and 303 leads to the page', async () => {
    const id = freshRecommendation('EDIT-1');
    const before = recById(id);
    const riac = bodyByAcronym('RIAC').id;
    const cass = bodyByAcronym('CASS').id;
    const res = await post(editor.agent, `/recommendations/${id}`, {
      _csrf: editor.csrf,
      source_id: String(before.sourceId),
      reference: 'EDIT-1b',
      parent_id: '',
      short_title: 'Edited short title',
      full_text: 'Edited full text',
      mechanism_id: '',
      lead_body_id: String(cass),
      supporting_body_ids: [String(riac)],
      themes: 'energy; brand new theme',
      target_date: '2030-01-31',
      owner_id: '',
      confidence: 'confirmed',
      last_verified_on: '',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/recommendations/${id}`);
    const after = recById(id);
    expect(after).toMatchObject({
      reference: 'EDIT-1b',
      shortTitle: 'Edited short title',
      fullText: 'Edited full text',
      targetDate: '2030-01-31',
      confidence: 'confirmed',
      priority: false,
      version: before.version + 1,
      updatedBy: editor.user.id,
    });
    expect(linksOf(id)).toEqual(
      [
        { bodyId: cass, role: 'lead' },
        { bodyId: riac, role: 'supporting' },
      ].sort((a, b) => a.bodyId - b.bodyId),
    );
    expect(themeNamesOf(id)).toEqual(['brand new theme', 'energy']);
    const page = await editor.agent.get(`/recommendations/${id}`);
    expect(page.text).toContain('Edited short title');
    expect(page.text).toContain(t('flash.recommendation_updated'));
  });

  test('When the edit is invalid, then 422 shows the message and the recommendation is unchanged', async () => {
    const rec = recByReference('5.4');
    const before = { row: recById(rec.id), links: linksOf(rec.id), themes: themeNamesOf(rec.id) };
    const res = await post(editor.agent, `/recommendations/${rec.id}`, {
      _csrf: editor.csrf,
      source_id: String(rec.sourceId),
      reference: '5.4',
      short_title: 'A new title that must not be saved',
      full_text: '',
      target_date: '2024-02-30',
      confidence: 'likely',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain(fieldError('full_text', t('validation.required')));
    expect(res.text).toContain(fieldError('target_date', t('validation.date')));
    expect(res.text).toContain('value="A new title that must not be saved"');
    expect({ row: recById(rec.id), links: linksOf(rec.id), themes: themeNamesOf(rec.id) }).toEqual(before);
  });

  test('When the chosen parent is the recommendation itself, then 422 explains it and nothing changes', async () => {
    const id = freshRecommendation('SELF-1');
    const before = recById(id);
    const res = await post(editor.agent, `/recommendations/${id}`, {
      _csrf: editor.csrf,
      source_id: String(before.sourceId),
      reference: before.reference,
      parent_id: String(id),
      short_title: before.shortTitle,
      full_text: before.fullText,
      confidence: before.confidence,
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain(fieldError('parent_id', t('recommendations.errors.parent_cycle')));
    expect(recById(id)).toEqual(before);
  });

  test('When an edit would make a recommendation its own ancestor through a longer chain, then 422 and the parent is unchanged', async () => {
    const x = freshRecommendation('CYCLE-X');
    const y = freshRecommendation('CYCLE-Y');
    const z = freshRecommendation('CYCLE-Z');
    // Y is a sub-recommendation of X and Z of Y (set directly: the form only offers top-level parents).
    ctx.tx.update(recommendations).set({ parentId: x }).where(eq(recommendations.id, y)).run();
    ctx.tx.update(recommendations).set({ parentId: y }).where(eq(recommendations.id, z)).run();
    const before = recById(x);
    const res = await post(editor.agent, `/recommendations/${x}`, {
      _csrf: editor.csrf,
      source_id: String(before.sourceId),
      reference: before.reference,
      parent_id: String(z),
      short_title: before.shortTitle,
      full_text: before.fullText,
      confidence: before.confidence,
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain(fieldError('parent_id', t('recommendations.errors.parent_cycle')));
    expect(recById(x).parentId).toBeNull();
  });

  test('When the recommendation does not exist, then the edit form, the page and a save answer the 404 page', async () => {
    for (const url of ['/recommendations/999999/edit', '/recommendations/999999', '/recommendations/abc', '/recommendations/abc/edit', '/recommendations/1.5']) {
      const res = await editor.agent.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 404 });
      expect(res.text).toContain('<html');
      expect(res.text).toContain('Not found');
    }
    const before = tableCounts();
    const res = await post(editor.agent, '/recommendations/999999', {
      _csrf: editor.csrf,
      source_id: String(recByReference('5.4').sourceId),
      reference: 'GHOST-1',
      short_title: 'Ghost',
      full_text: 'Ghost',
      confidence: 'likely',
    });
    expect(res.status).toBe(404);
    expect(res.text).toContain('Not found');
    const status = await post(editor.agent, '/recommendations/999999/status', {
      _csrf: editor.csrf,
      status: 'stalled',
      effective_on: '2024-01-01',
      rationale: 'Ghost',
      evidence_kind: 'news',
      evidence_language: 'en',
    });
    expect(status.status).toBe(404);
    const noteRes = await post(editor.agent, '/recommendations/999999/notes', {
      _csrf: editor.csrf,
      observed_on: '2024-01-01',
      text: 'Ghost',
      source_kind: 'news',
      language: 'en',
    });
    expect(noteRes.status).toBe(404);
    expect(tableCounts()).toEqual(before);
  });
});

describe('Evidence notes', () => {
  const note = (values: FormValues): FormValues => ({
    _csrf: editor.csrf,
    observed_on: '2024-03-05',
    text: 'NEAR published the minutes of its working group',
    source_url: 'https://example.org/near-minutes',
    source_title: 'NEAR minutes',
    source_kind: 'meeting_record',
    language: 'en',
    ...values,
  });

  test('When an editor adds a valid note, then 303 leads to the page, the note is saved with the editor as author and shown in the timeline', async () => {
    const rec = recByReference('5.5');
    const res = await post(editor.agent, `/recommendations/${rec.id}/notes`, note({}));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/recommendations/${rec.id}`);
    const saved = ctx.db.select().from(evidenceNotes).where(eq(evidenceNotes.recommendationId, rec.id)).all();
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      authorId: editor.user.id,
      observedOn: '2024-03-05',
      text: 'NEAR published the minutes of its working group',
      sourceUrl: 'https://example.org/near-minutes',
      sourceKind: 'meeting_record',
    });
    const page = await editor.agent.get(`/recommendations/${rec.id}`);
    const timeline = page.text.slice(page.text.indexOf('id="timeline-heading"'));
    expect(timeline).toContain('NEAR published the minutes of its working group');
    expect(timeline).toContain('href="https://example.org/near-minutes"');
    expect(timeline).toContain(esc(`Recorded by ${editor.user.name}`));
    expect(page.text).toContain(t('flash.note_added'));
  });

  const invalidNotes: { name: string; values: FormValues; field: string; message: () => string }[] = [
    { name: 'the source address is a javascript: URL', values: { source_url: 'javascript:alert(1)' }, field: 'source_url', message: () => t('validation.http_url') },
    { name: 'the text is over 10,000 characters', values: { text: 'x'.repeat(10_001) }, field: 'text', message: () => t('validation.too_long', { max: 10_000 }) },
    { name: 'the date observed is in the future', values: { observed_on: tomorrow() }, field: 'observed_on', message: () => t('validation.not_in_future') },
  ];

  test.each(invalidNotes)('When $name, then 422 shows the message and no note is saved', async ({ values, field, message }) => {
    const rec = recByReference('5.5');
    const before = { ...countsFor(rec.id), version: recById(rec.id).version };
    const res = await post(editor.agent, `/recommendations/${rec.id}/notes`, note(values));
    expect(res.status).toBe(422);
    expect(res.text).toContain(fieldError(`note${rec.id}-${field}`, message()));
    expect({ ...countsFor(rec.id), version: recById(rec.id).version }).toEqual(before);
  });
});

describe('Status update', () => {
  const statusForm = (values: FormValues): FormValues => ({
    _csrf: editor.csrf,
    status: 'under_consideration',
    effective_on: '2024-01-10',
    rationale: 'Officials said the proposal is on the agenda',
    evidence_kind: 'news',
    evidence_language: 'en',
    ...values,
  });

  test('When the status key is unknown, then 422 says to choose one of the options and nothing changes', async () => {
    const rec = recByReference('5.3');
    const before = { ...countsFor(rec.id), status: recById(rec.id).status };
    const res = await post(editor.agent, `/recommendations/${rec.id}/status`, statusForm({ status: 'bogus' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain(fieldError(`status${rec.id}-status`, t('validation.invalid_choice')));
    expect({ ...countsFor(rec.id), status: recById(rec.id).status }).toEqual(before);
  });

  test('When the new status is the current one, then 422 explains it and nothing changes', async () => {
    const rec = recByReference('5.3');
    expect(rec.status).toBe('not_assessed');
    const before = countsFor(rec.id);
    const res = await post(editor.agent, `/recommendations/${rec.id}/status`, statusForm({ status: 'not_assessed' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain(fieldError(`status${rec.id}-status`, t('status_update.errors.same_status')));
    expect(countsFor(rec.id)).toEqual(before);
  });

  test('When the effective date is before the current status’s date, then 422 names the current date and nothing changes', async () => {
    const rec = recByReference('Babaev-3');
    expect(rec.statusSince).toBe('2024-10-11');
    const before = { ...countsFor(rec.id), status: recById(rec.id).status };
    const res = await post(editor.agent, `/recommendations/${rec.id}/status`, statusForm({ status: 'stalled', effective_on: '2016-08-31' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain(fieldError(`status${rec.id}-effective_on`, t('status_update.errors.before_current', { date: '2024-10-11' })));
    // The user's input stays in the form.
    expect(res.text).toContain('value="2016-08-31"');
    expect(res.text).toContain('>Officials said the proposal is on the agenda</textarea>');
    expect({ ...countsFor(rec.id), status: recById(rec.id).status }).toEqual(before);
  });

  test('When the evidence source is given without describing the evidence, then 422 asks for the text and nothing is saved', async () => {
    const rec = recByReference('5.3');
    const before = countsFor(rec.id);
    const res = await post(editor.agent, `/recommendations/${rec.id}/status`, statusForm({ evidence_url: 'https://example.org/only-a-link' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain(fieldError(`status${rec.id}-evidence_text`, t('validation.evidence_text_required')));
    expect(res.text).toContain('value="https://example.org/only-a-link"');
    expect(countsFor(rec.id)).toEqual(before);
  });

  test('When the effective date is in the future, then 422 says so and nothing changes', async () => {
    const rec = recByReference('5.3');
    const before = countsFor(rec.id);
    const res = await post(editor.agent, `/recommendations/${rec.id}/status`, statusForm({ effective_on: tomorrow() }));
    expect(res.status).toBe(422);
    expect(res.text).toContain(fieldError(`status${rec.id}-effective_on`, t('validation.not_in_future')));
    expect(countsFor(rec.id)).toEqual(before);
  });

  test('When an htmx status update fails validation, then 422 returns only the form with headers retargeting it', async () => {
    const rec = recByReference('5.3');
    const res = await post(editor.agent, `/recommendations/${rec.id}/status`, statusForm({ rationale: '' })).set('HX-Request', 'true');
    expect(res.status).toBe(422);
    expect(res.text).not.toContain('<html');
    expect(res.text.trimStart().startsWith(`<form id="status-form-${rec.id}"`)).toBe(true);
    expect(res.text).toContain(fieldError(`status${rec.id}-rationale`, t('validation.required')));
    expect(res.headers['hx-retarget']).toBe(`#status-form-${rec.id}`);
    expect(res.headers['hx-reswap']).toBe('outerHTML');
    expect(res.headers.vary).toMatch(/HX-Request/i);
    // The returned form can be sent again: it carries the session's CSRF token and the user's input.
    expect(res.text).toContain(`name="_csrf" value="${editor.csrf}"`);
    expect(res.text).toContain(`hx-post="/recommendations/${rec.id}/status"`);
    expect(selectedValues(res.text, `status${rec.id}-status`)).toEqual(['under_consideration']);
  });

  test('When an htmx evidence note fails validation, then 422 returns only the note form with headers retargeting it', async () => {
    const rec = recByReference('5.3');
    const before = countsFor(rec.id);
    const res = await post(editor.agent, `/recommendations/${rec.id}/notes`, {
      _csrf: editor.csrf,
      observed_on: '2024-01-01',
      text: 'A note with a bad link',
      source_url: 'javascript:alert(1)',
      source_kind: 'news',
      language: 'en',
    }).set('HX-Request', 'true');
    expect(res.status).toBe(422);
    expect(res.text).not.toContain('<html');
    expect(res.text.trimStart().startsWith(`<form id="note-form-${rec.id}"`)).toBe(true);
    expect(res.text).toContain(fieldError(`note${rec.id}-source_url`, t('validation.http_url')));
    expect(res.text).toContain('>A note with a bad link</textarea>');
    expect(res.headers['hx-retarget']).toBe(`#note-form-${rec.id}`);
    expect(res.headers['hx-reswap']).toBe('outerHTML');
    expect(countsFor(rec.id)).toEqual(before);
  });

  test('When an htmx status update succeeds, then 303 leads to the detail page, or to the row of return_to when it is a same-site path', async () => {
    const id = freshRecommendation('HX-1');
    const send = (status: string, extra: FormValues = {}) =>
      post(editor.agent, `/recommendations/${id}/status`, statusForm({ status, effective_on: '2024-02-01', ...extra })).set('HX-Request', 'true');

    const plain = await send('under_consideration');
    expect(plain.status).toBe(303);
    expect(plain.headers.location).toBe(`/recommendations/${id}`);
    expect(recById(id).status).toBe('under_consideration');
    // htmx follows the redirect with its header: it gets the detail region, showing the new status and the confirmation.
    const followed = await editor.agent.get(plain.headers.location!).set('HX-Request', 'true');
    expect(followed.status).toBe(200);
    expect(followed.text).not.toContain('<html');
    expect(followed.text).toContain('<article id="recommendation-detail"');
    expect(followed.text).toContain(`Rationale:</span> Officials said the proposal is on the agenda`);
    expect(followed.text).toContain(t('flash.status_updated'));

    const back = await send('in_progress', { return_to: '/recommendations?status=in_progress&page=1' });
    expect(back.status).toBe(303);
    // From a list row: htmx fetches only that row (its own URL, which names the list it belongs to).
    expect(back.headers.location).toBe(`/recommendations/${id}/row?return_to=${encodeURIComponent('/recommendations?status=in_progress&page=1')}`);
    expect(recById(id).status).toBe('in_progress');

    const statuses = ['stalled', 'partially_implemented', 'in_progress', 'stalled'];
    for (const [i, evil] of ['https://evil.example', '//evil.example/path', '/\\evil.example', 'javascript:alert(1)'].entries()) {
      const res = await send(statuses[i]!, { return_to: evil });
      expect({ evil, status: res.status }).toEqual({ evil, status: 303 });
      const location = res.headers.location ?? '';
      expect(location.startsWith('/')).toBe(true);
      expect(location.startsWith('//')).toBe(false);
      expect(location.startsWith('/\\')).toBe(false);
      expect(location).not.toContain('evil.example');
    }
    expect(countsFor(id).history).toBe(6);
  });

  test('When saving the history row fails inside the transaction, then a 500 page without internals is shown and nothing is half-saved', async () => {
    const id = freshRecommendation('TX-1');
    const before = { ...countsFor(id), row: recById(id) };
    const client = ctx.sqlite;
    client.exec(`CREATE TEMP TRIGGER fail_status_history BEFORE INSERT ON status_history BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    try {
      const res = await post(
        editor.agent,
        `/recommendations/${id}/status`,
        statusForm({ status: 'in_progress', evidence_text: 'Evidence that must not survive', evidence_url: 'https://example.org/e', evidence_title: 'E' }),
      );
      expect(res.status).toBe(500);
      expect(res.text).toContain('<html');
      expect(res.text).toContain(t('errors.title_500'));
      expect(res.text).toContain(t('errors.internal'));
      expect(res.text).not.toMatch(/^\s+at /m);
      expect(res.text).not.toContain('Error:');
      expect(res.text).not.toContain('boom');
      expect(res.text).not.toContain('SQLITE');
      expect(res.text).not.toContain('status_history');
    } finally {
      client.exec('DROP TRIGGER IF EXISTS temp.fail_status_history');
    }
    expect({ ...countsFor(id), row: recById(id) }).toEqual(before);
    expect(ctx.db.select().from(evidenceNotes).all().some((n) => n.text === 'Evidence that must not survive')).toBe(false);
    const page = await editor.agent.get(`/recommendations/${id}`);
    expect(page.text).not.toContain('Evidence that must not survive');

    // Once the fault is gone, the same update goes through.
    const retry = await post(editor.agent, `/recommendations/${id}/status`, statusForm({ status: 'in_progress', evidence_text: 'Evidence that now survives' }));
    expect(retry.status).toBe(303);
    expect(countsFor(id)).toEqual({ history: 1, notes: 1 });
  });
});

describe('Viewers', () => {
  let viewer: { agent: Agent; csrf: string };
  beforeAll(async () => {
    viewer = await signInAs(ctx, 'viewer');
  });

  test('When a viewer opens a recommendation, then no edit link, status form or note form is shown', async () => {
    const rec = recByReference('5.6');
    const res = await viewer.agent.get(`/recommendations/${rec.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(esc(rec.shortTitle));
    expect(res.text).not.toContain(`id="status-form-${rec.id}"`);
    expect(res.text).not.toContain(`id="note-form-${rec.id}"`);
    expect(res.text).not.toContain(`/recommendations/${rec.id}/edit`);
    expect(res.text).not.toContain('method="post" action="/recommendations');
    const list = await viewer.agent.get('/recommendations');
    expect(list.text).not.toContain('/recommendations/new');
    expect(list.text).not.toContain(`/recommendations/${rec.id}/status`);
  });

  test('When a viewer posts any recommendation form or opens an editor page, then 403 is returned and nothing changes', async () => {
    const rec = recByReference('5.6');
    const before = { ...tableCounts(), row: recById(rec.id) };
    const posts: [string, FormValues][] = [
      ['/recommendations', { source_id: String(rec.sourceId), reference: 'V-1', short_title: 'Viewer', full_text: 'Viewer', confidence: 'likely' }],
      [`/recommendations/${rec.id}`, { source_id: String(rec.sourceId), reference: rec.reference, short_title: 'Viewer edit', full_text: 'Viewer', confidence: 'likely' }],
      [`/recommendations/${rec.id}/status`, { status: 'stalled', effective_on: '2024-01-01', rationale: 'viewer', evidence_kind: 'news', evidence_language: 'en' }],
      [`/recommendations/${rec.id}/notes`, { observed_on: '2024-01-01', text: 'viewer', source_kind: 'news', language: 'en' }],
    ];
    for (const [url, values] of posts) {
      const res = await post(viewer.agent, url, { _csrf: viewer.csrf, ...values });
      expect({ url, status: res.status }).toEqual({ url, status: 403 });
      expect(res.text).toContain(t('errors.forbidden'));
    }
    for (const url of ['/recommendations/new', `/recommendations/${rec.id}/edit`, `/recommendations/${rec.id}/status`, `/recommendations/${rec.id}/notes/new`]) {
      const res = await viewer.agent.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 403 });
    }
    expect({ ...tableCounts(), row: recById(rec.id) }).toEqual(before);
  });
});

describe('Timeline', () => {
  test('When status changes and notes are recorded by different editors, then the timeline lists them newest first with who recorded each and the rationale', async () => {
    const id = freshRecommendation('TL-1');
    const other = await signInAs(ctx, 'editor');
    const first = await post(editor.agent, `/recommendations/${id}/status`, {
      _csrf: editor.csrf,
      status: 'under_consideration',
      effective_on: '2024-01-10',
      rationale: 'Rationale one: the ministry put it on the agenda',
      evidence_kind: 'news',
      evidence_language: 'en',
    });
    expect(first.status).toBe(303);
    const noteRes = await post(other.agent, `/recommendations/${id}/notes`, {
      _csrf: other.csrf,
      observed_on: '2024-03-05',
      text: 'Note one: a working group met in Harbin',
      source_kind: 'meeting_record',
      language: 'en',
    });
    expect(noteRes.status).toBe(303);
    const second = await post(other.agent, `/recommendations/${id}/status`, {
      _csrf: other.csrf,
      status: 'in_progress',
      effective_on: '2024-06-01',
      rationale: 'Rationale two: the working group started drafting',
      evidence_text: 'Evidence two: the draft charter was published',
      evidence_kind: 'official_document',
      evidence_language: 'en',
    });
    expect(second.status).toBe(303);
    // Recorded last, but observed first: it goes to the end.
    const old = await post(editor.agent, `/recommendations/${id}/notes`, {
      _csrf: editor.csrf,
      observed_on: '2023-12-01',
      text: 'Note zero: an earlier press report',
      source_kind: 'news',
      language: 'en',
    });
    expect(old.status).toBe(303);

    const page = await editor.agent.get(`/recommendations/${id}`);
    const entries = [...page.text.matchAll(/<li class="timeline-entry[\s\S]*?<\/li>/g)].map((m) => m[0]);
    expect(entries).toHaveLength(4);
    expect(entries[0]).toContain('Rationale two: the working group started drafting');
    expect(entries[0]).toContain('Evidence two: the draft charter was published');
    expect(entries[0]).toContain('<time datetime="2024-06-01">');
    expect(entries[0]).toContain(esc(`Recorded by ${other.user.name}`));
    expect(entries[1]).toContain('Note one: a working group met in Harbin');
    expect(entries[1]).toContain(esc(`Recorded by ${other.user.name}`));
    expect(entries[2]).toContain('Rationale one: the ministry put it on the agenda');
    expect(entries[2]).toContain(esc(`Recorded by ${editor.user.name}`));
    expect(entries[2]).toContain(t('fields.rationale'));
    expect(entries[3]).toContain('Note zero: an earlier press report');
    expect(entries[3]).toContain(esc(`Recorded by ${editor.user.name}`));
    // The evidence given with a status change appears once in the timeline, inside that change (the uptake form
    // offers it as a document too).
    const timeline = /<section aria-labelledby="timeline-heading"[\s\S]*?<\/section>/.exec(page.text)![0];
    expect(timeline.split('Evidence two: the draft charter was published')).toHaveLength(2);
  });
});

describe('User-supplied HTML', () => {
  const hostile = '<script>alert(1)</script> {{7*7}} <div hx-get="/x">boo</div>';

  test('When a title, note and rationale contain HTML, template syntax or htmx attributes, then every page and fragment shows them as text', async () => {
    const source = ctx.db.select().from(sources).all()[0]!;
    const created = await post(editor.agent, '/recommendations', {
      _csrf: editor.csrf,
      source_id: String(source.id),
      reference: 'XSS-1',
      short_title: hostile,
      full_text: `Full: ${hostile}`,
      themes: '<b>bold theme</b>',
      confidence: 'likely',
    });
    expect(created.status).toBe(303);
    const id = Number(/(\d+)$/.exec(created.headers.location!)![1]);
    const noted = await post(editor.agent, `/recommendations/${id}/notes`, {
      _csrf: editor.csrf,
      observed_on: '2024-01-01',
      text: `Note: ${hostile}`,
      source_title: hostile,
      source_kind: 'news',
      language: 'en',
    });
    expect(noted.status).toBe(303);
    const changed = await post(editor.agent, `/recommendations/${id}/status`, {
      _csrf: editor.csrf,
      status: 'stalled',
      effective_on: '2024-01-02',
      rationale: `Why: ${hostile}`,
      evidence_kind: 'news',
      evidence_language: 'en',
    });
    expect(changed.status).toBe(303);

    const pages = {
      list: await editor.agent.get('/recommendations?sort=updated'),
      listFragment: await editor.agent.get('/recommendations?sort=updated').set('HX-Request', 'true'),
      search: await editor.agent.get('/recommendations').query({ q: '7*7' }),
      detail: await editor.agent.get(`/recommendations/${id}`),
      detailFragment: await editor.agent.get(`/recommendations/${id}`).set('HX-Request', 'true'),
      edit: await editor.agent.get(`/recommendations/${id}/edit`),
      statusPage: await editor.agent.get(`/recommendations/${id}/status`),
      notePage: await editor.agent.get(`/recommendations/${id}/notes/new`),
      source: await editor.agent.get(`/sources/${source.id}`),
    };
    for (const [name, res] of Object.entries(pages)) {
      expect({ name, status: res.status }).toEqual({ name, status: 200 });
      expect({ name, raw: res.text.includes('<script>alert(1)') }).toEqual({ name, raw: false });
      expect({ name, raw: res.text.includes('<div hx-get') }).toEqual({ name, raw: false });
      expect({ name, raw: res.text.includes('<b>bold theme') }).toEqual({ name, raw: false });
      expect({ name, escaped: res.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;') }).toEqual({ name, escaped: true });
    }
    expect(pages.listFragment.text).not.toContain('<html');
    expect(pages.detailFragment.text).not.toContain('<html');
    for (const res of [pages.list, pages.listFragment, pages.detail, pages.detailFragment]) {
      expect(res.text).toContain(`${esc(hostile)}`);
      // Template syntax in data is not evaluated.
      expect(res.text).toContain('{{7*7}}');
    }
    expect(pages.detail.text).toContain(esc(`Note: ${hostile}`));
    expect(pages.detail.text).toContain(esc(`Why: ${hostile}`));
    expect(pages.detail.text).toContain(esc('<b>bold theme</b>'));
    expect(pages.detailFragment.text).toContain(esc(`Why: ${hostile}`));
    // Evidence-note search finds it, still escaped.
    expect(pages.search.text).toContain(`<tr id="row-${id}">`);
  });
});
