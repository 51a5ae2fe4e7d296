/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isNull } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { recommendations } from '../../server/db/schema';
import { formatDate, today } from '../../server/lib/dates';
import { updateStatus } from '../../server/recommendations/service';
import { changePresets } from '../../server/reports/periods';
import { launchBrowser, newContext, seriousViolations, signIn, startApp, type E2eApp } from './harness';

/**
 * A manager's reports: from the board to "what changed last quarter" in one
 * click, previewed, downloaded as CSV, and printed (Chromium's PDF, read back
 * with pdftotext).
 */

let app: E2eApp;
let browser: Browser;
let manager: { email: string; name: string };
const lastQuarter = changePresets(today()).find((p) => p.key === 'last_quarter')!.period;
const changed: string[] = [];

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  manager = await app.makeUser('viewer', 'Mona Manager');
  const analyst = await app.makeUser('editor', 'Ivan Analyst');
  const analystId = app.running.db.$client.prepare('SELECT id FROM users WHERE email = ?').pluck().get(analyst.email) as number;
  // Two unassessed recommendations of the seed move in the last quarter: one on its first day, one on its last.
  const unassessed = app.running.db.select({ id: recommendations.id, title: recommendations.shortTitle }).from(recommendations).where(isNull(recommendations.statusSince)).limit(2).all();
  const moves = [
    { on: lastQuarter.from, status: 'under_consideration' as const, rationale: 'Put on the agenda of the session' },
    { on: lastQuarter.to, status: 'in_progress' as const, rationale: 'Working group formed' },
  ];
  unassessed.forEach((rec, i) => {
    const result = updateStatus(app.running.db, rec.id, { status: moves[i]!.status, effectiveOn: moves[i]!.on, rationale: moves[i]!.rationale }, analystId);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    changed.push(rec.title);
  });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function open(options: { width: number; js: boolean }): Promise<Page> {
  const context = await newContext(browser, { javaScriptEnabled: options.js, width: options.width });
  const page = await context.newPage();
  await signIn(page, app.url, manager.email);
  return page;
}

async function pageScrollsSideways(page: Page): Promise<boolean> {
  const cdp = await page.context().newCDPSession(page);
  const metrics = await cdp.send('Page.getLayoutMetrics');
  await cdp.detach();
  return metrics.cssContentSize.width > metrics.cssLayoutViewport.clientWidth;
}

describe.each([true, false])('Reports (JavaScript %s)', (js) => {
  test('When a manager goes from the board to the reports and clicks "Last quarter", then the preview lists the quarter’s changes and the CSV holds them', async () => {
    const page = await open({ width: 1280, js });
    await page.goto(`${app.url}/board`);
    await page.getByRole('link', { name: 'Reports: status on a date, changes in a period' }).click();
    await page.waitForURL(/\/reports$/);
    await page.getByRole('link', { name: 'Changes in a period' }).click();
    await page.getByRole('link', { name: /^Last quarter/ }).click();
    await page.waitForURL(new RegExp(`changed_since=${lastQuarter.from}&as_of=${lastQuarter.to}`));
    await expect(page.getByRole('heading', { level: 2, name: `Changes from ${formatDate(lastQuarter.from)} to ${formatDate(lastQuarter.to)}` }).isVisible()).resolves.toBe(true);
    const moved = await page.locator('.figure-moved .figure').innerText();
    expect(Number(moved)).toBe(changed.length);
    const rows = page.locator('tr[data-change]');
    expect(await rows.count()).toBe(changed.length);
    for (const title of changed) await expect(page.getByRole('link', { name: title, exact: true }).first().isVisible()).resolves.toBe(true);
    expect(await rows.first().innerText()).toContain(formatDate(lastQuarter.from));
    expect(await rows.last().innerText()).toContain('Ivan Analyst');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe(`progress-changes-${lastQuarter.from}-to-${lastQuarter.to}.csv`);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    for (const title of changed) expect(csv).toContain(title);
    expect(csv.trim().split('\r\n')).toHaveLength(1 + changed.length);
    await page.context().close();
  });

  test('When the reports page is checked by axe-core, before and with a preview, then nothing serious is found, and at 390 px nothing scrolls sideways', async () => {
    const page = await open({ width: 390, js });
    for (const url of ['/reports?kind=changes', `/reports?kind=changes&changed_since=${lastQuarter.from}&as_of=${lastQuarter.to}`, '/reports']) {
      await page.goto(`${app.url}${url}`);
      expect(await pageScrollsSideways(page)).toBe(false);
      if (js) expect(await seriousViolations(page)).toEqual([]);
    }
    await page.context().close();
  });
});

describe('Reports on paper', () => {
  test('When the last quarter’s report is printed to PDF, then it holds the period, the figures and every changed recommendation’s title, and no form or navigation', async () => {
    const page = await open({ width: 1280, js: true });
    await page.goto(`${app.url}/reports?kind=changes&changed_since=${lastQuarter.from}&as_of=${lastQuarter.to}`);
    await expect(page.getByRole('button', { name: 'Print' }).isVisible()).resolves.toBe(true);
    const figures = await page.locator('.report-figures li').allInnerTexts();
    await page.emulateMedia({ media: 'print' });
    const dir = fs.mkdtempSync(path.join(app.dir, 'pdf-'));
    const pdf = path.join(dir, 'report.pdf');
    // Kept for a look by hand when REPORT_PDF names a place.
    const keep = process.env.REPORT_PDF;
    await page.pdf({ path: pdf, format: "A4", printBackground: false });
    if (keep) fs.copyFileSync(pdf, keep);
    const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(`Changes from ${formatDate(lastQuarter.from)} to ${formatDate(lastQuarter.to)}`);
    for (const figure of figures) expect(text).toContain(figure.replace(/\s+/g, ' ').trim());
    for (const title of changed) expect(text).toContain(title.replace(/\s+/g, ' '));
    expect(text).not.toContain('Show report');
    expect(text).not.toContain('Sign out');
    expect(text).not.toContain('Download this report');
    await page.context().close();
  });
});
