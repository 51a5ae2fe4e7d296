import request from 'supertest';
import { bodies, mechanisms, sources } from '../../server/db/schema';
import { STATUS_KEYS, type StatusKey } from '../../server/domain/vocabulary';
import { addEvidence, createRecommendation, updateStatus } from '../../server/recommendations/service';
import { MATRIX_ROWS_PER_PAGE } from '../../server/board/view-model';
import { t } from '../../server/lib/i18n';
import { formatDate } from '../../server/lib/dates';
import { generateSynthetic } from '../../scripts/synthetic/generate';
import { createTestContext, esc, makeUser, postForm, signIn, signInAs, type Agent, type TestContext } from '../helpers';

/**
 * The status board against a fully constructed dataset: every figure, cell,
 * card and row asserted below follows from the table of recommendations in
 * `buildDataset`, worked out by hand in the comments there.
 */

// ---------------------------------------------------------------- dates

const DAY_MS = 86_400_000;
const TODAY = new Date().toISOString().slice(0, 10);
/** The date `n` days before today (UTC), computed here rather than by the app. */
const ago = (n: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);
const [THIS_YEAR, THIS_MONTH] = TODAY.split('-').map(Number) as [number, number];
/** The first day of the month `k` months before the current one. */
function firstOfMonthAgo(k: number): string {
  const d = new Date(Date.UTC(THIS_YEAR, THIS_MONTH - 1 - k, 1));
  return d.toISOString().slice(0, 10);
}
/** The label and end of the month `k` months before the current one, as the over-time table shows them. */
function monthEndAgo(k: number): { label: string; end: string } {
  const first = new Date(Date.UTC(THIS_YEAR, THIS_MONTH - 1 - k, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
  return { label: first.toISOString().slice(0, 7), end: k === 0 ? TODAY : last };
}

// ---------------------------------------------------------------- dataset

type RecKey = 'R1' | 'R2' | 'R3' | 'R4' | 'R5' | 'R6' | 'R7' | 'R8' | 'R9' | 'R10' | 'R11' | 'R12';
type Mech = 'alpha' | 'beta' | 'gamma';
type BodyKey = 'ministry' | 'region' | 'association';
type SourceKey = 'sa' | 'sb';
type Person = 'anna' | 'boris';

interface Step {
  rec: RecKey;
  status: StatusKey;
  on: string;
  by: Person;
  rationale: string;
  evidence?: string;
}

interface RecSpec {
  key: RecKey;
  title: string;
  mech?: Mech;
  lead?: BodyKey;
  supporting?: BodyKey[];
  source: SourceKey;
  priority?: boolean;
  target?: string;
  owner?: Person;
  verified?: string;
  notes?: string[];
}

const MECH_NAMES: Record<Mech, string> = { alpha: 'Alpha Council', beta: 'Beta Commission', gamma: 'Gamma Platform' };
const BODY_NAMES: Record<BodyKey, string> = { ministry: 'Ministry One', region: 'Regional Government Two', association: 'Association Three' };
const SOURCE_TITLES: Record<SourceKey, string> = { sa: 'Source Alpha', sb: 'Source Beta' };
const PEOPLE: Record<Person, string> = { anna: 'Editor Anna', boris: 'Editor Boris' };

/*
 * Today T; the stale cut-off is T-180 (a note or verification ON the cut-off is fresh).
 *
 * key  mechanism  lead/supporting        source prio target      owner final status         overdue stale (why)
 * R1   alpha      ministry               sa     yes  2023-12-31  anna  implemented            no (closed) no (verified T-10)
 * R2   alpha      ministry / region      sa     no   2024-06-30  anna  partially_implemented  yes     yes (nothing)
 * R3   alpha      region                 sa     yes  2099-12-31  boris implemented            no      no (note on T-180)
 * R4   beta       association / ministry sb     yes  2023-06-30  boris stalled                yes     yes (verified 2023, note 2023)
 * R5   beta       association            sb     no  -           -     not_assessed           no      no (verified on T-180)
 * R6   beta       region                 sa     no   2023-01-01  anna  not_implemented        no (closed) yes (nothing)
 * R7   -          ministry               sb     yes  -           -     superseded             no      no (verified T-1)
 * R8   -          -                      sa     no   2023-12-01  boris in_progress            yes     no (note T-20)
 * R9   gamma      ministry               sb     no   2099-01-01  anna  partially_implemented  no      no (note T-100)
 * R10  gamma      - / region             sa     no   2023-03-01  -     not_assessed           yes     yes (verified and note T-181)
 * R11  beta       ministry               sa     no   -           boris in_progress            no      yes (nothing)
 * R12  gamma      region / association   sb     yes  2024-01-01  boris implemented            no (closed) no (verified T-60)
 *
 * total 12; implemented 3 (25 %); partially 2 (17 %); overdue 4; stale 5;
 * moved since T-90 (the default): R3, R8 = 2; moved since 2024-03-01: R1 (on the day), R3, R4, R6, R8, R9, R12 = 7.
 */
const RECS: RecSpec[] = [
  { key: 'R1', title: 'R1 Alpha implemented', mech: 'alpha', lead: 'ministry', source: 'sa', priority: true, target: '2023-12-31', owner: 'anna', verified: ago(10) },
  { key: 'R2', title: 'R2 Alpha partial overdue', mech: 'alpha', lead: 'ministry', supporting: ['region'], source: 'sa', target: '2024-06-30', owner: 'anna' },
  { key: 'R3', title: 'R3 Alpha moved recently', mech: 'alpha', lead: 'region', source: 'sa', priority: true, target: '2099-12-31', owner: 'boris', notes: [ago(180)] },
  { key: 'R4', title: 'R4 Beta stalled', mech: 'beta', lead: 'association', supporting: ['ministry'], source: 'sb', priority: true, target: '2023-06-30', owner: 'boris', verified: '2023-05-01', notes: ['2023-01-01'] },
  { key: 'R5', title: 'R5 Beta not assessed', mech: 'beta', lead: 'association', source: 'sb', verified: ago(180) },
  { key: 'R6', title: 'R6 Beta not implemented', mech: 'beta', lead: 'region', source: 'sa', target: '2023-01-01', owner: 'anna' },
  { key: 'R7', title: 'R7 Loose superseded', lead: 'ministry', source: 'sb', priority: true, verified: ago(1) },
  { key: 'R8', title: 'R8 Loose in progress', source: 'sa', target: '2023-12-01', owner: 'boris' },
  { key: 'R9', title: 'R9 Gamma partial', mech: 'gamma', lead: 'ministry', source: 'sb', target: '2099-01-01', owner: 'anna' },
  { key: 'R10', title: 'R10 Gamma just stale', mech: 'gamma', supporting: ['region'], source: 'sa', target: '2023-03-01', verified: ago(181), notes: [ago(181)] },
  { key: 'R11', title: 'R11 Beta churn', mech: 'beta', lead: 'ministry', source: 'sa', owner: 'boris' },
  { key: 'R12', title: 'R12 Gamma implemented', mech: 'gamma', lead: 'region', supporting: ['association'], source: 'sb', priority: true, target: '2024-01-01', owner: 'boris', verified: ago(60) },
];

const titleOf = (key: RecKey) => RECS.find((r) => r.key === key)!.title;

/** The status changes, in the order they are recorded (so the newest recorded is last). */
const STEPS: Step[] = [
  { rec: 'R1', status: 'in_progress', on: '2024-01-15', by: 'anna', rationale: 'R1 work started' },
  { rec: 'R1', status: 'implemented', on: '2024-03-01', by: 'anna', rationale: 'R1 decree adopted' },
  { rec: 'R2', status: 'partially_implemented', on: '2024-02-01', by: 'anna', rationale: 'R2 half done' },
  // Two months ago in progress, last month implemented: the over-time rows show the move.
  { rec: 'R3', status: 'in_progress', on: firstOfMonthAgo(2), by: 'boris', rationale: 'R3 working group formed' },
  { rec: 'R3', status: 'implemented', on: firstOfMonthAgo(1), by: 'boris', rationale: 'R3 agreement signed' },
  { rec: 'R4', status: 'under_consideration', on: '2024-01-15', by: 'boris', rationale: 'R4 on the agenda' },
  { rec: 'R4', status: 'stalled', on: '2024-05-10', by: 'boris', rationale: 'R4 talks broke down' },
  { rec: 'R6', status: 'no_action', on: '2024-01-15', by: 'anna', rationale: 'R6 nothing happened' },
  { rec: 'R6', status: 'not_implemented', on: '2024-04-01', by: 'anna', rationale: 'R6 rejected by the council' },
  { rec: 'R7', status: 'superseded', on: '2024-02-20', by: 'anna', rationale: 'R7 replaced by a newer proposal' },
  { rec: 'R8', status: 'in_progress', on: ago(20), by: 'boris', rationale: 'R8 pilot launched', evidence: 'Pilot launch announced' },
  { rec: 'R9', status: 'under_consideration', on: '2024-01-15', by: 'anna', rationale: 'R9 discussed' },
  { rec: 'R9', status: 'partially_implemented', on: ago(100), by: 'anna', rationale: 'R9 first part in force', evidence: 'First part published' },
  ...Array.from({ length: 10 }, (_, i): Step => ({
    rec: 'R11',
    status: i % 2 === 0 ? 'under_consideration' : 'in_progress',
    on: `2023-${String(i + 2).padStart(2, '0')}-01`,
    by: 'boris',
    rationale: `R11 churn step ${i + 1}`,
  })),
  { rec: 'R12', status: 'in_progress', on: '2023-06-01', by: 'boris', rationale: 'R12 drafting began' },
  { rec: 'R12', status: 'implemented', on: '2024-07-01', by: 'boris', rationale: 'R12 law passed' },
];

interface Dataset {
  rec: Record<RecKey, number>;
  mech: Record<Mech, number>;
  body: Record<BodyKey, number>;
  source: Record<SourceKey, number>;
  people: Record<Person, { id: number; email: string }>;
}

async function buildDataset(ctx: TestContext): Promise<Dataset> {
  const { db, tx } = ctx;
  const people = {
    anna: await makeUser(db, 'editor', { name: PEOPLE.anna }),
    boris: await makeUser(db, 'editor', { name: PEOPLE.boris }),
  };
  const source = {} as Record<SourceKey, number>;
  // Old publication dates: every recommendation counts in every period of the over-time table.
  for (const [key, publishedOn] of [['sa', '2020-01-01'], ['sb', '2020-06-01']] as const) {
    source[key] = tx
      .insert(sources)
      .values({ title: SOURCE_TITLES[key], authors: 'A. Author', publisher: 'Think Tank', publishedOn, kind: 'report', language: 'en' })
      .returning({ id: sources.id })
      .get().id;
  }
  const mech = {} as Record<Mech, number>;
  for (const key of Object.keys(MECH_NAMES) as Mech[]) {
    mech[key] = tx.insert(mechanisms).values({ name: MECH_NAMES[key], kind: 'commission', lifecycle: 'active' }).returning({ id: mechanisms.id }).get().id;
  }
  const body = {} as Record<BodyKey, number>;
  for (const key of Object.keys(BODY_NAMES) as BodyKey[]) {
    body[key] = tx.insert(bodies).values({ name: BODY_NAMES[key], country: 'RU', kind: 'ministry' }).returning({ id: bodies.id }).get().id;
  }
  const rec = {} as Record<RecKey, number>;
  for (const [i, spec] of RECS.entries()) {
    const result = createRecommendation(
      tx,
      {
        sourceId: source[spec.source],
        reference: `Rec ${i + 1}`,
        shortTitle: spec.title,
        fullText: `Full text of ${spec.title}`,
        mechanismId: spec.mech ? mech[spec.mech] : undefined,
        leadBodyId: spec.lead ? body[spec.lead] : undefined,
        supportingBodyIds: (spec.supporting ?? []).map((b) => body[b]),
        themes: [],
        priority: spec.priority ?? false,
        targetDate: spec.target,
        ownerId: spec.owner ? people[spec.owner].id : undefined,
        confidence: 'likely',
        lastVerifiedOn: spec.verified,
      },
      people.anna.id,
    );
    if (!result.ok) throw new Error(`could not create ${spec.key}: ${JSON.stringify(result.errors)}`);
    rec[spec.key] = result.id;
    for (const observedOn of spec.notes ?? []) {
      const note = addEvidence(tx, result.id, { observedOn, text: `Note on ${spec.key} of ${observedOn}`, sourceKind: 'news', language: 'en' }, people.anna.id);
      if (!note.ok) throw new Error(`could not add a note to ${spec.key}`);
    }
  }
  for (const step of STEPS) {
    const result = updateStatus(
      tx,
      rec[step.rec],
      {
        status: step.status,
        effectiveOn: step.on,
        rationale: step.rationale,
        evidence: step.evidence ? { text: step.evidence, sourceKind: 'news', language: 'en' } : undefined,
      },
      people[step.by].id,
    );
    if (!result.ok) throw new Error(`could not record ${step.rationale}: ${JSON.stringify(result.errors)}`);
  }
  return { rec, mech, body, source, people };
}

/** The status a recommendation stood in at the end of a day, from STEPS: the independent model of the over-time table. */
function modelStatusAt(key: RecKey, end: string): StatusKey {
  let status: StatusKey = 'not_assessed';
  for (const step of STEPS) if (step.rec === key && step.on <= end) status = step.status;
  return status;
}

// ---------------------------------------------------------------- HTML reading

/** An attribute value as the browser reads it (Handlebars escapes `=`, `&`, quotes). */
const unescapeAttr = (value: string) =>
  value
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const textOf = (html: string) => unescapeAttr(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();

function between(html: string, start: string, end: string): string {
  const from = html.indexOf(start);
  if (from < 0) throw new Error(`"${start}" not found in the page`);
  const to = html.indexOf(end, from + start.length);
  if (to < 0) throw new Error(`"${end}" not found after "${start}"`);
  return html.slice(from + start.length, to);
}

interface Figures {
  total: number;
  implemented: number;
  implementedShare: number;
  partially: number;
  partiallyShare: number;
  moved: number;
  movedSince: string;
  stalled: number;
  overdue: number;
  stale: number;
  staleDays: number;
  overdueHref: string;
  /** Each figure's link, by its key (moved, stalled, overdue, stale, implemented, partially, total). */
  hrefs: Record<string, string | undefined>;
}

/** The headline figures, read from the `.figures` list items by their labels. */
function figuresOf(html: string): Figures {
  const list = between(html, '<ul class="figures">', '</ul>');
  const items = [...list.matchAll(/<li class="figure-([a-z]+)[^"]*">([\s\S]*?)<\/li>/g)].map((m) => ({ key: m[1]!, html: m[2]! }));
  expect(items).toHaveLength(7);
  const read = (pattern: RegExp): RegExpExecArray => {
    const found = items.map((item) => pattern.exec(textOf(item.html))).find((m) => m !== null);
    if (!found) throw new Error(`no figure matches ${pattern}: ${items.map((item) => textOf(item.html)).join(' | ')}`);
    return found;
  };
  const total = read(/^(\d+) recommendations? in all$/);
  const implemented = read(/^(\d+) implemented \((\d+) %\)$/);
  const partially = read(/^(\d+) partially implemented \((\d+) %\)$/);
  const moved = read(/^(\d+) moved since ([A-Z][a-z]{2} \d{1,2}, \d{4})$/);
  const stalled = read(/^(\d+) stalled$/);
  const overdue = read(/^(\d+) overdue$/);
  const stale = read(/^(\d+) open with no news for (\d+) days$/);
  const hrefs = Object.fromEntries(
    items.map((item) => {
      const href = /^<a href="([^"]*)">/.exec(item.html)?.[1];
      return [item.key, href === undefined ? undefined : unescapeAttr(href)];
    }),
  );
  return {
    total: Number(total[1]),
    implemented: Number(implemented[1]),
    implementedShare: Number(implemented[2]),
    partially: Number(partially[1]),
    partiallyShare: Number(partially[2]),
    moved: Number(moved[1]),
    movedSince: moved[2]!,
    stalled: Number(stalled[1]),
    overdue: Number(overdue[1]),
    stale: Number(stale[1]),
    staleDays: Number(stale[2]),
    overdueHref: hrefs.overdue ?? '',
    hrefs,
  };
}

interface Cell {
  count: number;
  href?: string;
}
interface MatrixRow {
  name: string;
  cells: Record<StatusKey, Cell>;
  total: Cell;
}

function cellOf(td: string): Cell {
  const href = /href="([^"]*)"/.exec(td)?.[1];
  return { count: Number(textOf(td)), href: href === undefined ? undefined : unescapeAttr(href) };
}

