import { inArray } from 'drizzle-orm';
import { keptStatusCountsOver } from '../../server/board/queries';
import { mechanisms, recommendations, sources } from '../../server/db/schema';
import { t } from '../../server/lib/i18n';
import { createRecommendation, updateStatus } from '../../server/recommendations/service';
import { CHANGES_PER_PAGE, PRINT_LIMIT } from '../../server/reports/preview';
import { createTestContext, makeUser, signInAs, type Agent, type TestContext } from '../helpers';

/**
 * The report's printable version (`print=all`): every change of the period on
 * one page, up to PRINT_LIMIT, where the screen pages them by CHANGES_PER_PAGE;
 * and the report's counts on a day, which follow the board's rule for when a
 * recommendation existed.
 *
 * Data ("today" is 2025-08-15), all entered in the tracker today:
 * - 130 recommendations of a brief published in "2024" (so counted from 2024-12-31),
 *   half under Alpha council, half under Beta commission, each moved once in Q2 2025;
 * - BUSY more, of the same brief, moved PRINT_LIMIT + 1 times between them in 2023
 *   (their history reaches back before the brief) and never since.
 */

let ctx: TestContext;
let viewer: Agent;
const NOW = '2025-08-15';
const MOVED = 130;
/** Recommendations that share the PRINT_LIMIT + 1 changes of 2023 (the board's trigger reads a recommendation's whole history on each change). */
const BUSY = 50;
const QUARTER = '/reports?kind=changes&changed_since=2025-04-01&as_of=2025-06-30';
const BUSY_YEAR = '/reports?kind=changes&changed_since=2023-01-01&as_of=2023-12-31';
const titles: string[] = [];

beforeAll(async () => {
  ctx = await createTestContext({ app: { today: () => NOW } });
  const author = await makeUser(ctx.db, 'editor', { name: 'Vera Analyst' });
  const source = ctx.tx.insert(sources).values({ title: 'Brief 2024', authors: 'A', publisher: 'P', publishedOn: '2024', kind: 'report', language: 'en' }).returning().get();
  const alpha = ctx.tx.insert(mechanisms).values({ name: 'Alpha council', kind: 'commission', lifecycle: 'active' }).returning().get();
  const beta = ctx.tx.insert(mechanisms).values({ name: 'Beta commission', kind: 'commission', lifecycle: 'active' }).returning().get();
  const base = { sourceId: source.id, fullText: 'Text', supportingBodyIds: [], themes: [], priority: false, confidence: 'likely' as const };
  for (let i = 1; i <= MOVED; i++) {
    const title = `Recommendation number ${String(i).padStart(3, '0')}`;
    const created = createRecommendation(ctx.tx, { ...base, reference: String(i), shortTitle: title, mechanismId: i % 2 ? alpha.id : beta.id }, author.id);
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const day = `2025-0${4 + (i % 3)}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const moved = updateStatus(ctx.tx, created.id, { status: 'in_progress', effectiveOn: day, rationale: `Step ${i}` }, author.id);
    if (!moved.ok) throw new Error(JSON.stringify(moved.errors));
    titles.push(title);
  }
  // Written straight into the history (the service would take minutes for so many); the board's triggers keep its counts.
  const insert = ctx.sqlite.prepare(
    'INSERT INTO status_history (recommendation_id, from_status, to_status, effective_on, recorded_by, rationale) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const busy: number[] = [];
  for (let i = 0; i < BUSY; i++) {
    const created = createRecommendation(ctx.tx, { ...base, reference: `busy-${i}`, shortTitle: `Busy recommendation ${i}`, mechanismId: alpha.id }, author.id);
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    busy.push(created.id);
  }
  ctx.sqlite.transaction(() => {
    for (let i = 0; i <= PRINT_LIMIT; i++) {
      const step = Math.floor(i / BUSY);
      const [from, to] = step % 2 ? ['stalled', 'in_progress'] : [step === 0 ? 'not_assessed' : 'in_progress', 'stalled'];
      insert.run(busy[i % BUSY], from, to, `2023-${String(1 + (step % 12)).padStart(2, '0')}-15`, author.id, `Busy step ${i}`);
    }
  })();
  const last = Math.floor(PRINT_LIMIT / BUSY);
  ctx.tx.update(recommendations).set({ status: last % 2 ? 'in_progress' : 'stalled', statusSince: '2023-12-15' }).where(inArray(recommendations.id, busy)).run();
  ({ agent: viewer } = await signInAs(ctx, 'viewer'));
});
afterAll(() => ctx.close());

const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/&#x27;/g, "'");
const changeRows = (html: string) => [...html.matchAll(/<tr data-change="\d+">/g)].length;
const linkTo = (html: string, text: string) => {
  const match = new RegExp(`<a href="([^"]*)"[^>]*>${text}</a>`).exec(html);
  return match ? unescape(match[1]!) : undefined;
};

