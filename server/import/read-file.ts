import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { CATALOGUE_LANGUAGES, t } from '../lib/i18n';
import type { Language } from '../lib/language';
import { CHANGE_COLUMNS, COLUMNS, columnHeader, isPartyColumnHeader, restoreFormula, type ChangeColumnKey, type ColumnKey } from '../reports/csv-format';

/**
 * An uploaded file to rows of named cells, or one message saying why it
 * cannot be read: empty, not text, not UTF-8, not CSV, or with columns this
 * tracker does not know. Rows are numbered as a spreadsheet shows them: the
 * header is row 1.
 *
 * Reading costs time in proportion to the file's size, and pauses for other
 * requests as it goes: the file is parsed a piece at a time, and each check
 * looks at each cell once.
 */

export type KnownColumn = ColumnKey | ChangeColumnKey;

export interface CsvRow {
  row: number;
  cells: Partial<Record<KnownColumn, string>>;
}

type Failure = { ok: false; message: string };

/** `text` is the decoded file, kept for the confirmation. */
export type ReadResult = { ok: true; text: string; columns: KnownColumn[]; rows: CsvRow[] } | Failure;

/** The columns an import needs; every other one may be left out. */
export const REQUIRED_COLUMNS: ColumnKey[] = ['source', 'reference', 'shortTitle'];

const KEYS = Object.keys({ ...COLUMNS, ...CHANGE_COLUMNS }) as KnownColumn[];
/** A header in any interface language, lower-cased, to its column: a file exported in Russian imports in an English session. */
const BY_HEADER = new Map(
  [...new Set<Language>(['en', ...CATALOGUE_LANGUAGES])].flatMap((lang) => KEYS.map((key) => [columnHeader(key, lang).toLowerCase(), key] as const)),
);
for (const key of KEYS) BY_HEADER.set(({ ...COLUMNS, ...CHANGE_COLUMNS } as Record<KnownColumn, string>)[key].toLowerCase(), key);
/** The headers in the current interface language, as messages list them. */
const knownList = () => KEYS.map((key) => columnHeader(key)).join(', ');

/**
 * How much of the file the parser takes at once. Before it hands over the
 * first row of the wrong length, the parser builds an error object for every
 * such row in its piece, and a piece of short rows holds hundreds of them:
 * a small piece keeps that to a few milliseconds.
 */
const PIECE_BYTES = 1024;
/** The most columns a spreadsheet saves (Excel's XFD); a wider first row is not a sheet's, and each row costs its width to check. */
const MAX_COLUMNS = 16_384;
/** Unknown column names quoted in a message; a long list is cut short, and a long name too. */
const LISTED_COLUMNS = 20;
const LISTED_NAME_CHARS = 60;

const fail = (key: string, params?: Record<string, unknown>): Failure => ({ ok: false, message: t(key, params) });

/** Spreadsheets (xlsx and ods are zip files; xls is an OLE file) and other binary files. */
function looksBinary(bytes: Buffer): boolean {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  return zip || ole || bytes.subarray(0, 8192).includes(0);
}

const isUtf16 = (bytes: Buffer) => (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);

