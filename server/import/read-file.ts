import { parse } from 'csv-parse/sync';
import { t } from '../lib/i18n';
import { CHANGE_COLUMNS, COLUMNS, restoreFormula, type ChangeColumnKey, type ColumnKey } from '../reports/csv-format';

/**
 * An uploaded file to rows of named cells, or one message saying why it
 * cannot be read: empty, not text, not UTF-8, not CSV, or with columns this
 * tracker does not know. Rows are numbered as a spreadsheet shows them: the
 * header is row 1.
 */

export type KnownColumn = ColumnKey | ChangeColumnKey;

export interface CsvRow {
  row: number;
  cells: Partial<Record<KnownColumn, string>>;
}

/** `text` is the decoded file, kept for the confirmation. */
export type ReadResult = { ok: true; text: string; columns: KnownColumn[]; rows: CsvRow[] } | { ok: false; message: string };

/** The columns an import needs; every other one may be left out. */
export const REQUIRED_COLUMNS: ColumnKey[] = ['source', 'reference', 'shortTitle'];

const HEADERS: Record<KnownColumn, string> = { ...COLUMNS, ...CHANGE_COLUMNS };
const BY_HEADER = new Map(Object.entries(HEADERS).map(([key, header]) => [header.toLowerCase(), key as KnownColumn]));
export const KNOWN_HEADERS = Object.values(HEADERS);

const fail = (key: string, params?: Record<string, unknown>): ReadResult => ({ ok: false, message: t(key, params) });

/** Spreadsheets (xlsx and ods are zip files; xls is an OLE file) and other binary files. */
function looksBinary(bytes: Buffer): boolean {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  return zip || ole || bytes.subarray(0, 8192).includes(0);
}

const isUtf16 = (bytes: Buffer) => (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);

/** Comma, or the semicolon or tab that some spreadsheets write instead: whichever the header row uses most. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  return [',', ';', '\t'].reduce((best, c) => (count(c) > count(best) ? c : best), ',');
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

export function readCsvFile(bytes: Buffer): ReadResult {
  if (bytes.length === 0) return fail('import.errors.empty');
  if (isUtf16(bytes)) return fail('import.errors.utf16');
  if (looksBinary(bytes)) return fail('import.errors.not_csv');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fail('import.errors.not_utf8');
  }

  let records: string[][];
  try {
    records = parse(text, {
      delimiter: delimiterOf(text),
      relax_quotes: false,
      // Rows of the wrong length are reported below, once the header is known to be ours.
      relax_column_count: true,
      skip_empty_lines: true,
    });
  } catch (error) {
    return { ok: false, message: syntaxMessage(error) };
  }
  const [header, ...data] = records;
  if (!header) return fail('import.errors.empty');

  const names = header.map((h) => h.trim());
  const columns = names.map((h) => BY_HEADER.get(h.toLowerCase()));
  // CASE: a spreadsheet may save trailing columns with no name and nothing in them; they are not unknown columns.
  const unused = (i: number) => names[i] === '' && data.every((record) => (record[i] ?? '').trim() === '');
  const unknown = names.filter((_h, i) => columns[i] === undefined && !unused(i));
  const known = KNOWN_HEADERS.join(', ');
  if (columns.every((c) => c === undefined)) return fail('import.errors.no_known_columns', { known });
  if (unknown.length > 0) return fail('import.errors.unknown_columns', { columns: unknown.map((h) => `“${h}”`).join(', '), known });
  const twice = names.filter((h, i) => !unused(i) && names.findIndex((o) => o.toLowerCase() === h.toLowerCase()) !== i);
  if (twice.length > 0) return fail('import.errors.duplicate_columns', { columns: [...new Set(twice)].join(', ') });
  const missing = REQUIRED_COLUMNS.filter((key) => !columns.includes(key));
  if (missing.length > 0) return fail('import.errors.missing_columns', { columns: missing.map((key) => COLUMNS[key]).join(', ') });

  const ragged = data.findIndex((record) => record.length !== header.length);
  if (ragged !== -1) return fail('import.errors.cell_count', { row: ragged + 2 });

  const rows: CsvRow[] = [];
  data.forEach((record, index) => {
    // CASE: a spreadsheet writes a blank row as a row of empty cells; it is skipped but keeps its number.
    if (record.every((cell) => cell.trim() === '')) return;
    const cells: CsvRow['cells'] = {};
    record.forEach((cell, i) => {
      const column = columns[i];
      if (column) cells[column] = restoreFormula(cell);
    });
    rows.push({ row: index + 2, cells });
  });
  if (rows.length === 0) return fail('import.errors.no_rows');
  return { ok: true, text, columns: columns.filter((c) => c !== undefined), rows };
}
