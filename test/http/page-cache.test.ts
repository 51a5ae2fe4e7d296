import { recommendations } from '../../server/db/schema';
import { t } from '../../server/lib/i18n';
import { createTestContext, csrfFrom, esc, makeUser, signIn, type TestContext } from '../helpers';

/** Pages served again from the page cache: never stale, never another person's. */

let ctx: TestContext;
let id: number;

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  id = ctx.db.select().from(recommendations).all()[0]!.id;
});
afterAll(() => ctx.close());

const statusForm = (csrf: string, status: string) => ({
  _csrf: csrf,
  status,
  effective_on: '2026-01-15',
  rationale: 'Checked with the secretariat',
  evidence_kind: 'official_document',
  evidence_language: 'en',
});

describe('Page cache', () => {
  test('When a status changes, then the list, the detail page and the board opened again show the new status at once', async () => {
    const editor = await makeUser(ctx.db, 'editor');
    const { agent, csrf } = await signIn(ctx.app, editor.email);
    const pages = [`/recommendations?status=stalled`, `/recommendations/${id}`, '/board?view=kanban'];
    for (const page of pages) expect((await agent.get(page)).status).toBe(200);
    const listBefore = (await agent.get(pages[0]!)).text;
    expect(listBefore).not.toContain(`id="row-${id}"`);

    expect((await agent.post(`/recommendations/${id}/status`).type('form').send(statusForm(csrf, 'stalled'))).status).toBe(303);

    expect((await agent.get(pages[0]!)).text).toContain(`id="row-${id}"`);
    const detail = (await agent.get(pages[1]!)).text;
    expect(detail).toContain('Checked with the secretariat');
    const kanban = (await agent.get(pages[2]!)).text;
    const stalledColumn = kanban.slice(kanban.indexOf(esc(t('status.stalled'))));
    expect(stalledColumn).toContain(`/recommendations/${id}"`);
  });

  test('When two people open the same page, then each sees their own name and gets their own working CSRF token', async () => {
    const first = await makeUser(ctx.db, 'editor', { name: 'First Analyst' });
    const second = await makeUser(ctx.db, 'editor', { name: 'Second Analyst' });
    const a = await signIn(ctx.app, first.email);
    const b = await signIn(ctx.app, second.email);
    const url = '/recommendations?sort=title';
    const pageA = (await a.agent.get(url)).text;
    const pageAAgain = (await a.agent.get(url)).text;
    const pageB = (await b.agent.get(url)).text;
    expect(pageAAgain).toBe(pageA);
    const signedInAs = (html: string) => /<span class="who">([^<]*)/.exec(html)?.[1]?.trim();
    expect(signedInAs(pageAAgain)).toBe('First Analyst');
    expect(signedInAs(pageB)).toBe('Second Analyst');
    expect(csrfFrom(pageB)).toBe(b.csrf);
    expect(csrfFrom(pageAAgain)).toBe(a.csrf);
    expect(pageAAgain).not.toContain('\u0000');
    // The token in the page served again is the one the session accepts.
    expect((await a.agent.post(`/recommendations/${id}/status`).type('form').send(statusForm(csrfFrom(pageAAgain), 'in_progress'))).status).toBe(303);
  });

  test('When the page that follows a save carries its confirmation, then the confirmation shows once and the page after it has none', async () => {
    const editor = await makeUser(ctx.db, 'editor');
    const { agent, csrf } = await signIn(ctx.app, editor.email);
    const page = `/recommendations/${id}`;
    await agent.get(page);
    const saved = await agent.post(`/recommendations/${id}/status`).type('form').send(statusForm(csrf, 'implemented'));
    expect(saved.headers.location).toBe(page);
    const confirmation = esc(t('flash.status_updated'));
    expect((await agent.get(page)).text).toContain(confirmation);
    expect((await agent.get(page)).text).not.toContain(confirmation);
  });

  test('When a status is saved from a list row, then the list names the change beside the row once, and the list opened again does not', async () => {
    const editor = await makeUser(ctx.db, 'editor');
    const { agent, csrf } = await signIn(ctx.app, editor.email);
    const list = '/recommendations?sort=reference';
    expect((await agent.get(list)).status).toBe(200);
    const saved = await agent.post(`/recommendations/${id}/status`).type('form').send({ ...statusForm(csrf, 'under_consideration'), return_to: list });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`${list}#row-${id}`);
    expect((await agent.get(list)).text).toContain(`id="status-saved-${id}"`);
    // The mark was read from the session, whose write (taking it away) leaves the page cache as it is.
    expect((await agent.get(list)).text).not.toContain(`id="status-saved-${id}"`);
  });

  test('When the same URL is asked for as a page and as an htmx fragment, then each gets its own kind', async () => {
    const viewer = await makeUser(ctx.db, 'viewer');
    const { agent } = await signIn(ctx.app, viewer.email);
    const url = '/recommendations?sort=target';
    for (let i = 0; i < 2; i++) {
      const full = await agent.get(url);
      const fragment = await agent.get(url).set('HX-Request', 'true');
      expect(full.text).toContain('<html');
      expect(fragment.text).not.toContain('<html');
      expect(fragment.text).toContain('id="results"');
      expect(fragment.headers.vary).toContain('HX-Request');
    }
  });

  test('When a browser opens a page it has opened before, then it comes in Brotli, or gzip if that is all it takes, and reads the same; a client that asks for no encoding gets plain HTML', async () => {
    const viewer = await makeUser(ctx.db, 'viewer', { name: 'Gzip Reader' });
    const { agent } = await signIn(ctx.app, viewer.email);
    const url = `/recommendations/${id}`;
    const first = await agent.get(url).set('Accept-Encoding', 'gzip, deflate, br, zstd');
    const again = await agent.get(url).set('Accept-Encoding', 'gzip, deflate, br, zstd');
    expect(again.headers['content-encoding']).toBe('br');
    expect(again.headers.vary).toMatch(/Accept-Encoding/);
    expect(again.text).toBe(first.text);
    expect(again.text).toContain('Gzip Reader');
    for (let i = 0; i < 2; i++) {
      const gzipped = await agent.get(url).set('Accept-Encoding', 'gzip, deflate');
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(gzipped.text).toBe(first.text);
    }
    const plain = await agent.get(url).unset('Accept-Encoding');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(plain.text).toBe(first.text);
  });
});
