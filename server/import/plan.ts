import { z } from 'zod';
import type { Db } from '../db/client';
import { CONFIDENCES, DEFAULT_STATUS, DEFAULT_UPTAKE, RECORD_KINDS, STATUS_KEYS, UPTAKES, type Confidence, type StatusKey, type Uptake } from '../domain/vocabulary';
import { trimText } from '../domain/text';
import { today } from '../lib/dates';
import { CATALOGUE_LANGUAGES, t, tIn } from '../lib/i18n';
import { blankToUndefined, optionalDate, optionalId, optionalText, parseInput, requiredText } from '../lib/validation';
import { splitThemes, type RecommendationInput } from '../recommendations/service';
import { columnHeader, type ColumnKey } from '../reports/csv-format';
import { currentState, loadLookups, recommendationIdByReference, type CurrentState, type Lookups } from './queries';
import type { CsvRow, KnownColumn } from './read-file';
import { effectiveDateProblem } from '../domain/status-change';
import { leadAlsoSupportingProblem } from '../domain/body-roles';

/**
 * What importing a file would do, computed from the file and the database as
 * they are now: every row validated, matched to a recommendation (by ID, else
 * by source and reference) and compared with it. The preview shows this plan;
 * confirming applies it, computed again if anything was written meanwhile.
 *
 * Planning costs time in proportion to the rows: names are looked up in maps,
 * so a row costs the same however many rows or names there are. It is a
 * generator that stops after each row, so that it can pause for other
 * requests (`planInSlices`), on a snapshot or inside the confirmation's write.
 */

/** Problems listed by row and column; those after them are only counted. */
export const LISTED_ERRORS = 100;

export interface RowError {
  row: number;
  column: string;
  message: string;
}

/** A body or mechanism named by the file: one that exists, or one to create. */
export type NameRef = { id: number } | { create: string };

export interface PlannedRow {
  row: number;
  action: 'create' | 'update' | 'unchanged';
  id?: number;
  source: string;
  reference: string;
  shortTitle: string;
  /** Labels of the fields an update changes. */
  changes: string[];
  input: Omit<RecommendationInput, 'mechanismId' | 'leadBodyId' | 'supportingBodyIds'> & {
    mechanism?: NameRef;
    leadBody?: NameRef;
    supportingBodies: NameRef[];
  };
  /** Whether the recommendation's own fields are written (a new one, or an update that changes them). */
  writeFields: boolean;
  statusChange?: { from: StatusKey; to: StatusKey; effectiveOn: string };
  /** ── uptake ── The new uptake, when the file changes it (its document and confidence are then dropped). */
  uptakeChange?: Uptake;
}

export interface ImportPlan {
  rows: PlannedRow[];
  /** The first LISTED_ERRORS problems. */
  errors: RowError[];
  /** Every problem, listed or not. */
  errorCount: number;
  newBodies: string[];
  newMechanisms: string[];
}

// The export writes yes and no in every language; a cell typed by hand may say it in Russian or Chinese.
const YES = ['yes', 'y', 'true', '1', 'да', '是'];
const NO = ['no', 'n', 'false', '0', 'нет', '否'];

/** A vocabulary cell: its key, or its label in any interface language, in any case. */
function vocabulary<T extends readonly [string, ...string[]]>(name: string, keys: T) {
  const toKey = (v: unknown) => {
    if (typeof v !== 'string') return v;
    const text = v.trim().toLowerCase();
    return keys.find((k) => k === text || CATALOGUE_LANGUAGES.some((lang) => tIn(lang, `${name}.${k}`).toLowerCase() === text)) ?? v;
  };
  return z.preprocess(
    (v) => toKey(blankToUndefined(v)),
    z.enum(keys, { error: () => t('import.errors.one_of', { values: keys.join(', ') }) }).optional(),
  );
}

const yesNo = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => YES.includes(v) || NO.includes(v), { error: () => t('import.errors.yes_no') })
    .transform((v) => YES.includes(v))
    .optional(),
);

