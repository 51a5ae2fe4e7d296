import { and, eq, sql } from 'drizzle-orm';
import type { WriteTx } from '../db/commit';
import { prepared } from '../db/prepared';
import {
  bodies,
  evidenceNotes,
  mechanisms,
  recommendationBodies,
  recommendationChanges,
  recommendations,
  recommendationThemes,
  sources,
  statusHistory,
  themes,
  users,
} from '../db/schema';
import type { Confidence, EvidenceKind, Language, RecordKind, StatusKey } from '../domain/vocabulary';
import { nowIso, today, toMinute } from '../lib/dates';
import { NotFoundError } from '../lib/errors';
import { t } from '../lib/i18n';
import { trimText } from '../domain/text';
import type { FieldErrors } from '../lib/validation';
import { statusChangeErrors } from '../domain/status-change';
import { leadAlsoSupportingProblem } from '../domain/body-roles';

/** Writes to recommendations, within the caller's commit(): each use case is one savepoint there, all or nothing. */

/** Who last changed a recommendation that someone else was editing meanwhile. */
export interface Conflict {
  version: number;
  updatedAt: string;
  updatedByName: string | null;
}

/** A save's outcome; a saved recommendation's `name` (its reference and title) is what the confirmation shows. */
export type WriteResult = { ok: true; id: number; name?: string } | { ok: false; errors: FieldErrors; conflict?: Conflict };

const nameOf = (reference: string, shortTitle: string) => `${reference} ${shortTitle}`;

export interface RecommendationInput {
  sourceId: number;
  reference: string;
  parentId?: number;
  shortTitle: string;
  fullText: string;
  /** What the record is (server/domain/vocabulary.ts RECORD_KINDS); left as it is when absent. */
  kind?: RecordKind;
  mechanismId?: number;
  leadBodyId?: number;
  supportingBodyIds: number[];
  themes: string[];
  priority: boolean;
  targetDate?: string;
  ownerId?: number;
  confidence: Confidence;
  lastVerifiedOn?: string;
  /** The version the user's form was opened at; a save against another version is refused. */
  expectedVersion?: number;
  /** Why the fields change: kept in the change log, and required when a target date moves. */
  changeReason?: string;
  /** The language the title and text are written in; a new recommendation takes its publication's when not given, an edit keeps its own. */
  language?: Language;
}

export interface EvidenceInput {
  observedOn: string;
  text: string;
  sourceUrl?: string;
  sourceTitle?: string;
  sourceKind: EvidenceKind;
  language: Language;
}

export interface StatusInput {
  expectedVersion?: number;
  status: StatusKey;
  effectiveOn: string;
  rationale: string;
  evidence?: Omit<EvidenceInput, 'observedOn'>;
}

/** What the detail page's "Add an update" form saves: a status change (with or without evidence), or evidence alone. */
export type UpdateInput = { kind: 'status'; status: StatusInput } | { kind: 'note'; note: EvidenceInput };

/** Parses "a, b; c" (or, as Chinese is typed, "a，b、c；d") into distinct, trimmed theme names. */
export function splitThemes(text: string | undefined): string[] {
  if (!text) return [];
  return [...new Set(text.split(/[,;\n，、；]/).map((s) => trimText(s).toLowerCase()).filter(Boolean))];
}

