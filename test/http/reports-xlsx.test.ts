import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { bodies, mechanisms, sources } from '../../server/db/schema';
import type { StatusKey } from '../../server/domain/vocabulary';
import { t } from '../../server/lib/i18n';
import { createRecommendation, updateStatus, type RecommendationInput } from '../../server/recommendations/service';
import { CHANGE_COLUMNS, COLUMNS, restoreFormula } from '../../server/reports/csv-format';
import { createTestContext, download, makeUser, signInAs, type Agent, type TestContext } from '../helpers';

/**
 * The progress report as an Excel workbook, read back with exceljs and, where
 * LibreOffice is installed (always in CI), converted to CSV by LibreOffice
 * itself and compared with the CSV download of the same report.
 *
 * "The same" means: the same header, the same rows in the same order, and in
 * each cell the same text once three differences of form are set aside —
 * the CSV's leading apostrophe before a formula-like text (an .xlsx text cell
 * is never a formula, so it needs none), line ends (XML reads CRLF as LF),
 * and the two typed columns a spreadsheet shows its own way: yes/no as
 * TRUE/FALSE, and "Updated at" as "YYYY-MM-DD hh:mm:ss" (UTC, to the second)
 * instead of the CSV's ISO timestamp. Dates are the same ISO text in both.
 */

let ctx: TestContext;
let viewer: Agent;
const ids: Record<string, number> = {};

async function buildDataset() {
  const owner = await makeUser(ctx.db, 'editor', { name: 'Анна Петрова', email: 'anna@example.org' });
  const source = ctx.tx
    .insert(sources)
    .values({ title: '中俄地方合作 2024: "Regions", cooperation', authors: 'Иванов И. И.', publisher: 'RIAC', publishedOn: '2024', kind: 'report', language: 'zh' })
    .returning()
    .get();
  const ministry = ctx.tx.insert(bodies).values({ name: 'Министерство экономического развития', country: 'Russia', kind: 'ministry' }).returning().get();
  const province = ctx.tx.insert(bodies).values({ name: '黑龙江省人民政府', country: 'China', kind: 'regional_government' }).returning().get();
  const council = ctx.tx.insert(mechanisms).values({ name: 'Межправительственная комиссия', kind: 'intergovernmental_council', lifecycle: 'active' }).returning().get();
  const forum = ctx.tx.insert(mechanisms).values({ name: '东北亚地方合作论坛', kind: 'commission', lifecycle: 'active' }).returning().get();
  ids.council = council.id;
  ids.forum = forum.id;
  ids.ministry = ministry.id;

  const base = (reference: string, shortTitle: string, extra: Partial<RecommendationInput> = {}): RecommendationInput => ({
    sourceId: source.id,
    reference,
    shortTitle,
    fullText: `Full text of ${reference}:\nline two, with "quotes"\r\nand a CRLF line.`,
    supportingBodyIds: [],
    themes: [],
    priority: false,
    confidence: 'unverified',
    ...extra,
  });
  const create = (key: string, input: RecommendationInput) => {
    const result = createRecommendation(ctx.tx, input, owner.id);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    ids[key] = result.id;
  };
  create(
    'A',
    base('1.1', 'Создать комиссию по приграничному сотрудничеству', {
      mechanismId: council.id,
      leadBodyId: ministry.id,
      supportingBodyIds: [province.id],
      themes: ['cross-border cooperation', 'трансграничное'],
      priority: true,
      targetDate: '2024-12-31',
      ownerId: owner.id,
      confidence: 'likely',
    }),
  );
  create('B', base('1.2', '建立地方合作机制', { mechanismId: forum.id, leadBodyId: province.id, targetDate: '2099-01-01' }));
  create('C', base('1.10', '=HYPERLINK("http://evil.example") is only text', { mechanismId: council.id }));
  create('D', { ...base('2', 'No mechanism, never assessed'), kind: 'stated_position' });

  const status = (key: string, to: StatusKey, on: string, rationale: string, evidenceUrl?: string) => {
    const evidence = evidenceUrl ? { text: `Протокол: ${rationale}`, sourceUrl: evidenceUrl, sourceKind: 'news' as const, language: 'ru' as const } : undefined;
    const result = updateStatus(ctx.tx, ids[key]!, { status: to, effectiveOn: on, rationale, evidence }, owner.id);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
  };
  status('A', 'under_consideration', '2024-01-10', 'Raised at the forum');
  status('A', 'in_progress', '2024-06-01', 'Working group set up', 'https://example.org/a-2024');
  status('A', 'implemented', '2025-02-15', 'Commission established by decree', 'https://example.org/a-2025');
  status('B', 'stalled', '2024-09-01', '会议未举行');
  status('C', 'no_action', '2024-03-01', 'Nothing heard');
}

