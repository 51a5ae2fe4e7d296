import { stringify } from 'csv-stringify/sync';
import { CATALOGUE_LANGUAGES, tIn } from '../lib/i18n';
import { partyNameIn, partySlug } from '../parties/parties';
import { currentLanguage, type Language } from '../lib/language';

/**
 * The progress CSV as a file format, shared by the export and the import.
 *
 * Header names are written in the interface language (or the `lang` the
 * download asks for): the English ones below, or the catalogue's
 * `csv.columns.<key>`. The import knows the headers of every language, so a
 * file exported in one interface language imports in any other. The key
 * columns (ID, Status, dates, Priority, URLs, Record kind) hold language-neutral values.
 * Columns, in file order:
 *
 * | header | meaning | on import |
 * |---|---|---|
 * | ID | the recommendation's id in this tracker | matches an existing one; empty creates |
 * | Source | title of the source publication | required; the source must exist |
 * | Reference | its number or label in the publication | required; with Source, matches when ID is empty |
 * | Short title | | required |
 * | Mechanism | cooperation mechanism's name | created when unknown; empty clears |
 * | Lead body | responsible body's name (or acronym) | created when unknown; empty clears |
 * | Supporting bodies | names separated by "; " | created when unknown; empty clears |
 * | Status | status key (e.g. in_progress) | key or English label; empty keeps it |
 * | Status label | English label of the status | ignored |
 * | Status since | YYYY-MM-DD | the date a changed status takes effect (today when empty) |
 * | Confidence | confirmed, likely or unverified | key or label; empty keeps it |
 * | Priority | yes or no | empty means no |
 * | Target date | YYYY-MM-DD | empty clears |
 * | Overdue | yes or no | ignored |
 * | Last evidence date, Last evidence note, Last evidence source URL | the latest evidence note | ignored |
 * | Owner | the owner's name | name or email of an active editor or admin; empty clears |
 * | Last updated by, Updated at, Page URL | | ignored |
 * | Themes | theme names separated by ", " | empty clears |
 * | Full text | what the publication recommends | required to create |
 * | Displayed title | the short title as the interface language shows it: its translation into that language where there is one, else the original | ignored |
 * | Original language | the language the short title and full text were written in (en, ru or zh) | ignored |
 * | Record kind | what the record is: a key of RECORD_KINDS (recommendation, commitment, stated_position, reported_activity) | key or label in any language; empty keeps it (a new one is a recommendation) |
 *
 * | Uptake | what became of it in the world: a key of UPTAKES (adopted, adapted, convergent, contrary, not_taken_up, unknown) | key or label in any language; empty keeps it; a changed uptake drops the document and confidence recorded with the old one |
 *
 * | Uptake confidence | how sure the uptake is: confirmed, likely or unverified; empty while it is unknown | ignored |
 * | Uptake document, Uptake document URL | the evidence note that shows the uptake: its source's title (else its text), and its URL | ignored |
 * | Mechanism dormant | yes or no: the mechanism has held no meeting within its cadence and the grace period (server/domain/dormancy.ts), on the report's day; empty without a mechanism | ignored |
 * | Mechanism last meeting | YYYY-MM-DD: the mechanism's latest meeting held by the report's day | ignored |
 *
 * Record kind, Uptake and the columns after it came last so that the columns before them kept their places in
 * spreadsheets built on earlier files.
 *
 * Then, after every other column (a changes report's too), one column per
 * party with a side anywhere in the tracker (server/parties), in the order of
 * the parties' names: the side's status key (as on the date of an `as_of`
 * report), empty for a recommendation without that side. Their number follows
 * the data, so they come last, where they move no other column. Key
 * `status_<party>` (status_china, status_russia); header `party.csv_column`
 * ("Status: China"). An import ignores them: a side's status is set on its page.
 *
 * A changes report (`changed_since`) adds Status at start, Status at end and
 * Changes, which an import ignores. A column left out of an imported file
 * keeps what the tracker has.
 */
