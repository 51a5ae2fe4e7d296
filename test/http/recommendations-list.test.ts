import { eq, inArray } from 'drizzle-orm';
import { recommendationBodies, recommendations, recommendationThemes, sources, themes } from '../../server/db/schema';
import { OPEN_STATUS_KEYS, STATUSES, STATUS_KEYS } from '../../server/domain/vocabulary';
import { today } from '../../server/lib/dates';
import { t } from '../../server/lib/i18n';
import { addEvidence, createRecommendation } from '../../server/recommendations/service';
import { createTestContext, esc, makeUser, signInAs, type Agent, type TestContext } from '../helpers';

let ctx: TestContext;
let agent: Agent;

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  // The seed flags no priorities and implements nothing (the publications give neither): these filters need some.
  const seeded = ctx.db.select().from(recommendations).all();
  for (const r of seeded.filter((r) => ['5.1', '5.2', '5.3'].includes(r.reference))) {
    ctx.tx.update(recommendations).set({ priority: true }).where(eq(recommendations.id, r.id)).run();
  }
  const c1992 = seeded.find((r) => r.reference === 'C-1992')!;
  ctx.tx.update(recommendations).set({ status: 'implemented', statusSince: '2020-01-01' }).where(eq(recommendations.id, c1992.id)).run();
  ({ agent } = await signInAs(ctx, 'viewer'));
});
afterAll(() => ctx.close());


/** An attribute value as the browser reads it (Handlebars escapes `=` and `&`). */
const unescapeAttr = (value: string) =>
  value.replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16))).replace(/&amp;/g, '&').replace(/&quot;/g, '"');

/** The ids of the recommendations the results table shows, in order. */
function rowIds(html: string): number[] {
  return [...html.matchAll(/<tr id="row-(\d+)">/g)].map((m) => Number(m[1]));
}

const allRecs = () => ctx.db.select().from(recommendations).all();
const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

/** Asserts the page lists exactly the expected recommendations, by id and by visible title. */
function expectListed(html: string, expectedIds: number[]) {
  expect(expectedIds.length).toBeGreaterThan(0);
  expect(expectedIds.length).toBeLessThanOrEqual(50);
  expect(sorted(rowIds(html))).toEqual(sorted(expectedIds));
  const recs = allRecs();
  const included = recs.filter((r) => expectedIds.includes(r.id));
  const excluded = recs.filter((r) => !expectedIds.includes(r.id));
  expect(excluded.length).toBeGreaterThan(0);
  for (const r of included) expect(html).toContain(`<a href="/recommendations/${r.id}">${esc(r.shortTitle)}</a>`);
  for (const r of excluded) expect(html).not.toContain(`<a href="/recommendations/${r.id}">`);
}

describe('Recommendations list: page and fragment', () => {
  test('When the list is requested normally, then the full page with the layout and the results is returned', async () => {
    const res = await agent.get('/recommendations');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html');
    expect(res.text).toContain('id="results"');
    expect(res.text).toContain('<form class="filters"');
    expect(res.headers.vary).toMatch(/HX-Request/i);
  });

  test('When htmx asks for the list, then only the results fragment is returned, without the layout or the filter form', async () => {
    const res = await agent.get('/recommendations?status=in_progress').set('HX-Request', 'true');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<html');
    expect(res.text).not.toContain('<form class="filters"');
    expect(res.text.trimStart().startsWith('<section id="results"')).toBe(true);
    expect(res.headers.vary).toMatch(/HX-Request/i);
    const expected = allRecs().filter((r) => r.status === 'in_progress').map((r) => r.id);
    expectListed(res.text, expected);
  });

  test('When htmx boosts a navigation to the list, then the full page is returned', async () => {
    const res = await agent.get('/recommendations').set('HX-Request', 'true').set('HX-Boosted', 'true');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html');
    expect(res.text).toContain('id="results"');
    expect(res.headers.vary).toMatch(/HX-Request/i);
  });
});