beforeAll(async () => {
  ctx = await createTestContext();
  await buildDataset();
  ({ agent: viewer } = await signInAs(ctx, 'viewer'));
});
afterAll(() => ctx.close());

async function workbookAt(url: string): Promise<{ res: request.Response; bytes: Buffer; book: ExcelJS.Workbook }> {
  const { res, bytes } = await download(viewer, url);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return { res, bytes, book };
}

async function csvAt(url: string): Promise<string[][]> {
  const { bytes } = await download(viewer, url);
  return parse(bytes.toString('utf8'), { bom: true, record_delimiter: '\r\n' });
}

const BOOLEAN_HEADERS: string[] = [COLUMNS.priority, COLUMNS.overdue, COLUMNS.mechanismDormant];

/** A CSV cell as the same cell of the workbook shows it (see the file's comment). */
function csvCellShown(header: string, text: string): string {
  if (BOOLEAN_HEADERS.includes(header)) return text === 'yes' ? 'TRUE' : text === 'no' ? 'FALSE' : text;
  if (header === COLUMNS.updatedAt) return text.slice(0, 19).replace('T', ' ');
  // Each request of the test reaches the app on a new port, so page addresses are compared by their path.
  if (header === COLUMNS.pageUrl) return new URL(text).pathname;
  return restoreFormula(text).replace(/\r\n?/g, '\n');
}

/** A cell read by exceljs, shown as a spreadsheet with the workbook's formats would show it. */
function xlsxCellShown(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return cell.numFmt === 'yyyy-mm-dd' ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object' && 'hyperlink' in value) return value.text;
  return String(value).replace(/\r\n?/g, '\n');
}

function sheetRows(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  let width = 0;
  sheet.eachRow((row) => (width = Math.max(width, row.cellCount)));
  sheet.eachRow((row) => rows.push(Array.from({ length: width }, (_, i) => xlsxCellShown(row.getCell(i + 1)))));
  return rows;
}

function expectSameAsCsv(shown: string[][], csv: string[][]): void {
  const [header, ...records] = csv;
  expect(shown[0]).toEqual(header);
  const page = header!.indexOf(COLUMNS.pageUrl);
  const rows = shown.slice(1).map((cells) => cells.map((text, i) => (i === page ? new URL(text).pathname : text)));
  expect(rows).toEqual(records.map((cells) => cells.map((text, i) => csvCellShown(header![i]!, text))));
}

const cellOf = (sheet: ExcelJS.Worksheet, row: number, header: string) => {
  const headers = (sheet.getRow(1).values as unknown[]).slice(1);
  return sheet.getRow(row).getCell(headers.indexOf(header) + 1);
};

const rowOf = (sheet: ExcelJS.Worksheet, id: number) => {
  let found = 0;
  sheet.eachRow((row, n) => {
    if (row.getCell(1).value === id) found = n;
  });
  return found;
};

