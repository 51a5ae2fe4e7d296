/// <reference lib="dom" />
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import { ADMIN, launchBrowser, newContext, PASSWORD, screenshot, seriousViolations, signIn, startApp, type E2eApp } from './harness';

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

describe('A manager', () => {
  test('When a manager opens the board, switches the grouping and clicks a cell, then the list shows exactly that cell; the CSV reads back', async () => {
    const manager = await app.makeUser('viewer', 'Maria Manager');
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, app.url, manager.email);
    await page.getByRole('link', { name: 'Board' }).click();
    await page.waitForURL(/\/board/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'board');

    await page.getByRole('link', { name: 'Responsible body', exact: true }).click();
    await page.waitForURL(/group=body/);
    await page.getByRole('heading', { name: 'Status by responsible body' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const cell = page.locator('.matrix tbody td:not(.total-col) a').first();
    const count = Number(await cell.innerText());
    await cell.click();
    await page.waitForURL(/\/recommendations\?.*status=/);
    await page.getByText(`Showing 1–${count} of ${count} recommendations`).waitFor();

    await page.goto(`${app.url}/board`);
    await page.locator('.filter-more summary').click();
    await page.getByRole('link', { name: 'Filter by responsible body or source publication' }).click();
    // Shown, the long lists replace the link that showed them.
    expect(await page.getByRole('link', { name: 'Filter by responsible body or source publication' }).count()).toBe(0);
    await page.getByLabel('Responsible body').selectOption({ index: 2 });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/body=\d+/);
    const chip = page.locator('.chosen-filters a.chip');
    await chip.waitFor();
    await chip.click();
    await page.waitForURL((url) => !url.search.includes('body='));
    expect(await page.locator('.chosen-filters').count()).toBe(0);

    await page.goto(`${app.url}/board?view=kanban`);
    await page.locator('.kanban-column').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${app.url}/board`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    const total = Number(await page.locator('.figures .figure-total .figure').innerText());
    expect(rows).toHaveLength(total);
    expect(rows.some((r) => Object.values(r).some((v) => v.includes('NEAR')))).toBe(true);
    await context.close();
  });
});

describe('An administrator', () => {
  test('When an admin invites a user, changes the role and deactivates them, then they can no longer sign in', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, app.url, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('link', { name: 'Accounts' }).click();
    expect(await seriousViolations(page)).toEqual([]);

    const form = page.locator('form', { has: page.getByRole('button', { name: 'Create invitation link' }) });
    await form.getByLabel('Name').fill('Vera Viewer');
    await form.getByLabel('Email').fill('vera@example.org');
    await form.getByLabel('Viewer').check();
    await form.getByRole('button', { name: 'Create invitation link' }).click();
    const link = await page.getByLabel('Invitation link').inputValue();
    // Vera sets her own password through the link.
    const invited = await (await newContext(browser)).newPage();
    await invited.goto(link);
    await invited.getByLabel(/^Password/).fill(PASSWORD);
    await invited.getByLabel(/^Repeat the password/).fill(PASSWORD);
    await invited.getByRole('button', { name: 'Create my account' }).click();
    await invited.waitForURL(/\/recommendations$/);
    await invited.context().close();
    await page.reload();

    const row = page.locator('tr', { hasText: 'vera@example.org' });
    await row.getByLabel(/Role/).selectOption('editor');
    await row.getByRole('button', { name: /Save/ }).click();
    await page.getByText('The account was updated:').waitFor();
    expect(await page.locator('tr', { hasText: 'vera@example.org' }).getByLabel(/Role/).inputValue()).toBe('editor');

    const vera = await newContext(browser);
    const veraPage = await vera.newPage();
    await signIn(veraPage, app.url, 'vera@example.org');

    await page.locator('tr', { hasText: 'vera@example.org' }).getByLabel(/Active/).uncheck();
    await page.locator('tr', { hasText: 'vera@example.org' }).getByRole('button', { name: /Save/ }).click();
    await page.getByText('The account was updated:').waitFor();

    // Her open session ends at once, and she cannot sign in again.
    await veraPage.goto(`${app.url}/recommendations`);
    await veraPage.waitForURL(/\/login/);
    await veraPage.getByLabel('Email').fill('vera@example.org');
    await veraPage.getByLabel('Password').fill(PASSWORD);
    await veraPage.getByRole('button', { name: 'Sign in' }).click();
    await veraPage.getByText('The email or password is incorrect.').waitFor();
    expect(await seriousViolations(veraPage)).toEqual([]);
    await vera.close();
    await context.close();
  });
});

describe('Two analysts at once', () => {
  test('When two browsers edit the same recommendation, then the second save is refused with a clear message and nothing is lost', async () => {
    const [anna, boris] = [await app.makeUser('editor', 'Anna'), await app.makeUser('editor', 'Boris')];
    const a = await (await newContext(browser)).newPage();
    const b = await (await newContext(browser)).newPage();
    await signIn(a, app.url, anna.email);
    await signIn(b, app.url, boris.email);
    const first = a.locator('#results tbody tr a').first();
    const href = (await first.getAttribute('href'))!;
    await a.goto(`${app.url}${href}/edit`);
    await b.goto(`${app.url}${href}/edit`);

    await a.getByLabel(/Short title/).fill('Title saved by Anna');
    await a.getByRole('button', { name: 'Save changes' }).click();
    await a.waitForURL(new RegExp(`${href}$`));

    await b.getByLabel(/Short title/).fill('Title drafted by Boris');
    await b.getByRole('button', { name: 'Save changes' }).click();
    await b.getByText(/changed by Anna .* since you opened it/).waitFor();
    await b.getByRole('heading', { name: 'Current values' }).waitFor();
    await b.locator('.conflict').getByText('Title saved by Anna').waitFor();
    expect(await b.getByLabel(/Short title/).inputValue()).toBe('Title drafted by Boris');
    expect(await seriousViolations(b)).toEqual([]);
  });
});
