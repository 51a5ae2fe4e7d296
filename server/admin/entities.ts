import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { WriteTx } from '../db/commit';
import { bodies, mechanismBodies, mechanisms, sources } from '../db/schema';
import {
  BODY_KINDS,
  LANGUAGES,
  MECHANISM_KINDS,
  MECHANISM_LIFECYCLES,
  CADENCE_KEYS,
  SOURCE_KINDS,
} from '../domain/vocabulary';
import { deriveLifecycle } from '../mechanisms/service';
import { hasLifecycleHistory } from '../mechanisms/queries';
import type { ConstraintFields } from '../lib/constraint-errors';
import { choice, idList, optionalChoice, optionalHttpUrl, optionalText, requiredText } from '../lib/validation';
import { scriptLanguage } from '../domain/data-language';
import type { Language } from '../domain/vocabulary';

/**
 * The reference data admins manage (bodies, mechanisms, sources), described
 * once each: its form fields, its zod schema and how a row maps to the form.
 * One set of handlers and templates serves all three.
 */

export interface FieldDef {
  name: string;
  type: 'text' | 'textarea' | 'select' | 'multiselect' | 'number' | 'url';
  required?: boolean;
  /** For select fields: a vocabulary whose labels live in the catalogue under `<vocabulary>.<key>`. */
  vocabulary?: { name: string; keys: readonly string[] };
  /** For select fields whose options come from the database. */
  options?: (db: Db) => { value: number; text: string }[];
  /** For optional select fields: the catalogue key of the empty choice (default: "None"). */
  emptyLabel?: string;
  /** Catalogue key of a hint shown under the label. */
  hint?: string;
}

export interface EntityDef {
  key: 'bodies' | 'mechanisms' | 'sources';
  fields: FieldDef[];
  schema: z.ZodType<Record<string, unknown>>;
  list(db: Db): { id: number; name: string; detail: string }[];
  valuesOf(db: Db, id: number): Record<string, unknown> | undefined;
  insert(tx: WriteTx, data: Record<string, unknown>): number;
  update(tx: WriteTx, id: number, data: Record<string, unknown>): void;
  /** Which field each database constraint concerns, for a write the database refuses anyway. */
  constraints: ConstraintFields;
  /** Fields that follow from other records for this row: shown, sent back unchanged, never typed. */
  derivedFields?(db: Db, id: number): string[];
}

const csrf = { _csrf: z.string().optional() };
const optionalYear = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.coerce.number({ error: 'validation.invalid' }).int({ error: 'validation.invalid' }).min(1900, { error: 'validation.year' }).max(2100, { error: 'validation.year' }).optional(),
);

const bodySchema = z
  .object({
    ...csrf,
    name: requiredText(300),
    native_name: optionalText(300),
    native_language: optionalChoice(LANGUAGES),
    acronym: optionalText(50),
    country: requiredText(100),
    kind: choice(BODY_KINDS),
  })
  .strict();

const mechanismSchema = z
  .object({
    ...csrf,
    name: requiredText(300),
    native_name: optionalText(300),
    native_language: optionalChoice(LANGUAGES),
    kind: choice(MECHANISM_KINDS),
    lifecycle: choice(MECHANISM_LIFECYCLES),
    year_established: optionalYear,
    expected_cadence: optionalChoice(CADENCE_KEYS),
    participant_ids: idList,
    description: optionalText(5000),
  })
  .strict();

const sourceSchema = z
  .object({
    ...csrf,
    title: requiredText(500),
    authors: requiredText(500),
    publisher: requiredText(300),
    published_on: requiredText(10).pipe(z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, { error: 'validation.partial_date' })),
    kind: choice(SOURCE_KINDS),
    url: optionalHttpUrl,
    language: choice(LANGUAGES),
  })
  .strict();

const bodyOptions = (db: Db) =>
  db
    .select({ value: bodies.id, text: bodies.name })
    .from(bodies)
    .orderBy(asc(bodies.name))
    .all();

