import { scriptLanguage } from '../server/domain/data-language';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../server/db/client';
import { commit, type WriteTx } from '../server/db/commit';
import { bodies, bodyAliases, mechanismBodies, mechanisms, recommendations, sources } from '../server/db/schema';
import { ensureSeedAuthor } from '../server/auth/users';
import { createRecommendation, updateStatus } from '../server/recommendations/service';
import { recordLifecycleChange } from '../server/mechanisms/service';
import type { SeedData, SeedMechanism } from './types';

/**
 * Loads the seed data through the services, inserting only what is missing
 * (matched on body and mechanism names, source titles, and source + reference),
 * so a second run changes nothing and never overwrites an analyst's work.
 */
export interface SeedReport {
  bodies: number;
  mechanisms: number;
  sources: number;
  recommendations: number;
}

/** A seed mechanism's dated lifecycle, through the service that derives its stage and year established. */
export function loadLifecycleHistory(tx: WriteTx, mechanismId: number, m: SeedMechanism, authorId: number): void {
  for (const change of m.lifecycleHistory ?? []) {
    const recorded = recordLifecycleChange(tx, mechanismId, change, authorId);
    if (!recorded.ok) throw new Error(`Seed lifecycle of ${m.name} is invalid: ${JSON.stringify(recorded.errors)}`);
  }
}

export async function loadSeed(db: Db, data: SeedData): Promise<SeedReport> {
  const author = await ensureSeedAuthor(db);
  return commit(db, (tx) => loadSeedAs(tx, author.id, data));
}

/** The load itself, as the seed account `authorId`, within the caller's commit. */
export function loadSeedAs(tx: WriteTx, authorId: number, data: SeedData): SeedReport {
  const report: SeedReport = { bodies: 0, mechanisms: 0, sources: 0, recommendations: 0 };

  const bodyIds = new Map<string, number>();
  for (const b of data.bodies) {
    let id = tx.select({ id: bodies.id }).from(bodies).where(eq(bodies.name, b.name)).get()?.id;
    if (id === undefined) {
      id = tx
        .insert(bodies)
        .values({ name: b.name, nativeName: b.nativeName ?? null, nativeLanguage: b.nativeLanguage ?? scriptLanguage(b.nativeName) ?? null, acronym: b.acronym ?? null, country: b.country, kind: b.kind })
        .returning({ id: bodies.id })
        .get().id;
      for (const alias of b.aliases ?? []) tx.insert(bodyAliases).values({ bodyId: id, alias }).run();
      report.bodies++;
    }
    bodyIds.set(b.key, id);
  }
  const bodyId = (key: string) => {
    const id = bodyIds.get(key);
    if (id === undefined) throw new Error(`Seed data names an unknown body: ${key}`);
    return id;
  };

  const mechanismIds = new Map<string, number>();
  for (const m of data.mechanisms) {
    let id = tx.select({ id: mechanisms.id }).from(mechanisms).where(eq(mechanisms.name, m.name)).get()?.id;
    if (id === undefined) {
      id = tx
        .insert(mechanisms)
        .values({
          name: m.name,
          nativeName: m.nativeName ?? null,
          nativeLanguage: m.nativeLanguage ?? scriptLanguage(m.nativeName) ?? null,
          kind: m.kind,
          lifecycle: m.lifecycle,
          yearEstablished: m.yearEstablished ?? null,
          description: m.description,
        })
        .returning({ id: mechanisms.id })
        .get().id;
      const participants = [...new Set(m.participants.map(bodyId))];
      if (participants.length > 0) {
        tx.insert(mechanismBodies).values(participants.map((b) => ({ mechanismId: id!, bodyId: b }))).run();
      }
      loadLifecycleHistory(tx, id, m, authorId);
      report.mechanisms++;
    }
    mechanismIds.set(m.key, id);
  }

  for (const { source: s, recommendations: recs } of data.publications) {
    let sourceId = tx.select({ id: sources.id }).from(sources).where(eq(sources.title, s.title)).get()?.id;
    if (sourceId === undefined) {
      sourceId = tx
        .insert(sources)
        .values({
          title: s.title,
          authors: s.authors,
          publisher: s.publisher,
          publishedOn: s.publishedOn,
          kind: s.kind,
          url: s.url ?? null,
          language: s.language,
          coverageNote: s.coverageNote ?? null,
        })
        .returning({ id: sources.id })
        .get().id;
      report.sources++;
    }
    const idsByReference = new Map<string, number>();
    for (const r of recs) {
      const existing = tx
        .select({ id: recommendations.id })
        .from(recommendations)
        .where(and(eq(recommendations.sourceId, sourceId), eq(recommendations.reference, r.reference)))
        .get();
      if (existing) {
        idsByReference.set(r.reference, existing.id);
        continue;
      }
      const mechanismId = r.mechanism === undefined ? undefined : mechanismIds.get(r.mechanism);
      if (r.mechanism !== undefined && mechanismId === undefined) throw new Error(`Seed data names an unknown mechanism: ${r.mechanism}`);
      const lead = r.bodies.find((b) => b.role === 'lead');
      const created = createRecommendation(
        tx,
        {
          sourceId,
          reference: r.reference,
          parentId: r.parentReference === undefined ? undefined : idsByReference.get(r.parentReference),
          shortTitle: r.shortTitle,
          fullText: r.fullText,
          kind: r.kind ?? 'recommendation',
          mechanismId,
          leadBodyId: lead ? bodyId(lead.body) : undefined,
          supportingBodyIds: r.bodies.filter((b) => b.role === 'supporting').map((b) => bodyId(b.body)),
          themes: r.themes.map((t) => t.toLowerCase()),
          priority: r.priority ?? false,
          targetDate: r.targetDate,
          confidence: r.confidence ?? 'unverified',
        },
        authorId,
      );
      if (!created.ok) throw new Error(`Seed recommendation ${s.title} ${r.reference} is invalid: ${JSON.stringify(created.errors)}`);
      idsByReference.set(r.reference, created.id);
      report.recommendations++;
      if (r.status && r.status !== 'not_assessed' && r.evidence && r.statusRationale) {
        const { observedOn, ...evidence } = r.evidence;
        const updated = updateStatus(tx, created.id, { status: r.status, effectiveOn: observedOn, rationale: r.statusRationale, evidence }, authorId);
        if (!updated.ok) throw new Error(`Seed status of ${s.title} ${r.reference} is invalid: ${JSON.stringify(updated.errors)}`);
      }
    }
  }
  return report;
}
