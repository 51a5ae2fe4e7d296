import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Backup and restore of the SQLite file. Backup uses SQLite's online backup
 * API, so it is consistent while the app keeps serving and writing; restore
 * checks the copy first and replaces the database in one rename.
 */

export function checkIntegrity(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

export async function backupDatabase(databasePath: string, target: string): Promise<void> {
  if (fs.existsSync(target)) throw new Error(`${target} already exists; choose a new file name.`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const db = new Database(databasePath, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // All remaining pages in one step: a step reads one consistent snapshot (WAL
    // readers do not block the app's writes), whereas small steps restart every
    // time the app writes and may never finish on a busy database.
    await db.backup(target, { progress: () => Number.MAX_SAFE_INTEGER });
  } finally {
    db.close();
  }
  const result = checkIntegrity(target);
  if (result !== 'ok') throw new Error(`The backup at ${target} failed its integrity check: ${result}`);
}

/** Replaces the database with a verified backup. The app must be stopped. */
export function restoreDatabase(backup: string, databasePath: string): void {
  const result = checkIntegrity(backup);
  if (result !== 'ok') throw new Error(`${backup} is not a sound database (${result}); nothing was changed.`);
  const staging = `${databasePath}.restoring`;
  fs.copyFileSync(backup, staging);
  // A WAL left from the old database would be replayed into the restored one.
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${databasePath}${suffix}`, { force: true });
  fs.renameSync(staging, databasePath);
}
