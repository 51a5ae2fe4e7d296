/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newContext, screenshot, seriousViolations, signIn, startApp, type E2eApp } from './harness';

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

/** The analyst's journey, run once with JavaScript (htmx) and once without. */
async function analystJourney(page: Page, withJs: boolean) {
  const [newStatus, newStatusLabel] = withJs ? ['in_progress', 'In progress'] : ['under_consideration', 'Under consideration'];
  const analyst = await app.makeUser('editor', withJs ? 'Anna Analyst' : 'Nikolai NoScript');
  await signIn(page, app.url, analyst.email);

  // Filter the list: a search, then a status.
  await page.getByLabel('Search titles, texts and evidence').fill('commission');
  if (withJs) await page.waitForURL(/q=commission/);
  else await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.waitForURL(/q=commission/);
  const nearLink = page.locator('#results tbody tr', { hasText: 'NEAR' }).first().getByRole('link').first();
  await nearLink.waitFor();
  if (withJs) {
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'list');
  }

  // Open the recommendation and change its status with a rationale and evidence.
  await nearLink.click();
  await page.waitForURL(/\/recommendations\/\d+$/);
  const detailUrl = page.url();
  if (withJs) await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));
  // The one "Add an update" form, opened by "Update status" (in place with JavaScript, as a page without).
  await page.getByRole('link', { name: 'Update status' }).click();
  const form = page.locator('form.update-form');
  await form.getByLabel('New status').selectOption(newStatus);
  await form.getByLabel(/Why the status changes/).fill(withJs ? 'NEAR set up a working group' : 'Checked without JavaScript');
  await form.getByLabel(/What was observed/).fill('The NEAR secretariat announced a working group on cross-border cooperation');
  await form.getByLabel(/Source web address/).fill('https://example.org/near-working-group');
  await form.getByRole('button', { name: 'Save update' }).click();

  const timeline = page.locator('.timeline-entry').first();
  await timeline.getByText(withJs ? 'NEAR set up a working group' : 'Checked without JavaScript').waitFor();
  await page.locator('#flash').getByText('The status and its evidence were saved:').waitFor();
  expect(await page.locator('.detail-head .badge').first().innerText()).toBe(newStatusLabel);
  if (withJs) {
    expect(page.url()).toBe(detailUrl);
    // The form closes again once saved, and the new entry leads the timeline.
    expect(await page.locator('#add-update').getAttribute('open')).toBeNull();
    // No reload happened: a value set on the page survives the update.
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'detail');
  }

  // Edit a field, make a validation error, recover from it.
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.waitForURL(/\/edit$/);
  await page.getByLabel(/Short title/).fill('');
  await page.getByLabel(/Target date/).fill('2027-12-31');
  await page.locator('form.stack').evaluate((f) => ((f as HTMLFormElement).noValidate = true));
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('This field is required.', { exact: true }).waitFor();
  await page.locator('[data-error-summary]').getByRole('link', { name: 'Short title: This field is required.' }).waitFor();
  expect(await page.getByLabel(/Target date/).inputValue()).toBe('2027-12-31');
  if (withJs) expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel(/Short title/).fill('Create a NEAR commission on cross-border cooperation');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(detailUrl);
  await page.getByRole('heading', { level: 1, name: 'Create a NEAR commission on cross-border cooperation' }).waitFor();
  await page.locator('#flash').getByText('Your changes were saved:').waitFor();
}

describe('An analyst', () => {
  test('When an analyst filters, opens a recommendation, updates its status and edits it, then everything shows without a reload', async () => {
    const context = await newContext(browser);
    await analystJourney(await context.newPage(), true);
    await context.close();
  });

  test('When JavaScript is off, then the same journey works through plain forms and links', async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    await analystJourney(await context.newPage(), false);
    await context.close();
  });
});
