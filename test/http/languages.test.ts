import { eq } from 'drizzle-orm';
import request from 'supertest';
import { recommendations, users } from '../../server/db/schema';
import { formatDate } from '../../server/lib/dates';
import { t } from '../../server/lib/i18n';
import { languageFromAcceptLanguage, runInLanguage } from '../../server/lib/language';
import { createTestContext, csrfFrom, signInAs, type TestContext } from '../helpers';

/** Choosing the interface language, and what follows from it: headers, caches, plurals, dates, the CSV. */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
});
afterAll(() => ctx.close());

const htmlLang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];
const h1 = (html: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1];

describe('Accept-Language', () => {
  test.each([
    ['ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7', 'ru'],
    ['zh-CN,zh;q=0.9', 'zh'],
    ['zh-Hans-CN', 'zh'],
    ['zh-TW,en;q=0.5', 'zh'],
    ['de-DE,de;q=0.9,ru;q=0.3,en;q=0.2', 'ru'],
    ['en;q=0.4,ru;q=0.8', 'ru'],
    ['fr-FR', undefined],
    ['ru;q=0', undefined],
    ['*', 'en'],
  ])('When the browser sends %s, then the best of ours is %s', (header, expected) => {
    expect(languageFromAcceptLanguage(header)).toBe(expected);
  });

  test('When an anonymous visitor with a Russian browser opens the sign-in page, then it is in Russian, says so, and varies on Accept-Language', async () => {
    const res = await request(ctx.app).get('/login').set('Accept-Language', 'ru-RU,ru;q=0.9,en;q=0.8');
    expect(res.status).toBe(200);
    expect(htmlLang(res.text)).toBe('ru');
    expect(res.headers['content-language']).toBe('ru');
    expect(res.headers.vary).toMatch(/Accept-Language/);
    expect(h1(res.text)).toBe('Вход');
  });

  test('When the browser asks for a language we do not have, then the page is in English', async () => {
    const res = await request(ctx.app).get('/login').set('Accept-Language', 'fr-FR,de;q=0.8');
    expect(htmlLang(res.text)).toBe('en');
    expect(res.headers['content-language']).toBe('en');
    expect(h1(res.text)).toBe('Sign in');
  });
});

