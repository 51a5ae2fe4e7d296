import { and, eq } from 'drizzle-orm';
import { bodies, bodyAliases, dataMigrations, evidenceNotes, mechanisms, recommendationChanges, recommendations, sources, statusHistory, users } from '../../server/db/schema';
import { runDataMigrations, SEED_CORRECTION_REASON, SEED_CORRECTIONS } from '../../server/db/seed-corrections';
import { loadSeed } from '../../seed/load';
import { oldSeedData } from '../../seed/old-seed-469c49a';
import { seedData } from '../../seed/data';
import { createTestContext, signInAs, type TestContext } from '../helpers';

/** Upgrading a database seeded before issue 19: the data migration corrects what the seed wrote and leaves what analysts wrote. */

const PETROVSKY = seedData.publications[0]!.source.title;
const ROUNDTABLE = seedData.publications[3]!.source.title;
const MAMONOV = seedData.publications[2]!.source.title;

function rec(ctx: TestContext, sourceTitle: string, reference: string) {
  const source = ctx.db.select().from(sources).where(eq(sources.title, sourceTitle)).get()!;
  return ctx.db.select().from(recommendations).where(and(eq(recommendations.sourceId, source.id), eq(recommendations.reference, reference))).get();
}

describe('When a database seeded with the old seed is upgraded, with one record changed by an analyst', () => {
  let ctx: TestContext;
  let line: string | undefined;
  let analystTitle: string;
  beforeAll(async () => {
    ctx = await createTestContext();
    ctx.tx.delete(dataMigrations).run();
    await loadSeed(ctx.db, oldSeedData);
    // An analyst retitles Babaev-4 before the upgrade (as the edit form's save writes it: by the analyst, one version on).
    const target = rec(ctx, ROUNDTABLE, 'Babaev-4')!;
    await signInAs(ctx, 'editor');
    const editor = ctx.db.select().from(users).where(eq(users.role, 'editor')).get()!;
    analystTitle = 'Counter the US course in the Asia-Pacific; work with ASEAN (our wording)';
    ctx.tx.update(recommendations).set({ shortTitle: analystTitle, version: target.version + 1, updatedBy: editor.id }).where(eq(recommendations.id, target.id)).run();
    line = await runDataMigrations(ctx.db);
  });
  afterAll(() => ctx.close());

  test('then the log line lists the corrections and the record the analyst changed, which keeps its wording', () => {
    expect(line).toContain(SEED_CORRECTIONS);
    expect(line).toMatch(/left as an analyst changed them 1 \(riac-roundtable-2024-dialogue-model Babaev-4\)/);
    expect(rec(ctx, ROUNDTABLE, 'Babaev-4')!.shortTitle).toBe(analystTitle);
    expect(ctx.db.select().from(dataMigrations).where(eq(dataMigrations.name, SEED_CORRECTIONS)).get()?.outcome).toBe(line);
  });

  test('then 5.6 is not assessed, its invented-date note is gone, and the change log says why', () => {
    const r = rec(ctx, PETROVSKY, '5.6')!;
    expect(r).toMatchObject({ status: 'not_assessed', statusSince: null, priority: false });
    expect(ctx.db.select().from(evidenceNotes).where(eq(evidenceNotes.recommendationId, r.id)).all()).toEqual([]);
    expect(ctx.db.select().from(statusHistory).where(eq(statusHistory.recommendationId, r.id)).all()).toEqual([]);
    const changes = ctx.db.select().from(recommendationChanges).where(eq(recommendationChanges.recommendationId, r.id)).all();
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'status', oldValue: 'in_progress', newValue: 'not_assessed', reason: SEED_CORRECTION_REASON }),
        expect.objectContaining({ field: 'priority', oldValue: 'yes', newValue: 'no', reason: SEED_CORRECTION_REASON }),
      ]),
    );
  });

  test('then every record the analyst did not touch is as the new seed has it, Mamonov-3 is gone and the new records are added', () => {
    for (const { source, recommendations: recs } of seedData.publications) {
      for (const r of recs) {
        if (source.title === ROUNDTABLE && r.reference === 'Babaev-4') continue;
        const row = rec(ctx, source.title, r.reference);
        expect({ ref: r.reference, title: row?.shortTitle, text: row?.fullText, kind: row?.kind, status: row?.status }).toEqual({
          ref: r.reference,
          title: r.shortTitle,
          text: r.fullText,
          kind: r.kind ?? 'recommendation',
          status: r.status ?? 'not_assessed',
        });
      }
    }
    expect(rec(ctx, MAMONOV, 'Mamonov-3')).toBeUndefined();
    expect(rec(ctx, ROUNDTABLE, 'Babaev-5')).toBeDefined();
  });

  test('then the ministry has the name the publication used, its later name is an alias, and the unused mechanisms are removed', () => {
    const ministry = ctx.db.select().from(bodies).where(eq(bodies.name, 'Ministry for the Development of the Russian Far East')).get()!;
    expect(ministry).toBeDefined();
    expect(ctx.db.select({ alias: bodyAliases.alias }).from(bodyAliases).where(eq(bodyAliases.bodyId, ministry.id)).all().map((a) => a.alias)).toContain(
      'Ministry for the Development of the Russian Far East and Arctic',
    );
    expect(ctx.db.select().from(bodies).where(eq(bodies.name, 'Ministry for the Development of the Russian Far East and Arctic')).get()).toBeUndefined();
    expect(ctx.db.select().from(mechanisms).where(eq(mechanisms.name, 'Valdai Discussion Club')).get()).toBeUndefined();
  });

  test('then running it again changes nothing', async () => {
    expect(await runDataMigrations(ctx.db)).toBeUndefined();
  });
});

describe('When a new database is migrated', () => {
  test('then the data migration records that there was nothing to correct, and the new seed loads as it is', async () => {
    const ctx = await createTestContext();
    try {
      const line = ctx.db.select().from(dataMigrations).get();
      expect(line).toBeUndefined();
      expect(await runDataMigrations(ctx.db)).toMatch(/nothing to correct/);
      await loadSeed(ctx.db, seedData);
      expect(await runDataMigrations(ctx.db)).toBeUndefined();
    } finally {
      ctx.close();
    }
  });
});
