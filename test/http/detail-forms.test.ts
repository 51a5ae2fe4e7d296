import { count, eq } from 'drizzle-orm';
import request from 'supertest';
import { createInvitation, tokenHash } from '../../server/auth/invitations';
import { evidenceNotes, invitations, recommendationBodies, recommendations, sources, statusHistory, users } from '../../server/db/schema';
import { t } from '../../server/lib/i18n';
import { capturingLogger, createTestContext, csrfFrom, esc, postForm, signInAs, type Agent, type FormValues, type TestContext } from '../helpers';

/**
 * The detail page's one update form, error summaries, confirmations, the
 * current section in the navigation, the sub-recommendation form and
 * accounts made by invitation.
 */

let ctx: TestContext;
const logs = capturingLogger();
let editor: { agent: Agent; csrf: string; user: { id: number; name: string } };
let admin: { agent: Agent; csrf: string; user: { id: number; name: string } };

beforeAll(async () => {
  ctx = await createTestContext({ seed: true, app: { logger: logs.logger } });
  editor = await signInAs(ctx, 'editor');
  admin = await signInAs(ctx, 'admin');
});
afterAll(() => ctx.close());

const recByReference = (reference: string) => ctx.db.select().from(recommendations).where(eq(recommendations.reference, reference)).get()!;
const recById = (id: number) => ctx.db.select().from(recommendations).where(eq(recommendations.id, id)).get()!;
const countsFor = (id: number) => ({
  history: ctx.db.select({ n: count() }).from(statusHistory).where(eq(statusHistory.recommendationId, id)).get()!.n,
  notes: ctx.db.select({ n: count() }).from(evidenceNotes).where(eq(evidenceNotes.recommendationId, id)).get()!.n,
});
const daysFromToday = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
const escRe = (text: string) => esc(text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function updateForm(values: FormValues = {}): FormValues {
  return { _csrf: editor.csrf, occurred_on: daysFromToday(-1), status: '', rationale: '', evidence_text: '', evidence_url: '', evidence_title: '', evidence_kind: 'news', evidence_language: 'en', ...values };
}

describe('The detail page', () => {
  test('When an editor opens a recommendation, then its actions come first and the update form is collapsed; ?update=status opens it at the status', async () => {
    const rec = recByReference('5.4');
    const page = await editor.agent.get(`/recommendations/${rec.id}`);
    expect(page.status).toBe(200);
    for (const action of [t('detail.update_status'), t('detail.add_evidence'), t('recommendations.edit_button')]) expect(page.text).toContain(`>${action}</a>`);
    expect(page.text).toMatch(/<details id="add-update" class="add-update">/);
    // The timeline comes before what the publication says and the details.
    expect(page.text.indexOf('id="timeline-heading"')).toBeLessThan(page.text.indexOf('id="text-heading"'));
    expect(page.text.indexOf('id="add-update"')).toBeLessThan(page.text.indexOf('id="timeline-heading"'));
    // One form asks for the evidence once.
    expect(page.text.match(/name="evidence_text"/g)).toHaveLength(1);
    expect(page.text).not.toContain('name="source_url"');

    const opened = await editor.agent.get(`/recommendations/${rec.id}?update=status`);
    expect(opened.text).toMatch(/<details id="add-update" class="add-update" open>/);
    expect(opened.text).toMatch(/<select id="update-status" name="status" autofocus>/);
  });

  test('When a top-level recommendation is shown to an editor, then it offers to add a sub-recommendation; a viewer sees no action', async () => {
    const parent = recByReference('5');
    const page = await editor.agent.get(`/recommendations/${parent.id}`);
    expect(page.text).toContain(`href="/recommendations/new?parent=${parent.id}"`);
    const child = recByReference('5.4');
    expect((await editor.agent.get(`/recommendations/${child.id}`)).text).not.toContain('/recommendations/new?parent=');
    const viewer = await signInAs(ctx, 'viewer');
    const seen = await viewer.agent.get(`/recommendations/${parent.id}`);
    expect(seen.text).not.toContain('id="add-update"');
    expect(seen.text).not.toContain(t('detail.update_status'));
  });
});

describe('Add an update', () => {
  test('When only evidence is given, then a note is saved, the status stays, and the confirmation names the recommendation and links to it', async () => {
    const rec = recByReference('5.4');
    const before = { rec: recById(rec.id), counts: countsFor(rec.id) };
    const res = await postForm(editor.agent, `/recommendations/${rec.id}/updates`, updateForm({ evidence_text: 'Minutes of the NEAR session mention the commission.', evidence_url: 'https://example.org/near' }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/recommendations/${rec.id}`);
    expect(countsFor(rec.id)).toEqual({ history: before.counts.history, notes: before.counts.notes + 1 });
    expect(recById(rec.id).status).toBe(before.rec.status);
    const note = ctx.db.select().from(evidenceNotes).where(eq(evidenceNotes.recommendationId, rec.id)).all().at(-1)!;
    expect(note).toMatchObject({ text: 'Minutes of the NEAR session mention the commission.', sourceUrl: 'https://example.org/near', observedOn: daysFromToday(-1), authorId: editor.user.id });
    const page = await editor.agent.get(res.headers.location!);
    expect(page.text).toMatch(new RegExp(`<p class="flash">${escRe(t('flash.note_added'))} <a href="/recommendations/${rec.id}">${escRe(`${rec.reference} ${rec.shortTitle}`)}</a></p>`));
    expect(page.text).toContain('Minutes of the NEAR session mention the commission.');
  });

  test('When evidence runs over several lines, then the page shows its lines as written, and a form sent back keeps them so', async () => {
    const rec = recByReference('5.4');
    const text = 'First line of the minutes.\nSecond line, not indented.';
    const saved = await postForm(editor.agent, `/recommendations/${rec.id}/updates`, updateForm({ evidence_text: text }));
    expect(saved.status).toBe(303);
    expect((await editor.agent.get(saved.headers.location!)).text).toContain(`>${esc(text)}</p>`);
    const refused = await postForm(editor.agent, `/recommendations/${rec.id}/updates`, updateForm({ status: 'stalled', rationale: '', evidence_text: text }));
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(`>${esc(text)}</textarea>`);
  });

  test('When a status change comes without evidence, then the status and its history row are saved and no note', async () => {
    const rec = recByReference('5.2');
    const before = countsFor(rec.id);
    const res = await postForm(editor.agent, `/recommendations/${rec.id}/updates`, updateForm({ status: 'under_consideration', rationale: 'Discussed at the council' }));
    expect(res.status).toBe(303);
    expect(countsFor(rec.id)).toEqual({ history: before.history + 1, notes: before.notes });
    expect(recById(rec.id)).toMatchObject({ status: 'under_consideration', statusSince: daysFromToday(-1) });
  });

  test('When a status change comes with evidence, then both are saved and the history row points to the note', async () => {
    const rec = recByReference('5.3');
    const res = await postForm(editor.agent, `/recommendations/${rec.id}/updates`, updateForm({ status: 'in_progress', rationale: 'A decree was drafted', evidence_text: 'Draft decree published' }));
    expect(res.status).toBe(303);
    const history = ctx.db.select().from(statusHistory).where(eq(statusHistory.recommendationId, rec.id)).all().at(-1)!;
    expect(history).toMatchObject({ toStatus: 'in_progress', rationale: 'A decree was drafted' });
    const note = ctx.db.select().from(evidenceNotes).where(eq(evidenceNotes.id, history.evidenceNoteId!)).get();
    expect(note?.text).toBe('Draft decree published');
  });

  const refusals: { name: string; values: FormValues; field: string; message: string }[] = [
    { name: 'nothing is given', values: {}, field: 'evidence_text', message: t('detail_update.errors.nothing_to_save') },
    { name: 'a status comes without its reason', values: { status: 'stalled' }, field: 'rationale', message: t('detail_update.errors.rationale_required') },
    { name: 'a reason comes without a status', values: { rationale: 'Because' }, field: 'rationale', message: t('detail_update.errors.rationale_without_status') },
    { name: 'the date is in the future', values: { occurred_on: daysFromToday(3), evidence_text: 'Seen' }, field: 'occurred_on', message: t('validation.not_in_future') },
    { name: 'the source is given without the evidence', values: { evidence_url: 'https://example.org' }, field: 'evidence_text', message: t('validation.evidence_text_required') },
    { name: 'the status is unknown', values: { status: 'finished', rationale: 'x' }, field: 'status', message: t('validation.invalid_choice') },
  ];

  test.each(refusals)('When $name, then 422 shows the form open with a summary linking the field, keeps the input, and saves nothing', async ({ values, field, message }) => {
    const rec = recByReference('5.5');
    const before = { rec: recById(rec.id), counts: countsFor(rec.id) };
    const res = await postForm(editor.agent, `/recommendations/${rec.id}/updates`, updateForm({ evidence_language: 'ru', ...values }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('<html');
    expect(res.text).toMatch(/<details id="add-update" class="add-update" open>/);
    expect(res.text).toContain(t('forms.errors_title', { count: 1 }));
    expect(res.text).toMatch(new RegExp(`<a href="#update-${field}">[^<]+: ${escRe(message)}</a>`));
    expect(res.text).toContain(`<p class="field-error" id="update-${field}-error">${esc(message)}</p>`);
    expect(res.text).toMatch(new RegExp(`id="update-${field}"[^>]*aria-invalid="true"`));
    expect(res.text).toMatch(/<select id="update-evidence_language"[^>]*>[\s\S]*?<option value="ru" selected>/);
    expect(countsFor(rec.id)).toEqual(before.counts);
    expect(recById(rec.id).version).toBe(before.rec.version);
  });

  test('When an htmx update fails, then 422 returns the detail region alone with the form open', async () => {
    const rec = recByReference('5.5');
    const res = await postForm(editor.agent, `/recommendations/${rec.id}/updates`, updateForm()).set('HX-Request', 'true');
    expect(res.status).toBe(422);
    expect(res.text).not.toContain('<html');
    expect(res.text).toMatch(/^<article id="recommendation-detail"/);
    expect(res.text).toContain('data-error-summary');
  });

  test('When the recommendation changed since the form was opened, then 409 says who changed it, in its own words, and the form carries the new version', async () => {
    const rec = recByReference('5.6');
    const stale = recById(rec.id).version;
    await postForm(editor.agent, `/recommendations/${rec.id}/updates`, updateForm({ status: 'no_action', rationale: 'Checked first' }));
    const before = countsFor(rec.id);
    const res = await postForm(editor.agent, `/recommendations/${rec.id}/updates`, updateForm({ version: String(stale), status: 'stalled', rationale: 'Checked later' }));
    expect(res.status).toBe(409);
    expect(res.text).toContain(esc(editor.user.name));
    expect(res.text).not.toContain(t('forms.errors_title', { count: 1 }));
    expect(res.text).toContain(`name="version" value="${recById(rec.id).version}"`);
    expect(res.text).toContain('>Checked later</textarea>');
    expect(countsFor(rec.id)).toEqual(before);
  });
});

describe('Errors that help', () => {
  test('When a sign-in fails, then the page says so in its own words, with no list of fields to correct', async () => {
    const anonymous = request.agent(ctx.app);
    const csrf = csrfFrom((await anonymous.get('/login')).text);
    const res = await postForm(anonymous, '/login', { _csrf: csrf, email: 'nobody@example.org', password: 'wrong-password-123' });
    expect(res.status).toBe(401);
    expect(res.text).toContain(t('auth.login_failed'));
    expect(res.text).not.toContain('form-errors-title');
    expect(res.text).not.toContain('<ul><li><a href="#');
  });

  test('When sign-in fields are empty, then the summary lists each and links to it', async () => {
    const anonymous = request.agent(ctx.app);
    const csrf = csrfFrom((await anonymous.get('/login')).text);
    const res = await postForm(anonymous, '/login', { _csrf: csrf, email: '', password: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(t('forms.errors_title', { count: 2 }));
    expect(res.text).toContain(`<a href="#email">${t('fields.email')}: ${t('validation.required')}</a>`);
    expect(res.text).toContain(`<a href="#password">${t('fields.password')}: ${t('validation.required')}</a>`);
  });

  test('When a recommendation is saved with a target date decades ahead, then it is saved and the confirmation warns about the year', async () => {
    const rec = recByReference('5.6');
    const edit = await editor.agent.get(`/recommendations/${rec.id}/edit`);
    expect(edit.text).toMatch(/id="target_date"[^>]*data-warn-after="\d{4}-\d{2}-\d{2}"/);
    const row = recById(rec.id);
    const res = await postForm(editor.agent, `/recommendations/${rec.id}`, {
      _csrf: editor.csrf,
      version: String(row.version),
      source_id: String(row.sourceId),
      reference: row.reference,
      parent_id: row.parentId ? String(row.parentId) : '',
      short_title: row.shortTitle,
      full_text: row.fullText,
      confidence: row.confidence,
      target_date: '2206-01-01',
      change_reason: 'Set a target',
    });
    expect(res.status).toBe(303);
    expect(recById(rec.id).targetDate).toBe('2206-01-01');
    const page = await editor.agent.get(res.headers.location!);
    expect(page.text).toContain(`<p class="flash flash-warning">${esc(t('recommendations.warnings.target_far', { date: '2206-01-01' }))}</p>`);
  });
});

describe('The current section', () => {
  test.each([
    ['/recommendations', '/recommendations', 'page'],
    ['/recommendations/1', '/recommendations', 'true'],
    ['/recommendations/new', '/recommendations', 'true'],
    ['/import', '/recommendations', 'true'],
    ['/board', '/board', 'page'],
    ['/mechanisms/1', '/mechanisms', 'true'],
    ['/bodies/1', '/bodies', 'true'],
    ['/sources/1', '/sources', 'true'],
    ['/admin', '/admin', 'page'],
    ['/admin/users', '/admin', 'true'],
    ['/admin/bodies/new', '/admin', 'true'],
  ])('When an admin opens %s, then the navigation marks %s and nothing else', async (url, section, current) => {
    const res = await admin.agent.get(url);
    expect(res.status).toBe(200);
    const nav = /<nav aria-label="Main">[\s\S]*?<\/nav>/.exec(res.text)![0];
    expect([...nav.matchAll(/<a href="([^"]+)" aria-current="([^"]+)">/g)].map((m) => [m[1], m[2]])).toEqual([[section, current]]);
  });
});

describe('Sub-recommendations and the parent field', () => {
  test('When an editor adds a sub-recommendation, then the form starts from the parent and offers parents of that publication only', async () => {
    const parent = recByReference('5');
    const res = await editor.agent.get(`/recommendations/new?parent=${parent.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<h1>${t('recommendations.new_child_title')}</h1>`);
    expect(res.text).toMatch(new RegExp(`<option value="${parent.sourceId}" selected>`));
    expect(res.text).toMatch(new RegExp(`<option value="${parent.id}" selected>`));
    expect(res.text).toContain(`value="${parent.reference}."`);
    const leads = ctx.db.select().from(recommendationBodies).where(eq(recommendationBodies.recommendationId, parent.id)).all();
    for (const link of leads.filter((l) => l.role === 'supporting')) expect(res.text).toMatch(new RegExp(`name="supporting_body_ids" value="${link.bodyId}" checked>`));
    const parentSelect = /<select id="parent_id"[\s\S]*?<\/select>/.exec(res.text)![0];
    const offered = [...parentSelect.matchAll(/<option value="(\d+)"/g)].map((m) => recById(Number(m[1])).sourceId);
    expect(offered.length).toBeGreaterThan(0);
    expect(new Set(offered)).toEqual(new Set([parent.sourceId]));
  });

  test('When the publication changes to one the chosen parent is not from, then the parent field keeps it and says why it cannot stay', async () => {
    const parent = recByReference('5');
    const other = ctx.db.select().from(sources).all().find((s) => s.id !== parent.sourceId)!;
    const res = await editor.agent.get(`/recommendations/parent-field?source_id=${other.id}&parent_id=${parent.id}`).set('HX-Request', 'true');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^<div class="field" id="parent-field">/);
    expect(res.text).toMatch(new RegExp(`<option value="${parent.id}" selected>`));
    expect(res.text).toContain(esc(t('recommendations.errors.parent_other_source')));
    const plain = await editor.agent.get(`/recommendations/parent-field?source_id=${other.id}`);
    expect(plain.status).toBe(303);
    expect(plain.headers.location).toBe(`/recommendations/new?source=${other.id}`);
    const junk = await editor.agent.get('/recommendations/parent-field?source_id=%00&parent_id=-1&exclude=x').set('HX-Request', 'true');
    expect(junk.status).toBe(200);
  });
});

describe('Invitations', () => {
  const userCount = () => ctx.db.select({ n: count() }).from(users).get()!.n;

  async function invite(values: FormValues) {
    const res = await postForm(admin.agent, '/admin/invitations', { _csrf: admin.csrf, role: 'editor', ...values });
    if (res.status !== 303) return { res, url: undefined };
    const page = await admin.agent.get('/admin/users');
    const url = /<input id="invitation-url" type="text" readonly value="([^"]+)"/.exec(page.text)?.[1];
    return { res, page, url };
  }

  test('When an admin invites a colleague, then the link is shown once, only its hash is stored, and the colleague joins with their own password', async () => {
    const before = userCount();
    const { res, page, url } = await invite({ name: 'Anna Analyst', email: '  Anna.Analyst@Example.org ' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/users');
    expect(url).toMatch(/^http:\/\/[^/]+\/invitations\/[A-Za-z0-9_-]{43}$/);
    expect(page!.text).toContain(esc(t('invitations.link_heading', { name: 'Anna Analyst' })));
    expect(userCount()).toBe(before);
    const token = url!.split('/').at(-1)!;
    const stored = ctx.db.select().from(invitations).where(eq(invitations.email, 'anna.analyst@example.org')).get()!;
    expect(stored).toMatchObject({ name: 'Anna Analyst', role: 'editor', tokenHash: tokenHash(token), acceptedAt: null });
    expect(JSON.stringify(stored)).not.toContain(token);
    // Shown once: the next visit lists the invitation, not the link.
    const again = await admin.agent.get('/admin/users');
    expect(again.text).not.toContain(token);
    expect(again.text).toContain('anna.analyst@example.org');
    // The logs never hold the token.
    expect(logs.raw()).not.toContain(token);

    const colleague = request.agent(ctx.app);
    const form = await colleague.get(`/invitations/${token}`);
    expect(form.status).toBe(200);
    expect(form.headers['cache-control']).toBe('no-store');
    expect(form.text).toContain('anna.analyst@example.org');
    expect(form.text).toContain(esc(t('role_help.editor')));
    const csrf = csrfFrom(form.text);
    const short = await postForm(colleague, `/invitations/${token}`, { _csrf: csrf, password: 'short', password_confirmation: 'short' });
    expect(short.status).toBe(422);
    expect(short.text).toContain('<a href="#password">');
    expect(userCount()).toBe(before);

    const joined = await postForm(colleague, `/invitations/${token}`, { _csrf: csrf, password: 'anna-chooses-her-own', password_confirmation: 'anna-chooses-her-own' });
    expect(joined.status).toBe(303);
    expect(joined.headers.location).toBe('/recommendations');
    const anna = ctx.db.select().from(users).where(eq(users.email, 'anna.analyst@example.org')).get()!;
    expect(anna).toMatchObject({ name: 'Anna Analyst', role: 'editor', active: true });
    expect(anna.passwordHash).not.toContain('anna-chooses');
    // Signed in at once, as an editor.
    const home = await colleague.get('/recommendations');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Anna Analyst');
    expect((await colleague.get('/recommendations/new')).status).toBe(200);

    // The link works once.
    const reused = await request.agent(ctx.app).get(`/invitations/${token}`);
    expect(reused.status).toBe(410);
    expect(reused.text).toContain(esc(t('invitations.unusable_title')));
    const anon = request.agent(ctx.app);
    const anonCsrf = csrfFrom((await anon.get('/login')).text);
    const reposted = await postForm(anon, `/invitations/${token}`, { _csrf: anonCsrf, password: 'someone-else-tries', password_confirmation: 'someone-else-tries' });
    expect(reposted.status).toBe(410);
    expect(ctx.db.select().from(users).where(eq(users.email, 'anna.analyst@example.org')).get()!.passwordHash).toBe(anna.passwordHash);
  });

  test('When an invitation has expired, then its link answers 410 and makes no account', async () => {
    const made = createInvitation(ctx.tx, { name: 'Late Lev', email: 'lev@example.org', role: 'viewer' }, admin.user.id, new Date(Date.now() - 8 * 24 * 3600 * 1000));
    if (!made.ok) throw new Error('not invited');
    const anon = request.agent(ctx.app);
    const page = await anon.get(`/invitations/${made.token}`);
    expect(page.status).toBe(410);
    const csrf = csrfFrom(page.text.includes('_csrf') ? page.text : (await anon.get('/login')).text);
    const res = await postForm(anon, `/invitations/${made.token}`, { _csrf: csrf, password: 'a-long-password-1', password_confirmation: 'a-long-password-1' });
    expect(res.status).toBe(410);
    expect(ctx.db.select().from(users).where(eq(users.email, 'lev@example.org')).get()).toBeUndefined();
    // Still valid a day before it expires: the limit is the stored time, not the day.
    const fresh = createInvitation(ctx.tx, { name: 'Early Eva', email: 'eva@example.org', role: 'viewer' }, admin.user.id, new Date(Date.now() - 6 * 24 * 3600 * 1000));
    if (!fresh.ok) throw new Error('not invited');
    expect((await request.agent(ctx.app).get(`/invitations/${fresh.token}`)).status).toBe(200);
  });

  test('When an admin invites the same address again or revokes an invitation, then the older link stops working', async () => {
    const first = await invite({ name: 'Boris', email: 'boris@example.org' });
    const second = await invite({ name: 'Boris B.', email: 'boris@example.org' });
    const token = (url: string | undefined) => url!.split('/').at(-1)!;
    expect((await request.agent(ctx.app).get(`/invitations/${token(first.url)}`)).status).toBe(410);
    expect((await request.agent(ctx.app).get(`/invitations/${token(second.url)}`)).status).toBe(200);
    const pending = ctx.db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash(token(second.url)))).get()!;
    const revoked = await postForm(admin.agent, `/admin/invitations/${pending.id}/revoke`, { _csrf: admin.csrf });
    expect(revoked.status).toBe(303);
    expect((await request.agent(ctx.app).get(`/invitations/${token(second.url)}`)).status).toBe(410);
    expect((await postForm(admin.agent, `/admin/invitations/${pending.id}/revoke`, { _csrf: admin.csrf })).status).toBe(404);
  });

  test('When the address already has an account, or a field is missing, then 422 says so by the field and nothing is stored', async () => {
    const before = ctx.db.select({ n: count() }).from(invitations).get()!.n;
    const taken = await invite({ name: 'Dup', email: editor.agent ? (ctx.db.select().from(users).where(eq(users.id, editor.user.id)).get()!.email.toUpperCase()) : '' });
    expect(taken.res.status).toBe(422);
    expect(taken.res.text).toContain(`<p class="field-error" id="invite-email-error">${esc(t('validation.email_taken'))}</p>`);
    expect(taken.res.text).toContain('<a href="#invite-email">');
    const missing = await invite({ name: '', email: 'x@example.org', role: '' });
    expect(missing.res.status).toBe(422);
    expect(missing.res.text).toContain('<a href="#invite-name">');
    expect(missing.res.text).toContain('<a href="#invite-role">');
    expect(ctx.db.select({ n: count() }).from(invitations).get()!.n).toBe(before);
  });
});
