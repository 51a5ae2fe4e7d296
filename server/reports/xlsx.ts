import ExcelJS from 'exceljs';
import type { Request, Response } from 'express';
import { listOwners } from '../auth/users';
import type { Db } from '../db/client';
import { STATUSES, type StatusKey } from '../domain/vocabulary';
import { drained, timeSlices } from '../lib/concurrency';
import { t } from '../lib/i18n';
import { currentLanguage, runInLanguage } from '../lib/language';
import { publicBaseUrl } from '../lib/public-url';
import { filterFormModel } from '../filters/form';
import { filterOptions } from '../recommendations/queries';
import type { ChangeColumnKey, ColumnKey } from './csv-format';
import { REPORT_SETTINGS, type ReportQuery } from './report-query';
import { progressQueryOf } from './handlers';
import { columnsFor, fileNameFor, recordOf } from './progress-records';
import { openPeriodChanges } from './period-changes';
import { openProgressRows, type ProgressQuery } from './queries';

/**
 * The progress report as an Excel workbook: the CSV's rows and columns (the
 * same parse, query, column definitions and cell values), typed for a
 * spreadsheet, plus a cover sheet (what the report is, its period, filters and
 * counts) and, for a changes report, a sheet of every status change.
 *
 * Written with exceljs's streaming writer straight into the response: each
 * row is turned into XML and zipped as it comes, so a hundred thousand rows
 * take neither the whole file in memory nor the server's thread for long.
 * The cover sheet is the first tab but written last, since its counts are
 * known only once every row has been read (see `moveToFront`).
 */

type Kind = 'number' | 'date' | 'timestamp' | 'boolean';

/** How a column's CSV text becomes a typed cell; columns not named here stay text. */
const KINDS: Partial<Record<ColumnKey | ChangeColumnKey, Kind>> = {
  id: 'number',
  statusSince: 'date',
  priority: 'boolean',
  targetDate: 'date',
  overdue: 'boolean',
  lastEvidenceDate: 'date',
  updatedAt: 'timestamp',
  mechanismDormant: 'boolean',
  mechanismLastMeeting: 'date',
};

/** Column widths in characters: enough for a date or a name, long texts cut off at the cell's edge. */
const WIDTHS: Partial<Record<ColumnKey | ChangeColumnKey, number>> = {
  id: 8,
  source: 36,
  reference: 11,
  shortTitle: 48,
  mechanism: 30,
  leadBody: 30,
  supportingBodies: 30,
  status: 20,
  statusLabel: 22,
  statusSince: 13,
  confidence: 13,
  priority: 10,
  targetDate: 13,
  overdue: 10,
  lastEvidenceDate: 13,
  lastEvidenceNote: 48,
  lastEvidenceUrl: 36,
  owner: 22,
  lastUpdatedBy: 22,
  updatedAt: 20,
  pageUrl: 36,
  themes: 30,
  fullText: 80,
  statusAtStart: 22,
  statusAtEnd: 22,
  changes: 80,
};

const DATE_FORMAT = 'yyyy-mm-dd';
const TIMESTAMP_FORMAT = 'yyyy-mm-dd hh:mm:ss';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Excel keeps at most 65,530 links in a sheet; past that an evidence address is plain text. */
const MAX_LINKS = 65_000;

const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8ECEF' } },
  border: { bottom: { style: 'thin', color: { argb: 'FF9AA5AE' } } },
  alignment: { vertical: 'middle' },
};

/** A date as Excel counts it: midnight UTC of the day, which exceljs writes as a whole day number. */
function dateCell(text: string): Date {
  return new Date(`${text}T00:00:00Z`);
}

/** The CSV's cell as a spreadsheet cell: dates as dates, numbers as numbers, yes/no as TRUE/FALSE. */
function typed(kind: Kind | undefined, value: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  switch (kind) {
    case 'number':
      return Number(value);
    case 'boolean':
      return value === 'yes';
    case 'date':
      // CASE: a date the database holds in another shape stays the text it is, as in the CSV.
      return ISO_DATE.test(String(value)) ? dateCell(String(value)) : String(value);
    case 'timestamp': {
      // Seconds only: a timestamp shown to the second must not round up to the next one.
      const ms = Date.parse(String(value));
      return Number.isNaN(ms) ? String(value) : new Date(Math.floor(ms / 1000) * 1000);
    }
    default:
      return typeof value === 'number' ? value : String(value);
  }
}

