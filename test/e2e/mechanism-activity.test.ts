/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { ADMIN, launchBrowser, newContext, seriousViolations, signIn, startApp, type E2eApp } from './harness';

/**
 * Issue 21's mechanism journey: an analyst records the Cooperation Council's meeting as evidence for Petrovsky 5.2
 * and finds it on the Council's timeline and on 5.2's page; a manager sees the dormant mechanisms from the board.
 */

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

const COUNCIL = 'Cooperation Council of the Regions of the Russian Far East and the Northeast of the People’s Republic of China';
const RIC = 'Russia-India-China (RIC) format of interaction';
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

describe('A mechanism’s meetings', () => {
  test('When an analyst records the Council’s meeting and links it to Petrovsky 5.2, then it is on the Council’s timeline and on 5.2’s page as evidence', async () => {
    const analyst = await app.makeUser('editor', 'Anna Analyst');
    const page = await (await newContext(browser)).newPage();
    await signIn(page, app.url, analyst.email);
    await page.getByRole('link', { name: 'Mechanisms' }).first().click();
    await page.getByRole('link', { name: COUNCIL }).click();
    await page.getByRole('heading', { name: COUNCIL }).waitFor();
    // Its founding, from the seed, is the first entry of its timeline.
    await page.getByText('Lifecycle: Established').waitFor();

    await page.getByRole('link', { name: 'Record a meeting' }).click();
    await page.getByRole('heading', { name: 'Record a meeting' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const heldOn = daysAgo(20);
    await page.getByLabel('Meeting date').fill(heldOn);
    await page.getByLabel('Place', { exact: true }).fill('Vladivostok');
    await page.getByLabel('Level').selectOption({ label: 'Regional governors' });
    await page.getByLabel('Participants').fill('Governors of the Far Eastern regions and the Northeast provinces');
    await page.getByLabel('Outcome').fill('The Council adopted a plan of joint projects for the next two years.');
    await page.getByLabel('Source URL').fill('https://example.org/council-session');
    await page.getByLabel(/^5\.2 Ensure the Far East–Northeast China regional Cooperation Council/).check();
    await page.getByRole('button', { name: 'Record a meeting' }).click();

    await page.waitForURL(/\/mechanisms\/\d+#meeting-\d+/);
    await page.getByText('The meeting was recorded:').waitFor();
    const entry = page.locator('.timeline-meeting').first();
    await entry.getByText('The Council adopted a plan of joint projects').waitFor();
    expect(await entry.innerText()).toContain('Regional governors · Vladivostok');
    expect(await seriousViolations(page)).toEqual([]);

    await entry.getByRole('link', { name: /^5\.2 / }).click();
    await page.waitForURL(/\/recommendations\/\d+$/);
    const evidence = page.locator('.timeline .evidence', { hasText: 'The Council adopted a plan of joint projects' });
    await evidence.waitFor();
    await evidence.getByRole('link', { name: /^Meeting of / }).click();
    await page.waitForURL(/\/mechanisms\/\d+#meeting-\d+/);
  });
});

describe('Dormant mechanisms', () => {
  test('When an admin gives a mechanism an annual cadence and it has not met for years, then a manager sees it dormant from the board', async () => {
    const admin = await (await newContext(browser)).newPage();
    await signIn(admin, app.url, ADMIN.email, ADMIN.password);
    await admin.goto(`${app.url}/mechanisms`);
    await admin.getByRole('link', { name: RIC }).click();
    await admin.getByRole('link', { name: 'Edit' }).click();
    await admin.getByLabel('Expected cadence').selectOption({ label: 'Annual' });
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.waitForURL(/\/mechanisms\/\d+$/);

    const manager = await app.makeUser('viewer', 'Mikhail Manager');
    const page = await (await newContext(browser)).newPage();
    await signIn(page, app.url, manager.email);
    await page.getByRole('link', { name: 'Board' }).click();
    await page.getByRole('link', { name: '1 mechanism with no meeting in its cadence' }).click();
    await page.waitForURL(/\/mechanisms\?dormant=1/);
    await page.getByRole('heading', { name: 'Mechanisms with no meeting in their cadence' }).waitFor();
    const row = page.locator('tr', { hasText: RIC });
    await row.getByText('Dormant').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    await row.getByRole('link', { name: RIC }).click();
    await page.getByText('No meeting recorded since it was established; expected cadence: Annual.').waitFor();
    // A viewer reads; only editors record.
    expect(await page.getByRole('link', { name: 'Record a meeting' }).count()).toBe(0);
  });
});
