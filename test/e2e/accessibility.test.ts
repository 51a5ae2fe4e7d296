/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { ADMIN, launchBrowser, newContext, seriousViolations, signIn, startApp, type E2eApp } from './harness';

let app: E2eApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  page = await (await newContext(browser)).newPage();
  await signIn(page, app.url, ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const PAGES = [
  '/recommendations',
  '/recommendations?status=not_assessed&sort=title',
  '/recommendations/1',
  '/recommendations/1/edit',
  '/recommendations/new',
  '/recommendations/1/status',
  '/recommendations/1/notes/new',
  '/recommendations/1/uptake',
  // Petrovsky 5.2, a joint recommendation: its sides on the detail page, and China's side.
  '/recommendations/7',
  '/recommendations/7/parties/china',
  '/board',
  '/board?group=body',
  '/board?group=source',
  '/board?group=party',
  '/board?view=kanban',
  '/mechanisms',
  '/mechanisms/1',
  '/mechanisms/2',
  '/mechanisms?dormant=1',
  '/mechanisms/2/meetings/new',
  '/mechanisms/2/lifecycle/new',
  '/bodies',
  '/bodies/1',
  '/sources',
  '/sources/1',
  '/admin',
  '/admin/users',
  '/admin/bodies',
  '/admin/mechanisms/1/edit',
  '/admin/sources/new',
  '/import',
  '/no-such-page',
];

describe('Accessibility', () => {
  test('When the sign-in page is checked, with and without an error, then axe finds no serious or critical violation', async () => {
    const anonymous = await (await newContext(browser)).newPage();
    await anonymous.goto(`${app.url}/login`);
    expect(await seriousViolations(anonymous)).toEqual([]);
    await anonymous.getByLabel('Email').fill('nobody@example.org');
    await anonymous.getByLabel('Password').fill('not-the-password');
    await anonymous.getByRole('button', { name: 'Sign in' }).click();
    await anonymous.getByText('The email or password is incorrect.').waitFor();
    expect(await seriousViolations(anonymous)).toEqual([]);
  });

  test.each(PAGES)('When %s is checked, then axe finds no serious or critical violation', async (path) => {
    await page.goto(`${app.url}${path}`);
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('When forms come back with errors, then axe finds no serious or critical violation', async () => {
    await page.goto(`${app.url}/recommendations/new`);
    await page.locator('form.stack').evaluate((f) => ((f as HTMLFormElement).noValidate = true));
    await page.getByRole('button', { name: 'Create recommendation' }).click();
    await page.locator('[data-error-summary] .form-errors-title').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${app.url}/admin/bodies/new`);
    await page.locator('form.stack').evaluate((f) => ((f as HTMLFormElement).noValidate = true));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-error-summary] .form-errors-title').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('When a keyboard user presses Tab first, then a visible skip link takes them to the main content', async () => {
    await page.goto(`${app.url}/recommendations`);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({ text: document.activeElement?.textContent, left: document.activeElement?.getBoundingClientRect().left }));
    expect(focused.text).toBe('Skip to main content');
    expect(focused.left).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  test('When a control has keyboard focus, then it shows a visible outline', async () => {
    await page.goto(`${app.url}/recommendations`);
    await page.getByLabel('Search titles, texts and evidence').focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
  });

  test('When the screen is 375 px wide, then the list, detail and board pages do not scroll sideways', async () => {
    const narrow = await (await newContext(browser, { width: 375 })).newPage();
    await signIn(narrow, app.url, ADMIN.email, ADMIN.password);
    for (const path of ['/recommendations', '/recommendations/1', '/board']) {
      await narrow.goto(`${app.url}${path}`);
      const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
  });
});