export const COLUMNS = {
  id: 'ID',
  source: 'Source',
  reference: 'Reference',
  shortTitle: 'Short title',
  mechanism: 'Mechanism',
  leadBody: 'Lead body',
  supportingBodies: 'Supporting bodies',
  status: 'Status',
  statusLabel: 'Status label',
  statusSince: 'Status since',
  confidence: 'Confidence',
  priority: 'Priority',
  targetDate: 'Target date',
  overdue: 'Overdue',
  lastEvidenceDate: 'Last evidence date',
  lastEvidenceNote: 'Last evidence note',
  lastEvidenceUrl: 'Last evidence source URL',
  owner: 'Owner',
  lastUpdatedBy: 'Last updated by',
  updatedAt: 'Updated at',
  pageUrl: 'Page URL',
  themes: 'Themes',
  fullText: 'Full text',
  // ── datalang ── Short title and Full text stay the original (an import writes them back); these two say what a reader sees.
  displayedTitle: 'Displayed title',
  originalLanguage: 'Original language',
  kind: 'Record kind',
  // ── uptake ──
  uptake: 'Uptake',
  uptakeConfidence: 'Uptake confidence',
  uptakeDocument: 'Uptake document',
  uptakeDocumentUrl: 'Uptake document URL',
  // ── mechanism activity ──
  mechanismDormant: 'Mechanism dormant',
  mechanismLastMeeting: 'Mechanism last meeting',
} as const;

export const CHANGE_COLUMNS = {
  statusAtStart: 'Status at start',
  statusAtEnd: 'Status at end',
  changes: 'Changes',
} as const;

export type ColumnKey = keyof typeof COLUMNS;
export type ChangeColumnKey = keyof typeof CHANGE_COLUMNS;

// ── i18n: headers in each interface language ──
/** A column's header in `lang` (the current interface language unless given). */
export function columnHeader(key: ColumnKey | ChangeColumnKey, lang: Language = currentLanguage()): string {
  return tIn(lang, `csv.columns.${key}`);
}

/** A party's column: its key, stable across languages, and its header in `lang`. */
export function partyColumn(party: string, lang: Language = currentLanguage()) {
  return { key: `status_${partySlug(party).replace(/-/g, '_')}`, header: tIn(lang, 'party.csv_column', { party: partyNameIn(party, lang) }) };
}

/** Whether a header names a party's column in any language (the import ignores those). */
export function isPartyColumnHeader(header: string): boolean {
  const mark = '\u0000';
  return CATALOGUE_LANGUAGES.some((lang) => {
    const [before = '', after = ''] = tIn(lang, 'party.csv_column', { party: mark }).split(mark);
    return header.length > before.length + after.length && header.startsWith(before) && header.endsWith(after);
  });
}

/** Lists of names inside one cell. */
export const BODY_SEPARATOR = '; ';
export const THEME_SEPARATOR = ', ';

/**
 * A cell a spreadsheet would run as a formula: it starts with = + - @, a tab,
 * a carriage return or a line feed (or their full-width forms, which some
 * spreadsheets normalise), possibly behind apostrophes that we added before.
 */
const FORMULA_START = /^'*[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Export: a leading apostrophe makes the cell plain text. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Import: takes back the apostrophe the export added, so a round trip is exact. */
export function restoreFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text) ? text.slice(1) : text;
}

/**
 * The one CSV writer: RFC 4180 with CRLF line ends, a UTF-8 byte-order mark
 * (so Excel reads Cyrillic and Chinese), a header row, and every text cell
 * made formula-safe. A long file is written as a run of chunks, each a batch
 * of records (arrays in the order of the columns); the first carries the
 * mark and the header.
 */
export function csvChunk(columns: { key: string; header: string }[], records: unknown[][], first: boolean): string {
  return stringify(records, {
    bom: first,
    header: first,
    columns,
    record_delimiter: '\r\n',
    // Once a record delimiter is set, csv-stringify quotes a lone CR or LF only when told to.
    quote_record_delimiter: true,
    cast: { string: neutraliseFormula },
  });
}
