import { count, eq } from 'drizzle-orm';
import { bodies, mechanismBodies, mechanisms, recommendationBodies, recommendations, sources, users } from '../../server/db/schema';
import { STATUS_KEYS, type StatusKey } from '../../server/domain/vocabulary';
import { t } from '../../server/lib/i18n';
import { createTestContext, makeUser, PASSWORD, signIn, signInAs, type TestContext, esc, postForm, type Agent, type FormValues } from '../helpers';


let ctx: TestContext;
let admin: { agent: Agent; csrf: string; user: { id: number; name: string; email: string } };
let viewer: { agent: Agent; csrf: string };

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  admin = await signInAs(ctx, 'admin');
  viewer = await signInAs(ctx, 'viewer');
});
afterAll(() => ctx.close());



const post = postForm;

const fieldError = (field: string, message: string) => `<p class="field-error" id="${field}-error">${esc(message)}</p>`;

const allRecs = () => ctx.db.select().from(recommendations).all();
const bodyByAcronym = (acronym: string) => ctx.db.select().from(bodies).where(eq(bodies.acronym, acronym)).get()!;
const participantIds = (mechanismId: number) =>
  ctx.db
    .select({ id: mechanismBodies.bodyId })
    .from(mechanismBodies)
    .where(eq(mechanismBodies.mechanismId, mechanismId))
    .all()
    .map((r) => r.id)
    .sort((a, b) => a - b);

function countsOf(recs: { status: StatusKey }[]): Map<StatusKey, number> {
  const m = new Map<StatusKey, number>();
  for (const r of recs) m.set(r.status, (m.get(r.status) ?? 0) + 1);
  return m;
}

/** The table row of an index page that links to `href`. */
function rowLinking(html: string, href: string): string {
  const row = html.split('<tr>').find((chunk) => chunk.includes(`href="${href}"`));
  if (!row) throw new Error(`no row links to ${href}`);
  return row.slice(0, row.indexOf('</tr>'));
}

/** The counts per status shown in a status-counts block: each non-zero status with its number, and the total. */
function expectStatusCounts(html: string, expected: Map<StatusKey, number>) {
  for (const key of STATUS_KEYS) {
    const n = expected.get(key) ?? 0;
    const shown = new RegExp(`status=${key}"><span class="badge badge-[a-z]+">${esc(t(`status.${key}`))}</span> (\\d+)</a>`).exec(html);
    expect({ key, shown: shown ? Number(shown[1]) : 0 }).toEqual({ key, shown: n });
  }
  const total = [...expected.values()].reduce((a, b) => a + b, 0);
  expect(html).toContain(`<li class="count-total">${esc(t('counts.total', { count: total }))}</li>`);
}

