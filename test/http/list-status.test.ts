import { eq } from 'drizzle-orm';
import { evidenceNotes, recommendations } from '../../server/db/schema';
import { t } from '../../server/lib/i18n';
import { createTestContext, esc, postForm, signInAs, type Agent, type FormValues, type TestContext } from '../helpers';

/**
 * The list and the status changed from it: where a save returns (the same list,
 * at the row), what htmx fetches after it (only that row), and what the row
 * says (its status, how long, how old its evidence, and the change just made).
 */

let ctx: TestContext;
let editor: { agent: Agent; csrf: string };
let viewer: { agent: Agent };

const TODAY = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  editor = await signInAs(ctx, 'editor');
  viewer = await signInAs(ctx, 'viewer');
});
afterAll(() => ctx.close());

const rows = () => ctx.db.select().from(recommendations).all();
const byReference = (reference: string) => rows().find((r) => r.reference === reference)!;
const rowIds = (html: string) => [...html.matchAll(/<tr id="row-(\d+)">/g)].map((m) => Number(m[1]));
const rowHtml = (html: string, id: number) => {
  const start = html.indexOf(`<tr id="row-${id}">`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</tr>', start) + 5);
};
const unescapeAttr = (value: string) => value.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/&#x27;/g, "'").replace(/&quot;/g, '"');

function statusForm(values: FormValues): FormValues {
  return { _csrf: editor.csrf, effective_on: TODAY, rationale: 'Checked from the list', evidence_kind: 'official_document', evidence_language: 'en', ...values };
}

describe('The recommendations list', () => {
  test('When no sort is chosen, then rows come by publication and reference, and a status change does not move its row', async () => {
    const before = await editor.agent.get('/recommendations');
    expect(before.text).toMatch(/<option value="reference" selected>/);
    const ids = rowIds(before.text);
    const middle = rows().find((r) => r.id === ids[Math.floor(ids.length / 2)])!;
    const res = await postForm(editor.agent, `/recommendations/${middle.id}/status`, statusForm({ status: 'stalled', return_to: '/recommendations' }));
    expect(res.status).toBe(303);
    const after = await editor.agent.get('/recommendations');
    expect(rowIds(after.text)).toEqual(ids);
  });

  test('When a row is shown, then it says how long it has been in its status and how old its evidence is, not when the database was written', async () => {
    const rec = byReference('Babaev-3');
    expect(rec.statusSince).toBe('2024-10-11');
    const res = await viewer.agent.get('/recommendations');
    const row = rowHtml(res.text, rec.id);
    const sinceTitle = esc(t('list.status_since_title', { date: '2024-10-11' }));
    expect(row).toMatch(new RegExp(`<time class="meta" datetime="2024-10-11" title="${sinceTitle}">for \\d+ (year|month)s?</time>`));
    const newest = ctx.db.select().from(evidenceNotes).where(eq(evidenceNotes.recommendationId, rec.id)).all().map((n) => n.observedOn).sort().at(-1);
    expect(newest).toBe('2024-10-11');
    expect(row).toMatch(new RegExp(`<time datetime="${newest}" title="${esc(t('list.evidence_title', { date: newest }))}">Last evidence \\d+ (day|month|year)s? ago</time>`));
    const bare = rowHtml(res.text, byReference('Mamonov-1').id);
    expect(bare).toContain(t('list.no_evidence'));
    // The write time (the same for every seeded row) is no longer a column.
    expect(res.text).not.toContain(`>${t('fields.updated_at')}</th>`);
    expect(res.text).not.toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });

  test('When a viewer sees the list, then rows carry no status action', async () => {
    const res = await viewer.agent.get('/recommendations');
    expect(res.text).not.toContain('data-status-dialog');
    expect(res.text).not.toContain(t('status_update.inline_button'));
  });
});

describe('Changing a status from the list', () => {
  test('When an editor opens a row\'s status form through htmx, then the dialog fragment names the recommendation and its form refreshes only that row, with a Cancel back to it', async () => {
    const rec = byReference('Mamonov-2');
    const list = await editor.agent.get('/recommendations?priority=no');
    const link = unescapeAttr(new RegExp(`href="(/recommendations/${rec.id}/status\\?return_to=[^"]*)"`).exec(rowHtml(list.text, rec.id))![1]!);
    expect(decodeURIComponent(link.split('return_to=')[1]!)).toBe('/recommendations?priority=no');
    const res = await editor.agent.get(link).set('HX-Request', 'true');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<html');
    expect(res.text).toContain(`<h2 id="status-dialog-title">${t('status_update.title')}</h2>`);
    expect(res.text).toContain(`<a href="/recommendations/${rec.id}">${esc(rec.shortTitle)}</a>`);
    expect(res.text).toContain(`hx-target="#row-${rec.id}" hx-swap="outerHTML"`);
    expect(res.text).toContain(`<a class="button secondary" href="/recommendations?priority&#x3D;no#row-${rec.id}" data-dialog-close>${t('forms.cancel')}</a>`);
    // Without htmx, the same URL is the status page, with the same form and the same Cancel.
    const page = await editor.agent.get(link);
    expect(page.text).toContain('<html');
    expect(page.text).toContain(`id="status-form-${rec.id}"`);
    expect(page.text).toContain(`href="/recommendations?priority&#x3D;no#row-${rec.id}" data-dialog-close`);
  });

  test('When a plain form is saved, then 303 returns to the same list at the row\'s anchor, where the row names the change and the flash stays away', async () => {
    const rec = byReference('Kortunov-2');
    const returnTo = '/recommendations?priority=no&page=1';
    const res = await postForm(editor.agent, `/recommendations/${rec.id}/status`, statusForm({ status: 'under_consideration', return_to: returnTo }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${returnTo}#row-${rec.id}`);
    const list = await editor.agent.get(res.headers.location!.split('#')[0]!);
    const row = rowHtml(list.text, rec.id);
    expect(row).toContain(`<p class="inline-saved" id="status-saved-${rec.id}" tabindex="-1">`);
    expect(row).toContain(`<a href="/recommendations/${rec.id}">${esc(rec.shortTitle)}</a> → <span class="badge badge-amber">Under consideration</span>`);
    expect(list.text).not.toContain('<p class="flash">');
    expect(list.text).not.toContain(t('flash.status_updated'));
    // Said once: the next visit shows the row without it.
    const again = await editor.agent.get('/recommendations?priority=no&page=1');
    expect(again.text).not.toContain('class="inline-saved"');
  });

  test('When the saved row no longer matches the list\'s filters, then the flash confirms the save instead', async () => {
    const rec = byReference('Intro-1');
    const returnTo = '/recommendations?status=not_assessed';
    const res = await postForm(editor.agent, `/recommendations/${rec.id}/status`, statusForm({ status: 'no_action', return_to: returnTo }));
    expect(res.headers.location).toBe(`${returnTo}#row-${rec.id}`);
    const list = await editor.agent.get(returnTo);
    expect(rowIds(list.text)).not.toContain(rec.id);
    // The confirmation names the recommendation and links to it.
    expect(list.text).toContain(`<p class="flash">${t('flash.status_updated')} <a href="/recommendations/${rec.id}">`);
  });

  test('When return_to is not a same-site path, then the save returns to the list instead, still at the row', async () => {
    const rec = byReference('Intro-2');
    const statuses = ['no_action', 'under_consideration', 'in_progress', 'stalled', 'no_action'];
    for (const [i, evil] of ['https://evil.example/x', '//evil.example/path', '/\\evil.example', 'javascript:alert(1)', ''].entries()) {
      const plain = await postForm(editor.agent, `/recommendations/${rec.id}/status`, statusForm({ status: statuses[i]!, return_to: evil }));
      expect({ evil, status: plain.status, location: plain.headers.location }).toEqual({ evil, status: 303, location: `/recommendations#row-${rec.id}` });
    }
    // An anchor already in return_to is replaced, not doubled.
    const anchored = await postForm(editor.agent, `/recommendations/${rec.id}/status`, statusForm({ status: 'stalled', return_to: '/recommendations?q=x#row-1' }));
    expect(anchored.headers.location).toBe(`/recommendations?q=x#row-${rec.id}`);
  });

  test('When the save comes from the board, then the plain redirect lands on the card, and htmx fetches only the card\'s status region', async () => {
    const rec = byReference('Pylin-1');
    const plain = await postForm(editor.agent, `/recommendations/${rec.id}/status`, statusForm({ status: 'no_action', return_to: '/board?view=kanban' }));
    expect(plain.headers.location).toBe(`/board?view=kanban#card-${rec.id}`);
    const board = await editor.agent.get('/board?view=kanban');
    expect(board.text).toContain(`id="status-saved-${rec.id}"`);
    const hx = await postForm(editor.agent, `/recommendations/${rec.id}/status`, statusForm({ status: 'in_progress', return_to: '/board?view=kanban' })).set('HX-Request', 'true');
    expect(hx.headers.location).toBe(`/recommendations/${rec.id}/row?return_to=${encodeURIComponent('/board?view=kanban')}`);
    const region = await editor.agent.get(hx.headers.location!).set('HX-Request', 'true');
    expect(region.text.trimStart().startsWith(`<div id="inline-status-${rec.id}" class="inline-status">`)).toBe(true);
    expect(region.text).toContain(`<a href="/recommendations/${rec.id}">${esc(rec.shortTitle)}</a> → <span class="badge badge-blue">In progress</span>`);
  });

  test('When an htmx save succeeds, then 303 leads to the row alone, which shows the new status and names the change', async () => {
    const rec = byReference('Pylin-2');
    const returnTo = '/recommendations?sort=title';
    const res = await postForm(editor.agent, `/recommendations/${rec.id}/status`, statusForm({ status: 'implemented', return_to: returnTo })).set('HX-Request', 'true');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/recommendations/${rec.id}/row?return_to=${encodeURIComponent(returnTo)}`);
    const row = await editor.agent.get(res.headers.location!).set('HX-Request', 'true');
    expect(row.status).toBe(200);
    expect(row.headers.vary).toMatch(/HX-Request/);
    expect(row.text).not.toContain('<html');
    expect(row.text.trimStart().startsWith(`<tr id="row-${rec.id}">`)).toBe(true);
    expect(row.text).toContain('<span class="badge badge-green">Implemented</span> <time class="meta"');
    expect(row.text).toContain(`id="status-saved-${rec.id}"`);
    expect(row.text).toContain(`<a href="/recommendations/${rec.id}">${esc(rec.shortTitle)}</a> → <span class="badge badge-green">Implemented</span>`);
    // Its status link still returns to the same list.
    expect(row.text).toContain(`href="/recommendations/${rec.id}/status?return_to=${esc(encodeURIComponent(returnTo))}"`);
    // Read again, the row no longer repeats the message; a browser asking for the row is sent to the list, at the row.
    const again = await editor.agent.get(res.headers.location!).set('HX-Request', 'true');
    expect(again.text).not.toContain('class="inline-saved"');
    const browser = await editor.agent.get(res.headers.location!);
    expect(browser.status).toBe(303);
    expect(browser.headers.location).toBe(`${returnTo}#row-${rec.id}`);
  });

  test('When a row that does not exist is asked for, then 404', async () => {
    const res = await editor.agent.get('/recommendations/999999/row?return_to=%2Frecommendations').set('HX-Request', 'true');
    expect(res.status).toBe(404);
  });

  test('When an htmx save is invalid or conflicts, then the form comes back into the dialog (422, 409), still refreshing only its row', async () => {
    const rec = byReference('Pylin-3');
    const invalid = await postForm(editor.agent, `/recommendations/${rec.id}/status`, statusForm({ status: 'stalled', rationale: '', return_to: '/recommendations' })).set('HX-Request', 'true');
    expect(invalid.status).toBe(422);
    expect(invalid.headers['hx-retarget']).toBe(`#status-form-${rec.id}`);
    expect(invalid.text.trimStart().startsWith(`<form id="status-form-${rec.id}"`)).toBe(true);
    expect(invalid.text).toContain('This field is required.');
    expect(invalid.text).toContain(`hx-target="#row-${rec.id}"`);
    expect(invalid.text).toContain(`href="/recommendations#row-${rec.id}" data-dialog-close`);

    const stale = rec.version;
    ctx.tx.update(recommendations).set({ version: stale + 1 }).where(eq(recommendations.id, rec.id)).run();
    const conflict = await postForm(editor.agent, `/recommendations/${rec.id}/status`, statusForm({ status: 'stalled', version: String(stale), return_to: '/recommendations' })).set('HX-Request', 'true');
    expect(conflict.status).toBe(409);
    expect(conflict.headers['hx-retarget']).toBe(`#status-form-${rec.id}`);
    expect(conflict.text).toContain('class="form-errors"');
    expect(conflict.text).toContain(`name="version" value="${stale + 1}"`);
    expect(byReference('Pylin-3').status).toBe(rec.status);
  });
});
