import { bodies, sources } from '../../server/db/schema';
import { t } from '../../server/lib/i18n';
import { createTestContext, esc, signInAs, type Agent, type TestContext } from '../helpers';

/** The compact filter bar of the list and the board: the rest behind "Filters", the long lists on request, the filters on as chips. */

let ctx: TestContext;
let agent: Agent;

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  ({ agent } = await signInAs(ctx, 'viewer'));
});
afterAll(() => ctx.close());

describe.each(['/recommendations', '/board'])('Filter form of %s', (page) => {
  test('When the page is opened, then search, status and mechanism are in view, the rest behind a closed "Filters", and the body and source lists left out with a link that opens them', async () => {
    const html = (await agent.get(page)).text;
    const main = html.slice(html.indexOf('<div class="filter-main">'), html.indexOf('<details class="filter-more"'));
    for (const id of ['q', 'filter-status', 'filter-mechanism']) expect(main).toContain(`id="${id}"`);
    expect(html).toContain(`<details class="filter-more">\n    <summary>${esc(t('filters.more_button'))}</summary>`);
    expect(html).not.toContain('id="filter-body"');
    expect(html).not.toContain('id="filter-source"');
    expect(html).toContain(`<a href="${esc(`${page}?filters=all`)}">${esc(t('filters.long_lists'))}</a>`);
    expect(html).toContain(`<a class="skip-link skip-results" href="${page === '/board' ? '#board-content' : '#results'}">${esc(t('filters.skip'))}</a>`);
  });

  test('When more filters are asked for, then every body and source is offered, and the form keeps them open', async () => {
    const html = (await agent.get(`${page}?filters=all`)).text;
    const source = ctx.db.select().from(sources).all()[0]!;
    expect(html).toContain('id="filter-body"');
    expect(html).toContain(`<option value="${source.id}">${esc(source.title)}</option>`);
    expect(html).toContain('<input type="hidden" name="filters" value="all">');
    // Shown, so the link that shows them is gone, and the filters stay open.
    expect(html).not.toContain(esc(t('filters.long_lists')));
    expect(html).toContain('<details class="filter-more" open>');
  });

  test('When a body filter is on in the compact form, then it stays as a hidden field, named, with a link that removes it', async () => {
    const body = ctx.db.select().from(bodies).all()[0]!;
    const html = (await agent.get(`${page}?body=${body.id}&priority=yes`)).text;
    expect(html).toContain(`<input type="hidden" name="body" value="${body.id}">`);
    expect(html).toContain(`<a class="chip" href="${esc(`${page}?priority=yes`)}" aria-label="${esc(t('filters.remove_chip', { name: `${t('filters.body')}: ${body.name}` }))}">`);
    expect(html).toContain(`<summary>${esc(t('filters.more_count', { count: 2 }))}</summary>`);
  });

  test('When several filters are on, then each is a chip whose link removes only it, and "Clear all" removes them all', async () => {
    const res = await agent.get(`${page}?q=council&status=in_progress&priority=yes&overdue=yes`);
    expect(res.status).toBe(200);
    const chips = [...res.text.matchAll(/<a class="chip" href="([^"]*)" aria-label="([^"]*)">/g)].map((m) => ({ href: m[1]!.replace(/&amp;|&#x3D;/g, (e) => (e === '&amp;' ? '&' : '=')), label: m[2] }));
    expect(chips.map((c) => new URL(c.href, 'http://x').searchParams.toString())).toEqual([
      'status=in_progress&priority=yes&overdue=yes',
      'q=council&priority=yes&overdue=yes',
      'q=council&status=in_progress&overdue=yes',
      'q=council&status=in_progress&priority=yes',
    ]);
    expect(chips.map((c) => c.label)).toEqual([
      esc(t('filters.remove_chip', { name: `${t('filters.search_chip')}: “council”` })),
      esc(t('filters.remove_chip', { name: `${t('filters.status')}: ${t('status.in_progress')}` })),
      esc(t('filters.remove_chip', { name: `${t('filters.priority')}: ${t('filters.priority_yes')}` })),
      esc(t('filters.remove_chip', { name: t('filters.overdue_chip') })),
    ]);
    expect(res.text).toContain(`<a class="clear-all" href="${page}">${esc(t('filters.clear_all'))}</a>`);
  });

  test('When no filter is on, then there are no chips', async () => {
    const html = (await agent.get(page)).text;
    expect(html).not.toContain('class="chip"');
    expect(html).not.toContain('class="clear-all"');
  });

  test('When the body filter is not a valid id, then the long lists open with the error beside the field', async () => {
    const res = await agent.get(`${page}?body=abc`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="filter-body"');
    expect(res.text).toContain('id="filter-body-error"');
  });
});