/** Ids of the recommendations linked from the recommendations section of a reference page. */
function listedRecommendationIds(html: string): number[] {
  const section = html.slice(html.indexOf('id="recs-heading"'));
  return [...section.matchAll(/<a href="\/recommendations\/(\d+)">/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
}

const ids = (recs: { id: number }[]) => recs.map((r) => r.id).sort((a, b) => a - b);

describe('Reference pages', () => {
  test('When the mechanisms index is opened, then every mechanism is listed with its counts per status', async () => {
    const res = await viewer.agent.get('/mechanisms');
    expect(res.status).toBe(200);
    const recs = allRecs();
    for (const m of ctx.db.select().from(mechanisms).all()) {
      const row = rowLinking(res.text, `/mechanisms/${m.id}`);
      expect(row).toContain(`>${esc(m.name)}</a>`);
      expectStatusCounts(row, countsOf(recs.filter((r) => r.mechanismId === m.id)));
    }
  });

  test('When the bodies index is opened, then every body is listed with the counts of the recommendations it leads or supports', async () => {
    const res = await viewer.agent.get('/bodies');
    expect(res.status).toBe(200);
    const recs = allRecs();
    const links = ctx.db.select().from(recommendationBodies).all();
    for (const b of ctx.db.select().from(bodies).all()) {
      const row = rowLinking(res.text, `/bodies/${b.id}`);
      expect(row).toContain(`>${esc(b.name)}</a>`);
      const linked = new Set(links.filter((l) => l.bodyId === b.id).map((l) => l.recommendationId));
      expectStatusCounts(row, countsOf(recs.filter((r) => linked.has(r.id))));
    }
  });

  test('When the sources index is opened, then every publication is listed with its counts per status', async () => {
    const res = await viewer.agent.get('/sources');
    expect(res.status).toBe(200);
    const recs = allRecs();
    for (const s of ctx.db.select().from(sources).all()) {
      const row = rowLinking(res.text, `/sources/${s.id}`);
      expect(row).toContain(`>${esc(s.title)}</a>`);
      expectStatusCounts(row, countsOf(recs.filter((r) => r.sourceId === s.id)));
    }
  });

  test('When a mechanism, body or source page is opened, then it shows exactly its recommendations and their counts', async () => {
    const recs = allRecs();
    const links = ctx.db.select().from(recommendationBodies).all();
    const pages: { url: string; expected: typeof recs }[] = [
      ...ctx.db.select().from(mechanisms).all().map((m) => ({ url: `/mechanisms/${m.id}`, expected: recs.filter((r) => r.mechanismId === m.id) })),
      ...ctx.db.select().from(bodies).all().map((b) => {
        const linked = new Set(links.filter((l) => l.bodyId === b.id).map((l) => l.recommendationId));
        return { url: `/bodies/${b.id}`, expected: recs.filter((r) => linked.has(r.id)) };
      }),
      ...ctx.db.select().from(sources).all().map((s) => ({ url: `/sources/${s.id}`, expected: recs.filter((r) => r.sourceId === s.id) })),
    ];
    for (const { url, expected } of pages) {
      const res = await viewer.agent.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect({ url, listed: listedRecommendationIds(res.text) }).toEqual({ url, listed: ids(expected) });
      for (const r of expected) expect(res.text).toContain(`<a href="/recommendations/${r.id}">${esc(r.shortTitle)}</a>`);
      if (expected.length === 0) expect(res.text).toContain(t('recommendations.empty_for_entity'));
      expectStatusCounts(res.text.slice(res.text.indexOf('id="recs-heading"')), countsOf(expected));
    }
  });

  test('When pages name bodies and mechanisms that have Russian or Chinese names, then those native names are shown', async () => {
    const riac = bodyByAcronym('RIAC');
    const cass = bodyByAcronym('CASS');
    const valdai = ctx.db.select().from(mechanisms).all().find((m) => m.name.startsWith('Program of cooperation between the regions'))!;
    expect(riac.nativeName).toBe('Российский совет по международным делам');
    expect(cass.nativeName).toBe('中国社会科学院');
    const bodiesPage = await viewer.agent.get('/bodies');
    for (const b of ctx.db.select().from(bodies).all().filter((x) => x.nativeName)) {
      expect(rowLinking(bodiesPage.text, `/bodies/${b.id}`)).toContain(`<span class="native" lang="${b.nativeLanguage}">${esc(b.nativeName!)}</span>`);
    }
    const riacPage = await viewer.agent.get(`/bodies/${riac.id}`);
    expect(riacPage.text).toContain('Российский совет по международным делам');
    const cassPage = await viewer.agent.get(`/bodies/${cass.id}`);
    expect(cassPage.text).toContain('中国社会科学院');
    const mechanismsPage = await viewer.agent.get('/mechanisms');
    expect(rowLinking(mechanismsPage.text, `/mechanisms/${valdai.id}`)).toContain(esc(valdai.nativeName!));
    const valdaiPage = await viewer.agent.get(`/mechanisms/${valdai.id}`);
    expect(valdaiPage.text).toContain(esc(valdai.nativeName!));
    // A recommendation led by RIAC shows the body's native name too.
    const ledByRiac = ctx.db.select().from(recommendationBodies).where(eq(recommendationBodies.bodyId, riac.id)).all()[0]!;
    const detail = await viewer.agent.get(`/recommendations/${ledByRiac.recommendationId}`);
    expect(detail.text).toContain('<span class="native" lang="ru">Российский совет по международным делам</span>');
  });

  test('When a mechanism, body or source does not exist, then the 404 page is shown', async () => {
    for (const url of ['/mechanisms/999999', '/bodies/999999', '/sources/999999', '/mechanisms/abc', '/bodies/0', '/sources/-1']) {
      const res = await viewer.agent.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 404 });
      expect(res.text).toContain('<html');
      expect(res.text).toContain('Not found');
    }
  });
});

