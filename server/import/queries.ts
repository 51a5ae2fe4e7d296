import { and, asc, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { WriteTx } from '../db/commit';
import { bodies, imports, mechanisms, recommendations, sources, users } from '../db/schema';
import { findRecommendation, recommendationBodiesOf, themesOf } from '../recommendations/queries';

/** Read-side of the import: what the file's names refer to, and the stored uploads. */

export interface Lookups {
  sources: { id: number; title: string }[];
  bodies: { id: number; name: string; acronym: string | null }[];
  mechanisms: { id: number; name: string }[];
  /** Accounts that may own a recommendation: active editors and admins. */
  owners: { id: number; name: string; email: string }[];
}

export function loadLookups(db: Db): Lookups {
  return {
    sources: db.select({ id: sources.id, title: sources.title }).from(sources).all(),
    bodies: db.select({ id: bodies.id, name: bodies.name, acronym: bodies.acronym }).from(bodies).orderBy(asc(bodies.id)).all(),
    mechanisms: db.select({ id: mechanisms.id, name: mechanisms.name }).from(mechanisms).all(),
    owners: db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(and(eq(users.active, true), inArray(users.role, ['editor', 'admin'])))
      .all(),
  };
}

export function recommendationIdByReference(db: Db, sourceId: number, reference: string): number | undefined {
  return db
    .select({ id: recommendations.id })
    .from(recommendations)
    .where(and(eq(recommendations.sourceId, sourceId), eq(recommendations.reference, reference)))
    .get()?.id;
}

/** A recommendation as the import compares it: its columns, links, themes and owner. */
export function currentState(db: Db, id: number) {
  const found = findRecommendation(db, id);
  if (!found) return undefined;
  const links = recommendationBodiesOf(db, id);
  const owner = found.recommendation.ownerId === null
    ? undefined
    : db.select({ name: users.name, active: users.active, role: users.role }).from(users).where(eq(users.id, found.recommendation.ownerId)).get();
  return {
    ...found.recommendation,
    leadBodyId: links.find((l) => l.role === 'lead')?.id,
    supportingBodyIds: links.filter((l) => l.role === 'supporting').map((l) => l.id),
    themes: themesOf(db, id).map((theme) => theme.name),
    owner,
  };
}

export type CurrentState = NonNullable<ReturnType<typeof currentState>>;

export function insertImport(tx: WriteTx, userId: number, fileName: string, content: string): number {
  return tx.insert(imports).values({ userId, fileName, content }).returning({ id: imports.id }).get().id;
}

/** An upload waiting for confirmation; only its uploader may see or apply it. */
export function findImport(db: Db, id: number, userId: number) {
  return db.select().from(imports).where(and(eq(imports.id, id), eq(imports.userId, userId))).get();
}

export type StoredImport = NonNullable<ReturnType<typeof findImport>>;

export function deleteImport(tx: WriteTx, id: number): void {
  tx.delete(imports).where(eq(imports.id, id)).run();
}

/** Uploads never confirmed are dropped after a day. */
export function deleteImportsBefore(tx: WriteTx, createdBefore: string): void {
  tx.delete(imports).where(lt(imports.createdAt, createdBefore)).run();
}