describe('Reports: the printable version', () => {
  test(`When a period has more than ${CHANGES_PER_PAGE} changes, then the screen shows the first ${CHANGES_PER_PAGE} and links to a printable version of the same report`, async () => {
    const res = await viewer.get(QUARTER);
    expect(res.status).toBe(200);
    expect(changeRows(res.text)).toBe(CHANGES_PER_PAGE);
    expect(res.text).toContain(`Changes 1–${CHANGES_PER_PAGE} of ${MOVED} are shown here`);
    expect(linkTo(res.text, 'Printable version')).toBe(`${QUARTER}&print=all`);
    // The Print button (with JavaScript) goes there, since this page does not hold the whole report.
    expect(res.text).toMatch(/<a href="[^"]*print&#x3D;all" data-printable>Printable version<\/a>/);
  });

  test('When the printable version is opened, then every change of the period is on the one page, without pages, and the way back leads to the screen’s report', async () => {
    const res = await viewer.get(`${QUARTER}&print=all`);
    expect(res.status).toBe(200);
    expect(changeRows(res.text)).toBe(MOVED);
    for (const title of titles) expect(res.text).toContain(`>${title}</a>`);
    expect(res.text).toContain(`<h3 id="report-changes-heading">${MOVED} status changes in the period</h3>`);
    expect(res.text).not.toContain('class="pagination"');
    expect(res.text).not.toContain('are shown here');
    expect(linkTo(res.text, 'Back to the report, page by page')).toBe(QUARTER);
    expect(res.text).not.toContain('Printable version</a>');
    // The downloads are the report's, not the page's; the grouping links keep the printable version.
    expect(res.text).toContain('href="/reports/progress.csv?kind&#x3D;changes&amp;changed_since&#x3D;2025-04-01&amp;as_of&#x3D;2025-06-30"');
    expect(linkTo(res.text, 'Source')).toBe(`${QUARTER}&group=source&print=all`);
    // A page number left in the address does not cut the printable version.
    expect(changeRows((await viewer.get(`${QUARTER}&print=all&page=2`)).text)).toBe(MOVED);
  });

  test('When the printable version is asked for in Russian, then its links are in Russian', async () => {
    const paged = await viewer.get(QUARTER).set('Accept-Language', 'ru');
    expect(linkTo(paged.text, 'Версия для печати')).toBe(`${QUARTER}&print=all`);
    const printable = await viewer.get(`${QUARTER}&print=all`).set('Accept-Language', 'ru');
    expect(linkTo(printable.text, 'Вернуться к отчёту по страницам')).toBe(QUARTER);
  });

  test('When a report fits on one screen page, then its printable link is plain (the Print button prints the page itself)', async () => {
    const res = await viewer.get('/reports?kind=changes&changed_since=2025-04-01&as_of=2025-04-01');
    expect(changeRows(res.text)).toBeGreaterThan(0);
    expect(changeRows(res.text)).toBeLessThan(CHANGES_PER_PAGE);
    expect(res.text).toMatch(/<a href="[^"]*print&#x3D;all">Printable version<\/a>/);
    const status = await viewer.get('/reports?kind=status&as_of=2025-06-30&print=all');
    expect(status.status).toBe(200);
    expect(status.text).toContain('Back to the report, page by page');
  });

  test(`When a period has more than ${PRINT_LIMIT} changes, then the printable version lists the first ${PRINT_LIMIT} and says the downloads hold all of them`, async () => {
    const res = await viewer.get(`${BUSY_YEAR}&print=all`);
    expect(res.status).toBe(200);
    expect(changeRows(res.text)).toBe(PRINT_LIMIT);
    expect(res.text).toContain(`The printable version lists the first ${PRINT_LIMIT} changes of ${PRINT_LIMIT + 1}; the downloads hold all of them.`);
    const csv = await viewer.get(BUSY_YEAR.replace('/reports?', '/reports/progress.csv?')).buffer(true);
    expect((csv.text.match(/Busy step/g) ?? []).length).toBe(PRINT_LIMIT + 1);
  });

  test.each(['yes', 'ALL', '1', 'true'])('When print=%s is asked for, then the page answers 422 naming it and the downloads 400', async (value) => {
    const page = await viewer.get(`${QUARTER}&print=${value}`);
    expect(page.status).toBe(422);
    expect(page.text).toMatch(/<li>Printable version: [^<]+<\/li>/);
    expect(page.text).not.toContain('data-change=');
    for (const download of ['/reports/progress.csv', '/reports/progress.xlsx']) {
      const res = await viewer.get(`${download}?print=${value}`);
      expect(res.status).toBe(400);
      expect(res.text).toContain(`<code>print=${value}</code>`);
    }
  });

  test('When a download carries print=all, then it is the same file as without', async () => {
    const plain = await viewer.get(QUARTER.replace('/reports?', '/reports/progress.csv?')).buffer(true);
    const printed = await viewer.get(`${QUARTER.replace('/reports?', '/reports/progress.csv?')}&print=all`).buffer(true);
    expect(printed.status).toBe(200);
    // Each request is served on its own port, which the page links carry.
    const same = (text: string) => text.replace(/http:\/\/127\.0\.0\.1:\d+/g, '');
    expect(same(printed.text)).toBe(same(plain.text));
    expect(plain.text).toContain(titles[0]);
  });
});

