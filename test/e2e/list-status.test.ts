/// <reference lib="dom" />
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, newContext, seriousViolations, signIn, startApp, type E2eApp } from './harness';

/**
 * Changing statuses from the list without losing one's place: with and
 * without JavaScript, on a desktop screen and a 390 px phone.
 */

let app: E2eApp;
let browser: Browser;
let analyst: { email: string };

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  analyst = await app.makeUser('editor', 'Lena List');
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function openList(options: { javaScriptEnabled?: boolean; width?: number } = {}, path = '/recommendations') {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  await signIn(page, app.url, analyst.email);
  await page.goto(`${app.url}${path}`);
  return { context, page };
}

const scrollY = (page: Page) => page.evaluate(() => Math.round(window.scrollY));

/** The row's id, its title, and its place in the table. */
async function describeRow(page: Page, row: Locator) {
  const id = Number((await row.getAttribute('id'))!.replace('row-', ''));
  const title = (await row.locator('td:first-child > a').innerText()).trim();
  const index = await page.locator('#results tbody tr').evaluateAll((trs, rowId) => trs.findIndex((tr) => tr.id === rowId), `row-${id}`);
  return { id, title, index };
}

/** Puts the row in the middle of the screen, as a reader working down the list would have it. */
async function bringIntoView(page: Page, row: Locator) {
  await row.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.waitForTimeout(50);
}

/** A status the recommendation is not in now (the current one is disabled in the form). */
async function chooseNewStatus(form: Locator): Promise<string> {
  const select = form.getByLabel('New status');
  const value = await select.evaluate((el) => [...(el as HTMLSelectElement).options].find((o) => o.value && !o.disabled && o.value !== 'not_assessed')!.value);
  await select.selectOption(value);
  return (await select.locator(`option[value="${value}"]`).innerText()).trim();
}

/** Is the element's box inside the viewport, top to bottom and side to side? */
async function inViewport(page: Page, locator: Locator) {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  return !!box && box.y >= 0 && box.y + Math.min(box.height, 40) <= viewport.height && box.x >= 0 && box.x + box.width <= viewport.width;
}

/** One save through the dialog, checking what the reader sees at each step. */
async function saveInDialog(page: Page, row: Locator) {
  await bringIntoView(page, row);
  const { id, title, index } = await describeRow(page, row);
  const before = await scrollY(page);
  await row.getByRole('link', { name: /Update status/ }).click();
  const dialog = page.locator('#status-dialog');
  await dialog.locator('form.status-form').waitFor();
  expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
  // The form has its own width: nothing of it is cut off, at any screen size.
  expect(await inViewport(page, dialog.getByText('(required)').first())).toBe(true);
  expect(await dialog.evaluate((d) => d.scrollWidth <= d.clientWidth)).toBe(true);
  await expect(dialog.getByRole('heading', { name: 'Update the status' }).isVisible()).resolves.toBe(true);
  const label = await chooseNewStatus(dialog);
  await dialog.getByLabel(/Rationale/).fill(`Checked ${title.slice(0, 20)}`);
  await dialog.getByRole('button', { name: 'Update status' }).click();

  const message = page.locator(`#status-saved-${id}`);
  await message.waitFor();
  await page.waitForFunction(() => !(document.getElementById('status-dialog') as HTMLDialogElement).open);
  // The reader is where they were: same scroll, same row in the same place, showing its new status.
  expect(Math.abs((await scrollY(page)) - before)).toBeLessThanOrEqual(40);
  const after = page.locator(`#row-${id}`);
  expect((await describeRow(page, after)).index).toBe(index);
  expect((await after.locator('.badge').first().innerText()).trim()).toBe(label);
  // The message names the recommendation and its new status, links to it, and is on screen.
  expect(await message.innerText()).toContain(`${title} → ${label}`);
  expect(await message.getByRole('link', { name: title }).getAttribute('href')).toBe(`/recommendations/${id}`);
  expect(await inViewport(page, message)).toBe(true);
  // Focus is on the row (the message in it), not lost to <body>.
  expect(await page.evaluate(() => document.activeElement?.closest('tr')?.id ?? document.activeElement?.tagName)).toBe(`row-${id}`);
  return { id, label };
}

