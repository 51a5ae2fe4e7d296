import type { Db } from '../db/client';
import { commit, dataStamp, type WriteTx } from '../db/commit';
import { longRead } from '../db/reader';
import { bodies, mechanisms } from '../db/schema';
import type { BodyKind, MechanismKind, MechanismLifecycle } from '../domain/vocabulary';
import { Semaphore, timeSlices } from '../lib/concurrency';
import { t } from '../lib/i18n';
import { createRecommendation, updateRecommendation, updateStatus, type RecommendationInput } from '../recommendations/service';
import { recordUptake } from '../uptake/service';
import type { FieldErrors } from '../lib/validation';
import { COLUMNS, type ColumnKey } from '../reports/csv-format';
import { planInSlices, type ImportPlan, type NameRef, type PlannedRow, type RowError } from './plan';
import { deleteImport, deleteImportsBefore, insertImport, type StoredImport } from './queries';
import { readCsvFile, type CsvRow, type KnownColumn } from './read-file';

/**
 * The import's use cases: preview a file, keep it until its uploader
 * confirms, and apply it in one transaction through the recommendation
 * services, so an import writes exactly what the forms would.
 *
 * Checking a file (reading it, then planning its rows on a snapshot of the
 * database) and applying it both pause for other requests as they go, so a
 * large or hostile file keeps nobody else waiting. The confirmation holds the
 * write transaction meanwhile: other saves wait for it, reads do not.
 */

/**
 * A body or mechanism that only a file names is created with these, shown in
 * the preview; an administrator corrects them under Admin. "Unspecified"
 * says plainly that nobody has recorded the country yet.
 */
export const NEW_BODY = { country: 'unspecified', kind: 'association' as BodyKind };
export const NEW_MECHANISM = { kind: 'programme' as MechanismKind, lifecycle: 'proposed' as MechanismLifecycle };

const KEEP_UNCONFIRMED_MS = 24 * 60 * 60 * 1000;

export type Preview = { ok: true; text: string; rowsRead: number; plan: ImportPlan } | { ok: false; message: string };

/** Uploads that arrive together are checked one after another: each holds its file's rows in memory until it is planned. */
const oneCheckAtATime = new Semaphore(1);

/** A file checked against a snapshot of the database; `stamp` is the database's data stamp from before the snapshot. */
type Checked =
  | { ok: true; text: string; columns: KnownColumn[]; rows: CsvRow[]; plan: ImportPlan; stamp: string }
  | { ok: false; message: string };

function check(db: Db, bytes: Buffer): Promise<Checked> {
  return oneCheckAtATime.run(async () => {
    const file = await readCsvFile(bytes, timeSlices());
    if (!file.ok) return file;
    const stamp = dataStamp(db);
    const plan = await longRead(db, (reader) => planInSlices(reader.db, file.columns, file.rows, reader.pause));
    return { ...file, plan, stamp };
  });
}

function previewOf(checked: Checked): Preview {
  if (!checked.ok) return checked;
  return { ok: true, text: checked.text, rowsRead: checked.rows.length, plan: checked.plan };
}

export async function previewFile(db: Db, bytes: Buffer): Promise<Preview> {
  return previewOf(await check(db, bytes));
}

/** Keeps an upload for its confirmation, and drops those nobody confirmed. */
export function storeUpload(tx: WriteTx, userId: number, fileName: string, text: string): number {
  deleteImportsBefore(tx, new Date(Date.now() - KEEP_UNCONFIRMED_MS).toISOString());
  return insertImport(tx, userId, fileName, text);
}

