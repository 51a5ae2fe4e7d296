import { eq } from 'drizzle-orm';
import { ensureSeedAuthor } from '../auth/users';
import { hasLifecycleHistory } from '../mechanisms/queries';
import { seedData } from '../../seed/data';
import { loadLifecycleHistory } from '../../seed/load';
import type { Db } from './client';
import { commit } from './commit';
import { dataMigrations, mechanisms } from './schema';

/**
 * Issue 21's data migration: a database seeded before mechanisms had a dated lifecycle gets the seed's lifecycle
 * entries (the Cooperation Council's founding in 2015), run once and recorded in `data_migrations`, as
 * server/db/seed-corrections.ts does for issue 19. An entry is added only where the mechanism is still as the
 * seed left it: no lifecycle history yet, the seed's stage, and no other year established; one an analyst has
 * changed since is left as it is and named in the outcome.
 */
export const LIFECYCLE_SEED = 'mechanism-lifecycle-seed-issue-21';

export async function runLifecycleSeed(db: Db): Promise<string | undefined> {
  if (db.select().from(dataMigrations).where(eq(dataMigrations.name, LIFECYCLE_SEED)).get()) return undefined;
  const seeded = seedData.mechanisms.filter((m) => m.lifecycleHistory?.length && db.select({ id: mechanisms.id }).from(mechanisms).where(eq(mechanisms.name, m.name)).get());
  // CASE: a database without the seed's mechanisms (new, or never seeded) gets no seed account either.
  const author = seeded.length > 0 ? await ensureSeedAuthor(db) : undefined;
  return commit(db, (tx) => {
    const added: string[] = [];
    const left: string[] = [];
    for (const m of seeded) {
      const row = tx.select().from(mechanisms).where(eq(mechanisms.name, m.name)).get();
      if (!row) continue;
      const established = m.lifecycleHistory!.find((c) => c.stage === 'established');
      const asSeeded = row.lifecycle === m.lifecycle && (row.yearEstablished === null || row.yearEstablished === Number(established?.effectiveOn.slice(0, 4)));
      if (hasLifecycleHistory(tx, row.id) || !asSeeded) {
        left.push(`“${row.name}”`);
        continue;
      }
      loadLifecycleHistory(tx, row.id, m, author!.id);
      added.push(`“${row.name}”`);
    }
    const line =
      `${LIFECYCLE_SEED}: lifecycle history added to ${added.length} (${added.join(', ') || 'none'}); ` +
      `left as an analyst changed them ${left.length} (${left.join(', ') || 'none'})`;
    tx.insert(dataMigrations).values({ name: LIFECYCLE_SEED, outcome: line }).run();
    return line;
  });
}