/**
 * One style object per kind of cell, shared by every cell of that kind:
 * exceljs recognises a style object it has seen and skips working out its
 * style id again, which otherwise took a fifth of a long export.
 */
const PLAIN_STYLE: Partial<ExcelJS.Style> = {};
const DATE_STYLE: Partial<ExcelJS.Style> = { numFmt: DATE_FORMAT };
const TIMESTAMP_STYLE: Partial<ExcelJS.Style> = { numFmt: TIMESTAMP_FORMAT };

function styleOf(kind: Kind | undefined): Partial<ExcelJS.Style> {
  return kind === 'date' ? DATE_STYLE : kind === 'timestamp' ? TIMESTAMP_STYLE : PLAIN_STYLE;
}

function addStyledRow(sheet: ExcelJS.Worksheet, values: ExcelJS.CellValue[], styles: Partial<ExcelJS.Style>[]): void {
  const row = sheet.addRow(values);
  styles.forEach((style, i) => {
    row.getCell(i + 1).style = style;
  });
  row.commit();
}

function addHeader(sheet: ExcelJS.Worksheet, headers: string[]): void {
  const row = sheet.addRow(headers);
  row.eachCell((cell) => {
    cell.style = HEADER_STYLE;
  });
  row.commit();
}

/** A frozen header with filters over every row of the table. */
function finishTable(sheet: ExcelJS.Worksheet, columns: number, rows: number): void {
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows + 1, column: columns } };
}

const tableView: Partial<ExcelJS.WorksheetView>[] = [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }];

interface Tally {
  rows: number;
  ids: number[];
  atEnd: Map<StatusKey, number>;
  atStart: Map<StatusKey, number>;
  overdue: number;
}

const count = (map: Map<StatusKey, number>, key: StatusKey) => map.set(key, (map.get(key) ?? 0) + 1);

interface EntryStream {
  _writableState?: { length: number };
  once(event: 'drain', listener: () => void): unknown;
}

/**
 * The stream a sheet's XML goes into on its way to the compressor (its zip
 * entry). exceljs's sheet writer writes into it without waiting, and the
 * compressor takes a chunk per turn of the event loop, so without waiting
 * here a long export held most of its uncompressed XML in memory (180 MB at
 * 100,000 rows). Reached through exceljs 4.4's internals (the sheet's
 * `stream`, piped to the archiver's entry); should they change, the export
 * still works, paced by time slices only.
 */
function entryOf(sheet: ExcelJS.Worksheet): EntryStream | undefined {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  const entry = pipes?.[0] as EntryStream | undefined;
  return entry && typeof entry.once === 'function' && entry._writableState ? entry : undefined;
}

/** Bytes of XML let wait for the compressor before the writer waits too. */
const ENTRY_BACKLOG = 1 << 18;

/** Lets the compressor and the response catch up, and other requests run, between slices of rows. */
function pacer(res: Response, sheet: ExcelJS.Worksheet) {
  const pause = timeSlices();
  let entry: EntryStream | undefined;
  return async () => {
    entry ??= entryOf(sheet);
    if (entry && entry._writableState!.length > ENTRY_BACKLOG) {
      // CASE: a client gone away stops the compressor for good, so its leaving ends the wait too.
      await new Promise<void>((resolve) => {
        entry!.once('drain', resolve);
        res.once('close', resolve);
      });
    }
    if (res.writableNeedDrain) await drained(res);
    await pause();
  };
}

async function writeRows(res: Response, workbook: ExcelJS.stream.xlsx.WorkbookWriter, db: Db, q: ProgressQuery, baseUrl: string): Promise<Tally> {
  const columns = columnsFor(q);
  const kinds = columns.map((c) => KINDS[c.key as ColumnKey]);
  const sheet = workbook.addWorksheet(t('xlsx.sheet_rows'), { views: tableView });
  sheet.columns = columns.map((c) => ({ key: c.key, width: Math.max(WIDTHS[c.key as ColumnKey] ?? 20, c.header.length + 4) }));
  const styles = kinds.map(styleOf);
  addHeader(
    sheet,
    columns.map((c) => c.header),
  );
  const tally: Tally = { rows: 0, ids: [], atEnd: new Map(), atStart: new Map(), overdue: 0 };
  const at = columns.reduce<Record<string, number>>((acc, c, i) => ({ ...acc, [c.key]: i }), {});
  const source = openProgressRows(db, q);
  const day = q.asOf ?? new Date().toISOString().slice(0, 10);
  const pace = pacer(res, sheet);
  try {
    for (const row of source.rows) {
      if (res.destroyed) return tally;
      const record = recordOf(row, source.at, q, baseUrl, day);
      addStyledRow(
        sheet,
        record.map((value, i) => typed(kinds[i], value)),
        styles,
      );
      tally.rows++;
      tally.ids.push(Number(record[at.id!]));
      count(tally.atEnd, record[at.status!] as StatusKey);
      if (record[at.overdue!] === 'yes') tally.overdue++;
      if (q.changedSince) count(tally.atStart, (row[source.at.statusAtStart] as StatusKey | null) ?? 'not_assessed');
      await pace();
    }
  } finally {
    source.close();
  }
  finishTable(sheet, columns.length, tally.rows);
  sheet.commit();
  return tally;
}

