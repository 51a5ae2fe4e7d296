/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { recommendations } from '../../server/db/schema';
import { launchBrowser, seriousViolations, signedInPage, startApp, type E2eApp } from './harness';

/** Each side's progress: an analyst sets China's side of a joint recommendation and sees the sides differ. */

let app: E2eApp;
let browser: Browser;
let councilId = 0;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  councilId = app.running.db.select().from(recommendations).all().find((r) => r.reference === '5.2')!.id;
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test('When an analyst sets China’s status on the Council recommendation, then the detail page shows the sides next to each other and says they differ', async () => {
  const analyst = await app.makeUser('editor', 'Anna Analyst');
  const page = await signedInPage(browser, app.url, analyst.email, { width: 1280, height: 800 });
  await page.goto(`${app.url}/recommendations/${councilId}`);
  const sides = page.locator('#sides');
  expect(await sides.locator('.side-party').allInnerTexts()).toEqual(['China', 'Russia']);
  expect(await sides.locator('.sides-differ').count()).toBe(0);
  expect(await seriousViolations(page)).toEqual([]);

  await sides.getByRole('link', { name: 'China: history and update' }).click();
  await page.waitForURL(/\/parties\/china$/);
  expect(await seriousViolations(page)).toEqual([]);
  // An error first: a date in the future comes back with the message by its field, the rest as typed.
  await page.getByLabel('Status for China').selectOption('no_action');
  await page.getByLabel('Date it happened').fill('2099-01-01');
  await page.getByLabel('Rationale').fill('No session of the Council reported by the Chinese side since 2019');
  await page.getByRole('button', { name: 'Update status' }).click();
  await page.locator(`#status${councilId}-effective_on-error`).waitFor();
  expect(await page.getByLabel('Rationale').inputValue()).toBe('No session of the Council reported by the Chinese side since 2019');
  await page.getByLabel('Date it happened').fill('2024-06-01');
  await page.getByRole('button', { name: 'Update status' }).click();

  await page.waitForURL(new RegExp(`/recommendations/${councilId}#sides$`));
  await page.locator('.flash', { hasText: "A side's status was updated:" }).waitFor();
  const differ = page.locator('#sides .sides-differ');
  expect(await differ.innerText()).toBe('The sides differ: China: No action observed; Russia: Not yet assessed.');
  const china = page.locator('#sides .side', { hasText: 'China' });
  expect(await china.locator('.badge').innerText()).toBe('No action observed');
  expect(await china.innerText()).toContain('No session of the Council reported by the Chinese side since 2019');
  // The overall status stays the official one.
  expect(await page.locator('.key-facts .badge').first().innerText()).toBe('Not yet assessed');
  expect(await seriousViolations(page)).toEqual([]);
  await page.context().close();

  // On a phone the two sides stack and stay readable.
  const phone = await signedInPage(browser, app.url, analyst.email, { width: 390, height: 844 });
  await phone.goto(`${app.url}/recommendations/${councilId}`);
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await phone.context().close();
});