describe('Recommendations list: filters', () => {
  test('When filtering by status, then only recommendations in that status are listed', async () => {
    for (const status of ['in_progress', 'implemented', 'under_consideration'] as const) {
      const res = await agent.get(`/recommendations?status=${status}`);
      expect(res.status).toBe(200);
      expectListed(res.text, allRecs().filter((r) => r.status === status).map((r) => r.id));
    }
  });

  test('When filtering by mechanism, then only recommendations of that mechanism are listed', async () => {
    const mechanismId = allRecs().find((r) => r.mechanismId !== null && allRecs().filter((x) => x.mechanismId === r.mechanismId).length > 1)!.mechanismId!;
    const res = await agent.get(`/recommendations?mechanism=${mechanismId}`);
    expect(res.status).toBe(200);
    expectListed(res.text, allRecs().filter((r) => r.mechanismId === mechanismId).map((r) => r.id));
  });

  test('When filtering by body, then recommendations where the body is lead or supporting are listed', async () => {
    const links = ctx.db.select().from(recommendationBodies).all();
    // A body with a supporting role somewhere, so both roles count.
    const bodyId = links.find((l) => l.role === 'supporting')!.bodyId;
    const expected = [...new Set(links.filter((l) => l.bodyId === bodyId).map((l) => l.recommendationId))];
    const res = await agent.get(`/recommendations?body=${bodyId}`);
    expect(res.status).toBe(200);
    expectListed(res.text, expected);
  });

  test('When filtering by source, then only that publication’s recommendations are listed', async () => {
    const source = ctx.db.select().from(sources).all().find((s) => s.title.startsWith('Moscow and Beijing'))!;
    const res = await agent.get(`/recommendations?source=${source.id}`);
    expect(res.status).toBe(200);
    expectListed(res.text, allRecs().filter((r) => r.sourceId === source.id).map((r) => r.id));
  });

  test('When filtering by priority, then “yes” lists the priority ones and “no” the others', async () => {
    const yes = await agent.get('/recommendations?priority=yes');
    expectListed(yes.text, allRecs().filter((r) => r.priority).map((r) => r.id));
    const no = await agent.get('/recommendations?priority=no');
    expectListed(no.text, allRecs().filter((r) => !r.priority).map((r) => r.id));
  });

  test('When filtering by theme, then only recommendations with that theme are listed', async () => {
    const theme = ctx.db.select().from(themes).where(eq(themes.name, 'trade')).get()!;
    const expected = ctx.db
      .select()
      .from(recommendationThemes)
      .where(eq(recommendationThemes.themeId, theme.id))
      .all()
      .map((l) => l.recommendationId);
    const res = await agent.get(`/recommendations?theme=${theme.id}`);
    expect(res.status).toBe(200);
    expectListed(res.text, expected);
  });

  test('When filtering overdue ones, then open recommendations past their target date are listed, closed or undated ones are not', async () => {
    // A past-due recommendation that is closed must not count as overdue.
    const closed = allRecs().find((r) => r.status === 'implemented')!;
    ctx.tx.update(recommendations).set({ targetDate: '2010-01-01' }).where(eq(recommendations.id, closed.id)).run();
    try {
      const expected = allRecs()
        .filter((r) => r.targetDate !== null && r.targetDate < today() && OPEN_STATUS_KEYS.includes(r.status))
        .map((r) => r.id);
      const res = await agent.get('/recommendations?overdue=yes');
      expect(res.status).toBe(200);
      expectListed(res.text, expected);
      expect(res.text).not.toContain(`<tr id="row-${closed.id}">`);
      expect(res.text).toContain(t('recommendations.overdue'));
    } finally {
      ctx.tx.update(recommendations).set({ targetDate: closed.targetDate }).where(eq(recommendations.id, closed.id)).run();
    }
  });

  test('When filtering by owner, then only the recommendations that editor owns are listed', async () => {
    const owner = await makeUser(ctx.db, 'editor');
    const ownedIds = allRecs().slice(2, 5).map((r) => r.id);
    ctx.tx.update(recommendations).set({ ownerId: owner.id }).where(inArray(recommendations.id, ownedIds)).run();
    try {
      const res = await agent.get(`/recommendations?owner=${owner.id}`);
      expect(res.status).toBe(200);
      expectListed(res.text, ownedIds);
      expect(res.text).toContain(`<option value="${owner.id}" selected>${esc(owner.name)}</option>`);
    } finally {
      ctx.tx.update(recommendations).set({ ownerId: null }).where(inArray(recommendations.id, ownedIds)).run();
    }
  });

  test('When filters are combined, then only recommendations matching all of them are listed', async () => {
    const source = allRecs().find((r) => r.priority)!.sourceId;
    const expected = allRecs().filter((r) => r.sourceId === source && r.priority && r.status === 'not_assessed').map((r) => r.id);
    const res = await agent.get(`/recommendations?source=${source}&priority=yes&status=not_assessed`);
    expectListed(res.text, expected);
  });

  test('When a filter is applied, then the counts per status are shown for that filter (whatever the status filter)', async () => {
    const source = ctx.db.select().from(sources).all().find((s) => s.title.includes('2024 Model'))!;
    const inSource = allRecs().filter((r) => r.sourceId === source.id);
    for (const url of [`/recommendations?source=${source.id}`, `/recommendations?source=${source.id}&status=in_progress`]) {
      const res = await agent.get(url);
      expect(res.status).toBe(200);
      for (const key of STATUS_KEYS) {
        const n = inSource.filter((r) => r.status === key).length;
        expect(res.text).toContain(`${esc(t(`status.${key}`))} <span class="count">${n}</span>`);
      }
    }
    const all = await agent.get('/recommendations');
    const total = allRecs().length;
    expect(all.text).toContain(esc(t('recommendations.showing', { from: 1, to: total, total })));
  });

  test('When a sort is chosen, then the rows come in that order and the sort stays selected', async () => {
    const byTitle = await agent.get('/recommendations?sort=title');
    const expectedByTitle = (ctx.sqlite.prepare('SELECT id FROM recommendations ORDER BY short_title COLLATE NOCASE, id').all() as { id: number }[]).map((r) => r.id);
    expect(rowIds(byTitle.text)).toEqual(expectedByTitle);
    expect(byTitle.text).toContain('<option value="title" selected>');
    const byTarget = await agent.get('/recommendations?sort=target');
    const dated = allRecs()
      .filter((r) => r.targetDate !== null)
      .sort((a, b) => a.targetDate!.localeCompare(b.targetDate!) || a.id - b.id)
      .map((r) => r.id);
    expect(rowIds(byTarget.text).slice(0, dated.length)).toEqual(dated);
    const bad = await agent.get('/recommendations?sort=bogus');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(`<p class="field-error" id="filter-sort-error">${esc(t('validation.invalid_choice'))}</p>`);
  });

  test('When a status or priority filter is combined with a sort by title or target date, then the rows come in that order', async () => {
    const expected = (where: string, order: string) =>
      (ctx.sqlite.prepare(`SELECT id FROM recommendations WHERE ${where} ORDER BY ${order}, id LIMIT 50`).all() as { id: number }[]).map((r) => r.id);
    const byTitle = 'short_title COLLATE NOCASE';
    const byTarget = 'target_date IS NULL, target_date';
    const status = ctx.sqlite.prepare('SELECT status FROM recommendations GROUP BY status ORDER BY count(*) DESC LIMIT 1').pluck().get() as string;
    for (const [query, where, order] of [
      [`status=${status}&sort=title`, `status = '${status}'`, byTitle],
      [`status=${status}&sort=target`, `status = '${status}'`, byTarget],
      ['priority=yes&sort=title', 'priority = 1', byTitle],
      ['priority=no&sort=target', 'priority = 0', byTarget],
    ] as const) {
      const ids = expected(where, order);
      expect(ids.length).toBeGreaterThan(1);
      expect({ query, ids: rowIds((await agent.get(`/recommendations?${query}`)).text) }).toEqual({ query, ids });
    }
  });

  test('When the mechanism id does not exist, then the list is empty with a 200', async () => {
    const res = await agent.get('/recommendations?mechanism=999999');
    expect(res.status).toBe(200);
    expect(rowIds(res.text)).toEqual([]);
    expect(res.text).toContain(t('recommendations.none_found'));
  });
});