function referenceErrors(tx: WriteTx, input: RecommendationInput, selfId?: number): FieldErrors {
  const errors: FieldErrors = {};
  if (!tx.select({ id: sources.id }).from(sources).where(eq(sources.id, input.sourceId)).get()) {
    errors.source_id = t('validation.unknown_choice');
  }
  if (input.mechanismId && !tx.select({ id: mechanisms.id }).from(mechanisms).where(eq(mechanisms.id, input.mechanismId)).get()) {
    errors.mechanism_id = t('validation.unknown_choice');
  }
  const bodyIds = [...(input.leadBodyId ? [input.leadBodyId] : []), ...input.supportingBodyIds];
  if (bodyIds.length > 0) {
    const found = tx.select({ id: bodies.id }).from(bodies).where(sql`${bodies.id} IN (SELECT value FROM json_each(${JSON.stringify(bodyIds)}))`).all();
    if (found.length !== new Set(bodyIds).size) errors.supporting_body_ids = t('validation.unknown_choice');
  }
  const bodiesProblem = leadAlsoSupportingProblem(input.leadBodyId || undefined, input.supportingBodyIds);
  if (bodiesProblem) errors.supporting_body_ids = bodiesProblem;
  if (input.ownerId) {
    const ownerRow = tx.select({ role: users.role, active: users.active }).from(users).where(eq(users.id, input.ownerId)).get();
    if (!ownerRow || !ownerRow.active || ownerRow.role === 'viewer') errors.owner_id = t('validation.unknown_choice');
  }
  if (input.parentId) {
    const parent = tx
      .select({ id: recommendations.id, sourceId: recommendations.sourceId, parentId: recommendations.parentId })
      .from(recommendations)
      .where(eq(recommendations.id, input.parentId))
      .get();
    if (!parent) errors.parent_id = t('validation.unknown_choice');
    else if (parent.sourceId !== input.sourceId) errors.parent_id = t('recommendations.errors.parent_other_source');
    else if (selfId !== undefined && ancestorsOf(tx, parent.id).includes(selfId)) {
      errors.parent_id = t('recommendations.errors.parent_cycle');
    }
  }
  const duplicate = tx
    .select({ id: recommendations.id })
    .from(recommendations)
    .where(and(eq(recommendations.sourceId, input.sourceId), eq(recommendations.reference, input.reference)))
    .get();
  if (duplicate && duplicate.id !== selfId) errors.reference = t('recommendations.errors.duplicate_reference');
  return errors;
}

/** The recommendation itself and every parent above it. */
function ancestorsOf(tx: WriteTx, id: number): number[] {
  return tx
    .all<{ id: number }>(
      sql`WITH RECURSIVE chain(id, parent_id) AS (
            SELECT id, parent_id FROM recommendations WHERE id = ${id}
            UNION SELECT r.id, r.parent_id FROM recommendations r JOIN chain ON r.id = chain.parent_id
          ) SELECT id FROM chain`,
    )
    .map((row) => row.id);
}

/** A refusal when the recommendation changed since the user's form was opened (optimistic locking). */
export function conflictOf(tx: WriteTx, id: number, currentVersion: number, expectedVersion: number | undefined): WriteResult | undefined {
  if (expectedVersion === undefined || expectedVersion === currentVersion) return undefined;
  const row = tx
    .select({ updatedAt: recommendations.updatedAt, updatedByName: users.name })
    .from(recommendations)
    .leftJoin(users, eq(users.id, recommendations.updatedBy))
    .where(eq(recommendations.id, id))
    .get()!;
  const conflict = { version: currentVersion, ...row };
  const name = row.updatedByName ?? t('conflict.someone');
  return { ok: false, conflict, errors: { _form: t('conflict.message', { name, at: `${toMinute(row.updatedAt)} UTC` }) } };
}

function themeIds(tx: WriteTx, names: string[]): number[] {
  return names.map((name) => {
    const existing = tx.select({ id: themes.id }).from(themes).where(eq(themes.name, name)).get();
    return existing?.id ?? tx.insert(themes).values({ name }).returning({ id: themes.id }).get().id;
  });
}

