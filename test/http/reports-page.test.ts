import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { mechanisms, recommendations, sources } from '../../server/db/schema';
import type { StatusKey } from '../../server/domain/vocabulary';
import { createRecommendation, updateStatus, type RecommendationInput } from '../../server/recommendations/service';
import { createTestContext, makeUser, signInAs, type Agent, type TestContext } from '../helpers';

/**
 * The reports page on a constructed history, with "today" named by the test:
 * presets, inclusive periods, bad periods, the preview's figures and tables,
 * and the CSV holding exactly what the page previews.
 *
 * History (Q2 2025 = 2025-04-01 … 2025-06-30):
 * - R1 (Alpha council): under consideration 2025-03-31 (the day before the period: out)
 * - R2 (Alpha council): in progress 2025-04-01 (the first day: in); target 2025-01-01
 * - R3 (Beta commission): implemented 2025-06-30 (the last day: in), with a source URL
 * - R4 (Beta commission): stalled 2025-07-01 (the day after: out), in progress on "today"
 * - R5 (no mechanism): never assessed; target 2025-05-01
 */

let ctx: TestContext;
let viewer: Agent;
let now = '2025-08-15';
const ids: Record<string, number> = {};
const TITLES: Record<string, string> = {
  R1: 'Hold the council every year',
  R2: 'Draft the cooperation programme',
  R3: 'Found the joint commission',
  R4: 'Open the border crossing',
  R5: 'Publish the roadmap',
};

beforeAll(async () => {
  ctx = await createTestContext({ app: { today: () => now } });
  const author = await makeUser(ctx.db, 'editor', { name: 'Vera Analyst' });
  const source = ctx.tx.insert(sources).values({ title: 'Brief 2024', authors: 'A', publisher: 'P', publishedOn: '2024', kind: 'report', language: 'en' }).returning().get();
  const alpha = ctx.tx.insert(mechanisms).values({ name: 'Alpha council', kind: 'commission', lifecycle: 'active' }).returning().get();
  const beta = ctx.tx.insert(mechanisms).values({ name: 'Beta commission', kind: 'commission', lifecycle: 'active' }).returning().get();
  ids.alpha = alpha.id;
  const create = (key: string, extra: Partial<RecommendationInput>) => {
    const result = createRecommendation(
      ctx.tx,
      { sourceId: source.id, reference: key, shortTitle: TITLES[key]!, fullText: 'Text', supportingBodyIds: [], themes: [], priority: false, confidence: 'likely', ...extra },
      author.id,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    ids[key] = result.id;
  };
  create('R1', { mechanismId: alpha.id });
  create('R2', { mechanismId: alpha.id, targetDate: '2025-01-01' });
  create('R3', { mechanismId: beta.id });
  create('R4', { mechanismId: beta.id });
  create('R5', { targetDate: '2025-05-01' });
  // Entered in the tracker at the start of 2025, so each one exists on every day of the reports.
  ctx.tx.update(recommendations).set({ createdAt: '2025-01-01T00:00:00.000Z' }).run();
  const change = (key: string, status: StatusKey, on: string, rationale: string, sourceUrl?: string) => {
    const evidence = sourceUrl ? { text: `Evidence for ${key}`, sourceUrl, sourceKind: 'news' as const, language: 'en' as const } : undefined;
    const result = updateStatus(ctx.tx, ids[key]!, { status, effectiveOn: on, rationale, evidence }, author.id);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
  };
  change('R1', 'under_consideration', '2025-03-31', 'Put on the agenda');
  change('R2', 'in_progress', '2025-04-01', 'Drafting group formed');
  change('R3', 'implemented', '2025-06-30', 'Founding act signed', 'https://example.org/act');
  change('R4', 'stalled', '2025-07-01', 'No meeting since spring');
  change('R4', 'in_progress', '2025-08-15', 'Talks resumed today');
  ({ agent: viewer } = await signInAs(ctx, 'viewer'));
});
afterAll(() => ctx.close());

const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/&#x27;/g, "'");

/** The preset links of the page: text → href. */
function presets(html: string): Map<string, string> {
  const list = /<ul class="presets"[^>]*>([\s\S]*?)<\/ul>/.exec(html)![1]!;
  return new Map([...list.matchAll(/<a href="([^"]*)"[^>]*>([^<]*?) <span/g)].map((m) => [m[2]!, unescape(m[1]!)]));
}

function between(html: string, start: string, end: string): string {
  const from = html.indexOf(start);
  expect(from).toBeGreaterThanOrEqual(0);
  return html.slice(from, html.indexOf(end, from));
}

/** The headline figures: label → [count, change]. */
function figures(html: string): Record<string, [number, string]> {
  const list = between(html, '<ul class="figures">', '</ul>');
  return Object.fromEntries(
    [...list.matchAll(/<span class="figure">(\d+)<\/span> <span class="figure-label">([^<]*)<\/span>(?: <span class="delta">([^<]*)<\/span>)?/g)].map((m) => [
      m[2]!,
      [Number(m[1]), m[3] ?? ''],
    ]),
  );
}

/** The counts table: row name → cells as shown ("1 (+1)"), the header row under the key "". */
function countsTable(html: string): Record<string, string[]> {
  const table = between(html, '<table class="data report-table counts-table">', '</table>');
  const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()),
  );
  return Object.fromEntries(rows.map((cells, i) => [i === 0 ? '' : cells[0]!, i === 0 ? cells : cells.slice(1)]));
}