/** The changes sheet: one row per status change, in the order of the report’s rows, each with its date, from → to, rationale, author and evidence. */
async function writeChanges(res: Response, workbook: ExcelJS.stream.xlsx.WorkbookWriter, db: Db, q: ProgressQuery & { changedSince: string }, ids: number[], baseUrl: string): Promise<number> {
  const sheet = workbook.addWorksheet(t('xlsx.sheet_changes'), { views: tableView });
  const headers = ['effective_on', 'id', 'reference', 'short_title', 'mechanism', 'from', 'to', 'rationale', 'author', 'evidence_note', 'evidence_url', 'page_url'];
  const widths = [13, 8, 11, 48, 30, 22, 22, 48, 22, 48, 36, 36];
  sheet.columns = headers.map((key, i) => ({ key, width: widths[i] }));
  const styles = headers.map((key) => (key === 'effective_on' ? DATE_STYLE : PLAIN_STYLE));
  addHeader(
    sheet,
    headers.map((key) => t(`xlsx.changes.${key}`)),
  );
  const changes = openPeriodChanges(db, q, ids);
  const pace = pacer(res, sheet);
  let rows = 0;
  try {
    for (const c of changes.rows) {
      if (res.destroyed) return rows;
      const link = c.evidenceUrl && rows < MAX_LINKS ? { text: c.evidenceUrl, hyperlink: c.evidenceUrl } : c.evidenceUrl;
      addStyledRow(
        sheet,
        [
          dateCell(c.effectiveOn),
          c.id,
          c.reference,
          c.shortTitle,
          c.mechanism ?? t('board.no_mechanism'),
          t(`status.${c.fromStatus}`),
          t(`status.${c.toStatus}`),
          c.rationale,
          c.author,
          c.evidenceNote,
          link,
          `${baseUrl}/recommendations/${c.id}`,
        ],
        styles,
      );
      rows++;
      await pace();
    }
  } finally {
    changes.close();
  }
  finishTable(sheet, headers.length, rows);
  sheet.commit();
  return rows;
}

/** The filters as the list's chips name them ("Mechanism: Межправкомиссия"), never as ids. */
function filterTexts(db: Db, req: Request): string[] {
  const values = Object.fromEntries(Object.entries(req.query).filter(([key]) => !REPORT_SETTINGS.includes(key)));
  return filterFormModel('/reports', values, { ...filterOptions(db), owners: listOwners(db) }).chips.map((chip) => chip.text);
}

