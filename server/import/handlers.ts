import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Db } from '../db/client';
import { commit } from '../db/commit';
import { ForbiddenError, NotFoundError } from '../lib/errors';
import { t } from '../lib/i18n';
import { logSecurityEvent } from '../lib/security-log';
import { redirectAfterWrite, render, seeOther } from '../lib/render';
import { id, parseInput, routeIdOf } from '../lib/validation';
import { COLUMNS, columnHeader, type ColumnKey } from '../reports/csv-format';
import { findImport } from './queries';
import { REQUIRED_COLUMNS } from './read-file';
import { applyImport, NEW_BODY, NEW_MECHANISM, previewFile, previewStored, storeUpload, type Preview } from './service';
import { MAX_UPLOAD_BYTES, UPLOAD_FIELD, type Upload } from './upload';

const MAX_MB = MAX_UPLOAD_BYTES / (1024 * 1024);
const IGNORED_COLUMNS: ColumnKey[] = ['statusLabel', 'overdue', 'lastEvidenceDate', 'lastEvidenceNote', 'lastEvidenceUrl', 'lastUpdatedBy', 'updatedAt', 'pageUrl', 'displayedTitle', 'originalLanguage', 'uptakeConfidence', 'uptakeDocument', 'uptakeDocumentUrl', 'mechanismDormant', 'mechanismLastMeeting'];

const confirmSchema = z.object({ import_id: id });

/** The upload page's guide to the file: every column, what it means, and whether it is required or ignored. */
const columnGuide = () =>
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

function previewModel(preview: Extract<Preview, { ok: true }>, fileName: string, importId?: number) {
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

export function createImportHandlers(db: Db, readUpload: (req: Request, res: Response) => Promise<Upload>) {
  function renderUpload(req: Request, res: Response, status: number, fileError?: string) {
    render(req, res, {
      page: 'import',
      title: 'import.title',
      status,
      model: { fileError, maxMb: MAX_MB, uploadField: UPLOAD_FIELD, columns: columnGuide() },
    });
  }

  function renderPreview(req: Request, res: Response, status: number, preview: Extract<Preview, { ok: true }>, fileName: string, importId?: number) {
    render(req, res, {
      page: 'import-preview',
      title: 'import.preview_title',
      status,
      model: { preview: previewModel(preview, fileName, importId), maxMb: MAX_MB, uploadField: UPLOAD_FIELD },
    });
  }

  function storedImportOf(req: Request, res: Response, importId: number) {
    const stored = findImport(db, importId, res.locals.user!.id);
    if (!stored) throw new NotFoundError('import.errors.gone');
    return stored;
  }

  return {
    /** The upload form, or with `?id=` the preview of a stored upload. */
    async show(req: Request, res: Response) {
      if (req.query.id === undefined) return renderUpload(req, res, 200);
      const stored = storedImportOf(req, res, routeIdOf({ id: req.query.id }));
      const preview = await previewStored(db, stored);
      if (!preview.ok) return renderUpload(req, res, 422, preview.message);
      renderPreview(req, res, 200, preview, stored.fileName, stored.id);
    },

    /** Reads and checks the upload; a valid file is kept and its preview shown (303), an invalid one explained (4xx). */
    async preview(req: Request, res: Response) {
      const upload = await readUpload(req, res);
      if (!upload.ok) {
        if (upload.problem === 'bad_token') throw new ForbiddenError('errors.csrf');
        if (upload.problem === 'too_large') return renderUpload(req, res, 413, t('import.errors.too_large', { mb: MAX_MB }));
        if (upload.problem === 'no_file') return renderUpload(req, res, 422, t('import.errors.no_file'));
        return renderUpload(req, res, 400, t('import.errors.unreadable'));
      }
      const fileName = upload.fileName.slice(0, 200) || 'upload.csv';
      const preview = await previewFile(db, upload.bytes);
      if (!preview.ok) return renderUpload(req, res, 422, preview.message);
      if (preview.plan.errorCount > 0) return renderPreview(req, res, 422, preview, fileName);
      const importId = await commit(db, (tx) => storeUpload(tx, res.locals.user!.id, fileName, preview.text));
      seeOther(res, `/import?id=${importId}`);
    },

    /** Applies a previewed upload, all rows or none. */
    async confirm(req: Request, res: Response) {
      const parsed = parseInput(confirmSchema, req.body);
      if (!parsed.ok) return renderUpload(req, res, 422, t('import.errors.nothing_to_confirm'));
      const stored = storedImportOf(req, res, parsed.data.import_id);
      const result = await applyImport(db, stored, res.locals.user!.id);
      if (!result.ok) {
        if (!result.preview.ok) return renderUpload(req, res, 422, result.preview.message);
        return renderPreview(req, res, 422, result.preview, stored.fileName, stored.id);
      }
      const { created, updated } = result.counts;
      logSecurityEvent(req, res, 'import', { rows: created + updated });
      redirectAfterWrite(req, res, '/recommendations', 'import.applied');
    },
  };
}