describe('Admin: reference data', () => {
  const bodyForm = (values: FormValues = {}): FormValues => ({
    _csrf: admin.csrf,
    name: 'People’s Government of Heilongjiang Province',
    native_name: '黑龙江省人民政府',
    acronym: '',
    country: 'China',
    kind: 'regional_government',
    ...values,
  });
  const bodyCount = () => ctx.db.select({ n: count() }).from(bodies).get()!.n;

  test('When an admin creates a valid body, then 303 leads to its page, which shows it with its native name', async () => {
    const form = await admin.agent.get('/admin/bodies/new');
    expect(form.status).toBe(200);
    const res = await post(admin.agent, '/admin/bodies', bodyForm());
    expect(res.status).toBe(303);
    const created = ctx.db.select().from(bodies).where(eq(bodies.name, 'People’s Government of Heilongjiang Province')).get()!;
    expect(created).toMatchObject({ nativeName: '黑龙江省人民政府', acronym: null, country: 'China', kind: 'regional_government' });
    expect(res.headers.location).toBe(`/bodies/${created.id}`);
    const page = await admin.agent.get(res.headers.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain(esc('People’s Government of Heilongjiang Province'));
    expect(page.text).toContain('黑龙江省人民政府');
    expect(page.text).toContain(t('flash.saved'));
  });

  test('When a body with an existing name is created, then 422 says it already exists and nothing is written', async () => {
    const before = bodyCount();
    const res = await post(admin.agent, '/admin/bodies', bodyForm({ name: 'Russian International Affairs Council', native_name: '' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('already exists');
    expect(res.text).toContain(fieldError('name', t('validation.already_exists')));
    expect(res.text).toContain('value="Russian International Affairs Council"');
    expect(bodyCount()).toBe(before);
  });

  test('When a body is created without a kind, then 422 asks to choose one and nothing is written', async () => {
    const before = bodyCount();
    const res = await post(admin.agent, '/admin/bodies', bodyForm({ name: 'Body without a kind', kind: undefined }));
    expect(res.status).toBe(422);
    expect(res.text).toContain(fieldError('kind', t('validation.invalid_choice')));
    expect(res.text).toContain('value="Body without a kind"');
    expect(bodyCount()).toBe(before);
  });

  test('When an admin renames a mechanism, then the list\'s and the board\'s filters offer the new name at once', async () => {
    const mechanism = ctx.db.select().from(mechanisms).all().find((m) => m.name.startsWith('Trans-Baikal Club'))!;
    const offered = (name: string) => `<option value="${mechanism.id}">${esc(name)}</option>`;
    for (const page of ['/recommendations', '/board']) expect((await viewer.agent.get(page)).text).toContain(offered(mechanism.name));
    const renamed = `${mechanism.name} (renamed)`;
    const res = await post(admin.agent, `/admin/mechanisms/${mechanism.id}`, {
      _csrf: admin.csrf,
      name: renamed,
      native_name: mechanism.nativeName ?? '',
      kind: mechanism.kind,
      lifecycle: mechanism.lifecycle,
      year_established: mechanism.yearEstablished === null ? '' : String(mechanism.yearEstablished),
      description: mechanism.description ?? '',
    });
    expect(res.status).toBe(303);
    for (const page of ['/recommendations', '/board']) expect((await viewer.agent.get(page)).text).toContain(offered(renamed));
    await post(admin.agent, `/admin/mechanisms/${mechanism.id}`, {
      _csrf: admin.csrf,
      name: mechanism.name,
      native_name: mechanism.nativeName ?? '',
      kind: mechanism.kind,
      lifecycle: mechanism.lifecycle,
      year_established: mechanism.yearEstablished === null ? '' : String(mechanism.yearEstablished),
      description: mechanism.description ?? '',
    });
  });

  test('When an admin edits a mechanism and its participants, then the mechanism and its participating bodies are replaced', async () => {
    const mechanism = ctx.db.select().from(mechanisms).all().find((m) => m.name.startsWith('Trans-Baikal Club'))!;
    expect(participantIds(mechanism.id)).toEqual([]);
    const riac = bodyByAcronym('RIAC').id;
    const near = bodyByAcronym('NEAR').id;
    const edit = await admin.agent.get(`/admin/mechanisms/${mechanism.id}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain(`value="${esc(mechanism.name)}"`);
    const form = (participants: string[], extra: FormValues = {}): FormValues => ({
      _csrf: admin.csrf,
      name: mechanism.name,
      native_name: 'Забайкальский клуб трансграничного и межрегионального сотрудничества',
      kind: 'dialogue_club',
      lifecycle: 'active',
      year_established: '2017',
      participant_ids: participants,
      description: 'Now active.',
      ...extra,
    });
    const res = await post(admin.agent, `/admin/mechanisms/${mechanism.id}`, form([String(riac), String(near)]));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/mechanisms/${mechanism.id}`);
    expect(participantIds(mechanism.id)).toEqual([riac, near].sort((a, b) => a - b));
    expect(ctx.db.select().from(mechanisms).where(eq(mechanisms.id, mechanism.id)).get()).toMatchObject({
      lifecycle: 'active',
      yearEstablished: 2017,
      nativeName: 'Забайкальский клуб трансграничного и межрегионального сотрудничества',
      description: 'Now active.',
    });
    const page = await viewer.agent.get(`/mechanisms/${mechanism.id}`);
    expect(page.text).toContain(`<a href="/bodies/${riac}">`);
    expect(page.text).toContain(`<a href="/bodies/${near}">`);
    expect(page.text).toContain('Забайкальский клуб');
    const bodyPage = await viewer.agent.get(`/bodies/${near}`);
    expect(bodyPage.text).toContain(`<a href="/mechanisms/${mechanism.id}">`);

    // Removing a participant removes its link.
    const again = await post(admin.agent, `/admin/mechanisms/${mechanism.id}`, form([String(near)]));
    expect(again.status).toBe(303);
    expect(participantIds(mechanism.id)).toEqual([near]);

    // A failed edit (name taken, or an unknown body) changes nothing.
    const row = ctx.db.select().from(mechanisms).where(eq(mechanisms.id, mechanism.id)).get();
    const taken = await post(admin.agent, `/admin/mechanisms/${mechanism.id}`, form([String(riac)], { name: 'BRICS' }));
    expect(taken.status).toBe(422);
    expect(taken.text).toContain(fieldError('name', t('validation.already_exists')));
    const unknown = await post(admin.agent, `/admin/mechanisms/${mechanism.id}`, form([String(riac), '999999']));
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain(esc(t('validation.unknown_choice')));
    expect(participantIds(mechanism.id)).toEqual([near]);
    expect(ctx.db.select().from(mechanisms).where(eq(mechanisms.id, mechanism.id)).get()).toEqual(row);
  });

  test('When a source is created with a web address that is not http or https, then 422 explains it and nothing is written', async () => {
    const before = ctx.db.select({ n: count() }).from(sources).get()!.n;
    for (const url of ['javascript:alert(1)', 'ftp://example.org/file.pdf', 'not a url']) {
      const res = await post(admin.agent, '/admin/sources', {
        _csrf: admin.csrf,
        title: 'A new report on border trade',
        authors: 'I. Ivanov',
        publisher: 'RIAC',
        published_on: '2024-05',
        kind: 'report',
        url,
        language: 'ru',
      });
      expect({ url, status: res.status }).toEqual({ url, status: 422 });
      expect(res.text).toContain(fieldError('url', t('validation.http_url')));
      expect(res.text).toContain('value="A new report on border trade"');
    }
    expect(ctx.db.select({ n: count() }).from(sources).get()!.n).toBe(before);
  });

  test('When an admin edits a body, mechanism or source that does not exist, then the 404 page is shown and nothing is created', async () => {
    const before = bodyCount();
    for (const url of ['/admin/bodies/999999/edit', '/admin/mechanisms/999999/edit', '/admin/sources/abc/edit']) {
      const res = await admin.agent.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 404 });
    }
    const res = await post(admin.agent, '/admin/bodies/999999', bodyForm({ name: 'Ghost body' }));
    expect(res.status).toBe(404);
    expect(bodyCount()).toBe(before);
  });

  test('When an admin opens the reference-data forms, then every control has a visible label', async () => {
    const mechanism = ctx.db.select().from(mechanisms).all()[0]!;
    for (const url of ['/admin/bodies/new', '/admin/sources/new', '/admin/mechanisms/new', `/admin/mechanisms/${mechanism.id}/edit`]) {
      const res = await admin.agent.get(url);
      expect(res.status).toBe(200);
      const controls = [...res.text.matchAll(/<(?:input|select|textarea)\b([^>]*)>/g)].map((m) => m[1]!).filter((a) => !/type="hidden"/.test(a));
      expect(controls.length).toBeGreaterThan(0);
      for (const attrs of controls) {
        const id = /\bid="([^"]+)"/.exec(attrs)?.[1];
        expect({ url, attrs, id: typeof id }).toEqual({ url, attrs, id: 'string' });
        expect({ url, id, labelled: new RegExp(`<label for="${id}">[^<]*\\S`).test(res.text) }).toEqual({ url, id, labelled: true });
      }
    }
  });

  test('When a non-admin uses the admin pages or posts admin forms, then 403 is returned and nothing changes', async () => {
    const editor = await signInAs(ctx, 'editor');
    const mechanism = ctx.db.select().from(mechanisms).all()[0]!;
    const before = { bodies: bodyCount(), mechanism: ctx.db.select().from(mechanisms).where(eq(mechanisms.id, mechanism.id)).get(), users: ctx.db.select({ n: count() }).from(users).get()!.n };
    for (const who of [editor, viewer]) {
      for (const url of ['/admin', '/admin/users', '/admin/bodies', '/admin/bodies/new', `/admin/mechanisms/${mechanism.id}/edit`]) {
        const res = await who.agent.get(url);
        expect({ url, status: res.status }).toEqual({ url, status: 403 });
        expect(res.text).toContain(t('errors.forbidden'));
      }
      const posts: [string, FormValues][] = [
        ['/admin/bodies', bodyForm({ _csrf: who.csrf, name: 'Sneaky body' })],
        [`/admin/mechanisms/${mechanism.id}`, { _csrf: who.csrf, name: 'Renamed', kind: 'programme', lifecycle: 'active' }],
        ['/admin/invitations', { _csrf: who.csrf, name: 'Sneaky', email: 'sneaky@example.org', role: 'admin' }],
        [`/admin/users/${editor.user.id}`, { _csrf: who.csrf, role: 'admin', active: 'on' }],
      ];
      for (const [url, values] of posts) {
        const res = await post(who.agent, url, values);
        expect({ url, status: res.status }).toEqual({ url, status: 403 });
      }
    }
    expect({
      bodies: bodyCount(),
      mechanism: ctx.db.select().from(mechanisms).where(eq(mechanisms.id, mechanism.id)).get(),
      users: ctx.db.select({ n: count() }).from(users).get()!.n,
    }).toEqual(before);
    expect(ctx.db.select().from(users).where(eq(users.id, editor.user.id)).get()!.role).toBe('editor');
    const nav = await editor.agent.get('/recommendations');
    expect(nav.text).not.toContain('href="/admin"');
  });
});