/** A row of the matrix: the total comes first, then one cell per status in order. */
function cellsOf(tr: string): { cells: Record<StatusKey, Cell>; total: Cell } {
  const total = /<td class="num total-col">([\s\S]*?)<\/td>/.exec(tr)![1]!;
  const tds = [...tr.matchAll(/<td class="num">([\s\S]*?)<\/td>/g)].map((t) => t[1]!);
  expect(tds).toHaveLength(STATUS_KEYS.length);
  const cells = Object.fromEntries(STATUS_KEYS.map((key, i) => [key, cellOf(tds[i]!)])) as Record<StatusKey, Cell>;
  return { cells, total: cellOf(total) };
}

/** The matrix: its body rows (in page order) and its footer of column totals. */
function matrixOf(html: string): { rows: MatrixRow[]; footer: { cells: Record<StatusKey, Cell>; total: Cell } } {
  const table = between(html, '<table class="data matrix">', '</table>');
  const tbody = between(table, '<tbody>', '</tbody>');
  const rows = [...tbody.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => {
    const tr = m[1]!;
    const name = textOf(/<th scope="row" class="sticky-col">([\s\S]*?)<\/th>/.exec(tr)![1]!);
    return { name, ...cellsOf(tr) };
  });
  const footer = cellsOf(between(table, '<tfoot>', '</tfoot>'));
  return { rows, footer };
}