function writeLinks(tx: WriteTx, id: number, input: RecommendationInput): void {
  tx.delete(recommendationBodies).where(eq(recommendationBodies.recommendationId, id)).run();
  if (input.leadBodyId) tx.insert(recommendationBodies).values({ recommendationId: id, bodyId: input.leadBodyId, role: 'lead' }).run();
  // The ids as one parameter: drizzle builds a statement of n rows at several microseconds a row, and an imported row may name a thousand bodies.
  if (input.supportingBodyIds.length > 0) {
    tx.run(sql`INSERT INTO recommendation_bodies (recommendation_id, body_id, role) SELECT ${id}, value, 'supporting' FROM json_each(${JSON.stringify(input.supportingBodyIds)})`);
  }
  tx.delete(recommendationThemes).where(eq(recommendationThemes.recommendationId, id)).run();
  const ids = themeIds(tx, input.themes);
  if (ids.length > 0) tx.insert(recommendationThemes).values(ids.map((themeId) => ({ recommendationId: id, themeId }))).run();
}

function columnsOf(input: RecommendationInput) {
  return {
    sourceId: input.sourceId,
    reference: input.reference,
    parentId: input.parentId ?? null,
    shortTitle: input.shortTitle,
    fullText: input.fullText,
    ...(input.kind === undefined ? {} : { kind: input.kind }),
    mechanismId: input.mechanismId ?? null,
    priority: input.priority,
    targetDate: input.targetDate ?? null,
    ownerId: input.ownerId ?? null,
    confidence: input.confidence,
    lastVerifiedOn: input.lastVerifiedOn ?? null,
    ...(input.language ? { language: input.language } : {}),
  };
}

/** The language of a publication: a new recommendation's own unless the analyst says otherwise. */
function sourceLanguage(tx: WriteTx, sourceId: number): Language {
  return tx.select({ language: sources.language }).from(sources).where(eq(sources.id, sourceId)).get()?.language ?? 'en';
}

