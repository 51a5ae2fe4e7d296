/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { STATUSES } from '../../server/domain/vocabulary';
import { t } from '../../server/lib/i18n';
import { launchBrowser, newContext, signIn, startApp, type E2eApp } from './harness';

/**
 * The board on paper: rendered to PDF by Chromium as its print dialog would
 * (print media, the page size the stylesheet asks for), its text read back
 * with pdftotext (poppler-utils, which CI installs).
 */

let app: E2eApp;
let browser: Browser;
let manager: { email: string; name: string };
let dir: string;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  manager = await app.makeUser('viewer', 'Mona Manager');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'board-print-'));
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function printed(pathAndQuery: string): Promise<{ text: string; raw: string; pages: number; size: string; page: Page }> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, app.url, manager.email);
  await page.goto(`${app.url}${pathAndQuery}`);
  await page.emulateMedia({ media: 'print' });
  const file = path.join(dir, `board-${Date.now()}.pdf`);
  await page.pdf({ path: file, preferCSSPageSize: true });
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  // In reading order rather than laid out: a table cell's lines stay together.
  const raw = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return { text, raw, pages: Number(/Pages:\s+(\d+)/.exec(info)![1]), size: /Page size:\s+(.*)/.exec(info)![1]!, page };
}

/** The text as one line of words: pdftotext breaks long names and headings across lines. */
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Words split as a line break may split them (after a dash too). */
const tokens = (text: string) => text.replace(/([–-])/g, '$1 ').split(/\s+/).filter(Boolean);

/** Whether every word of `name` is printed, in order, each within a few words of the one before (the counts of its row between them). */
function printedInOrder(text: string, name: string): boolean {
  const all = tokens(text);
  const wanted = tokens(name);
  return all.some((word, start) => {
    if (word !== wanted[0]) return false;
    let at = start;
    for (const next of wanted.slice(1)) {
      const found = all.indexOf(next, at + 1);
      if (found < 0 || found - at > 40) return false;
      at = found;
    }
    return true;
  });
}

describe('The board, printed', () => {
  test('When a manager prints the board, then the PDF is landscape A4 with the figures, every status column, the chart and when its data was read', async () => {
    const { text, raw, size, page } = await printed('/board');
    expect(size).toMatch(/^841\.\d+ x 59[45]\.\d+ pts \(A4\)$/);
    const words = flat(text);
    const figures = await page.locator('.figures li').allInnerTexts();
    expect(figures.length).toBe(7);
    for (const figure of figures) expect(words).toContain(flat(figure));
    expect(words).toContain(t('board.matrix_by_mechanism'));
    // Every status column: its heading (a multi-line heading comes out of the PDF word by word), and its total in the totals row.
    const start = words.indexOf(t('board.matrix_by_mechanism'));
    const firstRow = flat(await page.locator('.matrix tbody th[scope="row"]').first().innerText()).split(' ').slice(0, 3).join(' ');
    const heading = words.slice(start, words.indexOf(firstRow, start));
    expect(heading.length).toBeGreaterThan(100);
    for (const status of STATUSES) for (const word of t(`status.${status.key}`).split(' ')) expect(heading).toContain(word);
    const totals = await page.locator('.matrix tfoot td.num').allInnerTexts();
    expect(totals.length).toBe(1 + STATUSES.length);
    expect(words).toContain(`${t('board.column_total')} ${totals.join(' ')}`);
    expect(words).toContain(t('board.over_time'));
    expect(words).toMatch(/Data as of [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} \(UTC\) · printed on [A-Z][a-z]{2} \d{1,2}, \d{4}/);
    expect(words).toContain(`${t('board_print.filters')} ${t('board_print.no_filters')}`);
    // Every mechanism row is printed (none hidden in a scroll box), its name whole, though wrapped among the row's counts.
    const names = await page.locator('.matrix tbody th[scope="row"]').allInnerTexts();
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) expect(printedInOrder(text, name)).toBe(true);
    expect(raw).toContain(t('board.over_time'));
  }, 60_000);

  test('When filters are on, then the printout names them, and leaves out the filter form, the switches and the navigation', async () => {
    const { text, page } = await printed('/board?status=in_progress&group=body');
    const words = flat(text);
    expect(words).toContain(`${t('board_print.filters')} ${t('filters.status')}: ${t('status.in_progress')}`);
    expect(words).toContain(t('board.matrix_by_body'));
    // The navigation's and the filter form's words, less those the board's own content prints too ("Status", "Mechanism").
    const screen = await page.evaluate(() => {
      const texts = (selector: string) => [...document.querySelectorAll(selector)].map((e) => (e as HTMLElement).textContent!.replace(/\s+/g, ' ').trim()).filter(Boolean);
      const content = (document.querySelector('#board-content') as HTMLElement).textContent!.replace(/\s+/g, ' ');
      return [...texts('.site-header nav a'), ...texts('form.filters label, form.filters summary, form.filters button')].filter((label) => !content.includes(label));
    });
    expect(screen.length).toBeGreaterThan(5);
    for (const label of [...screen, t('board.view_matrix'), t('board.view_kanban'), t('board.download_csv'), t('xlsx.download'), t('nav.logout')]) {
      expect(words).not.toContain(label);
    }
  }, 60_000);
});