/** A row's counts as a compact object: only the non-zero statuses, plus the row total. */
function countsOf(row: { cells: Record<StatusKey, Cell>; total: Cell }): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of STATUS_KEYS) if (row.cells[key].count !== 0) out[key] = row.cells[key].count;
  out.total = row.total.count;
  return out;
}

/** "Showing 1–N of N recommendations" on a list page: N. */
function listTotalOf(html: string): number {
  const m = /Showing 1–(\d+) of (\d+) recommendations/.exec(html);
  if (!m) throw new Error('no result summary in the list page');
  expect(m[1]).toBe(m[2]);
  return Number(m[2]);
}

/** The recommendation ids the list page shows. */
const listIdsOf = (html: string) => [...html.matchAll(/<tr id="row-(\d+)">/g)].map((m) => Number(m[1])).sort((a, b) => a - b);

interface KanbanColumn {
  total: number;
  cards: { id: number; html: string; text: string }[];
}

function kanbanOf(html: string): Map<string, KanbanColumn> {
  const columns = new Map<string, KanbanColumn>();
  for (const m of html.matchAll(/<details class="kanban-column" id="col-([a-z_]+)"[^>]*>([\s\S]*?)<\/details>/g)) {
    const body = m[2]!;
    const total = Number(/<span class="count">(\d+)<\/span>/.exec(body)![1]);
    const cards = body
      .split('<li class="card" ')
      .slice(1)
      .map((chunk) => {
        const cardHtml = chunk.slice(0, chunk.indexOf('<details') >= 0 ? chunk.indexOf('<details') : chunk.indexOf('</li>'));
        return { id: Number(/^id="card-(\d+)"/.exec(chunk)![1]), html: chunk, text: textOf(`<li ${cardHtml}`) };
      });
    columns.set(m[1]!, { total, cards });
  }
  return columns;
}

/** The over-time table, keyed by period end date: its label, counts per status in order, and the total. */
function overTimeOf(html: string): Map<string, { label: string; counts: number[]; total: number }> {
  const table = between(html, '<caption>Recommendations in each status at the end of each period</caption>', '</table>');
  const tbody = between(table, '<tbody>', '</tbody>');
  const rows = new Map<string, { label: string; counts: number[]; total: number }>();
  for (const m of tbody.matchAll(/<tr><th scope="row">([^<]*)<time class="muted" datetime="(\d{4}-\d{2}-\d{2})">[^<]*<\/time><\/th>([\s\S]*?)<\/tr>/g)) {
    const numbers = [...m[3]!.matchAll(/<td class="num">(\d+)<\/td>/g)].map((n) => Number(n[1]));
    rows.set(m[2]!, { label: m[1]!.trim(), counts: numbers.slice(0, STATUS_KEYS.length), total: numbers[STATUS_KEYS.length]! });
  }
  return rows;
}

/** The period labels under the bars of the over-time chart. */
function chartLabelsOf(html: string): string[] {
  const svg = between(html, '<svg class="chart"', '</svg>');
  return [...svg.matchAll(/<text [^>]*text-anchor="middle">([^<]*)<\/text>/g)].map((m) => m[1]!);
}

interface Change {
  id: number;
  title: string;
  text: string;
}

