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
 * evidence note, each in its own transaction as a request makes it; and what
 * each trigger a status update fires adds to it (the note's search indexes, the
 * board's kept counts): the same updates with that trigger dropped, then with
 * all of them dropped (a trigger of another version of the schema is skipped). The variants take turns in small batches on one copy, so
 * that the machine's drift (other processes) moves each of them alike; the
 * figure is the process's CPU time, which another process's load disturbs less
 * than the clock. The WAL is checkpointed from a worker thread, as the server
 * does it. Not a test: figures depend on the machine.
 */

const { values: args } = parseArgs({
  options: {
    database: { type: 'string', default: path.join(__dirname, '.data', 'synthetic-100000x5.sqlite') },
    updates: { type: 'string', default: '1000' },
  },
});
const UPDATES = Number(args.updates);
const BATCH = 50;
const COPY = path.join(path.dirname(args.database), 'write-cost.sqlite');

const VARIANTS: { label: string; drop: string[] }[] = [
  { label: 'as the app does them', drop: [] },
  { label: 'without the word index of the new note (migration 0010)', drop: ['evidence_notes_words_insert'] },
  { label: 'without the trigram index of the new note (migration 0005)', drop: ['evidence_notes_search_insert'] },
  { label: "without the board's status counts (migrations 0012, 0016)", drop: ['board_recommendations_update', 'board_recommendations_status'] },
  { label: "without the board's status history (migrations 0012, 0016)", drop: ['board_history_insert', 'board_history_append'] },
  { label: "without the board's month totals of the history (migration 0012)", drop: ['board_history_days_insert', 'board_history_days_update'] },
  { label: "without the board's latest events of a new note (migration 0012)", drop: ['board_notes_insert'] },
  { label: "without the filtered board's facts (migration board_facts)", drop: ['board_facts_recommendations_update', 'board_facts_history_insert', 'board_facts_notes_insert'] },
];
VARIANTS.push({ label: 'without any of these triggers', drop: [...new Set(VARIANTS.flatMap((v) => v.drop))] });

function freshCopy(): Db {
  removeCopy();
  fs.copyFileSync(args.database, COPY);
  return openDatabase(COPY);
}

function removeCopy(): void {
  for (const f of [COPY, `${COPY}-wal`, `${COPY}-shm`]) fs.rmSync(f, { force: true });
}

/** CPU microseconds per update, over each variant's share of UPDATES updates spread across the file. */
async function timeVariants(db: Db): Promise<number[]> {
  const sqlite = rawWriter(db);
  const author = (sqlite.prepare('SELECT id FROM users LIMIT 1').pluck().get() as number | undefined) ?? 1;
  const rows = sqlite.prepare('SELECT id, status FROM recommendations').all() as { id: number; status: StatusKey }[];
  const definitions = new Map(sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all().map((r) => [(r as { name: string }).name, (r as { sql: string }).sql]));
  const spent = VARIANTS.map(() => 0);
  const done = VARIANTS.map(() => 0);
  let n = 0;
  while (n < UPDATES) {
    for (const [v, { drop }] of VARIANTS.entries()) {
      for (const trigger of drop) sqlite.exec(`DROP TRIGGER IF EXISTS ${trigger}`);
      const started = process.cpuUsage();
      for (let i = 0; i < BATCH; i++, n++) {
        // A step coprime with the row count visits rows all over the file, as random saves would.
        const row = rows[(n * 7919) % rows.length]!;
        row.status = row.status === 'in_progress' ? 'stalled' : 'in_progress';
        const evidence = n % 2 === 0 ? { text: `Bench note ${n}: the working group met in Harbin`, sourceKind: 'official_document' as const, language: 'en' as const, observedOn: today() } : undefined;
        const result = await commit(db, (tx) => updateStatus(tx, row.id, { status: row.status, effectiveOn: today(), rationale: 'Bench', evidence }, author));
        if (!result.ok) throw new Error(`Update of ${row.id} refused: ${JSON.stringify(result)}`);
      }
      const { user, system } = process.cpuUsage(started);
      spent[v]! += user + system;
      done[v]! += BATCH;
      for (const trigger of drop) if (definitions.has(trigger)) sqlite.exec(definitions.get(trigger)!);
    }
  }
  return spent.map((us, v) => us / done[v]!);
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
  const db = freshCopy();
  const checkpointer = startCheckpointer(db, pino({ level: 'silent' }));
  let perUpdate: number[];
  try {
    perUpdate = await timeVariants(db);
  } finally {
    await checkpointer.stop();
    closeDatabase(db);
    removeCopy();
  }
  const lines = ['| status updates, each its own transaction | CPU µs per update |', '|---|--:|'];
  VARIANTS.forEach(({ label }, v) => lines.push(`| ${label} | ${Math.round(perUpdate[v]!)} |`));
  console.log(lines.join('\n'));
}

void main();