/** The counts table's row of totals, as shown: status label → count. */
function totals(html: string): Map<string, number> {
  const table = /<table class="data report-table counts-table">([\s\S]*?)<\/table>/.exec(html)![1]!;
  const header = [.../<thead>([\s\S]*?)<\/thead>/.exec(table)![1]!.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]!).slice(1, -1);
  const foot = [.../<tfoot>([\s\S]*?)<\/tfoot>/.exec(table)![1]!.matchAll(/<td[^>]*>\s*(?:<[^>]+>)*\s*(\d+)/g)].map((m) => Number(m[1]));
  return new Map(header.map((label, i) => [label, foot[i]!]));
}

describe('Reports: a recommendation counts from the day the board counts it', () => {
  test.each(['2023-06-30', '2024-12-30', '2024-12-31', '2025-05-15', NOW])(
    'When a status report is made for %s, then its counts by status are those of the board’s status over time on that day',
    async (day) => {
      const res = await viewer.get(`/reports?kind=status&as_of=${day}`);
      const [board] = keptStatusCountsOver(ctx.db, [day]);
      const expected = new Map([...board!].filter(([, n]) => n > 0).map(([status, n]) => [t(`status.${status}`), n]));
      expect(totals(res.text)).toEqual(expected);
    },
  );

  test('When a changes report covers the end of the brief’s year, then "in all" grows by the brief’s recommendations, as the board’s chart does', async () => {
    const res = await viewer.get('/reports?kind=changes&changed_since=2024-12-31&as_of=2024-12-31');
    // Before the brief's last day, only the busy recommendations (whose history reaches back to 2023) existed.
    expect(res.text).toMatch(new RegExp(`<span class="figure">${MOVED + BUSY}</span> <span class="figure-label">recommendations in all</span> <span class="delta">\\+${MOVED} since the start of the period</span>`));
  });
});
