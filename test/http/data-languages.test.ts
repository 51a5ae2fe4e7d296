import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { bodies, mechanisms, recommendations, recommendationTranslations, sources } from '../../server/db/schema';
import { displayName, scriptLanguage } from '../../server/domain/data-language';
import type { Language } from '../../server/domain/vocabulary';
import { CATALOGUE_LANGUAGES, tIn } from '../../server/lib/i18n';
import { columnHeader } from '../../server/reports/csv-format';
import { createTestContext, esc, postForm, signInAs, type Agent, type TestContext } from '../helpers';

/**
 * Data in its own languages (issue 18, item 4): bodies and mechanisms named
 * first in the interface language where their native name is in it, and a
 * recommendation's translations, entered by analysts, shown in the interface
 * language with a marker that says what the original is.
 */

let ctx: TestContext;
let viewer: { agent: Agent; csrf: string };
let editor: { agent: Agent; csrf: string; user: { id: number } };

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  viewer = await signInAs(ctx, 'viewer');
  editor = await signInAs(ctx, 'editor');
});
afterAll(() => ctx.close());

const ACCEPT: Record<Language, string> = { en: 'en-GB,en;q=0.9', ru: 'ru', zh: 'zh-CN' };
const get = (agent: Agent, url: string, lang: Language) => agent.get(url).set('Accept-Language', ACCEPT[lang]);
/** A language this branch has a catalogue for (the Chinese catalogue is another change's): the interface can be in it. */
const inInterface = (lang: Language) => (CATALOGUE_LANGUAGES.includes(lang) ? test : test.skip);

const bodyByAcronym = (acronym: string) => ctx.db.select().from(bodies).where(eq(bodies.acronym, acronym)).get()!;
const recById = (id: number) => ctx.db.select().from(recommendations).where(eq(recommendations.id, id)).get()!;
const translationOf = (id: number, language: Language) =>
  ctx.db
    .select()
    .from(recommendationTranslations)
    .where(and(eq(recommendationTranslations.recommendationId, id), eq(recommendationTranslations.language, language)))
    .get();
const h1Of = (html: string) => /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)![1]!;

/** An English recommendation of the seed, with a lead body whose native name is Russian. */
function englishRecommendation(offset = 0) {
  const rows = ctx.db
    .select({ id: recommendations.id })
    .from(recommendations)
    .innerJoin(sources, eq(sources.id, recommendations.sourceId))
    .where(eq(recommendations.language, 'en'))
    .all();
  return recById(rows[offset]!.id);
}

function translationForm(values: Record<string, string>) {
  return { _csrf: editor.csrf, language: 'ru', short_title: '', full_text: '', ...values };
}

/** A mechanism of the seed whose native name is Russian. */
const PROGRAMME = {
  en: 'Program of cooperation between the regions of the Far East and Eastern Siberia of the Russian Federation and the North-East of the PRC (2009–2018)',
  ru: 'Программа сотрудничества между регионами Дальнего Востока и Восточной Сибири Российской Федерации и Северо-Востока Китайской Народной Республики (2009–2018 годы)',
};

