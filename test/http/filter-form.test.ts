import { bodies, sources } from '../../server/db/schema';
import { t } from '../../server/lib/i18n';
import { createTestContext, esc, signInAs, type Agent, type TestContext } from '../helpers';

/** The compact filter form of the list and the board, and the long lists it opens on request. */

let ctx: TestContext;
let agent: Agent;

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  ({ agent } = await signInAs(ctx, 'viewer'));
});
afterAll(() => ctx.close());

describe.each(['/recommendations', '/board'])('Filter form of %s', (page) => {
  test('When the page is opened, then the body and source lists are left out and a link opens them', async () => {
    const html = (await agent.get(page)).text;
    expect(html).not.toContain('id="filter-body"');
    expect(html).not.toContain('id="filter-source"');
    expect(html).toContain(`<a href="${esc(`${page}?filters=all`)}">${esc(t('filters.more'))}</a>`);
  });

  test('When more filters are asked for, then every body and source is offered, and the form keeps them open', async () => {
    const html = (await agent.get(`${page}?filters=all`)).text;
    const source = ctx.db.select().from(sources).all()[0]!;
    expect(html).toContain('id="filter-body"');
    expect(html).toContain(`<option value="${source.id}">${esc(source.title)}</option>`);
    expect(html).toContain('<input type="hidden" name="filters" value="all">');
    expect(html).toContain(`${esc(t('filters.fewer'))}</a>`);
  });

  test('When a body filter is on in the compact form, then it stays as a hidden field, named, with a link that removes it', async () => {
    const body = ctx.db.select().from(bodies).all()[0]!;
    const html = (await agent.get(`${page}?body=${body.id}&priority=yes`)).text;
    expect(html).toContain(`<input type="hidden" name="body" value="${body.id}">`);
    expect(html).toContain(`${esc(t('filters.body'))}: ${esc(body.name)} <a href="${esc(`${page}?priority=yes`)}"`);
  });

  test('When the body filter is not a valid id, then the long lists open with the error beside the field', async () => {
    const res = await agent.get(`${page}?body=abc`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="filter-body"');
    expect(res.text).toContain('id="filter-body-error"');
  });
});