describe('The language switcher', () => {
  test('When an anonymous visitor picks Russian on the sign-in page without JavaScript, then a cookie keeps it, no session is stored, and the page comes back in Russian', async () => {
    const visitor = request.agent(ctx.app);
    const page = await visitor.get('/login?next=%2Fboard').set('Accept-Language', 'en');
    expect(page.text).toContain('<form class="language-switcher" method="post" action="/language">');
    expect(page.text).toContain('<input type="hidden" name="back" value="/login?next&#x3D;%2Fboard">');
    const sessionsBefore = ctx.sqlite.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number };
    const res = await visitor.post('/language').type('form').send({ _csrf: csrfFrom(page.text), language: 'ru', back: '/login?next=%2Fboard' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fboard');
    expect(String(res.headers['set-cookie'])).toMatch(/tracker\.lang=ru;.*HttpOnly/);
    const sessionsAfter = ctx.sqlite.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number };
    expect(sessionsAfter.n).toBe(sessionsBefore.n);
    const back = await visitor.get(res.headers.location!).set('Accept-Language', 'en');
    expect(htmlLang(back.text)).toBe('ru');
    expect(back.text).toContain('<option value="ru" lang="ru" selected>Русский</option>');
  });

  test('When the switcher is sent to another site, then it goes back to a page of this one', async () => {
    const visitor = request.agent(ctx.app);
    const page = await visitor.get('/login');
    const res = await visitor.post('/language').type('form').send({ _csrf: csrfFrom(page.text), language: 'zh', back: '//evil.example/' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/recommendations');
  });

  test('When the switcher is sent a language it does not offer, then it answers 400 saying which it offers, in the reader\'s language, and sets nothing', async () => {
    const visitor = request.agent(ctx.app);
    const page = await visitor.get('/login').set('Accept-Language', 'ru');
    const res = await visitor.post('/language').set('Accept-Language', 'ru').type('form').send({ _csrf: csrfFrom(page.text), language: 'fr', back: '/login' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Такой язык не предлагается: выберите английский, русский или китайский.');
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain('tracker.lang=');
  });

  test('When the switcher is sent without a valid CSRF token, then it is refused and nothing is set', async () => {
    const res = await request(ctx.app).post('/language').type('form').send({ _csrf: 'forged', language: 'ru', back: '/login' });
    expect(res.status).toBe(403);
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain('tracker.lang=ru');
  });

  test('When a signed-in user chooses Russian, then it is saved on the account and wins over the browser, on every page; back to "As the browser", it follows the browser again', async () => {
    const { agent, csrf, user } = await signInAs(ctx, 'editor');
    const res = await agent.post('/language').type('form').send({ _csrf: csrf, language: 'ru', back: '/board' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/board');
    expect(ctx.db.select().from(users).where(eq(users.id, user.id)).get()!.language).toBe('ru');
    const board = await agent.get('/board').set('Accept-Language', 'en-GB');
    expect(htmlLang(board.text)).toBe('ru');
    expect(board.headers['content-language']).toBe('ru');
    expect(h1(board.text)).toBe('Сводка статусов');
    await agent.post('/language').type('form').send({ _csrf: csrf, language: '', back: '/board' });
    expect(ctx.db.select().from(users).where(eq(users.id, user.id)).get()!.language).toBeNull();
    const english = await agent.get('/board').set('Accept-Language', 'en-GB');
    expect(htmlLang(english.text)).toBe('en');
    const chinese = await agent.get('/board').set('Accept-Language', 'zh-CN');
    expect(chinese.headers['content-language']).toBe(htmlLang(chinese.text));
  });
});

describe('Caches', () => {
  test('When a page was rendered in Russian for a session, then the same session reading it with an English browser gets it in English', async () => {
    const { agent } = await signInAs(ctx, 'viewer');
    for (const url of ['/recommendations', '/board', '/mechanisms']) {
      const ru = await agent.get(url).set('Accept-Language', 'ru');
      expect(htmlLang(ru.text)).toBe('ru');
      const en = await agent.get(url).set('Accept-Language', 'en');
      expect(htmlLang(en.text)).toBe('en');
      expect(en.text).not.toContain('Сводка статусов');
      expect(en.text).not.toContain('>Рекомендации<');
      const frag = await agent.get(url).set('Accept-Language', 'en').set('HX-Request', 'true');
      expect(frag.text).not.toContain('Сводка статусов');
      expect(frag.headers.vary).toMatch(/Accept-Language/);
      expect(frag.headers.vary).toMatch(/HX-Request/);
    }
  });
});

describe('Plurals and dates', () => {
  test.each([
    [1, '1 рекомендация всего'],
    [2, '2 рекомендации всего'],
    [5, '5 рекомендаций всего'],
    [11, '11 рекомендаций всего'],
    [21, '21 рекомендация всего'],
    [22, '22 рекомендации всего'],
  ])('In Russian, %i takes its own form: %s', (count, text) => {
    expect(runInLanguage('ru', () => `${count} ${t('board.figure_total', { count })}`)).toBe(text);
  });

  test.each([
    [1, '1 день'],
    [2, '2 дня'],
    [5, '5 дней'],
    [11, '11 дней'],
    [21, '21 день'],
  ])('In Russian, an age of %i days reads %s', (count, text) => {
    expect(runInLanguage('ru', () => t('list.status_age.days', { count }))).toBe(text);
  });

  test('In English, 1 and 2 differ as they should', () => {
    expect(runInLanguage('en', () => t('board.figure_total', { count: 1 }))).toBe('recommendation in all');
    expect(runInLanguage('en', () => t('board.figure_total', { count: 2 }))).toBe('recommendations in all');
  });

  test.each([
    ['en', 'Dec 3, 2026'],
    ['ru', '3 декабря 2026 г.'],
    ['zh', '2026年12月3日'],
  ] as const)('In %s, 2026-12-03 reads %s, in messages too', (lang, text) => {
    expect(formatDate('2026-12-03', lang)).toBe(text);
    expect(runInLanguage(lang, () => t('detail.since', { date: '2026-12-03' }))).toContain(text);
  });

  test('When a Russian reader opens a recommendation, then its dates are written in Russian and the date inputs keep ISO values', async () => {
    const { agent, csrf } = await signInAs(ctx, 'editor');
    await agent.post('/language').type('form').send({ _csrf: csrf, language: 'ru', back: '/' });
    const id = ctx.db.select().from(recommendations).all().find((r) => r.targetDate)!.id;
    const page = await agent.get(`/recommendations/${id}`);
    expect(page.text).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}">\d{1,2} [а-я]+ \d{4} г\.<\/time>/);
    const form = await agent.get(`/recommendations/${id}/status`);
    expect(form.text).toMatch(/type="date"[^>]*value="\d{4}-\d{2}-\d{2}"|value="\d{4}-\d{2}-\d{2}"[^>]*type="date"/);
  });
});

describe('CSV in the reader\'s language', () => {
  test('When a Russian reader downloads the CSV, then the header row and status labels are Russian and the key columns stay neutral; lang=en overrides', async () => {
    const { agent, csrf } = await signInAs(ctx, 'viewer');
    await agent.post('/language').type('form').send({ _csrf: csrf, language: 'ru', back: '/' });
    const ru = await agent.get('/reports/progress.csv');
    expect(ru.status).toBe(200);
    const [header, first] = ru.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toMatch(/^ID,Источник,Номер в источнике,Краткое название,/);
    expect(header).toContain('Статус,Название статуса,Статус с');
    expect(first).toMatch(/,(not_assessed|no_action|under_consideration|in_progress|stalled|partially_implemented|implemented|not_implemented|superseded),(Ещё не оценено|Действий не выявлено|На рассмотрении|Выполняется|Приостановлено|Частично выполнено|Выполнено|Не выполнено|Утратило актуальность),/);
    const en = await agent.get('/reports/progress.csv?lang=en');
    expect(en.text.replace(/^\uFEFF/, '')).toMatch(/^ID,Source,Reference,Short title,/);
    const bad = await agent.get('/reports/progress.csv?lang=fr');
    expect(bad.status).toBe(400);
  });
});
