/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { ADMIN, launchBrowser, newContext, seriousViolations, signIn, startApp, type E2eApp } from './harness';

/**
 * The board as a manager reads it on a laptop and on a phone, with and
 * without JavaScript: what moved, what stalled, what is overdue, from the
 * first screen; and the filter bar it shares with the list.
 */

let app: E2eApp;
let browser: Browser;
let manager: { email: string; name: string };

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  manager = await app.makeUser('viewer', 'Mona Manager');
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function open(options: { width: number; height: number; js: boolean }, email = manager.email, password?: string): Promise<Page> {
  const context = await newContext(browser, { javaScriptEnabled: options.js, width: options.width });
  const page = await context.newPage();
  await page.setViewportSize({ width: options.width, height: options.height });
  await signIn(page, app.url, email, password);
  return page;
}

/** How many recommendations the list page says it shows. */
async function listTotal(page: Page): Promise<number> {
  const summary = await page.locator('.result-summary').innerText();
  const m = /of ([\d,]+) recommendations?/.exec(summary);
  return m ? Number(m[1]!.replace(/,/g, '')) : 0;
}

/** Whether the page itself scrolls sideways; read through the DevTools protocol, which works with the page's JavaScript off. */
async function pageScrollsSideways(page: Page): Promise<boolean> {
  const cdp = await page.context().newCDPSession(page);
  const metrics = await cdp.send('Page.getLayoutMetrics');
  await cdp.detach();
  return metrics.cssContentSize.width > metrics.cssLayoutViewport.clientWidth;
}

/** axe-core runs in the page: only where its JavaScript is on (the markup is the same without). */
const violations = async (page: Page, js: boolean) => (js ? seriousViolations(page) : []);

const isOpen = async (locator: ReturnType<Page['locator']>) => (await locator.getAttribute('open')) !== null;

describe.each([true, false])('The board at 1280×800 (JavaScript %s)', (js) => {
  test('When a manager opens the board, then every headline figure is a link whose list has exactly that count', async () => {
    const page = await open({ width: 1280, height: 800, js });
    await page.goto(`${app.url}/board`);
    const figures = page.locator('.figures li');
    expect(await figures.count()).toBe(7);
    const links: { text: string; count: number; href: string }[] = [];
    for (const item of await figures.all()) {
      const link = item.getByRole('link');
      expect({ text: await item.innerText(), links: await link.count() }).toEqual({ text: await item.innerText(), links: 1 });
      links.push({ text: await item.innerText(), count: Number(await item.locator('.figure').innerText()), href: (await link.getAttribute('href'))! });
    }
    expect(links.map((l) => l.text.replace(/^\d+\s*/, '').replace(/[A-Z][a-z]{2} \d{1,2}, \d{4}/, 'DATE').replace(/\(\d+ %\)/, '(P %)'))).toEqual([
      'moved since DATE',
      'stalled',
      'overdue',
      'open with no news for 180 days',
      'implemented (P %)',
      'partially implemented (P %)',
      'recommendations in all',
    ]);
    for (const link of links) {
      await page.goto(`${app.url}${link.href}`);
      expect({ figure: link.text, listed: await listTotal(page) }).toEqual({ figure: link.text, listed: link.count });
    }
    await page.context().close();
  });

  test('When a manager opens the board, then the latest changes and the first matrix row are above the fold, and the matrix scrolls in its own box with the names in view', async () => {
    const page = await open({ width: 1280, height: 800, js });
    await page.goto(`${app.url}/board`);
    const latest = page.locator('.board-latest');
    const firstChange = page.locator('.latest li').first();
    const firstRow = page.locator('.matrix tbody tr').first();
    const bottom = async (l: typeof latest) => (await l.boundingBox())!.y + (await l.boundingBox())!.height;
    expect(await bottom(latest.getByRole('heading'))).toBeLessThanOrEqual(800);
    expect(await bottom(firstChange)).toBeLessThanOrEqual(800);
    // The row's first line (its name's first line and every count) is in view.
    const cell = page.locator('.matrix tbody tr').first().locator('td').first();
    expect(await bottom(cell.locator('a, span').first())).toBeLessThanOrEqual(800);
    expect(await firstRow.count()).toBe(1);
    expect(await firstChange.locator('.badge').count()).toBe(2);
    // The first column is Total, after the names.
    expect(await page.locator('.matrix thead th').nth(1).innerText()).toBe('Total');
    expect(await pageScrollsSideways(page)).toBe(false);
    // Scrolled sideways inside its box, the row names stay in view.
    const wrap = page.locator('.matrix-wrap');
    const lastHeader = page.locator('.matrix thead th').last();
    await lastHeader.scrollIntoViewIfNeeded();
    const name = (await page.locator('.matrix tbody th').first().boundingBox())!;
    const box = (await wrap.boundingBox())!;
    expect(name.x).toBeGreaterThanOrEqual(box.x - 1);
    expect(name.x).toBeLessThan(box.x + 10);
    // The chart has a legend beside its table.
    expect(await page.locator('.legend li').count()).toBeGreaterThan(0);
    expect(await violations(page, js)).toEqual([]);
    await page.context().close();
  });

  test('When empty columns are hidden, then the matrix shows fewer columns and a link brings them back', async () => {
    const page = await open({ width: 1280, height: 800, js });
    await page.goto(`${app.url}/board`);
    const before = await page.locator('.matrix thead th').count();
    await page.getByRole('link', { name: /^Hide \d+ empty columns?$/ }).click();
    await page.getByRole('link', { name: /^Show \d+ hidden empty columns?$/ }).waitFor();
    expect(await page.locator('.matrix thead th').count()).toBeLessThan(before);
    expect(page.url()).toContain('zeros=hide');
    await page.getByRole('link', { name: /^Show \d+ hidden empty columns?$/ }).click();
    await page.getByRole('link', { name: /^Hide \d+ empty columns?$/ }).waitFor();
    expect(await page.locator('.matrix thead th').count()).toBe(before);
    await page.context().close();
  });
});

