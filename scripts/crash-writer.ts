import { eq } from 'drizzle-orm';
import { openDatabase } from '../server/db/client';
import { commit } from '../server/db/commit';
import { recommendations } from '../server/db/schema';
import { STATUS_KEYS } from '../server/domain/vocabulary';
import { today } from '../server/lib/dates';
import { updateStatus } from '../server/recommendations/service';

/**
 * The victim of scripts/crash-test.ts: writes status updates (status, history
 * row and evidence note) through the app's write path as fast as it can, until
 * it is killed.
 */
const [databasePath, userIdArg] = process.argv.slice(2);
if (!databasePath || !userIdArg) throw new Error('usage: crash-writer DATABASE USER_ID');
const db = openDatabase(databasePath);
const userId = Number(userIdArg);
const ids = db.select({ id: recommendations.id }).from(recommendations).all().map((r) => r.id);

async function writeUntilKilled(): Promise<void> {
  for (let n = 0; ; n++) {
    const id = ids[n % ids.length]!;
    const current = db.select({ status: recommendations.status }).from(recommendations).where(eq(recommendations.id, id)).get()!;
    const next = STATUS_KEYS[(STATUS_KEYS.indexOf(current.status) + 1) % STATUS_KEYS.length]!;
    const evidence = { text: `crash test evidence ${n}`, sourceKind: 'internal_assessment' as const, language: 'en' as const };
    const result = await commit(db, (tx) => updateStatus(tx, id, { status: next, effectiveOn: today(), rationale: 'crash test', evidence }, userId));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    if (n === 0) process.stdout.write('ready\n');
  }
}

void writeUntilKilled();