describe('Names of bodies and mechanisms', () => {
  test('When the seed is loaded, then each native name has its language, read from its script', () => {
    const named = ctx.db.select().from(bodies).all().filter((b) => b.nativeName);
    expect(named.length).toBeGreaterThan(5);
    for (const b of named) expect(b.nativeLanguage).toBe(scriptLanguage(b.nativeName));
    expect(bodyByAcronym('RIAC').nativeLanguage).toBe('ru');
    expect(bodyByAcronym('CASS').nativeLanguage).toBe('zh');
    const programme = ctx.db.select().from(mechanisms).where(eq(mechanisms.name, PROGRAMME.en)).get()!;
    expect(programme.nativeLanguage).toBe('ru');
  });

  test('When a Russian body is shown in the English interface, then its English name comes first and the Russian one beside it', async () => {
    const riac = bodyByAcronym('RIAC');
    const page = await get(viewer.agent, `/bodies/${riac.id}`, 'en');
    expect(page.status).toBe(200);
    expect(h1Of(page.text)).toMatch(/^<span>Russian International Affairs Council<\/span> <span class="native" lang="ru">Российский совет по международным делам<\/span>/);
  });

  test('When the same body is shown in the Russian interface, then its Russian name comes first and the English one beside it', async () => {
    const riac = bodyByAcronym('RIAC');
    const page = await get(viewer.agent, `/bodies/${riac.id}`, 'ru');
    expect(page.headers['content-language']).toBe('ru');
    expect(h1Of(page.text)).toMatch(/^<span>Российский совет по международным делам<\/span> <span class="native" lang="en">Russian International Affairs Council<\/span>/);
    // A Chinese body stays English first in Russian: its native name is not in the reader's language.
    const cass = bodyByAcronym('CASS');
    const cassPage = await get(viewer.agent, `/bodies/${cass.id}`, 'ru');
    expect(h1Of(cassPage.text)).toMatch(/^<span lang="en">Chinese Academy of Social Sciences<\/span> <span class="native" lang="zh">中国社会科学院<\/span>/);
  });

  test('When the bodies list, a recommendation and the board are shown in Russian, then Russian bodies are named in Russian there too', async () => {
    const riac = bodyByAcronym('RIAC');
    const list = await get(viewer.agent, '/bodies', 'ru');
    expect(list.text).toContain(`<a href="/bodies/${riac.id}">Российский совет по международным делам</a> <span class="native" lang="en">Russian International Affairs Council</span>`);
    const board = await get(viewer.agent, '/board?group=body', 'ru');
    expect(board.text).toContain(`<a href="/bodies/${riac.id}">Российский совет по международным делам</a>`);
    // The filter's options too, in the order a Russian reader reads them.
    const options = [.../<select[^>]*name="mechanism"[^>]*>([\s\S]*?)<\/select>/.exec(board.text)![1]!.matchAll(/<option value="\d+"[^>]*>([^<]*)<\/option>/g)].map((m) => m[1]!);
    expect(options).toContain(esc(PROGRAMME.ru));
    expect(options).toEqual([...options].sort(new Intl.Collator('ru').compare));
  });

  inInterface('zh')('When a Chinese body is shown in the Chinese interface, then its Chinese name comes first', async () => {
    const cass = bodyByAcronym('CASS');
    const page = await get(viewer.agent, `/bodies/${cass.id}`, 'zh');
    expect(h1Of(page.text)).toMatch(/^<span>中国社会科学院<\/span> <span class="native" lang="en">Chinese Academy of Social Sciences<\/span>/);
  });

  test('The rule by itself: the native name first only where the reader reads its language; an unknown language keeps English first', () => {
    const cass = { name: 'Chinese Academy of Social Sciences', nativeName: '中国社会科学院', nativeLanguage: 'zh' as const };
    expect(displayName(cass, 'zh')).toEqual({ primary: { text: '中国社会科学院', lang: 'zh' }, secondary: { text: cass.name, lang: 'en' } });
    expect(displayName(cass, 'ru').primary.text).toBe(cass.name);
    expect(displayName({ ...cass, nativeLanguage: null }, 'zh')).toEqual({ primary: { text: cass.name, lang: 'en' }, secondary: { text: '中国社会科学院', lang: undefined } });
    expect(displayName({ name: 'Forum', nativeName: null, nativeLanguage: null }, 'ru')).toEqual({ primary: { text: 'Forum', lang: 'en' } });
  });

  test('When an admin adds a body with a Chinese native name and no language, then its language is read from the script', async () => {
    const admin = await signInAs(ctx, 'admin');
    const res = await postForm(admin.agent, '/admin/bodies', { _csrf: admin.csrf, name: 'Harbin Institute', native_name: '哈尔滨研究所', native_language: '', acronym: '', country: 'China', kind: 'think_tank' });
    expect(res.status).toBe(303);
    expect(ctx.db.select().from(bodies).where(eq(bodies.name, 'Harbin Institute')).get()!.nativeLanguage).toBe('zh');
  });
});