describe.each([true, false])('The board at 390 px (JavaScript %s)', (js) => {
  test('When a manager opens the board and the kanban on a phone, then the page never scrolls sideways, and moved, stalled and overdue are on the first screen', async () => {
    const page = await open({ width: 390, height: 844, js });
    await page.goto(`${app.url}/board`);
    expect(await pageScrollsSideways(page)).toBe(false);
    for (const key of ['moved', 'stalled', 'overdue']) {
      const box = (await page.locator(`.figure-${key}`).boundingBox())!;
      expect({ key, bottom: box.y + box.height <= 844 }).toEqual({ key, bottom: true });
    }
    expect(await violations(page, js)).toEqual([]);

    await page.goto(`${app.url}/board?view=kanban`);
    await page.locator('.kanban-column').first().waitFor();
    expect(await pageScrollsSideways(page)).toBe(false);
    expect(await violations(page, js)).toEqual([]);
    await page.context().close();
  });
});

describe.each([true, false])('The kanban (JavaScript %s)', (js) => {
  test('When an editor opens the kanban, then the page does not scroll sideways, each column is a jump link with its count, and a column collapses', async () => {
    const page = await open({ width: 1280, height: 800, js }, ADMIN.email, ADMIN.password);
    await page.goto(`${app.url}/board?view=kanban`);
    expect(await pageScrollsSideways(page)).toBe(false);
    const jump = page.getByRole('navigation', { name: 'Kanban columns' });
    expect(await jump.getByRole('link').count()).toBe(9);
    // A column the seed fills (the publications support no "Implemented").
    const inProgress = jump.getByRole('link', { name: /^In progress \d+$/ });
    await inProgress.click();
    await page.waitForURL(/#col-in_progress$/, { waitUntil: 'commit' });
    const column = page.locator('#col-in_progress');
    expect(await isOpen(column)).toBe(true);
    await column.locator('summary').click();
    expect(await isOpen(column)).toBe(false);
    expect(await column.locator('.card').first().isVisible()).toBe(false);
    // Cards give the date of the last event in the world, not of the database write.
    const lastEvent = page.locator('.card-facts').first();
    expect(await lastEvent.innerText()).toMatch(/Last event\s+(\d{4}-\d{2}-\d{2} \(\d[\d,]* days? ago\)|None recorded)/);
    expect(await violations(page, js)).toEqual([]);
    await page.context().close();
  });
});

describe.each([
  ['/recommendations', true],
  ['/recommendations', false],
  ['/board', true],
  ['/board', false],
] as const)('The filter bar of %s (JavaScript %s)', (path, js) => {
  test('When filters behind "Filters" are set, then each shows as a chip, and a chip removes its filter alone', async () => {
    const page = await open({ width: 1280, height: 800, js });
    await page.goto(`${app.url}${path}`);
    expect(await isOpen(page.locator('.filter-more'))).toBe(false);
    await page.locator('.filter-more summary').click();
    await page.getByLabel('Priority', { exact: true }).selectOption('yes');
    await page.getByLabel('Overdue only').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/priority=yes.*overdue=yes|overdue=yes.*priority=yes/);
    const chips = page.locator('#filter-extras a.chip');
    expect(await chips.count()).toBe(2);
    await page.getByRole('link', { name: 'Remove filter Overdue' }).click();
    await page.waitForURL((url) => !url.search.includes('overdue=') && url.search.includes('priority=yes'));
    expect(await page.locator('#filter-extras a.chip').count()).toBe(1);
    await page.getByRole('link', { name: 'Remove filter Priority: Priority only' }).click();
    await page.waitForURL((url) => !url.search.includes('priority='));
    expect(await page.locator('#filter-extras a.chip').count()).toBe(0);
    await page.context().close();
  });

  test('When a keyboard user tabs into the page, then a "Skip to results" link takes them past the filters', async () => {
    const page = await open({ width: 1280, height: 800, js });
    await page.goto(`${app.url}${path}`);
    const skip = page.getByRole('link', { name: 'Skip to results' });
    await skip.focus();
    expect(await skip.isVisible()).toBe(true);
    await skip.press('Enter');
    await page.waitForURL(/#(results|board-content)$/);
    await page.context().close();
  });
});

describe('The filter bar on a phone', () => {
  test.each([true, false])('When the list or the board is opened at 390 px (JavaScript %s), then content starts on the first screen, below a bar of at most a quarter of it', async (js) => {
    const page = await open({ width: 390, height: 844, js });
    for (const [path, content] of [['/board', '.figures'], ['/recommendations', '#results']] as const) {
      await page.goto(`${app.url}${path}`);
      const bar = (await page.locator('form.filters').boundingBox())!;
      expect({ path, barHeight: bar.height <= 844 / 4 }).toEqual({ path, barHeight: true });
      const top = (await page.locator(content).boundingBox())!.y;
      expect({ path, contentOnFirstScreen: top < 844 - 100 }).toEqual({ path, contentOnFirstScreen: true });
    }
    await page.context().close();
  });
});
