import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { startCheckpointer } from '../server/db/checkpointer';
import { closeDatabase, migrateDatabase, openDatabase, rawWriter, type Db } from '../server/db/client';
import { commit } from '../server/db/commit';
import type { StatusKey } from '../server/domain/vocabulary';
import { today } from '../server/lib/dates';
import { updateStatus } from '../server/recommendations/service';

/**
 * `npm run bench:writes`: what one status update costs inside the process, on a
 * copy of the benchmark's synthetic database (`npm run bench` builds it once):
 * updates of recommendations taken across the file, every other one with an
 * evidence note, each in its own transaction as a request makes it. Then the
 * same with the triggers that index a new note for search dropped from the
 * copy (the word index's alone, then both), to show their share. The WAL is checkpointed from a worker
 * thread, as the server does it. Not a test: figures
 * depend on the machine.
 */

const { values: args } = parseArgs({
  options: {
    database: { type: 'string', default: path.join(__dirname, '.data', 'synthetic-100000x5.sqlite') },
    updates: { type: 'string', default: '1000' },
  },
});
const UPDATES = Number(args.updates);
const COPY = path.join(path.dirname(args.database), 'write-cost.sqlite');

function freshCopy(): Db {
  for (const f of [COPY, `${COPY}-wal`, `${COPY}-shm`]) fs.rmSync(f, { force: true });
  fs.copyFileSync(args.database, COPY);
  return openDatabase(COPY);
}

/** Milliseconds per update, over UPDATES updates spread across the file. */
async function timeUpdates(db: Db): Promise<number> {
  const author = (rawWriter(db).prepare('SELECT id FROM users LIMIT 1').pluck().get() as number | undefined) ?? 1;
  const rows = rawWriter(db).prepare('SELECT id, status FROM recommendations').all() as { id: number; status: StatusKey }[];
  const started = performance.now();
  for (let i = 0; i < UPDATES; i++) {
    // A step coprime with the row count visits rows all over the file, as random saves would.
    const row = rows[(i * 7919) % rows.length]!;
    row.status = row.status === 'in_progress' ? 'stalled' : 'in_progress';
    const evidence = i % 2 === 0 ? { text: `Bench note ${i}: the working group met in Harbin`, sourceKind: 'official_document' as const, language: 'en' as const, observedOn: today() } : undefined;
    const result = await commit(db, (tx) => updateStatus(tx, row.id, { status: row.status, effectiveOn: today(), rationale: 'Bench', evidence }, author));
    if (!result.ok) throw new Error(`Update of ${row.id} refused: ${JSON.stringify(result)}`);
  }
  return (performance.now() - started) / UPDATES;
}

async function main() {
  if (!fs.existsSync(args.database) || !(UPDATES > 0)) {
    console.error(`Usage: npm run bench:writes -- [--database FILE] [--updates 1000]; ${args.database} is built by npm run bench.`);
    process.exit(2);
  }
  // A migration added since the file was built applies to it once, as npm run bench does.
  const source = openDatabase(args.database);
  migrateDatabase(source);
  closeDatabase(source);
  const lines = ['| status updates, each its own transaction | ms per update |', '|---|--:|'];
  const variants: { label: string; drop: string[] }[] = [
    { label: 'as the app does them', drop: [] },
    { label: 'without the word index of the new note (migration 0009)', drop: ['evidence_notes_words_insert'] },
    { label: 'without indexing the new note for search', drop: ['evidence_notes_search_insert', 'evidence_notes_words_insert'] },
  ];
  for (const { label, drop } of variants) {
    const db = freshCopy();
    const checkpointer = startCheckpointer(db, pino({ level: 'silent' }));
    try {
      for (const trigger of drop) rawWriter(db).exec(`DROP TRIGGER ${trigger}`);
      const ms = await timeUpdates(db);
      lines.push(`| ${label} | ${ms.toFixed(2)} |`);
    } finally {
      await checkpointer.stop();
      closeDatabase(db);
    }
  }
  for (const f of [COPY, `${COPY}-wal`, `${COPY}-shm`]) fs.rmSync(f, { force: true });
  console.log(lines.join('\n'));
}

void main();
