import { commit } from '../../server/db/commit';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { count, eq } from 'drizzle-orm';
import { backupDatabase, checkIntegrity, restoreDatabase } from '../../server/db/backup';
import { closeDatabase, openDatabase } from '../../server/db/client';
import { evidenceNotes, recommendations, statusHistory } from '../../server/db/schema';
import { addEvidence } from '../../server/recommendations/service';
import { createTestContext, makeUser, type TestContext } from '../helpers';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
});
afterAll(() => ctx.close());

describe('Backup and restore', () => {
  test('When a backup runs while notes are being written, then the copy is sound and holds a consistent state', async () => {
    const editor = await makeUser(ctx.db, 'editor');
    const id = ctx.db.select().from(recommendations).get()!.id;
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        addEvidence(ctx.tx, id, { observedOn: '2025-01-01', text: `note ${written}`, sourceKind: 'news', language: 'en' }, editor.id);
        written++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const target = path.join(ctx.dir, 'backup.sqlite');
    try {
      await backupDatabase(ctx.databasePath, target);
    } finally {
      writing = false;
      await writer;
    }
    expect(written).toBeGreaterThan(0);
    expect(checkIntegrity(target)).toBe('ok');
    const copy = new Database(target, { readonly: true });
    const notes = (copy.prepare('SELECT count(*) AS n FROM evidence_notes WHERE recommendation_id = ?').get(id) as { n: number }).n;
    const fk = copy.pragma('foreign_key_check') as unknown[];
    copy.close();
    expect(notes).toBeLessThanOrEqual(written);
    expect(fk).toEqual([]);
  });

  test('When a backup is restored, then the database is as it was at the backup', async () => {
    const editor = await makeUser(ctx.db, 'editor');
    const id = ctx.db.select().from(recommendations).get()!.id;
    const source = path.join(ctx.dir, 'restore-source.sqlite');
    const live = path.join(ctx.dir, 'live.sqlite');
    await backupDatabase(ctx.databasePath, source);
    await backupDatabase(ctx.databasePath, live);
    const notesBefore = ctx.db.select({ n: count() }).from(evidenceNotes).get()!.n;

    const liveDb = openDatabase(live);
    await commit(liveDb, (tx) => addEvidence(tx, id, { observedOn: '2025-02-02', text: 'written after the backup', sourceKind: 'news', language: 'en' }, editor.id));
    closeDatabase(liveDb);

    restoreDatabase(source, live);
    const restored = openDatabase(live);
    expect(restored.select({ n: count() }).from(evidenceNotes).get()!.n).toBe(notesBefore);
    expect(restored.select().from(evidenceNotes).where(eq(evidenceNotes.text, 'written after the backup')).all()).toHaveLength(0);
    expect(restored.select({ n: count() }).from(statusHistory).get()!.n).toBeGreaterThan(0);
    closeDatabase(restored);
  });

  test('When the file to restore is not a database, then restore refuses and the database is untouched', () => {
    const bogus = path.join(ctx.dir, 'bogus.sqlite');
    fs.writeFileSync(bogus, 'not a database'.repeat(500));
    const before = fs.readFileSync(ctx.databasePath);
    expect(() => restoreDatabase(bogus, ctx.databasePath)).toThrow();
    expect(fs.readFileSync(ctx.databasePath).equals(before)).toBe(true);
  });

  test('When the backup target exists, then backup refuses rather than overwrite it', async () => {
    const target = path.join(ctx.dir, 'exists.sqlite');
    fs.writeFileSync(target, 'keep me');
    await expect(backupDatabase(ctx.databasePath, target)).rejects.toThrow(/already exists/);
    expect(fs.readFileSync(target, 'utf8')).toBe('keep me');
  });
});