describe('Admin: accounts', () => {
  // Accounts are created by invitation: test/http/detail-forms.test.ts.

  test('When an admin changes a viewer to editor, then the role is saved and the user can open the editor pages at once', async () => {
    const target = await makeUser(ctx.db, 'viewer');
    const session = await signIn(ctx.app, target.email, PASSWORD);
    expect((await session.agent.get('/recommendations/new')).status).toBe(403);
    const res = await post(admin.agent, `/admin/users/${target.id}`, { _csrf: admin.csrf, role: 'editor', active: 'on' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/users');
    expect(ctx.db.select().from(users).where(eq(users.id, target.id)).get()).toMatchObject({ role: 'editor', active: true });
    expect((await session.agent.get('/recommendations/new')).status).toBe(200);
    const list = await admin.agent.get('/admin/users');
    expect(list.text).toMatch(new RegExp(`<select id="role-${target.id}" name="role">[\\s\\S]*?<option value="editor" selected>`));
  });

  test('When the only active admin tries to demote themselves, then 422 explains it and the role stays admin', async () => {
    const admins = ctx.db.select().from(users).where(eq(users.role, 'admin')).all().filter((u) => u.active);
    expect(admins).toHaveLength(1);
    const res = await post(admin.agent, `/admin/users/${admin.user.id}`, { _csrf: admin.csrf, role: 'viewer', active: 'on' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(esc(t('admin.errors.last_admin')));
    expect(ctx.db.select().from(users).where(eq(users.id, admin.user.id)).get()!.role).toBe('admin');
  });
});
