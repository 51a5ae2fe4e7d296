import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createUser } from '../server/auth/users';
import { closeDatabase, migrateDatabase, openDatabase } from '../server/db/client';
import { seedData } from '../seed/data';
import { loadSeed } from '../seed/load';

/**
 * `npm run test:crash [-- --runs N]`: kills a process writing status updates
 * with SIGKILL, N times, and after each kill checks that the database is
 * sound and that every status update is all or nothing.
 */

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 50;
const writer = path.resolve(__dirname, 'crash-writer.ts');

function check(file: string): string[] {
  const db = new Database(file);
  try {
    const problems: string[] = [];
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(fk)}`);
    const orphanHistory = db
      .prepare(
        `SELECT count(*) AS n FROM status_history h LEFT JOIN evidence_notes e ON e.id = h.evidence_note_id
          WHERE h.rationale = 'crash test' AND (e.id IS NULL OR e.recommendation_id <> h.recommendation_id)`,
      )
      .get() as { n: number };
    if (orphanHistory.n > 0) problems.push(`${orphanHistory.n} history rows without their evidence note`);
    const notes = (db.prepare(`SELECT count(*) AS n FROM evidence_notes WHERE text LIKE 'crash test evidence %'`).get() as { n: number }).n;
    const changes = (db.prepare(`SELECT count(*) AS n FROM status_history WHERE rationale = 'crash test'`).get() as { n: number }).n;
    if (notes !== changes) problems.push(`${notes} evidence notes for ${changes} status changes`);
    const mismatched = db
      .prepare(
        `SELECT count(*) AS n FROM recommendations r
          JOIN status_history h ON h.id = (SELECT max(id) FROM status_history WHERE recommendation_id = r.id)
          WHERE r.status <> h.to_status OR r.status_since <> h.effective_on`,
      )
      .get() as { n: number };
    if (mismatched.n > 0) problems.push(`${mismatched.n} recommendations whose status is not their last history row`);
    return problems;
  } finally {
    db.close();
  }
}

function killDuringWrites(file: string, userId: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // node itself with tsx as a loader: the tsx CLI would put a second process
    // between us and the writer, and SIGKILL would only reach the outer one.
    const child = spawn(process.execPath, ['--import', 'tsx', writer, file, String(userId)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), 20 + Math.random() * 200));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer stopped by itself: ${stderr}`))));
  });
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-crash-'));
  const file = path.join(dir, 'crash.sqlite');
  const db = openDatabase(file);
  migrateDatabase(db);
  await loadSeed(db, seedData);
  const user = await createUser(db, { name: 'Crash test', email: 'crash@example.org', password: null, role: 'editor' });
  closeDatabase(db);

  const started = Date.now();
  for (let run = 1; run <= runs; run++) {
    await killDuringWrites(file, user.id);
    const problems = check(file);
    if (problems.length > 0) {
      console.error(`Run ${run}: ${problems.join('; ')}`);
      process.exit(1);
    }
  }
  const db2 = new Database(file, { readonly: true });
  const changes = (db2.prepare(`SELECT count(*) AS n FROM status_history WHERE rationale = 'crash test'`).get() as { n: number }).n;
  db2.close();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`crash test: ${runs} kills during writes, ${changes} status updates committed, every check ok (${Math.round((Date.now() - started) / 1000)} s)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