describe('Translations of a recommendation', () => {
  test('When the seed is loaded, then every recommendation is marked with its publication’s language', () => {
    const rows = ctx.db.select({ r: recommendations.language, s: sources.language }).from(recommendations).innerJoin(sources, eq(sources.id, recommendations.sourceId)).all();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.r).toBe(row.s);
  });

  test('When a viewer tries to add a translation, then it is refused and nothing is stored', async () => {
    const rec = englishRecommendation();
    const page = await viewer.agent.get(`/recommendations/${rec.id}/translations/new`);
    expect(page.status).toBe(403);
    const res = await postForm(viewer.agent, `/recommendations/${rec.id}/translations`, { _csrf: viewer.csrf, language: 'ru', short_title: 'Заголовок', full_text: 'Текст' });
    expect(res.status).toBe(403);
    expect(translationOf(rec.id, 'ru')).toBeUndefined();
    // Nor does a viewer see the editing actions.
    const detail = await viewer.agent.get(`/recommendations/${rec.id}`);
    expect(detail.text).not.toContain(`/recommendations/${rec.id}/translations/new`);
  });

  test('When an editor sends a translation with a blank title, control characters or the original’s language, then 422 says so beside each field', async () => {
    const rec = englishRecommendation();
    const form = await editor.agent.get(`/recommendations/${rec.id}/translations/new`);
    expect(form.status).toBe(200);
    // The original is beside the form, and its own language is not offered.
    expect(form.text).toContain(esc(rec.fullText));
    const offered = [.../<select id="language" name="language"[^>]*>([\s\S]*?)<\/select>/.exec(form.text)![1]!.matchAll(/<option value="(\w+)"/g)].map((m) => m[1]);
    expect(offered).toEqual(['ru', 'zh']);

    const blank = await postForm(editor.agent, `/recommendations/${rec.id}/translations`, translationForm({ short_title: ' \u3000 ', full_text: 'Текст' }));
    expect(blank.status).toBe(422);
    expect(blank.text).toMatch(/id="short_title-error"[^>]*>[^<]*Required/i);
    expect(blank.text).toContain('aria-invalid="true" aria-describedby="short_title-error"');

    const control = await postForm(editor.agent, `/recommendations/${rec.id}/translations`, translationForm({ short_title: 'Заголовок', full_text: 'Текст\u0000' }));
    expect(control.status).toBe(422);
    expect(control.text).toContain('id="full_text-error"');

    const same = await postForm(editor.agent, `/recommendations/${rec.id}/translations`, translationForm({ language: 'en', short_title: 'Title', full_text: 'Text' }));
    expect(same.status).toBe(422);
    expect(same.text).toContain(esc(tIn('en', 'datalang.errors.same_as_original')));

    const unknown = await postForm(editor.agent, `/recommendations/${rec.id}/translations`, translationForm({ language: 'fr', short_title: 'Titre', full_text: 'Texte' }));
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('id="language-error"');
    expect(ctx.db.select().from(recommendationTranslations).where(eq(recommendationTranslations.recommendationId, rec.id)).all()).toHaveLength(0);
  });

  test('When an editor adds, edits and removes a translation, then each is stored, a second one in the same language is refused, and the page says so', async () => {
    const rec = englishRecommendation(1);
    const added = await postForm(editor.agent, `/recommendations/${rec.id}/translations`, translationForm({ short_title: '  Новый заголовок  ', full_text: 'Полный текст на русском.' }));
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe(`/recommendations/${rec.id}#translations`);
    expect(translationOf(rec.id, 'ru')).toMatchObject({ shortTitle: 'Новый заголовок', fullText: 'Полный текст на русском.', translatedBy: editor.user.id });
    // The original is untouched.
    expect(recById(rec.id)).toMatchObject({ shortTitle: rec.shortTitle, fullText: rec.fullText, version: rec.version });

    const again = await postForm(editor.agent, `/recommendations/${rec.id}/translations`, translationForm({ short_title: 'Ещё', full_text: 'Ещё' }));
    expect(again.status).toBe(422);
    expect(again.text).toContain(esc(tIn('en', 'datalang.errors.already_translated')));

    const editPage = await editor.agent.get(`/recommendations/${rec.id}/translations/ru/edit`);
    expect(editPage.status).toBe(200);
    expect(editPage.text).toContain('value="Новый заголовок"');
    const badEdit = await postForm(editor.agent, `/recommendations/${rec.id}/translations/ru`, { _csrf: editor.csrf, short_title: 'Исправленный', full_text: '' });
    expect(badEdit.status).toBe(422);
    expect(badEdit.text).toContain('id="full_text-error"');
    const edited = await postForm(editor.agent, `/recommendations/${rec.id}/translations/ru`, { _csrf: editor.csrf, short_title: 'Исправленный заголовок', full_text: 'Исправленный текст.' });
    expect(edited.status).toBe(303);
    expect(translationOf(rec.id, 'ru')).toMatchObject({ shortTitle: 'Исправленный заголовок', fullText: 'Исправленный текст.' });

    const detail = await editor.agent.get(`/recommendations/${rec.id}`);
    expect(detail.text).toContain(esc(tIn('en', 'datalang.flash.updated')));
    expect(detail.text).toContain('<span lang="ru">Исправленный заголовок</span>');

    expect((await editor.agent.get(`/recommendations/${rec.id}/translations/zh/edit`)).status).toBe(404);
    expect((await editor.agent.get(`/recommendations/${rec.id}/translations/fr/edit`)).status).toBe(404);
    const removed = await postForm(editor.agent, `/recommendations/${rec.id}/translations/ru/delete`, { _csrf: editor.csrf });
    expect(removed.status).toBe(303);
    expect(translationOf(rec.id, 'ru')).toBeUndefined();
    expect((await postForm(editor.agent, `/recommendations/${rec.id}/translations/ru/delete`, { _csrf: editor.csrf })).status).toBe(404);
  });

  test('When a translation is written to the database blank, then the CHECK constraint refuses it', () => {
    const rec = englishRecommendation();
    expect(() => ctx.sqlite.prepare('INSERT INTO recommendation_translations (recommendation_id, language, short_title, full_text) VALUES (?, ?, ?, ?)').run(rec.id, 'ru', '\u200b ', 'x')).toThrow(/short_title_present/);
    expect(() => ctx.sqlite.prepare('INSERT INTO recommendation_translations (recommendation_id, language, short_title, full_text) VALUES (?, ?, ?, ?)').run(rec.id, 'fr', 'x', 'x')).toThrow(/language_check/);
    expect(() => ctx.sqlite.prepare('UPDATE recommendations SET language = ? WHERE id = ?').run('fr', rec.id)).toThrow(/recommendations_language_check/);
  });
});

