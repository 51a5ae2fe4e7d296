/// <reference lib="dom" />
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { recommendations, sources } from '../../server/db/schema';
import { ADMIN, launchBrowser, seriousViolations, signedInPage, startApp, type E2eApp } from './harness';

/**
 * Issue 21's "Done when", as one journey: an analyst records the Cooperation Council's meeting and links it as
 * evidence to Petrovsky 5.2, sets China's side of 5.2, and records that 5.2 was adopted as recommended, with the
 * meeting as its document; a manager then sees the dormant mechanisms and the publication's share taken up on the
 * board, on a desk and on a phone.
 */

let app: E2eApp;
let browser: Browser;
let recId = 0;
let sourceTitle = '';
let sourceCount = 0;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  const db = app.running.db;
  const rec = db.select().from(recommendations).all().find((r) => r.reference === '5.2')!;
  recId = rec.id;
  sourceTitle = db.select().from(sources).where(eq(sources.id, rec.sourceId)).get()!.title;
  sourceCount = db.select().from(recommendations).where(eq(recommendations.sourceId, rec.sourceId)).all().length;
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const COUNCIL = 'Cooperation Council of the Regions of the Russian Far East and the Northeast of the People’s Republic of China';
const RIC = 'Russia-India-China (RIC) format of interaction';
const OUTCOME = 'The Council adopted a plan of joint projects for the next two years.';
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

