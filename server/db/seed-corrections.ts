import { and, eq, inArray } from 'drizzle-orm';
import { ensureSeedAuthor } from '../auth/users';
import { nowIso } from '../lib/dates';
import { updateStatus } from '../recommendations/service';
import { oldSeedData } from '../../seed/old-seed-469c49a';
import { seedData } from '../../seed/data';
import { loadSeedAs } from '../../seed/load';
import type { SeedData, SeedRecommendation } from '../../seed/types';
import type { Db } from './client';
import { commit, type WriteTx } from './commit';
import {
  bodies,
  bodyAliases,
  dataMigrations,
  evidenceNotes,
  mechanisms,
  recommendationChanges,
  recommendations,
  sources,
  statusHistory,
} from './schema';

/**
 * Issue 19's correction of the seed, for a database that was seeded before it:
 * a data migration, run once after the SQL migrations and recorded in
 * `data_migrations`. It is TypeScript rather than SQL because it must compare
 * each record with what the old seed wrote (seed/old-seed-469c49a.ts), write
 * the change log as the services do, and add the records the old seed lacked
 * through the seed loader. All of it is one transaction in this one module.
 *
 * Each correction applies only where the record is still as the old seed left
 * it (last written by the seed account, with the old seed's values); a record
 * an analyst has changed since is left as it is and listed in the outcome.
 */
export const SEED_CORRECTIONS = 'seed-corrections-issue-19';
export const SEED_CORRECTION_REASON = 'correction of the seed against the publication';

/** Bodies whose seed key changed with the correction: old key → new key. */
const BODY_KEY_RENAMES: Record<string, string> = { 'ministry-far-east-arctic-development': 'ministry-far-east-development' };

export interface CorrectionOutcome {
  corrected: string[];
  removed: string[];
  /** Records, bodies and mechanisms an analyst has changed since the old seed: left as they are. */
  left: string[];
  added: number;
}

/** Runs the data migration once per database; returns its log line, or undefined when it ran before. */
export async function runDataMigrations(db: Db): Promise<string | undefined> {
  if (db.select().from(dataMigrations).where(eq(dataMigrations.name, SEED_CORRECTIONS)).get()) return undefined;
  const seeded = db
    .select({ id: sources.id })
    .from(sources)
    .where(inArray(sources.title, oldSeedData.publications.map((p) => p.source.title)))
    .all();
  const author = seeded.length === 0 ? undefined : await ensureSeedAuthor(db);
  return commit(db, (tx) => {
    let line = `${SEED_CORRECTIONS}: no seed data in this database, nothing to correct`;
    if (author) {
      const outcome = applySeedCorrections(tx, author.id);
      line =
        `${SEED_CORRECTIONS}: corrected ${outcome.corrected.length} (${outcome.corrected.join(', ') || 'none'}); ` +
        `removed ${outcome.removed.length} (${outcome.removed.join(', ') || 'none'}); added ${outcome.added}; ` +
        `left as an analyst changed them ${outcome.left.length} (${outcome.left.join(', ') || 'none'})`;
    }
    tx.insert(dataMigrations).values({ name: SEED_CORRECTIONS, outcome: line }).run();
    return line;
  });
}

/**
 * The corrections, and the records the old seed lacked, within the caller's
 * commit. Safe to run again: a record already as the new seed has it is skipped.
 */
export function applySeedCorrections(tx: WriteTx, authorId: number): CorrectionOutcome {
  const outcome = correctSeed(tx, authorId, oldSeedData, seedData);
  outcome.added = loadSeedAs(tx, authorId, seedData).recommendations;
  return outcome;
}

/** What a record's corrected fields hold, as the change log shows them. */
function fieldsOf(data: SeedData, r: SeedRecommendation) {
  return {
    short_title: r.shortTitle,
    full_text: r.fullText,
    kind: r.kind ?? 'recommendation',
    priority: r.priority ? 'yes' : 'no',
    mechanism_id: data.mechanisms.find((m) => m.key === r.mechanism)?.name ?? null,
    status: r.status ?? 'not_assessed',
  };
}