/** The status changes listed: "title | date | from → to | rationale | author | evidence". */
/** A change row's cells as text; a date as its ISO value (the page writes it in the reader's language, the CSV as ISO). */
function changeRows(html: string): string[] {
  return [...html.matchAll(/<tr data-change="\d+">([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)]
      .map((c) => c[1]!.replace(/<time datetime="([^"]+)">[^<]*<\/time>/g, '$1').replace(/<span class="visually-hidden">[^<]*<\/span>/g, ' ').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim())
      .join(' | '),
  );
}

async function csvRows(url: string): Promise<Record<string, string>[]> {
  const res = await viewer.get(url).buffer(true);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  const [header, ...records] = parse(res.text, { bom: true }) as string[][];
  return records.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i]!])));
}

function csvHrefOf(html: string): string {
  return unescape(/<a class="button secondary" href="([^"]*progress\.csv[^"]*)"/.exec(html)![1]!);
}

describe('Reports page: the page and its links', () => {
  test('When a viewer opens /reports, then it is a status report for today, linked from the navigation as the current section', async () => {
    const res = await viewer.get('/reports');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<a href="/reports" aria-current="page">Reports</a>');
    expect(res.text).toContain('<h2 id="report-title">Status on Aug 15, 2025</h2>');
    expect(res.text).toMatch(/<input id="report-as_of" name="as_of" type="date" value="2025-08-15"/);
    // The filters are there, collapsed.
    expect(res.text).toMatch(/<details class="filter-more report-filters">\s*<summary>Filters<\/summary>/);
    for (const name of ['mechanism', 'body', 'source', 'theme', 'owner', 'priority', 'status']) expect(res.text).toContain(`name="${name}"`);
  });

  test('When the board and the list are shown, then each links to the reports page', async () => {
    for (const path of ['/board', '/recommendations']) {
      const res = await viewer.get(path);
      expect(res.text).toMatch(/<a [^>]*href="\/reports(\?[^"]*)?"[^>]*>Reports: status on a date, changes in a period<\/a>/);
    }
  });

  test('When a report is filtered by record kind, then the filter is applied beside the report\'s own kind', async () => {
    const res = await viewer.get('/reports?kind=changes&changed_since=2025-04-01&as_of=2025-06-30&record_kind=stated_position');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Record kind: Stated position');
    expect(res.text).toContain('<option value="stated_position" selected>');
  });

  test('When someone who is not signed in opens /reports, then they are sent to sign in', async () => {
    const res = await request(ctx.app).get('/reports?kind=changes');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent('/reports?kind=changes')}`);
  });
});

describe('Reports page: presets', () => {
  afterEach(() => {
    now = '2025-08-15';
  });

  test.each([
    // today, this month, last month, this quarter, last quarter, this year, last year
    ['2025-08-15', '2025-08-01/2025-08-15', '2025-07-01/2025-07-31', '2025-07-01/2025-08-15', '2025-04-01/2025-06-30', '2025-01-01/2025-08-15', '2024-01-01/2024-12-31'],
    ['2024-03-10', '2024-03-01/2024-03-10', '2024-02-01/2024-02-29', '2024-01-01/2024-03-10', '2023-10-01/2023-12-31', '2024-01-01/2024-03-10', '2023-01-01/2023-12-31'],
    ['2025-01-01', '2025-01-01/2025-01-01', '2024-12-01/2024-12-31', '2025-01-01/2025-01-01', '2024-10-01/2024-12-31', '2025-01-01/2025-01-01', '2024-01-01/2024-12-31'],
    ['2025-03-31', '2025-03-01/2025-03-31', '2025-02-01/2025-02-28', '2025-01-01/2025-03-31', '2024-10-01/2024-12-31', '2025-01-01/2025-03-31', '2024-01-01/2024-12-31'],
    ['2025-04-01', '2025-04-01/2025-04-01', '2025-03-01/2025-03-31', '2025-04-01/2025-04-01', '2025-01-01/2025-03-31', '2025-01-01/2025-04-01', '2024-01-01/2024-12-31'],
    ['2025-12-31', '2025-12-01/2025-12-31', '2025-11-01/2025-11-30', '2025-10-01/2025-12-31', '2025-07-01/2025-09-30', '2025-01-01/2025-12-31', '2024-01-01/2024-12-31'],
  ])('When today is %s, then each period preset links to its first and last day', async (today, ...periods) => {
    now = today;
    const res = await viewer.get('/reports?kind=changes&changed_since=2024-01-01');
    const links = presets(res.text);
    const names = ['This month', 'Last month', 'This quarter', 'Last quarter', 'This year', 'Last year'];
    expect([...links.keys()]).toEqual(names);
    names.forEach((name, i) => {
      const [from, to] = periods[i]!.split('/');
      expect(links.get(name)).toBe(`/reports?kind=changes&changed_since=${from}&as_of=${to}`);
    });
  });

  test.each([
    // today, end of last month, end of last quarter, end of last year
    ['2025-08-15', '2025-07-31', '2025-06-30', '2024-12-31'],
    ['2024-03-10', '2024-02-29', '2023-12-31', '2023-12-31'],
    ['2025-01-01', '2024-12-31', '2024-12-31', '2024-12-31'],
    ['2025-07-01', '2025-06-30', '2025-06-30', '2024-12-31'],
    ['2025-10-31', '2025-09-30', '2025-09-30', '2024-12-31'],
  ])('When today is %s, then the status presets are today and the ends of last month, quarter and year', async (today, month, quarter, year) => {
    now = today;
    const links = presets((await viewer.get('/reports')).text);
    expect(Object.fromEntries(links)).toEqual({
      Today: `/reports?kind=status&as_of=${today}`,
      'End of last month': `/reports?kind=status&as_of=${month}`,
      'End of last quarter': `/reports?kind=status&as_of=${quarter}`,
      'End of last year': `/reports?kind=status&as_of=${year}`,
    });
  });

  test('When filters are on, then every preset and the other kind of report keep them', async () => {
    const res = await viewer.get(`/reports?kind=status&mechanism=${ids.alpha}&priority=no`);
    for (const href of presets(res.text).values()) expect(href).toContain(`&mechanism=${ids.alpha}&priority=no`);
    expect(unescape(res.text)).toContain(`<a href="/reports?kind=changes&changed_since=2025-08-01&as_of=2025-08-15&mechanism=${ids.alpha}&priority=no">Changes in a period</a>`);
  });

  test('When a preset is the report shown, then its link is marked as current', async () => {
    const res = await viewer.get('/reports?kind=changes&changed_since=2025-04-01&as_of=2025-06-30');
    expect(res.text).toContain('<a href="/reports?kind&#x3D;changes&amp;changed_since&#x3D;2025-04-01&amp;as_of&#x3D;2025-06-30" aria-current="true">Last quarter');
  });
});

describe('Reports page: periods include their days', () => {
  test('When the period is the second quarter, then the changes on its first and last days are in, those the day before and the day after are out', async () => {
    const res = await viewer.get('/reports?kind=changes&changed_since=2025-04-01&as_of=2025-06-30');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h2 id="report-title">Changes from Apr 1, 2025 to Jun 30, 2025</h2>');
    expect(res.text).toContain('against the status at the end of Mar 31, 2025');
    expect(changeRows(res.text)).toEqual([
      `2025-04-01 | ${TITLES.R2} R2 | Not yet assessed → In progress | Drafting group formed | Vera Analyst | none`,
      `2025-06-30 | ${TITLES.R3} R3 | Not yet assessed → Implemented | Founding act signed | Vera Analyst | source (Jun 30, 2025)`,
    ]);
    expect(res.text).not.toContain(TITLES.R1);
    expect(res.text).not.toContain(TITLES.R4);
  });

  test('When the changes are grouped, then each group is headed by its mechanism', async () => {
    const res = await viewer.get('/reports?kind=changes&changed_since=2025-03-31&as_of=2025-07-01');
    const headings = [...res.text.matchAll(/<h4 class="change-group">([^<]*)<\/h4>/g)].map((m) => m[1]);
    expect(headings).toEqual(['Alpha council', 'Beta commission']);
    expect(changeRows(res.text).map((r) => r.split(' | ')[0])).toEqual(['2025-03-31', '2025-04-01', '2025-06-30', '2025-07-01']);
    expect(res.text).toContain('href="https://example.org/act"');
  });

  test('When the period is one day, then it holds that day’s changes only', async () => {
    const res = await viewer.get('/reports?kind=changes&changed_since=2025-04-01&as_of=2025-04-01');
    expect(res.status).toBe(200);
    expect(changeRows(res.text).map((r) => r.split(' | ')[1])).toEqual([`${TITLES.R2} R2`]);
    const rows = await csvRows('/reports/progress.csv?changed_since=2025-04-01&as_of=2025-04-01');
    expect(rows.map((r) => r['Short title'])).toEqual([TITLES.R2]);
  });

  test('When changes since today are asked for, then today’s change is in them, on the page and in the CSV', async () => {
    const page = await viewer.get('/reports?changed_since=2025-08-15');
    expect(page.status).toBe(200);
    expect(changeRows(page.text).map((r) => r.split(' | ')[1])).toEqual([`${TITLES.R4} R4`]);
    const rows = await csvRows('/reports/progress.csv?changed_since=2025-08-15');
    expect(rows.map((r) => r['Short title'])).toEqual([TITLES.R4]);
    expect(rows[0]!.Changes).toBe('2025-08-15 Stalled → In progress (Talks resumed today)');
  });

  test('When changed_since is the day of a change, then the CSV includes it, and its status at the start is the day before’s', async () => {
    const rows = await csvRows('/reports/progress.csv?changed_since=2025-07-01&as_of=2025-07-31');
    expect(rows.map((r) => r['Short title'])).toEqual([TITLES.R4]);
    expect(rows[0]).toMatchObject({ 'Status at start': 'Not yet assessed', 'Status at end': 'Stalled' });
  });
});

describe('Reports page: bad periods', () => {
  test('When the period ends before it starts, then the form answers 422 with the message by the From field', async () => {
    const res = await viewer.get('/reports?kind=changes&changed_since=2025-06-30&as_of=2025-04-01');
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/<input id="report-changed_since" name="changed_since" type="date" value="2025-06-30" aria-invalid="true" aria-describedby="report-changed_since-error">/);
    expect(res.text).toContain('<p class="field-error" id="report-changed_since-error">The start of the period must be on or before its end (Apr 1, 2025).</p>');
    expect(res.text).toContain('<a href="#report-changed_since">From: The start of the period must be on or before its end (Apr 1, 2025).</a>');
    expect(res.text).not.toContain('<h2 id="report-title">');
    const csv = await viewer.get('/reports/progress.csv?kind=changes&changed_since=2025-06-30&as_of=2025-04-01');
    expect(csv.status).toBe(400);
  });

  test('When the end is after today, or a date is not a date, then the form answers 422 by that field', async () => {
    const future = await viewer.get('/reports?kind=status&as_of=2025-08-16');
    expect(future.status).toBe(422);
    expect(future.text).toContain('<p class="field-error" id="report-as_of-error">The date cannot be in the future.</p>');
    const bad = await viewer.get('/reports?kind=changes&changed_since=2025-02-30&as_of=2025-03-31');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('<p class="field-error" id="report-changed_since-error">Enter a date as YYYY-MM-DD.</p>');
  });

  test('When the From date is left empty, then the form asks for it; when the changes form is first opened without dates, it simply waits', async () => {
    const empty = await viewer.get('/reports?kind=changes&changed_since=&as_of=2025-06-30');
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('<p class="field-error" id="report-changed_since-error">Enter the first day of the period.</p>');
    const fresh = await viewer.get('/reports?kind=changes');
    expect(fresh.status).toBe(200);
    expect(fresh.text).toContain('Choose a period: one of the links above, or the two dates.');
  });
});

describe('Reports page: the preview', () => {
  test('When a changes report is previewed, then the figures count the period with their change against its start', async () => {
    const res = await viewer.get('/reports?kind=changes&changed_since=2025-04-01&as_of=2025-06-30');
    expect(figures(res.text)).toEqual({
      'recommendations moved in the period': [2, ''],
      implemented: [1, '+1 since the start of the period'],
      stalled: [0, ''],
      // R2 (target 2025-01-01) was overdue at the start and still is; R5 (target 2025-05-01) became overdue.
      overdue: [2, '+1 since the start of the period'],
      'recommendations in all': [5, ''],
    });
  });

  test('When a changes report is previewed, then the counts by mechanism show the end of the period with the change since its start', async () => {
    const res = await viewer.get('/reports?kind=changes&changed_since=2025-04-01&as_of=2025-06-30');
    expect(countsTable(res.text)).toEqual({
      '': ['Mechanism', 'Not yet assessed', 'Under consideration', 'In progress', 'Implemented', 'Total'],
      'Alpha council': ['0 (−1)', '1', '1 (+1)', '0', '2'],
      'Beta commission': ['1 (−1)', '0', '0', '1 (+1)', '2'],
      'No mechanism': ['1', '0', '0', '0', '1'],
      All: ['2 (−2)', '1', '1 (+1)', '1 (+1)', '5'],
    });
  });

  test('When the counts are switched to source, then the rows are sources and the report keeps its period', async () => {
    const res = await viewer.get('/reports?kind=changes&changed_since=2025-04-01&as_of=2025-06-30');
    const link = /<a href="([^"]*group=source[^"]*)">Source<\/a>/.exec(unescape(res.text))![1]!;
    expect(link).toBe('/reports?kind=changes&changed_since=2025-04-01&as_of=2025-06-30&group=source');
    const bySource = await viewer.get(link);
    expect(Object.keys(countsTable(bySource.text))).toEqual(['', 'Brief 2024', 'All']);
  });

  test('When a status report is previewed at the end of last quarter, then the figures and counts are those of that day', async () => {
    const res = await viewer.get('/reports?kind=status&as_of=2025-06-30');
    expect(res.text).toContain('<h2 id="report-title">Status on Jun 30, 2025</h2>');
    expect(figures(res.text)).toEqual({ implemented: [1, ''], stalled: [0, ''], overdue: [2, ''], 'recommendations in all': [5, ''] });
    expect(countsTable(res.text).All).toEqual(['2', '1', '1', '1', '5']);
    expect(res.text).not.toContain('data-change=');
  });

  test('When filters are on, then the preview counts only what they match and names them', async () => {
    const res = await viewer.get(`/reports?kind=changes&changed_since=2025-04-01&as_of=2025-06-30&mechanism=${ids.alpha}`);
    expect(res.text).toContain('<span class="report-filter">Mechanism: Alpha council</span>');
    expect(figures(res.text)['recommendations in all']).toEqual([2, '']);
    expect(changeRows(res.text)).toHaveLength(1);
    expect(res.text).toMatch(/<summary>Filters \(1 on\)<\/summary>/);
  });

  test('When the preview is asked for by htmx, then only the preview region comes back', async () => {
    const res = await viewer.get('/reports?kind=changes&changed_since=2025-04-01&as_of=2025-06-30').set('HX-Request', 'true');
    expect(res.text).not.toContain('<html');
    expect(res.text.trim().startsWith('<section id="report-preview"')).toBe(true);
  });
});

describe('Reports page: the downloads hold what the preview shows', () => {
  test('When the CSV link of a changes report is followed, then its rows and changes are exactly the preview’s', async () => {
    const page = await viewer.get('/reports?kind=changes&changed_since=2025-04-01&as_of=2025-06-30');
    const href = csvHrefOf(page.text);
    expect(href).toBe('/reports/progress.csv?kind=changes&changed_since=2025-04-01&as_of=2025-06-30');
    expect(page.text).toContain('href="/reports/progress.xlsx?kind&#x3D;changes&amp;changed_since&#x3D;2025-04-01&amp;as_of&#x3D;2025-06-30"');
    const rows = await csvRows(href);
    expect(rows).toHaveLength(figures(page.text)['recommendations moved in the period']![0]);
    const fromCsv = rows.flatMap((r) => r.Changes!.split('; ').map((c) => `${r['Short title']}: ${c}`)).sort();
    const fromPage = changeRows(page.text)
      .map((r) => r.split(' | '))
      .map(([date, title, move, why]) => `${title!.replace(/ R\d$/, '')}: ${date} ${move} (${why})`)
      .sort();
    expect(fromCsv).toEqual([
      `${TITLES.R2}: 2025-04-01 Not yet assessed → In progress (Drafting group formed)`,
      `${TITLES.R3}: 2025-06-30 Not yet assessed → Implemented (Founding act signed)`,
    ]);
    expect(fromPage).toEqual(fromCsv);
  });

  test('When the CSV link of a status report is followed, then it counts per status what the preview counts', async () => {
    const page = await viewer.get('/reports?kind=status&as_of=2025-06-30');
    const rows = await csvRows(csvHrefOf(page.text));
    const table = countsTable(page.text);
    const header = table['']!.slice(1, -1);
    const perStatus = header.map((label) => rows.filter((r) => r['Status label'] === label).length);
    expect(perStatus.map(String)).toEqual(table.All!.slice(0, -1));
    expect(rows).toHaveLength(figures(page.text)['recommendations in all']![0]);
  });
});
