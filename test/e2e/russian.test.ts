/// <reference lib="dom" />
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchBrowser, newContext, PASSWORD, screenshot, seriousViolations, signIn, startApp, type E2eApp } from './harness';

/** An analyst works in Russian: switches the interface, updates a status, and takes the CSV out and back in. */

let app: E2eApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test('An analyst switches to Russian, updates a status after a Russian validation message, and round-trips the CSV', async () => {
  const context = await newContext(browser, { javaScriptEnabled: true });
  const page = await context.newPage();
  const analyst = await app.makeUser('editor', 'Анна Аналитик');
  await signIn(page, app.url, analyst.email);

  // The switcher in the header.
  await page.getByLabel('Interface language').selectOption('ru');
  await page.getByRole('button', { name: 'Change' }).click();
  await page.getByRole('heading', { name: 'Рекомендации', level: 1 }).waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe('ru');
  expect(await seriousViolations(page)).toEqual([]);

  // Find a recommendation.
  await page.getByLabel('Поиск по названиям, текстам и подтверждениям').fill('commission');
  await page.waitForURL(/q=commission/);
  const link = page.locator('#results tbody tr', { hasText: 'NEAR' }).first().getByRole('link').first();
  await link.waitFor();
  await link.click();
  await page.waitForURL(/\/recommendations\/\d+$/);

  // A status change without its reason is refused, in Russian; with it, saved.
  await page.getByRole('link', { name: 'Изменить статус' }).click();
  const form = page.locator('form.update-form');
  await form.getByLabel('Новый статус').selectOption('in_progress');
  await form.evaluate((f) => ((f as HTMLFormElement).noValidate = true));
  await form.getByRole('button', { name: 'Сохранить обновление' }).click();
  await page.getByText('Укажите, почему меняется статус.').first().waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await form.getByLabel(/Почему меняется статус/).fill('Секретариат АРАСВА объявил о создании рабочей группы');
  await form.getByRole('button', { name: 'Сохранить обновление' }).click();
  await page.locator('#flash', { hasText: /Статус (обновлён|и подтверждение сохранены):/ }).waitFor();
  expect(await page.locator('.detail-head .badge').first().innerText()).toBe('Выполняется');
  // The timeline dates the change in Russian.
  expect(await page.locator('.timeline-entry time').first().innerText()).toMatch(/^\d{1,2} [а-я]+ \d{4} г\.$/);
  expect(await seriousViolations(page)).toEqual([]);

  // Download the CSV: Russian headers and labels.
  await page.goto(`${app.url}/recommendations`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Скачать CSV' }).click()]);
  const file = (await download.path())!;
  const text = fs.readFileSync(file, 'utf8');
  expect(text.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^ID,Источник,Номер в источнике,Краткое название/);
  expect(text).toContain(',in_progress,Выполняется,');

  // Import it back: the preview finds nothing to change.
  await page.goto(`${app.url}/import`);
  await page.getByLabel('CSV-файл').setInputFiles({ name: 'рекомендации.csv', mimeType: 'text/csv', buffer: fs.readFileSync(file) });
  await page.getByRole('button', { name: 'Предварительный просмотр' }).click();
  await page.getByText('Все строки совпадают с тем, что уже есть в системе: импортировать нечего.').waitFor();
  expect(await seriousViolations(page)).toEqual([]);

  // The board, in Russian, then in Chinese: the README's tour shows both.
  await page.goto(`${app.url}/board`);
  await page.getByRole('heading', { name: 'Сводка статусов' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'board-ru');
  await page.getByLabel('Язык интерфейса').selectOption('zh');
  await page.getByRole('button', { name: 'Сменить' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh');
  expect(await page.locator('h1').first().innerText()).toMatch(/[\u4e00-\u9fff]/);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'board-zh');
  await context.close();
}, 180_000);

test('A visitor chooses Russian on the sign-in page without JavaScript, and signs in to a Russian interface', async () => {
  const context = await newContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  const analyst = await app.makeUser('editor', 'Борис Без-Скриптов');
  await page.goto(`${app.url}/login`);
  await page.getByLabel('Interface language').selectOption('ru');
  await page.getByRole('button', { name: 'Change' }).click();
  await page.getByRole('heading', { name: 'Вход' }).waitFor();
  await page.getByLabel('Электронная почта').fill(analyst.email);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.locator('form[action="/login"]').getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('heading', { name: 'Рекомендации', level: 1 }).waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe('ru');
  await context.close();
}, 120_000);