function writeCover(cover: ExcelJS.Worksheet, q: ProgressQuery, filters: string[], tally: Tally, changeCount: number | undefined, generated: Date): void {
  cover.columns = [{ width: 34 }, { width: 26 }, { width: 26 }];
  const label = (row: ExcelJS.Row) => {
    row.getCell(1).font = { bold: true };
    return row;
  };
  const title = cover.addRow([q.changedSince ? t('xlsx.title_changes', { from: q.changedSince, to: q.until }) : t('xlsx.title_status', { date: q.until })]);
  title.getCell(1).font = { bold: true, size: 14 };
  title.commit();
  cover.addRow([]).commit();
  const dated = (text: string, date: string) => {
    const row = label(cover.addRow([text, dateCell(date)]));
    row.getCell(2).numFmt = DATE_FORMAT;
    row.getCell(2).alignment = { horizontal: 'left' };
    row.commit();
  };
  label(cover.addRow([t('xlsx.kind'), q.changedSince ? t('xlsx.kind_changes') : t('xlsx.kind_status')])).commit();
  if (q.changedSince) {
    dated(t('xlsx.period_from'), q.changedSince);
    dated(t('xlsx.period_to'), q.until);
  } else {
    dated(t('xlsx.status_on'), q.until);
  }
  const filterLines = filters.length > 0 ? filters : [t('xlsx.no_filters')];
  filterLines.forEach((text, i) => (i === 0 ? label(cover.addRow([t('xlsx.filters'), text])) : cover.addRow(['', text])).commit());
  const generatedRow = label(cover.addRow([t('xlsx.generated'), generated]));
  generatedRow.getCell(2).numFmt = `${TIMESTAMP_FORMAT} "UTC"`;
  generatedRow.getCell(2).alignment = { horizontal: 'left' };
  generatedRow.commit();
  cover.addRow([]).commit();

  const head = cover.addRow(q.changedSince ? [t('xlsx.by_status'), t('xlsx.at_start'), t('xlsx.at_end')] : [t('xlsx.by_status'), t('xlsx.count')]);
  head.eachCell((cell) => {
    cell.style = HEADER_STYLE;
  });
  head.commit();
  for (const status of STATUSES) {
    const end = tally.atEnd.get(status.key) ?? 0;
    cover.addRow(q.changedSince ? [t(`status.${status.key}`), tally.atStart.get(status.key) ?? 0, end] : [t(`status.${status.key}`), end]).commit();
  }
  label(cover.addRow([t('xlsx.total'), ...(q.changedSince ? [tally.rows, tally.rows] : [tally.rows])])).commit();
  label(cover.addRow([t('xlsx.overdue'), ...(q.changedSince ? ['', tally.overdue] : [tally.overdue])])).commit();
  if (changeCount !== undefined) label(cover.addRow([t('xlsx.change_count'), ...(q.changedSince ? ['', changeCount] : [changeCount])])).commit();
  cover.addRow([]).commit();
  cover.addRow([t('xlsx.sheet_rows_note', { sheet: t('xlsx.sheet_rows') })]).commit();
  if (q.changedSince) cover.addRow([t('xlsx.sheet_changes_note', { sheet: t('xlsx.sheet_changes') })]).commit();
  cover.commit();
}

/**
 * Makes a sheet the first tab. The streaming writer zips each sheet's part
 * from the moment the sheet is added, one part after another, so a cover
 * added first would hold every row in memory until it was finished; it is
 * added last and moved to the front of the list the workbook's index is
 * written from (exceljs 4.4 keeps it in `_worksheets`, indexed by sheet id
 * from 1; the tab order and relationships are written from that list at
 * commit, the file names from the ids, so nothing else moves).
 */
function moveToFront(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheet: ExcelJS.Worksheet): void {
  const sheets = (workbook as unknown as { _worksheets: (ExcelJS.Worksheet | undefined)[] })._worksheets;
  const present = sheets.filter((s): s is ExcelJS.Worksheet => s !== undefined && s !== sheet);
  sheets.splice(1, sheets.length - 1, sheet, ...present);
}

/** The whole workbook, in the language the caller runs it in: the rows, the changes, then the cover moved to the front. */
async function writeWorkbook(res: Response, db: Db, q: ReportQuery, baseUrl: string, filters: ReturnType<typeof filterTexts>): Promise<void> {
  const generated = new Date(Math.floor(Date.now() / 1000) * 1000);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  workbook.creator = t('app.name');
  workbook.created = generated;
  const tally = await writeRows(res, workbook, db, q, baseUrl);
  const changeCount = q.changedSince && !res.destroyed ? await writeChanges(res, workbook, db, { ...q, changedSince: q.changedSince }, tally.ids, baseUrl) : undefined;
  if (res.destroyed) return;
  const cover = workbook.addWorksheet(t('xlsx.sheet_cover'));
  writeCover(cover, q, filters, tally, changeCount, generated);
  moveToFront(workbook, cover);
  await workbook.commit();
}

export function createXlsxHandlers(db: Db, publicUrl: string | undefined, clock: () => string, dormantGraceDays: number) {
  return {
    async progressXlsx(req: Request, res: Response) {
      const q = progressQueryOf(req, res, clock(), db, dormantGraceDays);
      if (!q) return;
      const lang = q.lang ?? currentLanguage();
      const baseUrl = publicBaseUrl(req, publicUrl);
      res.status(200).set({
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${fileNameFor(q).replace(/\.csv$/, '.xlsx')}"`,
        'Content-Language': lang,
      });
      await runInLanguage(lang, () => writeWorkbook(res, db, q, baseUrl, filterTexts(db, req)));
    },
  };
}