describe('The interface language’s version of a text', () => {
  let rec: ReturnType<typeof recById>;
  const RU_TITLE = 'Создать совместный фонд портовой инфраструктуры';
  const RU_TEXT = 'Стороны учреждают фонд для портов Приморья и Хэйлунцзяна.';

  beforeAll(async () => {
    rec = englishRecommendation(2);
    const res = await postForm(editor.agent, `/recommendations/${rec.id}/translations`, translationForm({ short_title: RU_TITLE, full_text: RU_TEXT }));
    expect(res.status).toBe(303);
  });

  test('When the list is read in Russian, then the recommendation shows its Russian title marked as translated from English; in English, the original without a marker', async () => {
    const ru = await get(viewer.agent, `/recommendations?source=${rec.sourceId}`, 'ru');
    const marker = tIn('ru', 'datalang.translated_from.en');
    expect(ru.text).toContain(`<a href="/recommendations/${rec.id}">${esc(RU_TITLE)}</a> <span class="translated-marker">${esc(marker)}</span>`);
    // The row alone, as an inline status save refreshes it (htmx), says the same.
    const row = await get(viewer.agent, `/recommendations/${rec.id}/row?return_to=%2Frecommendations`, 'ru').set('HX-Request', 'true');
    expect(row.text).toMatch(new RegExp(`<a href="/recommendations/${rec.id}"( lang="ru")?>${esc(RU_TITLE)}</a> <span class="translated-marker">${esc(marker)}</span>`));
    const en = await get(viewer.agent, `/recommendations?source=${rec.sourceId}`, 'en');
    expect(en.text).toContain(`<a href="/recommendations/${rec.id}">${esc(rec.shortTitle)}</a>`);
    expect(en.text).not.toContain(esc(RU_TITLE));
    expect(en.text).not.toContain('translated-marker');
  });

  test('When the detail page is read in Russian, then the Russian title and text lead, marked, and the English original is on the page', async () => {
    const ru = await get(viewer.agent, `/recommendations/${rec.id}`, 'ru');
    expect(h1Of(ru.text)).toBe(esc(RU_TITLE));
    expect(ru.text).toContain(`<span class="translated-marker">${esc(tIn('ru', 'datalang.translated_from.en'))}</span> <a href="#original">`);
    expect(ru.text).toContain(`<blockquote class="full-text">${esc(RU_TEXT)}</blockquote>`);
    expect(ru.text).toContain(`<section id="original"`);
    expect(ru.text).toContain(`<p class="original-title" lang="en">${esc(rec.shortTitle)}</p>`);
    expect(ru.text).toContain(`<blockquote class="full-text" lang="en">${esc(rec.fullText)}</blockquote>`);

    const en = await get(viewer.agent, `/recommendations/${rec.id}`, 'en');
    expect(h1Of(en.text)).toBe(esc(rec.shortTitle));
    expect(en.text).not.toContain('id="original"');
    // The translation is listed, in its language.
    expect(en.text).toContain(`<span lang="ru">${esc(RU_TITLE)}</span>`);
  });

  test('When the board is read in Russian after a status change, then its latest changes name the recommendation by its Russian title', async () => {
    const status = await postForm(editor.agent, `/recommendations/${rec.id}/status`, {
      _csrf: editor.csrf,
      status: recById(rec.id).status === 'in_progress' ? 'stalled' : 'in_progress',
      effective_on: new Date().toISOString().slice(0, 10),
      rationale: 'Ministry statement',
      evidence_kind: 'official_document',
      evidence_language: 'en',
    });
    expect([status.status, /class="field-error"[^>]*>([^<]*)/.exec(status.text)?.[1]]).toEqual([303, undefined]);
    const ru = await get(viewer.agent, '/board', 'ru');
    expect(ru.text).toContain(`<a class="latest-title" href="/recommendations/${rec.id}">${esc(RU_TITLE)}</a> <span class="translated-marker">`);
    const en = await get(viewer.agent, '/board', 'en');
    expect(en.text).toContain(`<a class="latest-title" href="/recommendations/${rec.id}">${esc(rec.shortTitle)}</a>`);
  });

  test('When the CSV is downloaded in Russian, then it shows the Russian title as displayed, keeps the original in Short title, and names the original language', async () => {
    const csv = await get(viewer.agent, `/reports/progress.csv?source=${rec.sourceId}`, 'ru');
    expect(csv.status).toBe(200);
    const rows = parse(csv.text, { bom: true, columns: true }) as Record<string, string>[];
    const row = rows.find((r) => r[columnHeader('id', 'ru')] === String(rec.id))!;
    expect(row[columnHeader('shortTitle', 'ru')]).toBe(rec.shortTitle);
    expect(row[columnHeader('displayedTitle', 'ru')]).toBe(RU_TITLE);
    expect(row[columnHeader('originalLanguage', 'ru')]).toBe('en');
    const en = parse((await get(viewer.agent, `/reports/progress.csv?source=${rec.sourceId}`, 'en')).text, { bom: true, columns: true }) as Record<string, string>[];
    expect(en.find((r) => r.ID === String(rec.id))).toMatchObject({ 'Short title': rec.shortTitle, 'Displayed title': rec.shortTitle, 'Original language': 'en' });
  });

  test('When someone searches for words of the translation, then the recommendation is found, by a long query and by a two-letter one', async () => {
    const long = await get(viewer.agent, `/recommendations?q=${encodeURIComponent('портовой инфраструктуры')}`, 'en');
    expect(long.text).toContain(`<tr id="row-${rec.id}">`);
    const text = await get(viewer.agent, `/recommendations?q=${encodeURIComponent('Хэйлунцзяна')}`, 'en');
    expect(text.text).toContain(`<tr id="row-${rec.id}">`);
    await postForm(editor.agent, `/recommendations/${rec.id}/translations`, translationForm({ language: 'zh', short_title: '港口基金', full_text: '设立港口基础设施联合基金。' }));
    const short = await get(viewer.agent, `/recommendations?q=${encodeURIComponent('港口')}`, 'en');
    expect(short.text).toContain(`<tr id="row-${rec.id}">`);
    const none = await get(viewer.agent, `/recommendations?q=${encodeURIComponent('несуществующее слово')}`, 'en');
    expect(none.text).not.toContain(`<tr id="row-${rec.id}">`);
  });
});
