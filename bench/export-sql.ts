import { COLUMNS, BODY_SEPARATOR, THEME_SEPARATOR } from '../server/reports/csv-format';
import { OPEN_STATUS_KEYS, STATUS_KEYS } from '../server/domain/vocabulary';
import { t } from '../server/lib/i18n';

/**
 * The progress CSV of every recommendation as one SQL query for the sqlite3
 * shell (`sqlite3 -csv -header`): the same columns, names, order, labels and
 * formula guard as the app's export, so its time is the floor the export is
 * measured against. Written for SQLite 3.40 (Debian 12's shell), which has no
 * ORDER BY inside group_concat: the names are sorted in a subquery instead.
 * The guard is applied to each name of a list cell rather than to the whole
 * cell, so that a subquery is not evaluated twice; that differs from the app
 * only for a name after the first that starts with a formula character.
 */

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The export's formula guard: a text cell starting with = + - @ or a tab or line break gets a leading apostrophe. */
const guard = (expr: string) =>
  `CASE WHEN substr(${expr}, 1, 1) IN ('=', '+', '-', '@', char(9), char(13), char(10)) THEN '''' || ${expr} ELSE ${expr} END`;

export function exportSql(baseUrl: string, today: string): string {
  const label = `CASE r.status ${STATUS_KEYS.map((k) => `WHEN ${quote(k)} THEN ${quote(t(`status.${k}`))}`).join(' ')} END`;
  const open = OPEN_STATUS_KEYS.map(quote).join(', ');
  const columns: [keyof typeof COLUMNS, string][] = [
    ['id', 'r.id'],
    ['source', guard('s.title')],
    ['reference', guard('r.reference')],
    ['shortTitle', guard('r.short_title')],
    ['mechanism', guard('m.name')],
    [
      'leadBody',
      `(SELECT ${guard('b.name')} FROM recommendation_bodies rb JOIN bodies b ON b.id = rb.body_id WHERE rb.recommendation_id = r.id AND rb.role = 'lead')`,
    ],
    [
      'supportingBodies',
      `(SELECT group_concat(${guard('name')}, ${quote(BODY_SEPARATOR)}) FROM (SELECT b.name FROM recommendation_bodies rb JOIN bodies b ON b.id = rb.body_id
         WHERE rb.recommendation_id = r.id AND rb.role = 'supporting' ORDER BY b.name))`,
    ],
    ['status', 'r.status'],
    ['statusLabel', label],
    ['statusSince', 'r.status_since'],
    ['confidence', 'r.confidence'],
    ['priority', `CASE WHEN r.priority THEN 'yes' ELSE 'no' END`],
    ['targetDate', 'r.target_date'],
    ['overdue', `CASE WHEN r.target_date < ${quote(today)} AND r.status IN (${open}) THEN 'yes' ELSE 'no' END`],
    ['lastEvidenceDate', 'note.observed_on'],
    ['lastEvidenceNote', guard('note.text')],
    ['lastEvidenceUrl', guard('note.source_url')],
    ['owner', guard('owner.name')],
    ['lastUpdatedBy', guard('updater.name')],
    ['updatedAt', 'r.updated_at'],
    ['pageUrl', `${quote(`${baseUrl}/recommendations/`)} || r.id`],
    [
      'themes',
      `(SELECT group_concat(${guard('name')}, ${quote(THEME_SEPARATOR)}) FROM (SELECT t.name FROM recommendation_themes rt JOIN themes t ON t.id = rt.theme_id
         WHERE rt.recommendation_id = r.id ORDER BY t.name))`,
    ],
    ['fullText', guard('r.full_text')],
  ];
  return `SELECT ${columns.map(([key, expr]) => `${expr} AS "${COLUMNS[key]}"`).join(',\n  ')}
FROM recommendations r
JOIN sources s ON s.id = r.source_id
LEFT JOIN mechanisms m ON m.id = r.mechanism_id
LEFT JOIN users owner ON owner.id = r.owner_id
LEFT JOIN users updater ON updater.id = r.updated_by
LEFT JOIN evidence_notes note ON note.id = (
  SELECT n.id FROM evidence_notes n WHERE n.recommendation_id = r.id ORDER BY n.observed_on DESC, n.id DESC LIMIT 1)
ORDER BY s.title, r.reference, r.id;`;
}