async function analystRecordsTheCouncilsMeeting(page: Page) {
  await page.getByRole('link', { name: 'Mechanisms' }).first().click();
  await page.getByRole('link', { name: COUNCIL }).click();
  await page.getByRole('heading', { name: COUNCIL }).waitFor();
  // Its founding, from the seed, is the first entry of its timeline.
  await page.getByText('Lifecycle: Established').waitFor();

  await page.getByRole('link', { name: 'Record a meeting' }).click();
  await page.getByRole('heading', { name: 'Record a meeting' }).waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel('Meeting date').fill(daysAgo(20));
  await page.getByLabel('Place', { exact: true }).fill('Vladivostok');
  await page.getByLabel('Level').selectOption({ label: 'Regional governors' });
  await page.getByLabel('Participants').fill('Governors of the Far Eastern regions and the Northeast provinces');
  await page.getByLabel('Outcome').fill(OUTCOME);
  await page.getByLabel('Source URL').fill('https://example.org/council-session');
  await page.getByLabel('Source title').fill('Protocol of the Council’s session');
  await page.getByLabel(/^5\.2 Ensure the Far East–Northeast China regional Cooperation Council/).check();
  await page.getByRole('button', { name: 'Record a meeting' }).click();

  await page.waitForURL(/\/mechanisms\/\d+#meeting-\d+/);
  await page.getByText('The meeting was recorded:').waitFor();
  const entry = page.locator('.timeline-meeting').first();
  await entry.getByText(OUTCOME).waitFor();
  expect(await entry.innerText()).toContain('Regional governors · Vladivostok');
  expect(await seriousViolations(page)).toEqual([]);

  // The meeting leads to 5.2, whose timeline has it as evidence, which leads back to the meeting.
  await entry.getByRole('link', { name: /^5\.2 / }).click();
  await page.waitForURL(new RegExp(`/recommendations/${recId}$`));
  const evidence = page.locator('.timeline .evidence', { hasText: OUTCOME });
  await evidence.getByRole('link', { name: /^Meeting of / }).click();
  await page.waitForURL(/\/mechanisms\/\d+#meeting-\d+/);
}

async function analystSetsChinasSide(page: Page) {
  await page.goto(`${app.url}/recommendations/${recId}`);
  const sides = page.locator('#sides');
  expect(await sides.locator('.side-party').allInnerTexts()).toEqual(['China', 'Russia']);
  expect(await sides.locator('.sides-differ').count()).toBe(0);

  await sides.getByRole('link', { name: 'China: history and update' }).click();
  await page.waitForURL(/\/parties\/china$/);
  expect(await seriousViolations(page)).toEqual([]);
  // An error first: a date in the future comes back with the message by its field, the rest as typed.
  await page.getByLabel('Status for China').selectOption('no_action');
  await page.getByLabel('Date it happened').fill('2099-01-01');
  await page.getByLabel('Rationale').fill('No session of the Council reported by the Chinese side since 2019');
  await page.getByRole('button', { name: 'Update status' }).click();
  await page.locator(`#status${recId}-effective_on-error`).waitFor();
  expect(await page.getByLabel('Rationale').inputValue()).toBe('No session of the Council reported by the Chinese side since 2019');
  await page.getByLabel('Date it happened').fill('2024-06-01');
  await page.getByRole('button', { name: 'Update status' }).click();

  await page.waitForURL(new RegExp(`/recommendations/${recId}#sides$`));
  await page.locator('.flash', { hasText: "A side's status was updated:" }).waitFor();
  expect(await page.locator('#sides .sides-differ').innerText()).toBe('The sides differ: China: No action observed; Russia: Not yet assessed.');
  const china = page.locator('#sides .side', { hasText: 'China' });
  expect(await china.locator('.badge').innerText()).toBe('No action observed');
  expect(await china.innerText()).toContain('No session of the Council reported by the Chinese side since 2019');
  // The overall status stays the official one; the side's change is in the main timeline, named by its party.
  expect(await page.locator('.key-facts .badge').first().innerText()).toBe('Not yet assessed');
  const change = page.locator('.timeline-side').first();
  expect(await change.locator('.timeline-head').innerText()).toMatch(/Jun 1, 2024 · China: status changed Not yet assessed\s*→\s*No action observed/);
  expect(await seriousViolations(page)).toEqual([]);
}

async function analystRecordsUptake(page: Page) {
  await expect(page.locator('#uptake dd').textContent()).resolves.toBe('Unknown');
  // "Record uptake" opens the form at its first field.
  await page.getByRole('link', { name: 'Record uptake' }).click();
  await page.waitForFunction((id) => document.activeElement?.id === `uptake${id}-uptake`, recId, { timeout: 5000 });
  expect(await seriousViolations(page)).toEqual([]);
  // A claim without its document is refused beside the fields, and the form stays where it was.
  await page.locator(`#uptake${recId}-uptake`).selectOption('adopted');
  await page.locator(`#uptake-form-${recId}`).getByRole('button', { name: 'Save uptake' }).click();
  await page.locator(`#uptake${recId}-uptake_note_id-error`).waitFor();
  expect(await page.locator(`#uptake${recId}-uptake_note_id-error`).textContent()).toBe('Choose the evidence note that shows it.');

  // The meeting's evidence note is the document that shows it.
  const documentId = await page.locator(`#uptake${recId}-uptake_note_id option`, { hasText: 'Protocol of the Council’s session' }).getAttribute('value');
  await page.locator(`#uptake${recId}-uptake_note_id`).selectOption(documentId!);
  await page.locator(`#uptake${recId}-uptake_confidence`).selectOption('confirmed');
  await page.locator(`#uptake-form-${recId}`).getByRole('button', { name: 'Save uptake' }).click();
  await page.waitForFunction(() => document.querySelector('#uptake dd')?.textContent?.startsWith('Adopted as recommended'), undefined, { timeout: 5000 });
  expect(await page.locator('#uptake dd').textContent()).toContain('(Confirmed)');
  expect(await page.locator('#uptake a').getAttribute('href')).toBe('https://example.org/council-session');
  expect(await page.locator('.timeline-entry', { hasText: 'Uptake' }).first().textContent()).toContain('Unknown → Adopted as recommended');
}

async function adminGivesRicAnAnnualCadence() {
  const page = await signedInPage(browser, app.url, ADMIN.email, { width: 1280, height: 800, password: ADMIN.password });
  await page.goto(`${app.url}/mechanisms`);
  await page.getByRole('link', { name: RIC }).click();
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByLabel('Expected cadence').selectOption({ label: 'Annual' });
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/\/mechanisms\/\d+$/);
  await page.context().close();
}

async function managerReadsTheBoard(page: Page) {
  await page.getByRole('link', { name: 'Board' }).click();
  await page.waitForURL(/\/board/);
  const row = page.locator('.taken-up-table tr', { has: page.locator(`th a:text-is("${sourceTitle}")`) });
  expect(await row.locator('.taken-up-share').textContent()).toBe(`1 of ${sourceCount} taken up (${Math.round((1 / sourceCount) * 100)} %)`);
  expect(await seriousViolations(page)).toEqual([]);

  // The Council met 20 days ago; the RIC format, expected every year, has never met since its founding.
  await page.getByRole('link', { name: '1 mechanism with no meeting in its cadence' }).click();
  await page.waitForURL(/\/mechanisms\?dormant=1/);
  await page.getByRole('heading', { name: 'Mechanisms with no meeting in their cadence' }).waitFor();
  const ric = page.locator('tr', { hasText: RIC });
  await ric.getByText('Dormant').waitFor();
  expect(await page.locator('tbody tr').count()).toBe(1);
  expect(await seriousViolations(page)).toEqual([]);
  await ric.getByRole('link', { name: RIC }).click();
  await page.getByText('No meeting recorded since it was established; expected cadence: Annual.').waitFor();
  // A viewer reads; only editors record.
  expect(await page.getByRole('link', { name: 'Record a meeting' }).count()).toBe(0);

  // The publication's count of recommendations taken up links to exactly that one.
  await page.goto(`${app.url}/board`);
  await row.locator('a', { hasText: /^1$/ }).first().click();
  await page.waitForURL(/uptake=adopted/);
  expect(await page.locator('tbody tr').filter({ hasText: 'Cooperation Council works on a regular basis' }).count()).toBe(1);
}

test('An analyst records the Council’s meeting as evidence for Petrovsky 5.2, sets China’s side and records its uptake; a manager sees the dormant mechanisms and the share taken up on the board', async () => {
  await adminGivesRicAnAnnualCadence();

  const analyst = await app.makeUser('editor', 'Anna Analyst');
  const page = await signedInPage(browser, app.url, analyst.email, { width: 1280, height: 800 });
  await analystRecordsTheCouncilsMeeting(page);
  await analystSetsChinasSide(page);
  await analystRecordsUptake(page);
  await page.context().close();

  const manager = await app.makeUser('viewer', 'Maria Manager');
  const desk = await signedInPage(browser, app.url, manager.email, { width: 1280, height: 800 });
  await managerReadsTheBoard(desk);
  await desk.context().close();

  // On a phone, the detail page (sides stacked, the side's change in the timeline) and the board fit the width.
  const phone = await signedInPage(browser, app.url, manager.email, { width: 390, height: 844 });
  await phone.goto(`${app.url}/recommendations/${recId}`);
  await phone.locator('.timeline-side').first().waitFor();
  expect(await scrollWidth(phone)).toBeLessThanOrEqual(390);
  await phone.goto(`${app.url}/board`);
  await phone.getByRole('link', { name: '1 mechanism with no meeting in its cadence' }).waitFor();
  expect(await scrollWidth(phone)).toBeLessThanOrEqual(390);
  await phone.context().close();
}, 120_000);

test('Without JavaScript, the uptake form is on its own page and a failed save comes back there with its errors', async () => {
  const analyst = await app.makeUser('editor', 'Nikolai NoScript');
  const page = await signedInPage(browser, app.url, analyst.email, { width: 390, height: 844, javaScriptEnabled: false });
  page.setDefaultTimeout(10_000);
  await page.goto(`${app.url}/recommendations/${recId}`);
  await page.getByRole('link', { name: 'Record uptake' }).click();
  await page.waitForURL(`${app.url}/recommendations/${recId}/uptake`);
  // The form opens with what the journey recorded (adopted, its document, confirmed); a claim without its confidence is refused.
  expect(await page.locator(`#uptake${recId}-uptake`).inputValue()).toBe('adopted');
  await page.locator(`#uptake${recId}-uptake`).selectOption('convergent');
  await page.locator(`#uptake${recId}-uptake_confidence`).selectOption('');
  await page.getByRole('button', { name: 'Save uptake' }).click();
  expect(page.url()).toBe(`${app.url}/recommendations/${recId}/uptake`);
  expect(await page.locator(`#uptake${recId}-uptake_confidence-error`).textContent()).toBe('This field is required.');
  await page.context().close();
}, 60_000);