/** One row's cells; a column left out of the file arrives as undefined. */
const rowSchema = z.object({
  id: optionalId,
  source: requiredText(500),
  reference: requiredText(50),
  shortTitle: requiredText(300),
  fullText: requiredText(20_000).optional(),
  mechanism: optionalText(300),
  leadBody: optionalText(300),
  supportingBodies: optionalText(5000),
  themes: optionalText(1000),
  status: vocabulary('status', STATUS_KEYS),
  statusSince: optionalDate,
  confidence: vocabulary('confidence', CONFIDENCES),
  priority: yesNo,
  targetDate: optionalDate,
  owner: optionalText(320),
  kind: vocabulary('record_kind', RECORD_KINDS),
  uptake: vocabulary('uptake', UPTAKES),
});

type RowValues = z.output<typeof rowSchema>;

const lower = (s: string) => s.trim().toLocaleLowerCase();
/** Texts compare as a reader sees them: line ends and surrounding spaces do not count. */
const sameText = (a: string, b: string) => a.replace(/\r\n?/g, '\n').trim() === b.replace(/\r\n?/g, '\n').trim();
const sameSet = <T>(a: T[], b: T[]) => a.length === b.length && new Set([...a, ...b]).size === new Set(a).size;
// Names may hold commas, so only semicolons (Chinese full-width ones too) part them.
const splitNames = (text: string | undefined) => [...new Set((text ?? '').split(/[;\n；]/).map(trimText).filter(Boolean))];

/** Entries by a key of each; a key several entries share maps to all of them. */
function indexBy<T>(entries: T[], key: (entry: T) => string | null): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const entry of entries) {
    const k = key(entry);
    if (k === null) continue;
    const same = index.get(k);
    if (same) same.push(entry);
    else index.set(k, [entry]);
  }
  return index;
}

function remembered<T>(cache: Map<string, T>, key: string, find: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = find();
    cache.set(key, value);
  }
  return value;
}

class Resolver {
  readonly newBodies = new Map<string, string>();
  readonly newMechanisms = new Map<string, string>();
  private readonly bodyRefs = new Map<string, NameRef>();
  private readonly mechanismRefs = new Map<string, NameRef>();
  private readonly sources: Map<string, Lookups['sources']>;
  private readonly bodiesByName: Map<string, Lookups['bodies']>;
  private readonly bodiesByAcronym: Map<string, Lookups['bodies']>;
  private readonly mechanisms: Map<string, Lookups['mechanisms']>;
  private readonly ownersByEmail: Map<string, Lookups['owners']>;
  private readonly ownersByName: Map<string, Lookups['owners']>;

  constructor(lookups: Lookups) {
    this.sources = indexBy(lookups.sources, (s) => lower(s.title));
    this.bodiesByName = indexBy(lookups.bodies, (b) => lower(b.name));
    this.bodiesByAcronym = indexBy(lookups.bodies, (b) => b.acronym);
    this.mechanisms = indexBy(lookups.mechanisms, (m) => lower(m.name));
    this.ownersByEmail = indexBy(lookups.owners, (o) => o.email);
    this.ownersByName = indexBy(lookups.owners, (o) => lower(o.name));
  }

  source(title: string) {
    return this.sources.get(lower(title))?.[0];
  }

  /** The same reference for every row that writes the same name: a file may name a body thousands of times. */
  body(name: string): NameRef {
    return remembered(this.bodyRefs, name.trim(), () => {
      const byName = this.bodiesByName.get(lower(name))?.[0];
      if (byName) return { id: byName.id };
      const byAcronym = this.bodiesByAcronym.get(name.trim()) ?? [];
      if (byAcronym.length === 1) return { id: byAcronym[0]!.id };
      const key = lower(name);
      if (!this.newBodies.has(key)) this.newBodies.set(key, name.trim());
      return { create: this.newBodies.get(key)! };
    });
  }

  mechanism(name: string): NameRef {
    return remembered(this.mechanismRefs, name.trim(), () => {
      const found = this.mechanisms.get(lower(name))?.[0];
      if (found) return { id: found.id };
      const key = lower(name);
      if (!this.newMechanisms.has(key)) this.newMechanisms.set(key, name.trim());
      return { create: this.newMechanisms.get(key)! };
    });
  }

  /** An owner by email or by name, among active editors and admins. */
  owner(text: string): { id: number } | { error: string } {
    const matches = (text.includes('@') ? this.ownersByEmail.get(lower(text)) : this.ownersByName.get(lower(text))) ?? [];
    if (matches.length === 1) return { id: matches[0]!.id };
    return { error: t(matches.length === 0 ? 'import.errors.unknown_owner' : 'import.errors.ambiguous_owner') };
  }
}

