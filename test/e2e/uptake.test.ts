/// <reference lib="dom" />
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { recommendations, sources } from '../../server/db/schema';
import { launchBrowser, seriousViolations, signedInPage, startApp, type E2eApp } from './harness';

/**
 * Issue 21's uptake journey: an analyst records that a recommendation was
 * adopted as recommended, with the document that shows it, and a manager
 * sees the publication's share taken up on the board.
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

test('An analyst records that Petrovsky 5.2 was adopted as recommended, and a manager sees the publication’s share taken up on the board', async () => {
  const analyst = await app.makeUser('editor', 'Anna Analyst');
  const page = await signedInPage(browser, app.url, analyst.email, { width: 1280, height: 800 });
  await page.goto(`${app.url}/recommendations/${recId}`);
  await expect(page.locator('#uptake dd').textContent()).resolves.toBe('Unknown');

  // The document first: an evidence note with its source.
  await page.getByRole('link', { name: 'Add evidence' }).click();
  await page.locator('#update-evidence_text').fill('The Council held its session in Harbin and adopted a work plan.');
  await page.locator('#update-evidence_title').fill('Protocol of the Council’s session');
  await page.locator('#update-evidence_url').fill('https://example.org/council-session');
  await page.getByRole('button', { name: 'Save update' }).click();
  await page.locator('.timeline-entry', { hasText: 'The Council held its session in Harbin' }).waitFor();

  // "Record uptake" opens the form at its first field.
  await page.getByRole('link', { name: 'Record uptake' }).click();
  await page.waitForFunction((id) => document.activeElement?.id === `uptake${id}-uptake`, recId, { timeout: 5000 });
  expect(await seriousViolations(page)).toEqual([]);
  // Saving a claim without its document is refused beside the fields, and the form stays where it was.
  await page.locator(`#uptake${recId}-uptake`).selectOption('adopted');
  await page.locator(`#uptake-form-${recId}`).getByRole('button', { name: 'Save uptake' }).click();
  await page.locator(`#uptake${recId}-uptake_note_id-error`).waitFor();
  expect(await page.locator(`#uptake${recId}-uptake_note_id-error`).textContent()).toBe('Choose the evidence note that shows it.');

  const documentId = await page.locator(`#uptake${recId}-uptake_note_id option`, { hasText: 'Protocol of the Council’s session' }).getAttribute('value');
  await page.locator(`#uptake${recId}-uptake_note_id`).selectOption(documentId!);
  await page.locator(`#uptake${recId}-uptake_confidence`).selectOption('confirmed');
  await page.locator(`#uptake-form-${recId}`).getByRole('button', { name: 'Save uptake' }).click();
  await page.waitForFunction(() => document.querySelector('#uptake dd')?.textContent?.startsWith('Adopted as recommended'), undefined, { timeout: 5000 });
  expect(await page.locator('#uptake dd').textContent()).toContain('(Confirmed)');
  expect(await page.locator('#uptake a').getAttribute('href')).toBe('https://example.org/council-session');
  expect(await page.locator('.timeline-entry', { hasText: 'Uptake' }).first().textContent()).toContain('Unknown → Adopted as recommended');
  await page.screenshot({ path: '/tmp/uptake-detail-1280.png' });

  const manager = await app.makeUser('viewer', 'Maria Manager');
  const board = await signedInPage(browser, app.url, manager.email, { width: 1280, height: 800 });
  await board.goto(`${app.url}/board`);
  const row = board.locator('.taken-up-table tr', { has: board.locator(`th a:text-is("${sourceTitle}")`) });
  const share = Math.round((1 / sourceCount) * 100);
  expect(await row.locator('.taken-up-share').textContent()).toBe(`1 of ${sourceCount} taken up (${share} %)`);
  expect(await seriousViolations(board)).toEqual([]);
  await board.locator('#taken-up-heading').scrollIntoViewIfNeeded();
  await board.screenshot({ path: '/tmp/uptake-board-1280.png' });
  // The count links to exactly that recommendation.
  await row.locator('a', { hasText: /^1$/ }).first().click();
  await board.waitForURL(/uptake=adopted/);
  expect(await board.locator('.rec-title, .recommendation-row, tbody tr').filter({ hasText: 'Cooperation Council works on a regular basis' }).count()).toBeGreaterThan(0);
}, 60_000);

test('Without JavaScript, the form is on its own page and a failed save comes back there with its errors', async () => {
  const analyst = await app.makeUser('editor', 'Nikolai NoScript');
  const page = await signedInPage(browser, app.url, analyst.email, { width: 390, height: 844, javaScriptEnabled: false });
  await page.goto(`${app.url}/recommendations/${recId}`);
  page.setDefaultTimeout(10_000);
  await page.getByRole('link', { name: 'Record uptake' }).click();
  await page.waitForURL(`${app.url}/recommendations/${recId}/uptake`);
  // The form opens with what is recorded (adopted, its document, confirmed); a claim without its confidence is refused.
  expect(await page.locator(`#uptake${recId}-uptake`).inputValue()).toBe('adopted');
  await page.locator(`#uptake${recId}-uptake`).selectOption('convergent');
  await page.locator(`#uptake${recId}-uptake_confidence`).selectOption('');
  await page.getByRole('button', { name: 'Save uptake' }).click();
  expect(page.url()).toBe(`${app.url}/recommendations/${recId}/uptake`);
  expect(await page.locator(`#uptake${recId}-uptake_confidence-error`).textContent()).toBe('This field is required.');
  await page.screenshot({ path: '/tmp/uptake-form-390.png', fullPage: true });
}, 60_000);