export function createRecommendation(tx: WriteTx, input: RecommendationInput, userId: number): WriteResult {
  const errors = referenceErrors(tx, input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const now = nowIso();
  const { id } = tx
    .insert(recommendations)
    .values({ ...columnsOf(input), language: input.language ?? sourceLanguage(tx, input.sourceId), createdAt: now, updatedAt: now, updatedBy: userId })
    .returning({ id: recommendations.id })
    .get();
  writeLinks(tx, id, input);
  return { ok: true, id, name: nameOf(input.reference, input.shortTitle) };
}

/**
 * The recommendation's editable fields as a reader sees them (names, not ids),
 * keyed by form field, to compare before and after a save.
 */
function describe(tx: WriteTx, id: number): Record<string, string | null> {
  const row = tx
    .select({
      source: sources.title,
      reference: recommendations.reference,
      parentId: recommendations.parentId,
      shortTitle: recommendations.shortTitle,
      fullText: recommendations.fullText,
      kind: recommendations.kind,
      mechanism: mechanisms.name,
      priority: recommendations.priority,
      targetDate: recommendations.targetDate,
      owner: users.name,
      confidence: recommendations.confidence,
      lastVerifiedOn: recommendations.lastVerifiedOn,
    })
    .from(recommendations)
    .innerJoin(sources, eq(sources.id, recommendations.sourceId))
    .leftJoin(mechanisms, eq(mechanisms.id, recommendations.mechanismId))
    .leftJoin(users, eq(users.id, recommendations.ownerId))
    .where(eq(recommendations.id, id))
    .get()!;
  const links = tx
    .select({ name: bodies.name, role: recommendationBodies.role })
    .from(recommendationBodies)
    .innerJoin(bodies, eq(bodies.id, recommendationBodies.bodyId))
    .where(eq(recommendationBodies.recommendationId, id))
    .all();
  const themeNames = tx
    .select({ name: themes.name })
    .from(recommendationThemes)
    .innerJoin(themes, eq(themes.id, recommendationThemes.themeId))
    .where(eq(recommendationThemes.recommendationId, id))
    .all();
  const parent =
    row.parentId === null
      ? null
      : (tx.select({ reference: recommendations.reference }).from(recommendations).where(eq(recommendations.id, row.parentId)).get()?.reference ?? null);
  const list = (names: string[]) => (names.length > 0 ? names.sort().join('; ') : null);
  return {
    source_id: row.source,
    reference: row.reference,
    parent_id: parent,
    short_title: row.shortTitle,
    full_text: row.fullText,
    kind: row.kind,
    mechanism_id: row.mechanism,
    lead_body_id: links.find((l) => l.role === 'lead')?.name ?? null,
    supporting_body_ids: list(links.filter((l) => l.role === 'supporting').map((l) => l.name)),
    themes: list(themeNames.map((t) => t.name)),
    priority: row.priority ? 'yes' : 'no',
    target_date: row.targetDate,
    owner_id: row.owner,
    confidence: row.confidence,
    last_verified_on: row.lastVerifiedOn,
  };
}

function logChanges(tx: WriteTx, id: number, before: Record<string, string | null>, after: Record<string, string | null>, userId: number, reason: string | undefined, at: string) {
  const changed = Object.keys(after).filter((field) => before[field] !== after[field]);
  if (changed.length === 0) return;
  tx.insert(recommendationChanges)
    .values(changed.map((field) => ({ recommendationId: id, field, oldValue: before[field], newValue: after[field], reason: reason ?? null, changedBy: userId, changedAt: at })))
    .run();
}

export function updateRecommendation(tx: WriteTx, id: number, input: RecommendationInput, userId: number): WriteResult {
  const current = tx.select({ version: recommendations.version }).from(recommendations).where(eq(recommendations.id, id)).get();
  if (!current) throw new NotFoundError();
  const conflict = conflictOf(tx, id, current.version, input.expectedVersion);
  if (conflict) return conflict;
  const errors = referenceErrors(tx, input, id);
  const before = describe(tx, id);
  // Target dates cannot be moved silently.
  if (before.target_date !== null && before.target_date !== (input.targetDate ?? null) && !input.changeReason) {
    errors.change_reason = t('recommendations.errors.target_date_reason');
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const now = nowIso();
  tx.update(recommendations)
    .set({ ...columnsOf(input), updatedAt: now, updatedBy: userId, version: current.version + 1 })
    .where(eq(recommendations.id, id))
    .run();
  writeLinks(tx, id, input);
  logChanges(tx, id, before, describe(tx, id), userId, input.changeReason, now);
  return { ok: true, id, name: nameOf(input.reference, input.shortTitle) };
}

/**
 * The statements of the two saves analysts make most (a status, a note), prepared
 * once: building and preparing them, triggers included, cost more than running them.
 */
function writeStatements(db: WriteTx) {
  // Drizzle's types take a placeholder in an update's SET only wrapped in sql.
  const param = (name: string) => sql`${sql.placeholder(name)}`;
  return prepared(db, 'service.writes', () => ({
    versionOf: db
      .select({
        status: recommendations.status,
        statusSince: recommendations.statusSince,
        version: recommendations.version,
        reference: recommendations.reference,
        shortTitle: recommendations.shortTitle,
      })
      .from(recommendations)
      .where(eq(recommendations.id, sql.placeholder('id')))
      .prepare(),
    insertNote: db
      .insert(evidenceNotes)
      .values({
        recommendationId: sql.placeholder('recommendationId'),
        observedOn: sql.placeholder('observedOn'),
        text: sql.placeholder('text'),
        sourceUrl: sql.placeholder('sourceUrl'),
        sourceTitle: sql.placeholder('sourceTitle'),
        sourceKind: sql.placeholder('sourceKind'),
        language: sql.placeholder('language'),
        authorId: sql.placeholder('authorId'),
        recordedAt: sql.placeholder('recordedAt'),
      })
      .returning({ id: evidenceNotes.id })
      .prepare(),
    insertHistory: db
      .insert(statusHistory)
      .values({
        recommendationId: sql.placeholder('recommendationId'),
        fromStatus: sql.placeholder('fromStatus'),
        toStatus: sql.placeholder('toStatus'),
        effectiveOn: sql.placeholder('effectiveOn'),
        recordedAt: sql.placeholder('recordedAt'),
        recordedBy: sql.placeholder('recordedBy'),
        rationale: sql.placeholder('rationale'),
        evidenceNoteId: sql.placeholder('evidenceNoteId'),
      })
      .prepare(),
    setStatus: db
      .update(recommendations)
      .set({
        status: param('status'),
        statusSince: param('statusSince'),
        updatedAt: param('updatedAt'),
        updatedBy: param('updatedBy'),
        version: param('version'),
      })
      .where(eq(recommendations.id, sql.placeholder('id')))
      .prepare(),
    touch: db
      .update(recommendations)
      .set({ updatedAt: param('updatedAt'), updatedBy: param('updatedBy'), version: param('version') })
      .where(eq(recommendations.id, sql.placeholder('id')))
      .prepare(),
  }));
}

export function insertNote(db: WriteTx, recommendationId: number, evidence: EvidenceInput, userId: number): number {
  return writeStatements(db).insertNote.get({
    recommendationId,
    observedOn: evidence.observedOn,
    text: evidence.text,
    sourceUrl: evidence.sourceUrl ?? null,
    sourceTitle: evidence.sourceTitle ?? null,
    sourceKind: evidence.sourceKind,
    language: evidence.language,
    authorId: userId,
    recordedAt: nowIso(),
  })!.id;
}

/** The status, its history row and the optional evidence note: written together or not at all. */
export function updateStatus(tx: WriteTx, id: number, input: StatusInput, userId: number): WriteResult {
  const statements = writeStatements(tx);
  const current = statements.versionOf.get({ id });
  if (!current) throw new NotFoundError();
  const conflict = conflictOf(tx, id, current.version, input.expectedVersion);
  if (conflict) return conflict;
  const errors = statusChangeErrors(current, input, today());
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const noteId = input.evidence ? insertNote(tx, id, { ...input.evidence, observedOn: input.effectiveOn }, userId) : null;
  const now = nowIso();
  statements.insertHistory.run({
    recommendationId: id,
    fromStatus: current.status,
    toStatus: input.status,
    effectiveOn: input.effectiveOn,
    recordedAt: now,
    recordedBy: userId,
    rationale: input.rationale,
    evidenceNoteId: noteId,
  });
  statements.setStatus.run({ id, status: input.status, statusSince: input.effectiveOn, updatedAt: now, updatedBy: userId, version: current.version + 1 });
  return { ok: true, id, name: nameOf(current.reference, current.shortTitle) };
}

export function addEvidence(tx: WriteTx, id: number, input: EvidenceInput, userId: number): WriteResult {
  const statements = writeStatements(tx);
  const current = statements.versionOf.get({ id });
  if (!current) throw new NotFoundError();
  if (input.observedOn > today()) return { ok: false, errors: { observed_on: t('validation.not_in_future') } };
  const noteId = insertNote(tx, id, input, userId);
  statements.touch.run({ id, updatedAt: nowIso(), updatedBy: userId, version: current.version + 1 });
  return { ok: true, id: noteId, name: nameOf(current.reference, current.shortTitle) };
}

/** The detail page's update: each kind is one transaction of its own, all or nothing. */
export function recordUpdate(tx: WriteTx, id: number, input: UpdateInput, userId: number): WriteResult {
  const result = input.kind === 'status' ? updateStatus(tx, id, input.status, userId) : addEvidence(tx, id, input.note, userId);
  if (result.ok) return { ...result, id };
  // The two saves name their date field after their own forms; this form has one date.
  const { effective_on: effective, observed_on: observed, ...errors } = result.errors;
  const date = effective ?? observed;
  return { ...result, errors: date ? { occurred_on: date, ...errors } : errors };
}