function latestOf(html: string): Change[] {
  const list = between(html, '<ol class="latest">', '</ol>');
  return [...list.matchAll(/<li><a class="latest-title" href="\/recommendations\/(\d+)">([^<]*)<\/a>([\s\S]*?)<\/li>/g)].map((m) => ({
    id: Number(m[1]),
    title: unescapeAttr(m[2]!),
    text: textOf(m[3]!),
  }));
}

function queueOf(html: string): { heading: boolean; items: string[] } {
  const heading = html.includes('id="queue-heading"');
  const match = /<ul class="queue">([\s\S]*?)<\/ul>/.exec(html);
  const items = match ? [...match[1]!.matchAll(/<a href="\/recommendations\/\d+">([^<]*)<\/a>/g)].map((m) => unescapeAttr(m[1]!)) : [];
  return { heading, items };
}

/** The hrefs of a segmented navigation (views or groupings), by link text. */
function switchLinks(html: string, label: string): Map<string, string> {
  const nav = between(html, `<nav aria-label="${label}" class="segmented">`, '</nav>');
  return new Map([...nav.matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map((m) => [m[2]!, unescapeAttr(m[1]!)]));
}

// ---------------------------------------------------------------- the board, read-only

describe('Status board against a constructed dataset', () => {
  let ctx: TestContext;
  let data: Dataset;
  let viewer: Agent;

  beforeAll(async () => {
    ctx = await createTestContext();
    data = await buildDataset(ctx);
    ({ agent: viewer } = await signInAs(ctx, 'viewer'));
  });
  afterAll(() => ctx.close());

  describe('Headline figures', () => {
    test('When a viewer opens /board, then the full page shows 12 in total, 3 implemented (25 %), 2 partially (17 %), 2 moved in 90 days, 1 stalled, 4 overdue and 4 stale', async () => {
      const res = await viewer.get('/board');
      expect(res.status).toBe(200);
      expect(res.text).toContain('<html');
      expect(res.text).toContain('<div id="board-content"');
      expect(figuresOf(res.text)).toEqual({
        total: 12,
        implemented: 3,
        implementedShare: 25,
        partially: 2,
        partiallyShare: 17,
        moved: 2,
        movedSince: formatDate(ago(90)),
        stalled: 1,
        overdue: 4,
        stale: 4,
        staleDays: 180,
        overdueHref: '/recommendations?overdue=yes',
        hrefs: {
          moved: `/recommendations?moved_since=${ago(90)}`,
          stalled: '/recommendations?status=stalled',
          overdue: '/recommendations?overdue=yes',
          stale: `/recommendations?quiet_since=${ago(180)}`,
          implemented: '/recommendations?status=implemented',
          partially: '/recommendations?status=partially_implemented',
          total: '/recommendations',
        },
      });
    });

    test('When moved_since is an earlier date, then every recommendation with a change on or after it counts, including one changed on that very day', async () => {
      const res = await viewer.get('/board?moved_since=2024-03-01');
      expect(res.status).toBe(200);
      const figures = figuresOf(res.text);
      expect(figures.movedSince).toBe(formatDate('2024-03-01'));
      expect(figures.moved).toBe(7);
      expect(figures.total).toBe(12);
      // The date field keeps the chosen date.
      expect(res.text).toMatch(/name="moved_since"[^>]*value="2024-03-01"|value="2024-03-01"[^>]*name="moved_since"/);
    });

    test('When moved_since is today, then nothing has moved; when it is the day of the latest change, that change counts', async () => {
      const res = await viewer.get(`/board?moved_since=${TODAY}`);
      expect(figuresOf(res.text).moved).toBe(0);
      const res2 = await viewer.get(`/board?moved_since=${ago(20)}`);
      expect(figuresOf(res2.text).moved).toBe(1);
    });

    test('When the overdue figure is followed, then the list shows exactly the 4 overdue recommendations', async () => {
      const figures = figuresOf((await viewer.get('/board')).text);
      const list = await viewer.get(figures.overdueHref);
      expect(list.status).toBe(200);
      expect(listTotalOf(list.text)).toBe(4);
      expect(listIdsOf(list.text)).toEqual([data.rec.R2, data.rec.R4, data.rec.R8, data.rec.R10].sort((a, b) => a - b));
    });

    test('When each headline figure is followed, then its list shows exactly as many recommendations as the figure, and exactly those', async () => {
      for (const query of ['', `?mechanism=${data.mech.beta}`, '?priority=yes&moved_since=2024-03-01']) {
        const figures = figuresOf((await viewer.get(`/board${query}`)).text);
        const expected: Record<string, number> = {
          moved: figures.moved,
          stalled: figures.stalled,
          overdue: figures.overdue,
          stale: figures.stale,
          implemented: figures.implemented,
          partially: figures.partially,
          total: figures.total,
        };
        for (const [key, count] of Object.entries(expected)) {
          const href = figures.hrefs[key];
          expect({ query, key, linked: href !== undefined }).toEqual({ query, key, linked: true });
          const list = await viewer.get(href!);
          expect(list.status).toBe(200);
          const shown = count === 0 ? (list.text.includes('No recommendation') ? 0 : listTotalOf(list.text)) : listTotalOf(list.text);
          expect({ query, key, shown }).toEqual({ query, key, shown: count });
        }
      }
    });

    test('When the stale and moved figures are followed, then the lists hold exactly the stale and the moved recommendations', async () => {
      const figures = figuresOf((await viewer.get('/board?moved_since=2024-03-01')).text);
      const stale = await viewer.get(figures.hrefs.stale!);
      // Open, and no status change, evidence or verification since the cut-off: R2 (2024-02-01), R4 (2024-05-10), R10 (T-181), R11 (2023).
      expect(listIdsOf(stale.text)).toEqual([data.rec.R2, data.rec.R4, data.rec.R10, data.rec.R11].sort((a, b) => a - b));
      const moved = await viewer.get(figures.hrefs.moved!);
      expect(listIdsOf(moved.text)).toEqual([data.rec.R1, data.rec.R3, data.rec.R4, data.rec.R6, data.rec.R8, data.rec.R9, data.rec.R12].sort((a, b) => a - b));
      // The list names the filter as a chip whose link removes it.
      expect(moved.text).toContain(`<a class="chip" href="/recommendations" aria-label="Remove filter Status changed since: 2024-03-01">`);
    });

    test('When the board is filtered to another status, then the status figures it cannot show are not links, and the others still match', async () => {
      const figures = figuresOf((await viewer.get('/board?status=stalled')).text);
      expect(figures).toMatchObject({ total: 1, stalled: 1, implemented: 0, partially: 0 });
      expect(figures.hrefs.implemented).toBeUndefined();
      expect(figures.hrefs.partially).toBeUndefined();
      expect(figures.hrefs.stalled).toBe('/recommendations?status=stalled');
    });
  });

  describe('List filters behind the figures', () => {
    test.each([
      ['moved_since=2024-02-30', 'filter-moved_since-error'],
      ['moved_since=soon', 'filter-moved_since-error'],
      ['quiet_since=2024-13-01', 'filter-quiet_since-error'],
    ])('When the list is asked for %s, then 400 with the reason beside the field', async (query, errorId) => {
      const res = await viewer.get(`/recommendations?${query}`);
      expect(res.status).toBe(400);
      expect(res.text).toContain(`<p class="field-error" id="${errorId}">${esc(t('validation.date'))}</p>`);
      // The field is in view: its details are open.
      expect(res.text).toContain('<details class="filter-more" open>');
    });

    test('When the board is asked for zeros=some, then it answers 400 and says the filters are not valid', async () => {
      const res = await viewer.get('/board?zeros=some');
      expect(res.status).toBe(400);
      expect(res.text).toContain(`<div class="form-errors" role="alert"><p>${esc(t('filters.invalid'))}</p></div>`);
    });
  });

  describe('Matrix', () => {
    test('When empty columns are hidden, then the matrix leaves out the statuses no recommendation stands in, and a link shows them again', async () => {
      const res = await viewer.get(`/board?mechanism=${data.mech.alpha}`);
      expect(res.text).toContain('>Hide 7 empty columns</a>');
      const hidden = await viewer.get(`/board?mechanism=${data.mech.alpha}&zeros=hide`);
      expect(hidden.status).toBe(200);
      const table = between(hidden.text, '<table class="data matrix">', '</table>');
      const headers = [...between(table, '<thead>', '</thead>').matchAll(/<th scope="col"[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
      expect(headers).toEqual(['Mechanism', 'Total', t('status.partially_implemented'), t('status.implemented'), t('counts.progress')]);
      expect(hidden.text).toContain(`<a class="matrix-zeros" href="${esc(`/board?mechanism=${data.mech.alpha}&view=matrix&group=mechanism&moved_since=${ago(90)}&period=month`)}"`);
      expect(hidden.text).toContain('>Show 7 hidden empty columns</a>');
    });


    test('When the board is grouped by mechanism (the default), then each mechanism row, the "No mechanism" row, the column totals and the grand total have the right counts', async () => {
      const res = await viewer.get('/board');
      const { rows, footer } = matrixOf(res.text);
      expect(rows.map((r) => r.name)).toEqual(['Alpha Council', 'Beta Commission', 'Gamma Platform', 'No mechanism']);
      expect(rows.map(countsOf)).toEqual([
        { partially_implemented: 1, implemented: 2, total: 3 },
        { not_assessed: 1, in_progress: 1, stalled: 1, not_implemented: 1, total: 4 },
        { not_assessed: 1, partially_implemented: 1, implemented: 1, total: 3 },
        { in_progress: 1, superseded: 1, total: 2 },
      ]);
      expect(countsOf(footer)).toEqual({
        not_assessed: 2,
        in_progress: 2,
        stalled: 1,
        partially_implemented: 2,
        implemented: 3,
        not_implemented: 1,
        superseded: 1,
        total: 12,
      });
      expect(res.text).toContain(`<a href="/mechanisms/${data.mech.alpha}">Alpha Council</a>`);
    });

    test('When a mechanism cell, row total or column total is followed, then the list shows exactly as many recommendations as the board counted, the "No mechanism" row included', async () => {
      const { rows, footer } = matrixOf((await viewer.get('/board')).text);
      let followed = 0;
      for (const row of rows) for (const cell of Object.values(row.cells)) if (cell.count === 0) expect(cell.href).toBeUndefined();
      for (const row of [...rows, { name: 'column totals', ...footer }]) {
        for (const cell of [...Object.values(row.cells), row.total]) {
          if (cell.count === 0) continue;
          expect(cell.href).toMatch(/^\/recommendations(\?|$)/);
          const list = await viewer.get(cell.href!);
          expect(list.status).toBe(200);
          expect({ row: row.name, href: cell.href, n: listTotalOf(list.text) }).toEqual({ row: row.name, href: cell.href, n: cell.count });
          followed += 1;
        }
      }
      // 2 + 4 + 3 + 2 non-zero cells, 4 row totals, 7 non-zero column totals and the grand total.
      expect(followed).toBe(11 + 4 + 7 + 1);
      const none = rows.find((r) => r.name === 'No mechanism')!;
      expect(none.cells.in_progress.href).toBe('/recommendations?mechanism=none&status=in_progress');
      const list = await viewer.get(none.total.href!);
      expect(listIdsOf(list.text)).toEqual([data.rec.R7, data.rec.R8].sort((a, b) => a - b));
    });

    test('When the board is grouped by body, then a recommendation counts under each of its bodies, those without a body form their own row, and the column totals still count each recommendation once', async () => {
      const res = await viewer.get('/board?group=body');
      expect(res.status).toBe(200);
      const { rows, footer } = matrixOf(res.text);
      expect(rows.map((r) => r.name)).toEqual(['Association Three', 'Ministry One', 'Regional Government Two', 'No responsible body']);
      expect(rows.map(countsOf)).toEqual([
        { not_assessed: 1, stalled: 1, implemented: 1, total: 3 },
        { in_progress: 1, stalled: 1, partially_implemented: 2, implemented: 1, superseded: 1, total: 6 },
        { not_assessed: 1, partially_implemented: 1, implemented: 2, not_implemented: 1, total: 5 },
        { in_progress: 1, total: 1 },
      ]);
      expect(footer.total.count).toBe(12);
      expect(footer.cells.implemented.count).toBe(3);
    });

    test('When a body cell or row total is followed, then the list shows exactly as many recommendations as the board counted', async () => {
      const { rows } = matrixOf((await viewer.get('/board?group=body')).text);
      let followed = 0;
      for (const row of rows) {
        for (const cell of [...Object.values(row.cells), row.total]) {
          if (cell.count === 0) continue;
          const list = await viewer.get(cell.href!);
          expect({ row: row.name, href: cell.href, n: listTotalOf(list.text) }).toEqual({ row: row.name, href: cell.href, n: cell.count });
          followed += 1;
        }
      }
      expect(followed).toBe(3 + 5 + 4 + 1 + 4);
      const none = rows.find((r) => r.name === 'No responsible body')!;
      expect(none.total.href).toBe('/recommendations?body=none');
    });

    test('When the board is grouped by source, then each source row and its cell links match the list', async () => {
      const res = await viewer.get('/board?group=source');
      expect(res.status).toBe(200);
      const { rows, footer } = matrixOf(res.text);
      expect(rows.map((r) => r.name)).toEqual(['Source Alpha', 'Source Beta']);
      expect(rows.map(countsOf)).toEqual([
        { not_assessed: 1, in_progress: 2, partially_implemented: 1, implemented: 2, not_implemented: 1, total: 7 },
        { not_assessed: 1, stalled: 1, partially_implemented: 1, implemented: 1, superseded: 1, total: 5 },
      ]);
      expect(footer.total.count).toBe(12);
      for (const row of rows) {
        for (const cell of [...Object.values(row.cells), row.total]) {
          if (cell.count === 0) continue;
          expect(listTotalOf((await viewer.get(cell.href!)).text)).toBe(cell.count);
        }
      }
      expect(rows[0]!.total.href).toBe(`/recommendations?source=${data.source.sa}`);
    });

    test('When the board is filtered to one body and grouped by body, then every cell still links to exactly the recommendations it counts', async () => {
      // Filtered to the association: R4 (with the ministry), R5 and R12 (with the region).
      const res = await viewer.get(`/board?group=body&body=${data.body.association}`);
      expect(res.status).toBe(200);
      const { rows } = matrixOf(res.text);
      for (const row of rows) {
        for (const cell of [...Object.values(row.cells), row.total]) {
          if (cell.count === 0) continue;
          const list = await viewer.get(cell.href!);
          expect({ row: row.name, href: cell.href, n: listTotalOf(list.text) }).toEqual({ row: row.name, href: cell.href, n: cell.count });
        }
      }
    });
  });

  describe('Filters and bookmarkable views', () => {
    test('When the board is filtered to priority recommendations, then the figures and the matrix count only those five', async () => {
      const res = await viewer.get('/board?priority=yes');
      expect(res.status).toBe(200);
      const figures = figuresOf(res.text);
      expect(figures).toMatchObject({ total: 5, implemented: 3, implementedShare: 60, partially: 0, partiallyShare: 0, overdue: 1, stale: 1, moved: 1 });
      expect(figures.overdueHref).toBe('/recommendations?priority=yes&overdue=yes');
      const { rows, footer } = matrixOf(res.text);
      expect(rows.map((r) => [r.name, countsOf(r)])).toEqual([
        ['Alpha Council', { implemented: 2, total: 2 }],
        ['Beta Commission', { stalled: 1, total: 1 }],
        ['Gamma Platform', { implemented: 1, total: 1 }],
        ['No mechanism', { superseded: 1, total: 1 }],
      ]);
      expect(footer.total.count).toBe(5);
      // The cell links keep the filter.
      expect(rows[0]!.cells.implemented.href).toBe(`/recommendations?priority=yes&mechanism=${data.mech.alpha}&status=implemented`);
      expect(listTotalOf((await viewer.get(rows[0]!.cells.implemented.href!)).text)).toBe(2);
    });

    test('When the board is filtered to one mechanism, then only its four recommendations are counted', async () => {
      const res = await viewer.get(`/board?mechanism=${data.mech.beta}`);
      expect(res.status).toBe(200);
      // Stale: R4 and R11 (R6 is closed: not implemented).
      expect(figuresOf(res.text)).toMatchObject({ total: 4, implemented: 0, partially: 0, stalled: 1, overdue: 1, stale: 2, moved: 0 });
      const { rows } = matrixOf(res.text);
      expect(rows.map((r) => r.name)).toEqual(['Beta Commission']);
    });

    test('When a filtered board switches view or grouping, then the links keep the filters and lead to the same figures', async () => {
      const res = await viewer.get('/board?priority=yes&moved_since=2024-03-01');
      const views = switchLinks(res.text, 'View');
      const groups = switchLinks(res.text, 'Group by');
      expect([...views.keys()]).toEqual(['Matrix', 'Kanban']);
      expect([...groups.keys()]).toEqual(['Mechanism', 'Responsible body', 'Source publication']);
      for (const href of [...views.values(), ...groups.values()]) {
        const params = new URL(href, 'http://x').searchParams;
        expect(params.get('priority')).toBe('yes');
        expect(params.get('moved_since')).toBe('2024-03-01');
      }
      expect(new URL(views.get('Kanban')!, 'http://x').searchParams.get('view')).toBe('kanban');
      expect(new URL(groups.get('Responsible body')!, 'http://x').searchParams.get('group')).toBe('body');
      const byBody = await viewer.get(groups.get('Responsible body')!);
      expect(byBody.status).toBe(200);
      expect(figuresOf(byBody.text)).toMatchObject({ total: 5, moved: 4, movedSince: formatDate('2024-03-01') });
      expect(byBody.text).toContain('Status by responsible body');
      const csv = /<a href="([^"]*)" download>/.exec(res.text);
      expect(unescapeAttr(csv![1]!)).toBe('/reports/progress.csv?priority=yes');
    });
  });

  describe('htmx', () => {
    test('When htmx asks for the board, then only the #board-content fragment is returned, and the response varies on HX-Request', async () => {
      const res = await viewer.get('/board?group=body').set('HX-Request', 'true');
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('<html');
      expect(res.text).not.toContain('<form class="filters"');
      expect(res.text.trimStart().startsWith('<div id="board-content"')).toBe(true);
      expect(res.headers.vary).toMatch(/HX-Request/i);
      expect(matrixOf(res.text).rows).toHaveLength(4);
      const full = await viewer.get('/board');
      expect(full.headers.vary).toMatch(/HX-Request/i);
    });
  });

  describe('Kanban', () => {
    test('When the kanban is shown, then there is one column per status in order, each card in the column of its status with its short title, lead body and mechanism', async () => {
      const res = await viewer.get('/board?view=kanban');
      expect(res.status).toBe(200);
      const columns = kanbanOf(res.text);
      expect([...columns.keys()]).toEqual(STATUS_KEYS);
      const finalStatus = (key: RecKey) => [...STEPS].reverse().find((s) => s.rec === key)?.status ?? 'not_assessed';
      for (const spec of RECS) {
        const status = finalStatus(spec.key);
        const holding = [...columns.entries()].filter(([, col]) => col.cards.some((c) => c.id === data.rec[spec.key])).map(([key]) => key);
        expect({ rec: spec.key, columns: holding }).toEqual({ rec: spec.key, columns: [status] });
        const card = columns.get(status)!.cards.find((c) => c.id === data.rec[spec.key])!;
        expect(card.html).toContain(`<a href="/recommendations/${data.rec[spec.key]}" class="card-title">${esc(spec.title)}</a>`);
        if (spec.lead) expect(card.text).toContain(`Lead body ${BODY_NAMES[spec.lead]}`);
        else expect(card.text).not.toContain('Lead body');
        if (spec.mech) expect(card.text).toContain(`Cooperation mechanism ${MECH_NAMES[spec.mech]}`);
        else expect(card.text).not.toContain('Cooperation mechanism');
        if (spec.target) expect(card.text).toContain(formatDate(spec.target));
      }
      expect(STATUS_KEYS.map((key) => columns.get(key)!.total)).toEqual([2, 0, 0, 2, 1, 2, 3, 1, 1]);
      expect(STATUS_KEYS.map((key) => columns.get(key)!.cards.length)).toEqual([2, 0, 0, 2, 1, 2, 3, 1, 1]);
      // A viewer gets no status form on the cards.
      expect(res.text).not.toContain('class="card-status"');
      // No matrix in the kanban view.
      expect(res.text).not.toContain('<table class="data matrix">');
    });

    test('When the kanban is filtered by a status, then only that column is shown', async () => {
      const res = await viewer.get('/board?view=kanban&status=implemented');
      expect(res.status).toBe(200);
      const columns = kanbanOf(res.text);
      expect([...columns.keys()]).toEqual(['implemented']);
      expect(columns.get('implemented')!.cards.map((c) => c.id).sort((a, b) => a - b)).toEqual(
        [data.rec.R1, data.rec.R3, data.rec.R12].sort((a, b) => a - b),
      );
    });
  });

  describe('Status over time', () => {
    test('When the board shows status over time by month, then twelve month ends are listed, oldest first, the current month ending today', async () => {
      const res = await viewer.get('/board');
      const rows = overTimeOf(res.text);
      expect([...rows.keys()]).toEqual(Array.from({ length: 12 }, (_, i) => monthEndAgo(11 - i).end));
      expect(res.text).toContain('<svg class="chart"');
      expect(chartLabelsOf(res.text)).toHaveLength(12);
    });

    test('When the board shows status over time, then each table row and each bar of the chart is labelled with its month', async () => {
      const res = await viewer.get('/board');
      const expected = Array.from({ length: 12 }, (_, i) => monthEndAgo(11 - i).label);
      expect([...overTimeOf(res.text).values()].map((row) => row.label)).toEqual(expected);
      expect(chartLabelsOf(res.text)).toEqual(expected);
    });

    test('When the history is rebuilt for each month end, then each row counts every recommendation in the status it stood in then (all 12 exist since 2020)', async () => {
      const rows = overTimeOf((await viewer.get('/board')).text);
      for (let k = 0; k < 12; k++) {
        const { label, end } = monthEndAgo(k);
        const expected = STATUS_KEYS.map((status) => RECS.filter((r) => modelStatusAt(r.key, end) === status).length);
        expect({ label, counts: rows.get(end)?.counts, total: rows.get(end)?.total }).toEqual({ label, counts: expected, total: 12 });
      }
    });

    test('When one mechanism has a recommendation moved to in progress two months ago and implemented last month, then its month-end rows show the move', async () => {
      const rows = overTimeOf((await viewer.get(`/board?mechanism=${data.mech.alpha}`)).text);
      const at = (k: number) => {
        const row = rows.get(monthEndAgo(k).end)!;
        return Object.fromEntries(STATUS_KEYS.map((s, i) => [s, row.counts[i]]).filter(([, n]) => n !== 0));
      };
      // R1 implemented since 2024, R2 partially since 2024, R3 moves.
      expect(at(3)).toEqual({ not_assessed: 1, partially_implemented: 1, implemented: 1 });
      expect(at(2)).toEqual({ in_progress: 1, partially_implemented: 1, implemented: 1 });
      expect(at(1)).toEqual({ partially_implemented: 1, implemented: 2 });
      expect(at(0)).toEqual({ partially_implemented: 1, implemented: 2 });
    });

    test('When status over time is shown by quarter, then eight quarters are listed and the last one ends today with the current counts', async () => {
      const res = await viewer.get('/board?period=quarter');
      expect(res.status).toBe(200);
      const rows = overTimeOf(res.text);
      const ends = [...rows.keys()];
      expect(ends).toHaveLength(8);
      // Quarter ends: the last day of March, June, September or December, oldest first; the current one is today.
      expect(ends.slice(0, 7).every((end) => /-(03-31|06-30|09-30|12-31)$/.test(end))).toBe(true);
      expect([...ends].sort()).toEqual(ends);
      expect(ends[7]).toBe(TODAY);
      expect(rows.get(TODAY)!.counts).toEqual([2, 0, 0, 2, 1, 2, 3, 1, 1]);
      // The quarter before the current one ended on the last day of the quarter before this month's.
      const quarterStartMonth = Math.floor((THIS_MONTH - 1) / 3) * 3;
      expect(ends[6]).toBe(new Date(Date.UTC(THIS_YEAR, quarterStartMonth, 0)).toISOString().slice(0, 10));
    });
  });

  describe('Latest status changes', () => {
    test('When there are 25 recorded changes, then the 5 that took effect last are listed, latest first, each with its move and date, and a link to all that moved', async () => {
      const res = await viewer.get('/board');
      const changes = latestOf(res.text);
      // By the date the change took effect; a tie by the order recorded, latest first.
      const previous = (i: number) => [...STEPS.slice(0, i)].reverse().find((s) => s.rec === STEPS[i]!.rec)?.status ?? 'not_assessed';
      const expected = STEPS.map((step, i) => ({ step, i, from: previous(i) }))
        .sort((a, b) => (a.step.on === b.step.on ? b.i - a.i : a.step.on < b.step.on ? 1 : -1))
        .slice(0, 5);
      expect(changes.map((c) => c.title)).toEqual(expected.map((e) => titleOf(e.step.rec)));
      changes.forEach((change, i) => {
        const { step, from } = expected[i]!;
        expect(change.id).toBe(data.rec[step.rec]);
        expect(change.text).toBe(`${t(`status.${from}`)} → ${t(`status.${step.status}`)} effective ${formatDate(step.on)}`);
      });
      expect(res.text).toContain(`<a href="${esc(`/recommendations?moved_since=${ago(90)}`)}">All that moved since ${formatDate(ago(90))} (2)</a>`);
    });

    test('When the board is filtered, then the latest changes are only those of the matching recommendations', async () => {
      const changes = latestOf((await viewer.get(`/board?mechanism=${data.mech.alpha}`)).text);
      expect(changes.map((c) => c.title)).toEqual([titleOf('R3'), titleOf('R3'), titleOf('R1'), titleOf('R2'), titleOf('R1')]);
    });
  });

  describe('My queue', () => {
    test('When an editor opens the board, then their queue lists only what they own that is overdue or stale', async () => {
      const anna = await signIn(ctx.app, data.people.anna.email);
      const annaQueue = queueOf((await anna.agent.get('/board')).text);
      expect(annaQueue.heading).toBe(true);
      // Not R6: closed (not implemented), so neither overdue nor stale.
      expect([...annaQueue.items].sort()).toEqual([titleOf('R2')]);
      const boris = await signIn(ctx.app, data.people.boris.email);
      const borisQueue = queueOf((await boris.agent.get('/board')).text);
      expect(borisQueue.heading).toBe(true);
      expect([...borisQueue.items].sort()).toEqual([titleOf('R11'), titleOf('R4'), titleOf('R8')].sort());
    });

    test('When a viewer opens the board, then there is no queue section', async () => {
      const res = await viewer.get('/board');
      expect(queueOf(res.text)).toEqual({ heading: false, items: [] });
      expect(res.text).not.toContain('My queue');
    });

    test('When an editor who owns nothing overdue or stale opens the board, then the queue section says so', async () => {
      const { agent } = await signInAs(ctx, 'editor');
      const res = await agent.get('/board');
      expect(res.text).toContain('id="queue-heading"');
      expect(res.text).toContain(esc('Nothing you own is overdue or stale.'));
    });
  });

  describe('Bad requests and access', () => {
    test.each([
      ['view=bogus'],
      ['moved_since=2024-13-01'],
      ['moved_since=yesterday'],
      ['group=x'],
      ['period=year'],
      ['mechanism=abc'],
      ['priority=maybe'],
      ['status=finished'],
    ])('When the board is asked for %s, then it answers 400 with a message, not 500', async (query) => {
      const res = await viewer.get(`/board?${query}`);
      expect(res.status).toBe(400);
      expect(res.text).toContain('role="alert"');
      expect(res.text).not.toContain('<ul class="figures">');
      const fragment = await viewer.get(`/board?${query}`).set('HX-Request', 'true');
      expect(fragment.status).toBe(400);
      expect(fragment.text).not.toContain('<html');
    });

    test('When an anonymous visitor asks for the board, then they are sent to sign in and come back afterwards', async () => {
      const res = await request(ctx.app).get('/board?view=kanban');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent('/board?view=kanban')}`);
    });
  });
});

// ---------------------------------------------------------------- the kanban, changing status

describe('Status board: changing a card status from the kanban', () => {
  let ctx: TestContext;
  let data: Dataset;

  beforeAll(async () => {
    ctx = await createTestContext();
    data = await buildDataset(ctx);
  });
  afterAll(() => ctx.close());

  test('When an editor views the kanban, then each card links to its status form, which returns to this board', async () => {
    const { agent } = await signInAs(ctx, 'editor');
    const res = await agent.get('/board?view=kanban&priority=yes');
    const card = kanbanOf(res.text).get('stalled')!.cards.find((c) => c.id === data.rec.R4)!;
    const link = unescapeAttr(/<a class="button secondary small" href="([^"]*)"\s+hx-get="\1" hx-target="#status-dialog"/.exec(card.html)![1]!);
    expect(link.startsWith(`/recommendations/${data.rec.R4}/status?return_to=`)).toBe(true);
    const form = await agent.get(link).set('HX-Request', 'true');
    expect(form.text).not.toContain('<html');
    expect(form.text).toContain(`action="/recommendations/${data.rec.R4}/status"`);
    // The inline form refreshes only the card's status region, so the card stays where the reader is.
    expect(form.text).toContain(`hx-target="#inline-status-${data.rec.R4}"`);
    const returnTo = unescapeAttr(/name="return_to" value="([^"]*)"/.exec(form.text)![1]!);
    const params = new URL(returnTo, 'http://x').searchParams;
    expect(returnTo.startsWith('/board?')).toBe(true);
    expect(params.get('view')).toBe('kanban');
    expect(params.get('priority')).toBe('yes');
  });

  test('When an editor moves a card with a rationale, then 303 leads back to the kanban, where the card stands in its new column', async () => {
    const { agent, csrf } = await signInAs(ctx, 'editor');
    const before = kanbanOf((await agent.get('/board?view=kanban')).text);
    expect(before.get('not_assessed')!.cards.map((c) => c.id)).toContain(data.rec.R5);
    const res = await postForm(agent, `/recommendations/${data.rec.R5}/status`, {
      _csrf: csrf,
      return_to: '/board?view=kanban',
      status: 'in_progress',
      effective_on: TODAY,
      rationale: 'R5 moved from the board',
      evidence_kind: 'official_document',
      evidence_language: 'en',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/board?view=kanban#card-${data.rec.R5}`);
    const after = await agent.get(res.headers.location!);
    const columns = kanbanOf(after.text);
    expect(columns.get('not_assessed')!.cards.map((c) => c.id)).not.toContain(data.rec.R5);
    expect(columns.get('in_progress')!.cards.map((c) => c.id)).toContain(data.rec.R5);
    expect(columns.get('not_assessed')!.total).toBe(1);
    expect(columns.get('in_progress')!.total).toBe(3);
    // The change heads the latest changes, and counts as moved.
    expect(latestOf(after.text)[0]).toMatchObject({ id: data.rec.R5, text: `Not yet assessed → In progress effective ${formatDate(TODAY)}` });
    expect(figuresOf(after.text).moved).toBe(3);
  });

  test('When an editor moves a card through htmx, then the redirect leads to that card\'s status region, and the board URL shows it moved', async () => {
    const { agent, csrf } = await signInAs(ctx, 'editor');
    const returnTo = `/board?view=kanban&mechanism=${data.mech.gamma}`;
    const res = await postForm(agent, `/recommendations/${data.rec.R10}/status`, {
      _csrf: csrf,
      return_to: returnTo,
      status: 'under_consideration',
      effective_on: TODAY,
      rationale: 'R10 taken up',
      evidence_kind: 'official_document',
      evidence_language: 'en',
    }).set('HX-Request', 'true');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/recommendations/${data.rec.R10}/row?return_to=${encodeURIComponent(returnTo)}`);
    const region = await agent.get(res.headers.location!).set('HX-Request', 'true');
    expect(region.text.trimStart().startsWith(`<div id="inline-status-${data.rec.R10}"`)).toBe(true);
    expect(region.text).toContain(`id="status-saved-${data.rec.R10}"`);
    const columns = kanbanOf((await agent.get(returnTo).set('HX-Request', 'true')).text);
    expect(columns.get('under_consideration')!.cards.map((c) => c.id)).toEqual([data.rec.R10]);
    expect(columns.get('not_assessed')!.cards).toEqual([]);
  });

  test('When an editor moves a card without a rationale, then 422 and the card stays where it was', async () => {
    const { agent, csrf } = await signInAs(ctx, 'editor');
    const res = await postForm(agent, `/recommendations/${data.rec.R4}/status`, {
      _csrf: csrf,
      return_to: '/board?view=kanban',
      status: 'in_progress',
      effective_on: TODAY,
      rationale: '',
      evidence_kind: 'official_document',
      evidence_language: 'en',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('This field is required.');
    const columns = kanbanOf((await agent.get('/board?view=kanban')).text);
    expect(columns.get('stalled')!.cards.map((c) => c.id)).toEqual([data.rec.R4]);
    expect(columns.get('in_progress')!.cards.map((c) => c.id)).not.toContain(data.rec.R4);
  });
});

describe('Status board: a matrix of many groups', () => {
  let ctx: TestContext;
  let viewer: Agent;

  beforeAll(async () => {
    ctx = await createTestContext();
    await generateSynthetic(ctx.db, { recommendations: 400, notesPer: 0 });
    ({ agent: viewer } = await signInAs(ctx, 'viewer'));
  });
  afterAll(() => ctx.close());

  test('When the board is grouped by source and there are more sources than a page holds, then the rows come in pages that together list each source once, under the same totals', async () => {
    const first = await viewer.get('/board?group=source');
    const pageOne = matrixOf(first.text);
    expect(pageOne.rows).toHaveLength(MATRIX_ROWS_PER_PAGE);
    const seen = pageOne.rows.map((r) => r.name);
    let html = first.text;
    let pages = 1;
    for (;;) {
      const next = /<a rel="next" href="([^"]*)"/.exec(html)?.[1];
      if (!next) break;
      html = (await viewer.get(unescapeAttr(next))).text;
      pages += 1;
      const page = matrixOf(html);
      expect(page.footer).toEqual(pageOne.footer);
      seen.push(...page.rows.map((r) => r.name));
    }
    const withRecommendations = ctx.sqlite.prepare('SELECT count(DISTINCT source_id) AS n FROM recommendations').get() as { n: number };
    expect(pages).toBe(Math.ceil(withRecommendations.n / MATRIX_ROWS_PER_PAGE));
    expect(seen).toHaveLength(withRecommendations.n);
    expect(new Set(seen).size).toBe(seen.length);
    expect(html).toContain(`Page ${pages} of ${pages}`);
  });

  test('When a page past the last is asked for, then the last page is shown; when the page is not a number, then 400 says so', async () => {
    const last = await viewer.get('/board?group=source&page=999');
    expect(last.status).toBe(200);
    expect(last.text).toMatch(/Page (\d+) of \1/);
    const bad = await viewer.get('/board?group=source&page=two');
    expect(bad.status).toBe(400);
  });
});