describe('Recommendations list: bad query input', () => {
  test('When the status filter is not a known status, then 400 shows the message next to the status filter', async () => {
    const res = await agent.get('/recommendations?status=bogus');
    expect(res.status).toBe(400);
    expect(res.text).toContain('<html');
    expect(res.text).toMatch(/<select id="filter-status" name="status"[^>]*aria-invalid="true"[^>]*aria-describedby="filter-status-error"/);
    expect(res.text).toContain(`<p class="field-error" id="filter-status-error">${esc(t('validation.invalid_choice'))}</p>`);
    expect(res.text).toContain(t('filters.invalid'));
    expect(rowIds(res.text)).toEqual([]);
  });

  test('When the page is not a number, then 400 is returned', async () => {
    const res = await agent.get('/recommendations?page=abc');
    expect(res.status).toBe(400);
    expect(res.text).toContain(t('filters.invalid'));
  });

  test('When a filter parameter is repeated, then a 4xx is returned, never a 500', async () => {
    for (const qs of ['status=in_progress&status=implemented', 'mechanism=1&mechanism=2', 'q=a&q=b', 'page=1&page=2', 'sort=title&sort=status']) {
      const res = await agent.get(`/recommendations?${qs}`);
      expect({ qs, status: res.status }).toEqual({ qs, status: 400 });
    }
  });

  test('When the search text contains quotes or full-text syntax, then the search answers 200 and never a 500', async () => {
    const queries = ['"', '""', '"""', '*', 'NEAR*', 'NEAR OR', 'NEAR OR trade', '(', '((cross', 'a AND', 'NOT NOT', '^near', 'title:NEAR', '"NEAR', 'NEAR"', "'; DROP TABLE recommendations; --", '%', '_', '\\', 'NEAR(a b)', '-near', '{near}'];
    for (const q of queries) {
      const res = await agent.get('/recommendations').query({ q });
      expect({ q, status: res.status }).toEqual({ q, status: 200 });
      const fragment = await agent.get('/recommendations').query({ q }).set('HX-Request', 'true');
      expect({ q, status: fragment.status }).toEqual({ q, status: 200 });
    }
    expect(allRecs().length).toBeGreaterThan(0);
  });

  test('When searching for a phrase, then the recommendations whose title or text contains it are listed', async () => {
    const res = await agent.get('/recommendations').query({ q: 'NEAR' });
    expect(res.status).toBe(200);
    const expected = allRecs()
      .filter((r) => `${r.shortTitle} ${r.fullText}`.toLowerCase().includes('near'))
      .map((r) => r.id);
    // Evidence notes are searched too, so the result may be larger, but never misses a title or text match.
    const shown = rowIds(res.text);
    for (const id of expected) expect(shown).toContain(id);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(allRecs().length);
  });

  test('When searching for words that appear only in an evidence note, in Russian or Chinese, then that recommendation is found', async () => {
    const editor = await makeUser(ctx.db, 'editor');
    const target = allRecs().find((r) => r.reference === 'Mamonov-2')!;
    const added = addEvidence(
      ctx.tx,
      target.id,
      { observedOn: '2024-05-01', text: 'Совместная рабочая группа учреждена; 双方成立了联合工作组', sourceKind: 'news', language: 'ru' },
      editor.id,
    );
    expect(added.ok).toBe(true);
    for (const q of ['рабочая группа', '联合工作组']) {
      const res = await agent.get('/recommendations').query({ q });
      expect(res.status).toBe(200);
      expect(rowIds(res.text)).toEqual([target.id]);
      expect(res.text).toContain(`<input id="q" name="q" type="search" value="${esc(q)}"`);
    }
  });

  test('When the search text is a LIKE wildcard, then it is matched literally and does not list everything', async () => {
    for (const q of ['%', '_']) {
      const res = await agent.get('/recommendations').query({ q });
      expect(res.status).toBe(200);
      const expected = allRecs().filter((r) => `${r.shortTitle}\n${r.fullText}`.includes(q)).map((r) => r.id);
      expect(sorted(rowIds(res.text))).toEqual(sorted(expected));
    }
  });
});