const refKey = (ref: NameRef | undefined) => (ref === undefined ? '' : 'id' in ref ? `id:${ref.id}` : `new:${lower(ref.create)}`);

/** Each body once, in the order the file names them (a name and an acronym may name the same one). */
function distinct(refs: NameRef[]): NameRef[] {
  const byKey = new Map<string, NameRef>();
  for (const ref of refs) if (!byKey.has(refKey(ref))) byKey.set(refKey(ref), ref);
  return [...byKey.values()];
}

/** Lets other requests run between rows. */
export async function planInSlices(db: Db, columns: KnownColumn[], rows: CsvRow[], pause: () => Promise<void>): Promise<ImportPlan> {
  const steps = planSteps(db, columns, rows);
  let step = steps.next();
  while (!step.done) {
    await pause();
    step = steps.next();
  }
  return step.value;
}

function* planSteps(db: Db, columns: KnownColumn[], rows: CsvRow[]): Generator<void, ImportPlan> {
  const resolve = new Resolver(loadLookups(db));
  const present = new Set(columns);
  const has = (key: ColumnKey) => present.has(key);
  const plan: ImportPlan = { rows: [], errors: [], errorCount: 0, newBodies: [], newMechanisms: [] };
  const seen = new Map<string, number>();
  // Only names that a valid row uses are created.
  const newBodies = new Set<string>();
  const newMechanisms = new Set<string>();
  const day = today();
  const report = (errors: RowError[]) => {
    plan.errors.push(...errors.slice(0, LISTED_ERRORS - plan.errors.length));
    plan.errorCount += errors.length;
  };

  for (const { row, cells } of rows) {
    yield;
    const errors: RowError[] = [];
    const fail = (key: ColumnKey, message: string) => errors.push({ row, column: columnHeader(key), message });
    const parsed = parseInput(rowSchema, cells);
    if (!parsed.ok) {
      for (const [field, message] of Object.entries(parsed.errors)) fail(field as ColumnKey, message);
      report(errors);
      continue;
    }
    const v: RowValues = parsed.data;

    const source = resolve.source(v.source);
    if (!source) fail('source', t('import.errors.unknown_source'));

    let current: CurrentState | undefined;
    if (v.id !== undefined) {
      current = currentState(db, v.id);
      if (!current) fail('id', t('import.errors.unknown_id'));
    } else if (source) {
      const id = recommendationIdByReference(db, source.id, v.reference);
      current = id === undefined ? undefined : currentState(db, id);
    }
    if (source && current) {
      const other = recommendationIdByReference(db, source.id, v.reference);
      if (other !== undefined && other !== current.id) fail('reference', t('recommendations.errors.duplicate_reference'));
    }
    const identity = current ? `id:${current.id}` : `new:${source?.id}:${lower(v.reference)}`;
    const earlier = seen.get(identity);
    if (earlier !== undefined) fail(current ? 'id' : 'reference', t('import.errors.duplicate_row', { row: earlier }));
    else seen.set(identity, row);

    const mechanism = has('mechanism') ? (v.mechanism ? resolve.mechanism(v.mechanism) : undefined) : current?.mechanismId ? { id: current.mechanismId } : undefined;
    const leadBody = has('leadBody') ? (v.leadBody ? resolve.body(v.leadBody) : undefined) : current?.leadBodyId ? { id: current.leadBodyId } : undefined;
    const supportingBodies = has('supportingBodies')
      ? splitNames(v.supportingBodies).map((name) => resolve.body(name))
      : (current?.supportingBodyIds ?? []).map((id) => ({ id }));
    const bodiesProblem = leadAlsoSupportingProblem(leadBody, supportingBodies, refKey);
    if (bodiesProblem) fail('supportingBodies', bodiesProblem);

    let ownerId = current?.ownerId ?? undefined;
    if (has('owner')) {
      // CASE: the current owner, by name, stays even if their account has since been deactivated.
      const keepsCurrent = v.owner !== undefined && current?.owner !== undefined && lower(current.owner.name) === lower(v.owner);
      if (!v.owner) ownerId = undefined;
      else if (!keepsCurrent) {
        const found = resolve.owner(v.owner);
        if ('error' in found) fail('owner', found.error);
        else ownerId = found.id;
      }
    }

    const fullText = v.fullText ?? current?.fullText;
    if (fullText === undefined) fail('fullText', t('import.errors.full_text_required'));

    const input: PlannedRow['input'] = {
      sourceId: source?.id ?? 0,
      reference: v.reference,
      parentId: current?.parentId ?? undefined,
      shortTitle: v.shortTitle,
      fullText: fullText ?? '',
      // Empty or left out: an existing record keeps its kind, a new one is a recommendation.
      kind: v.kind ?? current?.kind,
      mechanism,
      leadBody,
      supportingBodies: distinct(supportingBodies),
      themes: has('themes') ? splitThemes(v.themes) : (current?.themes ?? []),
      priority: has('priority') ? (v.priority ?? false) : (current?.priority ?? false),
      targetDate: has('targetDate') ? v.targetDate : (current?.targetDate ?? undefined),
      ownerId,
      confidence: (v.confidence ?? current?.confidence ?? 'unverified') as Confidence,
      lastVerifiedOn: current?.lastVerifiedOn ?? undefined,
    };

    const changes = current ? changedFields(current, input) : [];
    if (current && changes.length > 0 && input.ownerId !== undefined && input.ownerId === current.ownerId) {
      if (current.owner && (!current.owner.active || current.owner.role === 'viewer')) fail('owner', t('import.errors.owner_inactive'));
    }

    const fromStatus = current?.status ?? DEFAULT_STATUS;
    let statusChange: PlannedRow['statusChange'];
    if (v.status && v.status !== fromStatus) {
      const effectiveOn = v.statusSince ?? day;
      const dateProblem = effectiveDateProblem(effectiveOn, current?.statusSince, day);
      if (dateProblem) fail('statusSince', dateProblem);
      statusChange = { from: fromStatus, to: v.status, effectiveOn };
    }

    const uptakeChange = v.uptake && v.uptake !== (current?.uptake ?? DEFAULT_UPTAKE) ? v.uptake : undefined;

    if (errors.length > 0) {
      report(errors);
      continue;
    }
    const action = !current ? 'create' : changes.length > 0 || statusChange || uptakeChange ? 'update' : 'unchanged';
    plan.rows.push({
      row,
      action,
      id: current?.id,
      source: source!.title,
      reference: v.reference,
      shortTitle: v.shortTitle,
      changes: current ? [...changes, ...(statusChange ? [t('fields.status')] : []), ...(uptakeChange ? [t('fields.uptake')] : [])] : changes,
      input,
      writeFields: !current || changes.length > 0,
      statusChange,
      uptakeChange,
    });
    for (const ref of [input.leadBody, ...input.supportingBodies]) if (ref && 'create' in ref) newBodies.add(ref.create);
    if (input.mechanism && 'create' in input.mechanism) newMechanisms.add(input.mechanism.create);
  }

  plan.newBodies = [...newBodies];
  plan.newMechanisms = [...newMechanisms];
  return plan;
}

