import { asc, count, eq, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client';
import { bodies, mechanismBodies, mechanisms, recommendationBodies, recommendations, sources } from '../db/schema';
import { statusBar } from '../domain/status-bar';
import { STATUSES, type StatusKey } from '../domain/vocabulary';

/** Read-side of the reference data: mechanisms, bodies and sources with their recommendations' statuses. */

export interface StatusCount {
  key: StatusKey;
  count: number;
}

function toStatusCounts(rows: { status: StatusKey; n: number }[]) {
  const byStatus = new Map(rows.map((r) => [r.status, r.n]));
  const counts = STATUSES.map((s) => ({ key: s.key, count: byStatus.get(s.key) ?? 0 }));
  return { counts, total: counts.reduce((sum, c) => sum + c.count, 0), bar: statusBar(counts) };
}

/** Status counts per entity id, for every entity at once (one grouped query, not one per row). */
function statusCountsGrouped(db: Db, groupColumn: SQLiteColumn, joinBodies = false) {
  const base = db
    .select({ groupId: sql<number>`${groupColumn}`, status: recommendations.status, n: count() })
    .from(recommendations);
  const query = joinBodies ? base.innerJoin(recommendationBodies, eq(recommendationBodies.recommendationId, recommendations.id)) : base;
  const rows = query.groupBy(groupColumn, recommendations.status).all();
  const grouped = new Map<number, { status: StatusKey; n: number }[]>();
  for (const row of rows) {
    if (row.groupId === null) continue;
    grouped.set(row.groupId, [...(grouped.get(row.groupId) ?? []), { status: row.status, n: row.n }]);
  }
  return (id: number) => toStatusCounts(grouped.get(id) ?? []);
}

export function listMechanismsWithCounts(db: Db) {
  const countsFor = statusCountsGrouped(db, recommendations.mechanismId);
  return db
    .select()
    .from(mechanisms)
    .orderBy(asc(mechanisms.name))
    .all()
    .map((m) => ({ ...m, ...countsFor(m.id) }));
}

export function listBodiesWithCounts(db: Db) {
  const countsFor = statusCountsGrouped(db, recommendationBodies.bodyId, true);
  return db
    .select()
    .from(bodies)
    .orderBy(asc(bodies.name))
    .all()
    .map((b) => ({ ...b, ...countsFor(b.id) }));
}

export function listSourcesWithCounts(db: Db) {
  const countsFor = statusCountsGrouped(db, recommendations.sourceId);
  return db
    .select()
    .from(sources)
    .orderBy(asc(sources.publishedOn), asc(sources.title))
    .all()
    .map((s) => ({ ...s, ...countsFor(s.id) }));
}

export function findMechanism(db: Db, id: number) {
  return db.select().from(mechanisms).where(eq(mechanisms.id, id)).get();
}

export function findBody(db: Db, id: number) {
  return db.select().from(bodies).where(eq(bodies.id, id)).get();
}

export function findSource(db: Db, id: number) {
  return db.select().from(sources).where(eq(sources.id, id)).get();
}

export function participantsOf(db: Db, mechanismId: number) {
  return db
    .select({ id: bodies.id, name: bodies.name, nativeName: bodies.nativeName, nativeLanguage: bodies.nativeLanguage, acronym: bodies.acronym })
    .from(mechanismBodies)
    .innerJoin(bodies, eq(bodies.id, mechanismBodies.bodyId))
    .where(eq(mechanismBodies.mechanismId, mechanismId))
    .orderBy(asc(bodies.name))
    .all();
}

export function mechanismsOfBody(db: Db, bodyId: number) {
  return db
    .select({ id: mechanisms.id, name: mechanisms.name, nativeName: mechanisms.nativeName, nativeLanguage: mechanisms.nativeLanguage })
    .from(mechanismBodies)
    .innerJoin(mechanisms, eq(mechanisms.id, mechanismBodies.mechanismId))
    .where(eq(mechanismBodies.bodyId, bodyId))
    .orderBy(asc(mechanisms.name))
    .all();
}