/** Comma, or the semicolon or tab that some spreadsheets write instead: whichever the header row uses most (in its first 64 KiB). */
function delimiterOf(text: string): string {
  const head = text.slice(0, 64 * 1024);
  const firstLine = head.slice(0, head.search(/\r|\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  return [',', ';', '\t'].reduce((best, c) => (count(c) > count(best) ? c : best), ',');
}

/** Names as a message quotes them: the first few, each cut short if long, and a count of the rest. */
function listed(names: string[]): string {
  const shown = names.slice(0, LISTED_COLUMNS).map((h) => `“${h.length > LISTED_NAME_CHARS ? `${h.slice(0, LISTED_NAME_CHARS)}…` : h}”`);
  const rest = names.length - shown.length;
  return rest > 0 ? t('import.errors.columns_and_more', { columns: shown.join(', '), count: rest }) : shown.join(', ');
}

/** What the header row says, or why the file cannot be imported with it. */
type Header = { ok: true; columns: (KnownColumn | undefined)[]; unnamed: number[] } | Failure;

function readHeader(record: string[]): Header {
  if (record.length > MAX_COLUMNS) return fail('import.errors.too_many_columns', { count: record.length, max: MAX_COLUMNS });
  const names = record.map((h) => h.trim());
  const columns = names.map((h) => BY_HEADER.get(h.toLowerCase()));
  if (columns.every((c) => c === undefined)) return fail('import.errors.no_known_columns', { known: knownList() });
  const unknown = names.filter((h, i) => columns[i] === undefined && h !== '' && !isPartyColumnHeader(h));
  if (unknown.length > 0) return fail('import.errors.unknown_columns', { columns: listed(unknown), known: knownList() });
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const h of names) {
    if (h === '') continue;
    if (seen.has(h.toLowerCase())) twice.add(h);
    else seen.add(h.toLowerCase());
  }
  if (twice.size > 0) return fail('import.errors.duplicate_columns', { columns: [...twice].join(', ') });
  const missing = REQUIRED_COLUMNS.filter((key) => !columns.includes(key));
  if (missing.length > 0) return fail('import.errors.missing_columns', { columns: missing.map((key) => columnHeader(key)).join(', ') });
  // CASE: a spreadsheet may save trailing columns with no name and nothing in them; they are unknown only once a row fills one.
  const unnamed = names.flatMap((h, i) => (h === '' ? [i] : []));
  return { ok: true, columns, unnamed };
}

interface CsvErrorLike {
  code?: string;
  lines?: number;
}

function syntaxMessage(error: unknown): string {
  const e = (error ?? {}) as CsvErrorLike;
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') return t('import.errors.quote_not_closed', { line: e.lines ?? 1 });
  return t('import.errors.not_csv_syntax', { line: e.lines ?? 1 });
}

/** The file's bytes in pieces, with a pause before each: a long cell or a run of rows the parser rejects make no record to pause at. */
async function* piecesOf(bytes: Buffer, pause: () => Promise<void>): AsyncGenerator<Buffer> {
  for (let start = 0; start < bytes.length; start += PIECE_BYTES) {
    await pause();
    yield bytes.subarray(start, start + PIECE_BYTES);
  }
}

/** `pause` lets other requests run now and then; it is called for each piece of the file and each row. */
export async function readCsvFile(bytes: Buffer, pause: () => Promise<void>): Promise<ReadResult> {
  if (bytes.length === 0) return fail('import.errors.empty');
  if (isUtf16(bytes)) return fail('import.errors.utf16');
  if (looksBinary(bytes)) return fail('import.errors.not_csv');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fail('import.errors.not_utf8');
  }

  const records = Readable.from(piecesOf(bytes, pause)).pipe(
    parse({
      bom: true,
      delimiter: delimiterOf(text),
      relax_quotes: false,
      // Rows of the wrong length are reported below, once the header is known to be ours.
      relax_column_count: true,
      skip_empty_lines: true,
    }),
  );
  let header: Extract<Header, { ok: true }> | undefined;
  let row = 1;
  const rows: CsvRow[] = [];
  try {
    for await (const record of records as AsyncIterable<string[]>) {
      await pause();
      if (!header) {
        const read = readHeader(record);
        if (!read.ok) return read;
        header = read;
        continue;
      }
      row++;
      const { columns, unnamed } = header;
      // The first problem of a row's shape ends the reading: nothing after it would be imported anyway.
      if (record.length !== columns.length) return fail('import.errors.cell_count', { row });
      if (unnamed.some((i) => record[i]!.trim() !== '')) return fail('import.errors.unknown_columns', { columns: '“”', known: knownList() });
      // CASE: a spreadsheet writes a blank row as a row of empty cells; it is skipped but keeps its number.
      if (record.every((cell) => cell.trim() === '')) continue;
      const cells: CsvRow['cells'] = {};
      record.forEach((cell, i) => {
        const column = columns[i];
        if (column) cells[column] = restoreFormula(cell);
      });
      rows.push({ row, cells });
    }
  } catch (error) {
    return { ok: false, message: syntaxMessage(error) };
  } finally {
    records.destroy();
  }
  if (!header) return fail('import.errors.empty');
  if (rows.length === 0) return fail('import.errors.no_rows');
  return { ok: true, text, columns: header.columns.filter((c) => c !== undefined), rows };
}