/** The labels of the fields the import would change. */
function changedFields(current: CurrentState, input: PlannedRow['input']): string[] {
  const idOf = (ref: NameRef | undefined) => (ref && 'id' in ref ? ref.id : ref ? -1 : undefined);
  const checks: [string, boolean][] = [
    ['fields.source', current.sourceId === input.sourceId],
    ['fields.reference', current.reference === input.reference],
    ['fields.short_title', sameText(current.shortTitle, input.shortTitle)],
    ['fields.full_text', sameText(current.fullText, input.fullText)],
    ['record_kind.label', input.kind === undefined || current.kind === input.kind],
    ['fields.mechanism', (current.mechanismId ?? undefined) === idOf(input.mechanism)],
    ['fields.lead_body', current.leadBodyId === idOf(input.leadBody)],
    ['fields.supporting_bodies', sameSet(current.supportingBodyIds, input.supportingBodies.map(idOf))],
    ['fields.themes', sameSet(current.themes, input.themes)],
    ['fields.priority', current.priority === input.priority],
    ['fields.target_date', (current.targetDate ?? undefined) === input.targetDate],
    ['fields.owner', (current.ownerId ?? undefined) === input.ownerId],
    ['fields.confidence', current.confidence === input.confidence],
  ];
  return checks.filter(([, same]) => !same).map(([key]) => t(key));
}