describe('Changing statuses from the list', () => {
  test.each([1280, 390])('When an analyst updates five statuses from the list with JavaScript at %i px, then each row stays in place and in view, names the change, and keeps focus', async (width) => {
    const { context, page } = await openList({ width });
    const first = width === 1280 ? 6 : 20;
    for (let i = 0; i < 5; i += 1) await saveInDialog(page, page.locator('#results tbody tr').nth(first + i));
    expect(page.url()).toBe(`${app.url}/recommendations`);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  test('When the dialog is open, then Esc closes it, Cancel too, nothing is saved, and focus returns to the row\'s link', async () => {
    const { context, page } = await openList();
    const row = page.locator('#results tbody tr').nth(2);
    await bringIntoView(page, row);
    const { id } = await describeRow(page, row);
    const badge = await row.locator('.badge').first().innerText();
    const before = await scrollY(page);
    const dialog = page.locator('#status-dialog');
    const isOpen = () => dialog.evaluate((d) => (d as HTMLDialogElement).open);

    await row.getByRole('link', { name: /Update status/ }).click();
    await dialog.locator('form.status-form').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !(document.getElementById('status-dialog') as HTMLDialogElement).open);
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.id)).toBe(`row-${id}`);

    await row.getByRole('link', { name: /Update status/ }).click();
    await dialog.locator('form.status-form').waitFor();
    expect(await isOpen()).toBe(true);
    await dialog.getByRole('link', { name: 'Cancel' }).click();
    expect(await isOpen()).toBe(false);
    expect(page.url()).toBe(`${app.url}/recommendations`);
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.id)).toBe(`row-${id}`);
    expect(await row.locator('.badge').first().innerText()).toBe(badge);
    expect(Math.abs((await scrollY(page)) - before)).toBeLessThanOrEqual(40);
    await context.close();
  });

  test('When a save in the dialog is invalid, then the error shows in the dialog and focus goes to the field', async () => {
    const { context, page } = await openList();
    const row = page.locator('#results tbody tr').nth(3);
    await bringIntoView(page, row);
    await row.getByRole('link', { name: /Update status/ }).click();
    const dialog = page.locator('#status-dialog');
    await dialog.locator('form.status-form').waitFor();
    await chooseNewStatus(dialog);
    await dialog.locator('form').evaluate((f) => ((f as HTMLFormElement).noValidate = true));
    await dialog.getByRole('button', { name: 'Update status' }).click();
    await dialog.locator('.field-error', { hasText: 'This field is required.' }).waitFor();
    expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    // Focus moves once the swapped form has settled, a moment after its error shows.
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'rationale', undefined, { timeout: 5000 });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('rationale');
    // Fixed, it saves as any other.
    await dialog.getByLabel(/Rationale/).fill('Now with a rationale');
    await dialog.getByRole('button', { name: 'Update status' }).click();
    await page.locator('.inline-saved').waitFor();
    await context.close();
  });

  test.each([1280, 390])('When JavaScript is off at %i px, then each save returns to the same list at the row, which names the change on screen', async (width) => {
    const listPath = '/recommendations?sort=title';
    const { context, page } = await openList({ javaScriptEnabled: false, width }, listPath);
    const first = width === 1280 ? 12 : 26;
    for (let i = 0; i < 5; i += 1) {
      const row = page.locator('#results tbody tr').nth(first + i);
      const { id, title, index } = await describeRow(page, row);
      await row.getByRole('link', { name: /Update status/ }).click();
      await page.waitForURL(/\/status\?return_to=/);
      const label = await chooseNewStatus(page.locator('form.status-form'));
      await page.getByLabel(/Rationale/).fill('Checked without JavaScript');
      await page.getByRole('button', { name: 'Update status' }).click();
      await page.waitForURL(`${app.url}${listPath}#row-${id}`);
      const message = page.locator(`#status-saved-${id}`);
      expect(await message.innerText()).toContain(`${title} → ${label}`);
      expect(await inViewport(page, message)).toBe(true);
      expect(await inViewport(page, page.locator(`#row-${id} td:first-child > a`))).toBe(true);
      expect((await describeRow(page, page.locator(`#row-${id}`))).index).toBe(index);
    }
    // Cancel on the status page also returns to the row.
    const row = page.locator('#results tbody tr').nth(first + 5);
    const { id } = await describeRow(page, row);
    await row.getByRole('link', { name: /Update status/ }).click();
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.waitForURL(`${app.url}${listPath}#row-${id}`);
    expect(await inViewport(page, page.locator(`#row-${id} td:first-child > a`))).toBe(true);
    await context.close();
  });

  test.each([true, false])('When the list is shown at 390 px (JavaScript %s), then the page does not scroll sideways and the first row\'s status action is on screen', async (javaScriptEnabled) => {
    const { context, page } = await openList({ javaScriptEnabled, width: 390 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const firstRow = page.locator('#results tbody tr').first();
    await firstRow.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const action = firstRow.getByRole('link', { name: /Update status/ });
    expect(await inViewport(page, action)).toBe(true);
    // Nothing in the row hides in a box that scrolls sideways.
    expect(await page.locator('#results .table-wrap').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    if (javaScriptEnabled) expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  test('When an analyst changes a status from a kanban card, then the card stays where it is and names the change, with focus on it', async () => {
    const { context, page } = await openList({}, '/board?view=kanban');
    const card = page.locator('.kanban .card').nth(4);
    await card.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const id = Number((await card.getAttribute('id'))!.replace('card-', ''));
    const title = (await card.locator('.card-title').innerText()).trim();
    const before = await scrollY(page);
    await card.getByRole('link', { name: /Update status/ }).click();
    const dialog = page.locator('#status-dialog');
    await dialog.locator('form.status-form').waitFor();
    const label = await chooseNewStatus(dialog);
    await dialog.getByLabel(/Rationale/).fill('Moved from the board');
    await dialog.getByRole('button', { name: 'Update status' }).click();
    const message = page.locator(`#status-saved-${id}`);
    await message.waitFor();
    expect(await message.innerText()).toContain(`${title} → ${label}`);
    expect(Math.abs((await scrollY(page)) - before)).toBeLessThanOrEqual(40);
    expect(await inViewport(page, message)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.closest('.card')?.id)).toBe(`card-${id}`);
    await context.close();
  });
});