export function previewStored(db: Db, stored: StoredImport): Promise<Preview> {
  return previewFile(db, Buffer.from(stored.content, 'utf8'));
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export type ApplyResult = { ok: true; counts: ImportCounts } | { ok: false; preview: Preview };

/** A row the services refused while applying: the whole transaction is undone. */
class ImportRefused extends Error {
  constructor(readonly errors: RowError[]) {
    super('import refused');
  }
}

/** The column each service field error belongs to. */
const COLUMN_OF_FIELD: Record<string, ColumnKey> = {
  source_id: 'source',
  reference: 'reference',
  // The parent is kept; a parent refused is one the row's new source no longer allows.
  parent_id: 'source',
  mechanism_id: 'mechanism',
  supporting_body_ids: 'supportingBodies',
  owner_id: 'owner',
  status: 'status',
  effective_on: 'statusSince',
};

function refused(row: number, errors: FieldErrors): ImportRefused {
  return new ImportRefused(
    Object.entries(errors).map(([field, message]) => ({ row, column: COLUMNS[COLUMN_OF_FIELD[field] ?? 'id'], message })),
  );
}

function resolvedInput(input: PlannedRow['input'], created: { bodies: Map<string, number>; mechanisms: Map<string, number> }): RecommendationInput {
  const body = (ref: NameRef) => ('id' in ref ? ref.id : created.bodies.get(ref.create)!);
  const { mechanism, leadBody, supportingBodies, ...rest } = input;
  return {
    ...rest,
    mechanismId: mechanism && ('id' in mechanism ? mechanism.id : created.mechanisms.get(mechanism.create)),
    leadBodyId: leadBody && body(leadBody),
    supportingBodyIds: supportingBodies.map(body),
  };
}

/**
 * Applies a stored upload: all rows or none. What is written matches the
 * database at the moment of writing: the plan made on the snapshot is used
 * only if nothing was written since, and is made again inside the
 * transaction otherwise. Unchanged rows are not touched (no new version, no
 * new history).
 */
export async function applyImport(db: Db, stored: StoredImport, userId: number): Promise<ApplyResult> {
  const checked = await check(db, Buffer.from(stored.content, 'utf8'));
  if (!checked.ok || checked.plan.errorCount > 0) return { ok: false, preview: previewOf(checked) };
  try {
    return await commit(db, async (tx): Promise<ApplyResult> => {
      const plan = dataStamp(db) === checked.stamp ? checked.plan : await planInSlices(tx, checked.columns, checked.rows, tx.pause);
      if (plan.errorCount > 0) return { ok: false, preview: previewOf({ ...checked, plan }) };
      const created = { bodies: new Map<string, number>(), mechanisms: new Map<string, number>() };
      for (const name of plan.newBodies) {
        created.bodies.set(name, tx.insert(bodies).values({ name, ...NEW_BODY }).returning({ id: bodies.id }).get().id);
        await tx.pause();
      }
      for (const name of plan.newMechanisms) {
        created.mechanisms.set(name, tx.insert(mechanisms).values({ name, ...NEW_MECHANISM }).returning({ id: mechanisms.id }).get().id);
        await tx.pause();
      }
      const rationale = t('import.rationale', { file: stored.fileName });
      for (const row of plan.rows) {
        if (row.action === 'unchanged') continue;
        await tx.pause();
        const input = resolvedInput(row.input, created);
        let id = row.id;
        if (id === undefined) {
          const result = createRecommendation(tx, input, userId);
          if (!result.ok) throw refused(row.row, result.errors);
          id = result.id;
        } else if (row.writeFields) {
          const result = updateRecommendation(tx, id, { ...input, changeReason: rationale }, userId);
          if (!result.ok) throw refused(row.row, result.errors);
        }
        if (row.statusChange) {
          const { to: status, effectiveOn } = row.statusChange;
          const result = updateStatus(tx, id, { status, effectiveOn, rationale }, userId);
          if (!result.ok) throw refused(row.row, result.errors);
        }
        if (row.uptakeChange) recordUptake(tx, id, { uptake: row.uptakeChange }, userId);
      }
      deleteImport(tx, stored.id);
      const count = (action: PlannedRow['action']) => plan.rows.filter((r) => r.action === action).length;
      return { ok: true, counts: { created: count('create'), updated: count('update'), unchanged: count('unchanged') } };
    });
  } catch (error) {
    if (!(error instanceof ImportRefused)) throw error;
    const preview = await previewStored(db, stored);
    if (!preview.ok) return { ok: false, preview };
    return { ok: false, preview: { ...preview, plan: { ...preview.plan, errors: error.errors, errorCount: error.errors.length } } };
  }
}