export const ENTITIES: EntityDef[] = [
  {
    key: 'bodies',
    constraints: { 'bodies.name': 'name', bodies_name_present: 'name', bodies_country_present: 'country' },
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'native_name', type: 'text' },
      { name: 'native_language', type: 'select', vocabulary: { name: 'language', keys: LANGUAGES }, emptyLabel: 'datalang.native_language_empty' },
      { name: 'acronym', type: 'text' },
      { name: 'country', type: 'text', required: true },
      { name: 'kind', type: 'select', required: true, vocabulary: { name: 'body_kind', keys: BODY_KINDS } },
    ],
    schema: bodySchema as z.ZodType<Record<string, unknown>>,
    list: (db) =>
      db
        .select()
        .from(bodies)
        .orderBy(asc(bodies.name))
        .all()
        .map((b) => ({ id: b.id, name: b.name, detail: [b.acronym, b.nativeName, b.country].filter(Boolean).join(' · ') })),
    valuesOf: (db, id) => {
      const b = db.select().from(bodies).where(eq(bodies.id, id)).get();
      return b && { name: b.name, native_name: b.nativeName ?? '', native_language: b.nativeLanguage ?? '', acronym: b.acronym ?? '', country: b.country, kind: b.kind };
    },
    insert: (tx, d) => tx.insert(bodies).values(bodyRow(d)).returning({ id: bodies.id }).get().id,
    update: (tx, id, d) => void tx.update(bodies).set(bodyRow(d)).where(eq(bodies.id, id)).run(),
  },
  {
    key: 'mechanisms',
    constraints: { 'mechanisms.name': 'name', mechanisms_name_present: 'name' },
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'native_name', type: 'text' },
      { name: 'native_language', type: 'select', vocabulary: { name: 'language', keys: LANGUAGES }, emptyLabel: 'datalang.native_language_empty' },
      { name: 'kind', type: 'select', required: true, vocabulary: { name: 'mechanism_kind', keys: MECHANISM_KINDS } },
      { name: 'lifecycle', type: 'select', required: true, vocabulary: { name: 'lifecycle', keys: MECHANISM_LIFECYCLES } },
      { name: 'year_established', type: 'number' },
      { name: 'expected_cadence', type: 'select', required: true, vocabulary: { name: 'cadence', keys: CADENCE_KEYS }, hint: 'mechanisms.cadence_hint' },
      { name: 'participant_ids', type: 'multiselect', options: bodyOptions },
      { name: 'description', type: 'textarea' },
    ],
    schema: mechanismSchema as z.ZodType<Record<string, unknown>>,
    list: (db) =>
      db
        .select()
        .from(mechanisms)
        .orderBy(asc(mechanisms.name))
        .all()
        .map((m) => ({ id: m.id, name: m.name, detail: [m.nativeName, m.yearEstablished].filter(Boolean).join(' · ') })),
    valuesOf: (db, id) => {
      const m = db.select().from(mechanisms).where(eq(mechanisms.id, id)).get();
      if (!m) return undefined;
      const participants = db.select({ id: mechanismBodies.bodyId }).from(mechanismBodies).where(eq(mechanismBodies.mechanismId, id)).all();
      return {
        name: m.name,
        native_name: m.nativeName ?? '',
        native_language: m.nativeLanguage ?? '',
        kind: m.kind,
        lifecycle: m.lifecycle,
        year_established: m.yearEstablished ?? '',
        expected_cadence: m.expectedCadence,
        participant_ids: participants.map((p) => p.id),
        description: m.description,
      };
    },
    insert: (tx, d) => {
      const id = tx.insert(mechanisms).values(mechanismRow(d)).returning({ id: mechanisms.id }).get().id;
      writeParticipants(tx, id, d.participant_ids as number[]);
      return id;
    },
    update: (tx, id, d) => {
      tx.update(mechanisms).set(mechanismRow(d)).where(eq(mechanisms.id, id)).run();
      writeParticipants(tx, id, d.participant_ids as number[]);
      deriveLifecycle(tx, id);
    },
    // CASE: once a mechanism has a dated lifecycle, its stage and year established are read from it, not typed.
    derivedFields: (db, id) => (hasLifecycleHistory(db, id) ? ['lifecycle', 'year_established'] : []),
  },
  {
    key: 'sources',
    constraints: {
      'sources.title': 'title',
      sources_title_present: 'title',
      sources_authors_present: 'authors',
      sources_publisher_present: 'publisher',
      sources_url_http: 'url',
    },
    fields: [
      { name: 'title', type: 'text', required: true },
      { name: 'authors', type: 'text', required: true },
      { name: 'publisher', type: 'text', required: true },
      { name: 'published_on', type: 'text', required: true },
      { name: 'kind', type: 'select', required: true, vocabulary: { name: 'source_kind', keys: SOURCE_KINDS } },
      { name: 'url', type: 'url' },
      { name: 'language', type: 'select', required: true, vocabulary: { name: 'language', keys: LANGUAGES } },
    ],
    schema: sourceSchema as z.ZodType<Record<string, unknown>>,
    list: (db) =>
      db
        .select()
        .from(sources)
        .orderBy(asc(sources.title))
        .all()
        .map((s) => ({ id: s.id, name: s.title, detail: [s.authors, s.publisher, s.publishedOn].join(' · ') })),
    valuesOf: (db, id) => {
      const s = db.select().from(sources).where(eq(sources.id, id)).get();
      return (
        s && { title: s.title, authors: s.authors, publisher: s.publisher, published_on: s.publishedOn, kind: s.kind, url: s.url ?? '', language: s.language }
      );
    },
    insert: (tx, d) => tx.insert(sources).values(sourceRow(d)).returning({ id: sources.id }).get().id,
    update: (tx, id, d) => void tx.update(sources).set(sourceRow(d)).where(eq(sources.id, id)).run(),
  },
];

/** ── datalang ── The native name's language: as chosen, else read from its script; none without a native name. */
function nativeLanguageOf(v: { native_name?: string; native_language?: Language }): Language | null {
  if (!v.native_name) return null;
  return v.native_language ?? scriptLanguage(v.native_name) ?? null;
}

function bodyRow(d: Record<string, unknown>) {
  const v = d as z.output<typeof bodySchema>;
  return { name: v.name, nativeName: v.native_name ?? null, nativeLanguage: nativeLanguageOf(v), acronym: v.acronym ?? null, country: v.country, kind: v.kind };
}

function mechanismRow(d: Record<string, unknown>) {
  const v = d as z.output<typeof mechanismSchema>;
  return {
    name: v.name,
    nativeName: v.native_name ?? null,
    nativeLanguage: nativeLanguageOf(v),
    kind: v.kind,
    lifecycle: v.lifecycle,
    yearEstablished: v.year_established ?? null,
    expectedCadence: v.expected_cadence ?? 'none',
    description: v.description ?? '',
  };
}

function sourceRow(d: Record<string, unknown>) {
  const v = d as z.output<typeof sourceSchema>;
  return { title: v.title, authors: v.authors, publisher: v.publisher, publishedOn: v.published_on, kind: v.kind, url: v.url ?? null, language: v.language };
}

function writeParticipants(tx: WriteTx, mechanismId: number, bodyIds: number[]): void {
  tx.delete(mechanismBodies).where(eq(mechanismBodies.mechanismId, mechanismId)).run();
  const unique = [...new Set(bodyIds)];
  if (unique.length > 0) tx.insert(mechanismBodies).values(unique.map((bodyId) => ({ mechanismId, bodyId }))).run();
}