/** The correction itself, inside the caller's transaction (the migration's, or a test's). */
export function correctSeed(db: WriteTx, authorId: number, oldData: SeedData, newData: SeedData): CorrectionOutcome {
  const outcome: CorrectionOutcome = { corrected: [], removed: [], left: [], added: 0 };
  const now = nowIso();
  const log = (recommendationId: number, field: string, oldValue: string | null, newValue: string | null) =>
    db.insert(recommendationChanges).values({ recommendationId, field, oldValue, newValue, reason: SEED_CORRECTION_REASON, changedBy: authorId, changedAt: now }).run();

  // Bodies: the name the publication used, native names, aliases.
  for (const old of oldData.bodies) {
    const next = newData.bodies.find((b) => b.key === (BODY_KEY_RENAMES[old.key] ?? old.key));
    if (!next) continue;
    const row = db.select().from(bodies).where(eq(bodies.name, old.name)).get() ?? db.select().from(bodies).where(eq(bodies.name, next.name)).get();
    if (!row) continue;
    const asOld = row.name === old.name && (row.nativeName ?? undefined) === old.nativeName;
    const asNew = row.name === next.name && (row.nativeName ?? undefined) === next.nativeName;
    if (!asOld && !asNew) {
      outcome.left.push(`body “${row.name}”`);
      continue;
    }
    if (asOld && !asNew) {
      db.update(bodies).set({ name: next.name, nativeName: next.nativeName ?? null }).where(eq(bodies.id, row.id)).run();
      outcome.corrected.push(`body “${next.name}”`);
    }
    for (const alias of next.aliases ?? []) db.insert(bodyAliases).values({ bodyId: row.id, alias }).onConflictDoNothing().run();
  }

  // Mechanisms: descriptions that said more than the source; those no record uses removed.
  for (const old of oldData.mechanisms) {
    const row = db.select().from(mechanisms).where(eq(mechanisms.name, old.name)).get();
    if (!row) continue;
    const next = newData.mechanisms.find((m) => m.key === old.key);
    if (!next) {
      const used = db.select({ id: recommendations.id }).from(recommendations).where(eq(recommendations.mechanismId, row.id)).get();
      if (used || row.description !== old.description) outcome.left.push(`mechanism “${row.name}”`);
      else {
        db.delete(mechanisms).where(eq(mechanisms.id, row.id)).run();
        outcome.removed.push(`mechanism “${row.name}”`);
      }
    } else if (next.description !== old.description) {
      if (row.description === old.description) {
        db.update(mechanisms).set({ description: next.description }).where(eq(mechanisms.id, row.id)).run();
        outcome.corrected.push(`mechanism “${row.name}”`);
      } else if (row.description !== next.description) outcome.left.push(`mechanism “${row.name}”`);
    }
  }

  const mechanismId = (name: string | null) => (name === null ? null : (db.select({ id: mechanisms.id }).from(mechanisms).where(eq(mechanisms.name, name)).get()?.id ?? null));

  for (const { source, recommendations: oldRecs } of oldData.publications) {
    const src = db.select().from(sources).where(eq(sources.title, source.title)).get();
    if (!src) continue;
    const nextSource = newData.publications.find((p) => p.source.title === source.title)!;
    if (nextSource.source.coverageNote && src.coverageNote === null) {
      db.update(sources).set({ coverageNote: nextSource.source.coverageNote }).where(eq(sources.id, src.id)).run();
    }
    for (const oldRec of oldRecs) {
      const row = db.select().from(recommendations).where(and(eq(recommendations.sourceId, src.id), eq(recommendations.reference, oldRec.reference))).get();
      if (!row) continue;
      const label = `${source.key} ${oldRec.reference}`;
      const was = fieldsOf(oldData, oldRec);
      const current = {
        short_title: row.shortTitle,
        full_text: row.fullText,
        kind: row.kind,
        priority: row.priority ? 'yes' : 'no',
        mechanism_id: row.mechanismId === null ? null : (db.select({ name: mechanisms.name }).from(mechanisms).where(eq(mechanisms.id, row.mechanismId)).get()?.name ?? null),
        status: row.status,
      };
      const newRec = nextSource.recommendations.find((r) => r.reference === oldRec.reference);
      const target = newRec ? fieldsOf(newData, newRec) : undefined;
      const keys = Object.keys(was) as (keyof typeof was)[];
      if (target && keys.every((k) => current[k] === target[k])) continue;
      const untouched = row.updatedBy === authorId && keys.every((k) => current[k] === was[k]);
      if (!untouched) {
        outcome.left.push(label);
        continue;
      }
      if (!target) {
        db.delete(recommendations).where(eq(recommendations.id, row.id)).run();
        outcome.removed.push(label);
        continue;
      }
      // The seed's own status and note go, so that the history holds only what the publication supports.
      if (was.status !== target.status || JSON.stringify(oldRec.evidence) !== JSON.stringify(newRec!.evidence)) {
        db.delete(statusHistory).where(and(eq(statusHistory.recommendationId, row.id), eq(statusHistory.recordedBy, authorId))).run();
        db.delete(evidenceNotes).where(and(eq(evidenceNotes.recommendationId, row.id), eq(evidenceNotes.authorId, authorId))).run();
        db.update(recommendations).set({ status: 'not_assessed', statusSince: null }).where(eq(recommendations.id, row.id)).run();
        if (newRec!.status && newRec!.status !== 'not_assessed' && newRec!.evidence && newRec!.statusRationale) {
          const { observedOn, ...evidence } = newRec!.evidence;
          const updated = updateStatus(db, row.id, { status: newRec!.status, effectiveOn: observedOn, rationale: newRec!.statusRationale, evidence }, authorId);
          if (!updated.ok) throw new Error(`Seed correction of ${label} failed: ${JSON.stringify(updated.errors)}`);
        }
        if (was.status === target.status) log(row.id, 'evidence', oldRec.evidence?.text ?? null, newRec!.evidence?.text ?? null);
      }
      for (const k of keys) if (was[k] !== target[k]) log(row.id, k, was[k], target[k]);
      const version = db.select({ version: recommendations.version }).from(recommendations).where(eq(recommendations.id, row.id)).get()!.version;
      db.update(recommendations)
        .set({
          shortTitle: target.short_title,
          fullText: target.full_text,
          kind: newRec!.kind ?? 'recommendation',
          priority: newRec!.priority ?? false,
          mechanismId: mechanismId(target.mechanism_id),
          updatedAt: now,
          updatedBy: authorId,
          version: version + 1,
        })
        .where(eq(recommendations.id, row.id))
        .run();
      outcome.corrected.push(label);
    }
  }
  return outcome;
}
