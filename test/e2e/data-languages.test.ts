/// <reference lib="dom" />
import fs from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import type { Page } from 'playwright-core';
import { launchBrowser, PASSWORD, seriousViolations, startApp, type E2eApp } from './harness';

/**
 * Data in its own languages, in a browser: an editor reading in Russian adds a
 * Russian translation of an English recommendation from its detail page, and
 * the page then leads with it, marked, the original beside it; at 1280 and
 * 390 px, with and without JavaScript.
 */

let app: E2eApp;
let browser: Browser;
let editor: { email: string };
/** Screenshots for looking at by hand (not the README's). */
const SHOTS = process.env.DATALANG_SHOTS;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  editor = await app.makeUser('editor');
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function russianContext(width: number, javaScriptEnabled: boolean): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width, height: width > 500 ? 800 : 844 }, javaScriptEnabled, locale: 'ru-RU' });
}

/** Signs in on the login page as it reads in Russian: by the fields' names, not their (translated) labels. */
async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(PASSWORD);
  await page.locator('form[action="/login"] button[type=submit]').click();
  await page.waitForURL(/\/recommendations/);
}

const TITLE = 'Создать совместный фонд портовой инфраструктуры';

test('An editor reading in Russian adds a translation from the detail page, which then leads with it, marked, at every width, with and without JavaScript', async () => {
  const context = await russianContext(1280, true);
  const page = await context.newPage();
  await signIn(page, app.url, editor.email);
  await page.goto(`${app.url}/recommendations/1`);
  const original = (await page.locator('#rec-title').textContent())!.trim();
  await page.locator('#translations a.button').click();
  await page.waitForURL(/\/translations\/new/);
  // Sent with a title of spaces first (the browser's own check lets it through): the form comes back with the message beside the field.
  await page.locator('#language').selectOption('ru');
  await page.locator('#short_title').fill('   ');
  await page.locator('#full_text').fill('Стороны учреждают совместный фонд.');
  await page.locator('form.stack button[type=submit]').click();
  await page.locator('#short_title-error').waitFor();
  await page.locator('#short_title').fill(TITLE);
  await page.locator('form.stack button[type=submit]').click();
  await page.waitForURL(/\/recommendations\/1(#translations)?$/);
  expect((await page.locator('#rec-title').textContent())!.trim()).toBe(TITLE);
  expect(await page.locator('.translated-note .translated-marker').isVisible()).toBe(true);
  expect((await page.locator('#original .original-title').textContent())!.trim()).toBe(original);
  expect(await page.locator('#original .original-title').getAttribute('lang')).toBe('en');
  expect(await seriousViolations(page)).toEqual([]);
  await context.close();

  for (const width of [1280, 390]) {
    for (const js of [true, false]) {
      const ctx = await russianContext(width, js);
      const p = await ctx.newPage();
      await signIn(p, app.url, editor.email);
      await p.goto(`${app.url}/recommendations/1`);
      expect((await p.locator('#rec-title').textContent())!.trim()).toBe(TITLE);
      // The link to the original reaches it without JavaScript.
      await p.locator('.translated-note a[href="#original"]').click();
      expect(await p.locator('#original').isVisible()).toBe(true);
      const sideways = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(sideways).toBeLessThanOrEqual(0);
      if (SHOTS) {
        fs.mkdirSync(SHOTS, { recursive: true });
        await p.goto(`${app.url}/recommendations/1`);
        await p.screenshot({ path: `${SHOTS}/detail-ru-${width}-${js ? 'js' : 'nojs'}.png`, fullPage: true });
      }
      await ctx.close();
    }
  }
});
