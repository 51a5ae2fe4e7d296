import { t } from '../lib/i18n';
import { COLUMNS, columnHeader, type ColumnKey } from '../reports/csv-format';
import { REQUIRED_COLUMNS } from './read-file';
import { NEW_BODY, NEW_MECHANISM, type Preview } from './service';

/** What the import's pages show: the guide to the file's columns and the preview of an upload. */

const IGNORED_COLUMNS: ColumnKey[] = ['statusLabel', 'overdue', 'lastEvidenceDate', 'lastEvidenceNote', 'lastEvidenceUrl', 'lastUpdatedBy', 'updatedAt', 'pageUrl', 'displayedTitle', 'originalLanguage', 'uptakeConfidence', 'uptakeDocument', 'uptakeDocumentUrl', 'mechanismDormant', 'mechanismLastMeeting'];

/** The upload page's guide to the file: every column, what it means, and whether it is required or ignored. */
export const columnGuide = () =>
  (Object.keys(COLUMNS) as ColumnKey[]).map((key) => ({
    header: columnHeader(key),
    help: t(`import.columns.${key}`),
    required: REQUIRED_COLUMNS.includes(key),
    ignored: IGNORED_COLUMNS.includes(key),
  }));

const statusLabel = (key: string) => t(`status.${key}`);

/**
 * The preview lists the first rows, bodies and mechanisms and counts the
 * rest: nobody reads 14,000 rows on a page, and rendering them all kept every
 * other request waiting (problems, when there are any, are shown instead, the
 * first hundred).
 */
const LISTED_ROWS = 200;
const LISTED_NAMES = 200;
const firstOf = <T>(items: T[], max: number) => ({ listed: items.slice(0, max), unlisted: Math.max(0, items.length - max) });

export function previewModel(preview: Extract<Preview, { ok: true }>, fileName: string, importId?: number) {
  const { plan } = preview;
  const count = (action: string) => plan.rows.filter((r) => r.action === action).length;
  const counts = { create: count('create'), update: count('update'), unchanged: count('unchanged') };
  const valid = plan.errorCount === 0;
  const rows = firstOf(plan.rows.filter((r) => r.action !== 'unchanged'), LISTED_ROWS);
  const newBodies = firstOf(plan.newBodies, LISTED_NAMES);
  const newMechanisms = firstOf(plan.newMechanisms, LISTED_NAMES);
  return {
    fileName,
    importId,
    rowsRead: preview.rowsRead,
    errors: plan.errors,
    errorCount: plan.errorCount,
    unlistedErrors: plan.errorCount - plan.errors.length,
    counts,
    rows: rows.listed.map((r) => ({
      row: r.row,
      id: r.id,
      action: t(`import.action_${r.action}`),
      title: r.shortTitle,
      source: r.source,
      reference: r.reference,
      changes: r.action === 'update' ? r.changes.join(', ') : '',
      status: r.statusChange && t('import.status_change', { from: statusLabel(r.statusChange.from), to: statusLabel(r.statusChange.to), date: r.statusChange.effectiveOn }),
    })),
    unlistedRows: rows.unlisted,
    newBodies: newBodies.listed,
    unlistedBodies: newBodies.unlisted,
    newMechanisms: newMechanisms.listed,
    unlistedMechanisms: newMechanisms.unlisted,
    newBodyAs: t('import.new_bodies_as', { kind: t(`body_kind.${NEW_BODY.kind}`), country: NEW_BODY.country }),
    newMechanismAs: t('import.new_mechanisms_as', { kind: t(`mechanism_kind.${NEW_MECHANISM.kind}`), lifecycle: t(`lifecycle.${NEW_MECHANISM.lifecycle}`) }),
    canConfirm: valid && importId !== undefined && counts.create + counts.update > 0,
    nothingToDo: valid && counts.create + counts.update === 0,
  };
}