describe('Excel download: the file', () => {
  test('When a viewer downloads the report, then it is an .xlsx attachment named like the CSV, with the cover first and the rows second', async () => {
    const { res, bytes, book } = await workbookAt('/reports/progress.xlsx?as_of=2024-12-31');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="progress-2024-12-31.xlsx"');
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(book.worksheets.map((s) => s.name)).toEqual([t('xlsx.sheet_cover'), t('xlsx.sheet_rows')]);
  });

  test('When the rows sheet is read, then it has the CSV’s header, frozen, with filters over every row, and widths that fit dates and titles', async () => {
    const { book } = await workbookAt('/reports/progress.xlsx');
    const sheet = book.getWorksheet(t('xlsx.sheet_rows'))!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...Object.values(COLUMNS), 'Status: China', 'Status: Russia']);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // Every column of the CSV: Uptake (AA) after Record kind, its confidence and document and the mechanism's
    // dormant flag and last meeting (AB to AF), then the parties' two columns (AG, AH).
    expect(sheet.autoFilter).toBe(`A1:AH${sheet.rowCount}`);
    expect(sheet.columnCount).toBe(34);
    expect(sheet.getRow(1).getCell(26).value).toBe(COLUMNS.kind);
    expect(sheet.getRow(1).getCell(27).value).toBe(COLUMNS.uptake);
    expect(sheet.rowCount).toBe(5);
    const width = (header: string) => sheet.getColumn(Object.values(COLUMNS).indexOf(header as never) + 1).width ?? 0;
    expect(width(COLUMNS.statusSince)).toBeGreaterThanOrEqual(12);
    expect(width(COLUMNS.shortTitle)).toBeGreaterThanOrEqual(40);
    expect(width(COLUMNS.fullText)).toBeGreaterThan(width(COLUMNS.id));
  });

  test('When cells are read, then dates are date cells with a date format, ids numbers, yes/no booleans, and formula-like text stays text', async () => {
    const { book } = await workbookAt('/reports/progress.xlsx');
    const sheet = book.getWorksheet(t('xlsx.sheet_rows'))!;
    const a = rowOf(sheet, ids.A!);
    expect(cellOf(sheet, a, COLUMNS.id).type).toBe(ExcelJS.ValueType.Number);
    const since = cellOf(sheet, a, COLUMNS.statusSince);
    expect(since.type).toBe(ExcelJS.ValueType.Date);
    expect(since.value).toEqual(new Date('2025-02-15T00:00:00Z'));
    expect(since.numFmt).toBe('yyyy-mm-dd');
    expect(cellOf(sheet, a, COLUMNS.targetDate).value).toEqual(new Date('2024-12-31T00:00:00Z'));
    expect(cellOf(sheet, a, COLUMNS.lastEvidenceDate).value).toEqual(new Date('2025-02-15T00:00:00Z'));
    const updated = cellOf(sheet, a, COLUMNS.updatedAt);
    expect(updated.type).toBe(ExcelJS.ValueType.Date);
    expect(updated.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(cellOf(sheet, a, COLUMNS.priority).value).toBe(true);
    expect(cellOf(sheet, a, COLUMNS.overdue).value).toBe(false);
    expect(cellOf(sheet, a, COLUMNS.leadBody).value).toBe('Министерство экономического развития');
    expect(cellOf(sheet, a, COLUMNS.supportingBodies).value).toBe('黑龙江省人民政府');
    const c = rowOf(sheet, ids.C!);
    expect(cellOf(sheet, c, COLUMNS.reference).value).toBe('1.10');
    expect(cellOf(sheet, c, COLUMNS.shortTitle).type).toBe(ExcelJS.ValueType.String);
    expect(cellOf(sheet, c, COLUMNS.shortTitle).value).toBe('=HYPERLINK("http://evil.example") is only text');
    const d = rowOf(sheet, ids.D!);
    expect(cellOf(sheet, d, COLUMNS.statusSince).type).toBe(ExcelJS.ValueType.Null);
    expect(cellOf(sheet, d, COLUMNS.mechanism).type).toBe(ExcelJS.ValueType.Null);
    // The record kind is its key, as in the CSV, whatever the interface language.
    expect(cellOf(sheet, d, COLUMNS.kind).value).toBe('stated_position');
    expect(cellOf(sheet, a, COLUMNS.kind).value).toBe('recommendation');
  });

  test('When the rows sheet is compared with the CSV of the same report, then every row and cell matches', async () => {
    for (const query of ['', '?as_of=2024-12-31', '?changed_since=2024-05-31&as_of=2025-03-01', `?mechanism=${ids.council}`]) {
      const { book } = await workbookAt(`/reports/progress.xlsx${query}`);
      expectSameAsCsv(sheetRows(book.getWorksheet(t('xlsx.sheet_rows'))!), await csvAt(`/reports/progress.csv${query}`));
    }
  });
});

