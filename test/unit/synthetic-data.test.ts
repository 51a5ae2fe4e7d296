import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { authenticate } from '../../server/auth/users';
import { closeDatabase, migrateDatabase, openDatabase, rawWriter, type Db } from '../../server/db/client';
import { generateSynthetic } from '../../scripts/synthetic/generate';

/** The synthetic data set behind the benchmark: reproducible, consistent, and searchable like real data. */

let dir: string;
const open: Db[] = [];

function freshDatabase(name: string): Db {
  const db = openDatabase(path.join(dir, `${name}.sqlite`));
  migrateDatabase(db);
  open.push(db);
  return db;
}

function rows(db: Db, sql: string): unknown[] {
  return rawWriter(db).prepare(sql).all();
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-synthetic-'));
});

afterAll(() => {
  for (const db of open) closeDatabase(db);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('generateSynthetic', () => {
  let db: Db;

  beforeAll(async () => {
    db = freshDatabase('main');
    await generateSynthetic(db, { recommendations: 600, notesPer: 3 });
  });

  test('When it runs twice with the same options, then both databases hold the same rows', async () => {
    const again = freshDatabase('again');
    await generateSynthetic(again, { recommendations: 600, notesPer: 3 });
    for (const table of ['users', 'bodies', 'mechanisms', 'sources', 'recommendations', 'evidence_notes', 'status_history', 'recommendation_bodies']) {
      expect(rows(again, `SELECT * FROM ${table} ORDER BY 1, 2`)).toEqual(rows(db, `SELECT * FROM ${table} ORDER BY 1, 2`));
    }
  });

  test('When it has run, then every recommendation’s current status and date are those of its last status change', () => {
    const mismatched = rows(
      db,
      `SELECT r.id FROM recommendations r
         JOIN status_history h ON h.id = (SELECT max(id) FROM status_history WHERE recommendation_id = r.id)
        WHERE r.status <> h.to_status OR r.status_since <> h.effective_on`,
    );
    expect(mismatched).toEqual([]);
    const unchangedButMoved = rows(db, `SELECT id FROM recommendations r WHERE NOT EXISTS (SELECT 1 FROM status_history WHERE recommendation_id = r.id) AND status <> 'not_assessed'`);
    expect(unchangedButMoved).toEqual([]);
    const outOfOrder = rows(
      db,
      `SELECT a.id FROM status_history a JOIN status_history b ON b.recommendation_id = a.recommendation_id AND b.id = a.id + 1
        WHERE b.effective_on < a.effective_on OR b.from_status <> a.to_status`,
    );
    expect(outOfOrder).toEqual([]);
  });

  test('When a status change cites evidence, then the note is the same recommendation’s, observed on the day of the change', () => {
    const linked = rows(db, 'SELECT count(*) AS n FROM status_history WHERE evidence_note_id IS NOT NULL') as { n: number }[];
    expect(linked[0]!.n).toBeGreaterThan(0);
    const wrong = rows(
      db,
      `SELECT h.id FROM status_history h JOIN evidence_notes n ON n.id = h.evidence_note_id
        WHERE n.recommendation_id <> h.recommendation_id OR n.observed_on <> h.effective_on`,
    );
    expect(wrong).toEqual([]);
    expect(rows(db, 'PRAGMA foreign_key_check')).toEqual([]);
  });

  test('When it has run, then the data mixes statuses, languages, sub-recommendations, overdue and stale ones', () => {
    const statuses = rows(db, 'SELECT DISTINCT status FROM recommendations') as { status: string }[];
    expect(statuses.length).toBeGreaterThanOrEqual(8);
    const languages = rows(db, 'SELECT DISTINCT language FROM evidence_notes ORDER BY 1') as { language: string }[];
    expect(languages.map((l) => l.language)).toEqual(['en', 'ru', 'zh']);
    const count = (sql: string) => (rows(db, sql) as { n: number }[])[0]!.n;
    expect(count('SELECT count(*) AS n FROM recommendations WHERE parent_id IS NOT NULL')).toBeGreaterThan(0);
    expect(count(`SELECT count(*) AS n FROM recommendations WHERE target_date < '2026-11-01' AND status IN ('in_progress', 'stalled', 'no_action')`)).toBeGreaterThan(0);
    expect(
      count(`SELECT count(*) AS n FROM recommendations r WHERE coalesce(last_verified_on, '') < '2026-05-01'
               AND coalesce((SELECT max(observed_on) FROM evidence_notes WHERE recommendation_id = r.id), '') < '2026-05-01'`),
    ).toBeGreaterThan(0);
    expect(count(`SELECT count(*) AS n FROM recommendations r JOIN sources s ON s.id = r.source_id WHERE r.parent_id IS NOT NULL
                    AND s.id <> (SELECT source_id FROM recommendations WHERE id = r.parent_id)`)).toBe(0);
  });

  test('When it has run, then the search index holds what the triggers would have written, and the triggers are back', () => {
    // FTS5's integrity check with rank 1 compares each index with the table it indexes, and throws on any difference.
    for (const index of ['recommendation_search', 'evidence_note_search']) {
      expect(() => rawWriter(db).exec(`INSERT INTO ${index} (${index}, rank) VALUES ('integrity-check', 1)`)).not.toThrow();
    }
    expect(rawWriter(db).prepare("SELECT v FROM evidence_note_search_config WHERE k = 'automerge'").pluck().get()).toBe(16);
    const triggers = (d: Db) => rows(d, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`);
    expect(triggers(db)).toEqual(triggers(freshDatabase('empty')));

    rawWriter(db)
      .prepare(`INSERT INTO evidence_notes (recommendation_id, observed_on, text, source_kind, language, author_id) VALUES (1, '2026-11-02', 'Квитанция 快递单号 waybill', 'news', 'en', 1)`)
      .run();
    const found = rows(db, `SELECT rowid >> 32 AS id FROM evidence_note_search WHERE evidence_note_search MATCH '"快递单号"'`);
    expect(found).toEqual([{ id: 1 }]);
  });

  test('When it has run, then its analysts are editors who cannot sign in, and there is no admin', async () => {
    const users = rows(db, 'SELECT role, password_hash AS hash FROM users') as { role: string; hash: string }[];
    expect(users.length).toBe(40);
    expect(new Set(users.map((u) => `${u.role} ${u.hash}`))).toEqual(new Set(['editor !']));
    expect(await authenticate(db, 'analyst-01@synthetic.invalid', '!')).toBeUndefined();
  });

  test('When the database already holds recommendations, then it refuses and writes nothing', async () => {
    const before = rows(db, 'SELECT count(*) AS n FROM recommendations');
    await expect(generateSynthetic(db, { recommendations: 10, notesPer: 1 })).rejects.toThrow(/already holds 600 recommendations/);
    expect(rows(db, 'SELECT count(*) AS n FROM recommendations')).toEqual(before);
  });
});