describe('Recommendations list: pagination', () => {
  let pctx: TestContext;
  let pagent: Agent;
  let sourceId: number;
  const COUNT = 57;

  beforeAll(async () => {
    pctx = await createTestContext({ seed: true });
    const editor = await makeUser(pctx.db, 'editor');
    sourceId = pctx.tx
      .insert(sources)
      .values({ title: 'Paging test publication', authors: 'A. Author', publisher: 'Test Press', publishedOn: '2024', kind: 'report', language: 'en' })
      .returning({ id: sources.id })
      .get().id;
    for (let i = 1; i <= COUNT; i++) {
      const result = createRecommendation(
        pctx.tx,
        {
          sourceId,
          reference: `P-${String(i).padStart(2, '0')}`,
          shortTitle: `Paged recommendation number ${String(i).padStart(2, '0')}`,
          fullText: `Text ${i}`,
          supportingBodyIds: [],
          themes: [],
          priority: false,
          confidence: 'unverified',
        },
        editor.id,
      );
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
    }
    ({ agent: pagent } = await signInAs(pctx, 'viewer'));
  });
  afterAll(() => pctx.close());

  test('When more than 50 recommendations match, then page 1 shows 50 and page 2 shows the rest, each once', async () => {
    const first = await pagent.get(`/recommendations?source=${sourceId}&sort=reference`);
    expect(first.status).toBe(200);
    const firstIds = rowIds(first.text);
    expect(firstIds).toHaveLength(50);
    expect(first.text).toContain(esc(t('pagination.page', { page: 1, pages: 2 })));
    expect(first.text).toContain(esc(t('recommendations.showing', { from: 1, to: 50, total: COUNT })));
    expect(first.text).toContain('Paged recommendation number 01');
    expect(first.text).not.toContain('Paged recommendation number 51');
    // The next-page link keeps the filters.
    const next = /<a rel="next" href="([^"]+)"/.exec(first.text)?.[1];
    expect(next).toBeDefined();
    const nextUrl = unescapeAttr(next!);
    expect(nextUrl).toContain(`source=${sourceId}`);
    expect(nextUrl).toContain('page=2');

    const second = await pagent.get(nextUrl);
    expect(second.status).toBe(200);
    const secondIds = rowIds(second.text);
    expect(secondIds).toHaveLength(COUNT - 50);
    expect(second.text).toContain(esc(t('pagination.page', { page: 2, pages: 2 })));
    expect(second.text).toContain(esc(t('recommendations.showing', { from: 51, to: COUNT, total: COUNT })));
    expect(second.text).toContain('Paged recommendation number 57');
    expect(second.text).not.toContain('Paged recommendation number 01');
    expect(second.text).toContain('rel="prev"');
    expect(second.text).not.toContain('rel="next"');
    const union = new Set([...firstIds, ...secondIds]);
    expect(union.size).toBe(COUNT);
  });

  test('When the htmx fragment of page 2 is requested, then it holds the rest of the rows and the pagination', async () => {
    const res = await pagent.get(`/recommendations?source=${sourceId}&page=2`).set('HX-Request', 'true');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<html');
    expect(rowIds(res.text)).toHaveLength(COUNT - 50);
    expect(res.text).toContain(esc(t('pagination.page', { page: 2, pages: 2 })));
  });

  test('When the list is sorted by status, then its pages, read one after another, hold every recommendation once, in status order and newest first within a status', async () => {
    // Statuses spread so that pages begin and end inside a status and some statuses hold fewer rows than a page.
    const ids = (pctx.sqlite.prepare('SELECT id FROM recommendations ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    const set = pctx.sqlite.prepare('UPDATE recommendations SET status = ?, updated_at = ? WHERE id = ?');
    ids.forEach((id, i) => set.run(STATUS_KEYS[(i * 7) % STATUS_KEYS.length], `2025-01-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00.000Z`, id));
    const rank = `CASE status ${STATUSES.map((s, i) => `WHEN '${s.key}' THEN ${i}`).join(' ')} END`;
    const expected = (pctx.sqlite.prepare(`SELECT id FROM recommendations ORDER BY ${rank}, updated_at DESC, id DESC`).all() as { id: number }[]).map((r) => r.id);
    const shown: number[] = [];
    for (let page = 1; page <= Math.ceil(ids.length / 50); page++) shown.push(...rowIds((await pagent.get(`/recommendations?sort=status&page=${page}`)).text));
    expect(shown).toEqual(expected);
    const inProgress = (pctx.sqlite.prepare(`SELECT id FROM recommendations WHERE status = 'in_progress' ORDER BY updated_at DESC, id DESC`).all() as { id: number }[]).map((r) => r.id);
    expect(rowIds((await pagent.get('/recommendations?status=in_progress&sort=status')).text)).toEqual(inProgress.slice(0, 50));
  });

  test('When the page number is beyond the last page, then the last page is shown: its rows agree with the summary', async () => {
    const res = await pagent.get(`/recommendations?source=${sourceId}&sort=reference&page=9`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(esc(t('recommendations.showing', { from: 51, to: COUNT, total: COUNT })));
    expect(rowIds(res.text)).toHaveLength(COUNT - 50);
    expect(res.text).toContain('Paged recommendation number 57');
  });
});