describe('Excel download: the cover sheet', () => {
  test('When filters are on, then the cover names them as the list does, not by id, with the date, the time made and counts by status', async () => {
    const { book } = await workbookAt(`/reports/progress.xlsx?as_of=2024-12-31&mechanism=${ids.council}&priority=no&body=${ids.ministry}`);
    const cover = book.worksheets[0]!;
    const text = sheetRows(cover).map((cells) => cells.filter(Boolean).join(' | '));
    expect(text[0]).toBe(t('xlsx.title_status', { date: '2024-12-31' }));
    expect(text).toContain(`${t('xlsx.status_on')} | 2024-12-31`);
    expect(text).toContain(`${t('xlsx.filters')} | ${t('filters.mechanism')}: Межправительственная комиссия`);
    expect(text).toContain(`${t('filters.body')}: Министерство экономического развития`);
    expect(text).toContain(`${t('filters.priority')}: ${t('filters.priority_no')}`);
    expect(text.join('\n')).not.toContain(`: ${ids.council}`);
    const generated = text.find((line) => line.startsWith(t('xlsx.generated')))!;
    expect(generated).toMatch(/\| \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // No priority recommendation under the council, led by the ministry: none (A is a priority).
    expect(text).toContain(`${t('xlsx.total')} | 0`);
  });

  test('When no filter is on, then the cover says so, and its counts by status add up to the rows', async () => {
    const { book } = await workbookAt('/reports/progress.xlsx?as_of=2024-12-31');
    const text = sheetRows(book.worksheets[0]!).map((cells) => cells.filter(Boolean).join(' | '));
    expect(text).toContain(`${t('xlsx.filters')} | ${t('xlsx.no_filters')}`);
    expect(text).toContain(`${t('status.in_progress')} | 1`);
    expect(text).toContain(`${t('status.stalled')} | 1`);
    expect(text).toContain(`${t('status.no_action')} | 1`);
    // D, never assessed and entered today, counts: its publication (2024) was out by the end of that year.
    expect(text).toContain(`${t('status.not_assessed')} | 1`);
    expect(text).toContain(`${t('xlsx.total')} | 4`);
    expect(text).toContain(`${t('xlsx.overdue')} | 0`);
    const count = book.worksheets[0]!.getRow(text.indexOf(`${t('status.in_progress')} | 1`) + 1).getCell(2);
    expect(count.type).toBe(ExcelJS.ValueType.Number);
  });
});

describe('Excel download: a changes report', () => {
  test('When the report is of changes in a period, then a third sheet lists every change in it, in the report’s order, with date, from, to, rationale, author and evidence link', async () => {
    const { res, book } = await workbookAt('/reports/progress.xlsx?changed_since=2024-05-31&as_of=2025-03-01');
    expect(res.headers['content-disposition']).toBe('attachment; filename="progress-changes-2024-05-31-to-2025-03-01.xlsx"');
    expect(book.worksheets.map((s) => s.name)).toEqual([t('xlsx.sheet_cover'), t('xlsx.sheet_rows'), t('xlsx.sheet_changes')]);
    const rowsSheet = book.getWorksheet(t('xlsx.sheet_rows'))!;
    expect((rowsSheet.getRow(1).values as unknown[]).slice(1)).toEqual([...Object.values(COLUMNS), ...Object.values(CHANGE_COLUMNS), 'Status: China', 'Status: Russia']);
    const sheet = book.getWorksheet(t('xlsx.sheet_changes'))!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe('A1:L4');
    const rows = sheetRows(sheet);
    expect(rows[0]).toEqual(['effective_on', 'id', 'reference', 'short_title', 'mechanism', 'from', 'to', 'rationale', 'author', 'evidence_note', 'evidence_url', 'page_url'].map((k) => t(`xlsx.changes.${k}`)));
    // In the report's order (A, then B), each one's changes by date; A's change of 2024-01-10 is before the period.
    expect(rows.slice(1).map((r) => [r[0], r[4], r[5], r[6], r[7], r[8], r[10]])).toEqual([
      ['2024-06-01', 'Межправительственная комиссия', t('status.under_consideration'), t('status.in_progress'), 'Working group set up', 'Анна Петрова', 'https://example.org/a-2024'],
      ['2025-02-15', 'Межправительственная комиссия', t('status.in_progress'), t('status.implemented'), 'Commission established by decree', 'Анна Петрова', 'https://example.org/a-2025'],
      ['2024-09-01', '东北亚地方合作论坛', t('status.not_assessed'), t('status.stalled'), '会议未举行', 'Анна Петрова', ''],
    ]);
    expect(sheet.getCell('A2').type).toBe(ExcelJS.ValueType.Date);
    expect(sheet.getCell('B2').type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell('K2').type).toBe(ExcelJS.ValueType.Hyperlink);
    expect(sheet.getCell('K2').hyperlink).toBe('https://example.org/a-2024');

    const cover = sheetRows(book.worksheets[0]!).map((cells) => cells.filter(Boolean).join(' | '));
    expect(cover[0]).toBe(t('xlsx.title_changes', { from: '2024-05-31', to: '2025-03-01' }));
    // The report's own settings (its kind, here implied) are not filters.
    expect(cover).toContain(`${t('xlsx.filters')} | ${t('xlsx.no_filters')}`);
    const explicit = await workbookAt('/reports/progress.xlsx?kind=changes&group=body&changed_since=2024-05-31&as_of=2025-03-01');
    expect(sheetRows(explicit.book.worksheets[0]!).map((cells) => cells.filter(Boolean).join(' | '))).toContain(`${t('xlsx.filters')} | ${t('xlsx.no_filters')}`);
    expect(cover).toContain(`${t('xlsx.period_from')} | 2024-05-31`);
    expect(cover).toContain(`${t('xlsx.period_to')} | 2025-03-01`);
    // A: under consideration → implemented; B: not assessed → stalled.
    expect(cover).toContain(`${t('status.under_consideration')} | 1 | 0`);
    expect(cover).toContain(`${t('status.implemented')} | 0 | 1`);
    expect(cover).toContain(`${t('status.not_assessed')} | 1 | 0`);
    expect(cover).toContain(`${t('xlsx.change_count')} | 3`);
  });
});

describe('Excel download: address and access', () => {
  test('When a parameter is not valid, then the answer is 400 naming it, as for the CSV', async () => {
    const res = await viewer.get('/reports/progress.xlsx?as_of=2024-02-30');
    expect(res.status).toBe(400);
    expect(res.text).toContain('<code>as_of=2024-02-30</code>');
  });

  test('When someone who is not signed in asks for it, then they are sent to sign in', async () => {
    const res = await request(ctx.app).get('/reports/progress.xlsx');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
  });

  test('When the list and the board offer the CSV, then an Excel link with the same filters is beside it, as a download', async () => {
    for (const page of [`/recommendations?mechanism=${ids.council}`, `/board?mechanism=${ids.council}`]) {
      const html = (await viewer.get(page)).text;
      const link = html.match(/<a [^>]*href="([^"]*progress\.xlsx[^"]*)"[^>]*>/);
      expect(link).not.toBeNull();
      expect(link![1]!.replaceAll('&#x3D;', '=')).toContain(`mechanism=${ids.council}`);
      expect(link![0]).toContain(' download');
    }
  });
});

/** LibreOffice, if installed: CI installs it (.ci/run), so there its absence is a failure, not a skip. */
const soffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();
const inCi = process.env.CI === 'true';
if (!soffice && !inCi) {
  console.warn('reports-xlsx: soffice (LibreOffice) is not installed here, so the LibreOffice comparison is skipped; CI installs it and runs it.');
}
const withLibreOffice = soffice || inCi ? test : test.skip;

/** The workbook's rows sheet (its second) as LibreOffice's CSV export writes it: UTF-8, comma-separated, cells as shown. */
function libreOfficeCsv(bytes: Buffer): string[][] {
  if (!soffice) throw new Error('soffice (LibreOffice Calc) is missing: CI must install libreoffice-calc-nogui (see .ci/run).');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-lo-'));
  try {
    fs.writeFileSync(path.join(dir, 'report.xlsx'), bytes);
    // Filter options: separator ",", quote ", UTF-8, from line 1, …, cells as shown, sheet 2.
    const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,2';
    execFileSync(soffice, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', filter, '--outdir', dir, path.join(dir, 'report.xlsx')], {
      stdio: 'pipe',
      timeout: 90_000,
    });
    // LibreOffice names the file after the sheet it wrote: report-<sheet>.csv.
    const written = fs.readdirSync(dir).filter((name) => name.endsWith('.csv'));
    expect(written).toEqual([`report-${t('xlsx.sheet_rows')}.csv`]);
    return parse(fs.readFileSync(path.join(dir, written[0]!), 'utf8'), { bom: true, relax_column_count: false });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('Excel download: opened by LibreOffice', () => {
  withLibreOffice(
    'When LibreOffice converts the workbook to CSV, then it reads the same rows and cells as the CSV download, dates in ISO',
    async () => {
      const query = '?changed_since=2024-05-31&as_of=2025-03-01';
      const { bytes } = await workbookAt(`/reports/progress.xlsx${query}`);
      const lo = libreOfficeCsv(bytes);
      const csv = await csvAt(`/reports/progress.csv${query}`);
      expect(lo.length).toBe(csv.length);
      expectSameAsCsv(
        lo.map((cells) => cells.map((c) => c.replace(/\r\n?/g, '\n'))),
        csv,
      );
      const header = csv[0]!;
      expect(lo[1]![header.indexOf(COLUMNS.statusSince)]).toBe('2025-02-15');
      expect(lo[1]![header.indexOf(COLUMNS.leadBody)]).toBe('Министерство экономического развития');

      const all = libreOfficeCsv((await workbookAt('/reports/progress.xlsx')).bytes);
      expectSameAsCsv(all, await csvAt('/reports/progress.csv'));
    },
    180_000,
  );
});
