import fs from 'node:fs';
import path from 'node:path';

/**
 * No write outside the one path (docs/decisions/0009-one-write-path.md): the
 * types keep readers from writing (test/types/read-only-db.ts); this keeps
 * anyone from going around them. Transactions, connections and the writing
 * connection itself appear only in the server/db/ modules that own them.
 */

const ROOT = path.join(__dirname, '..', '..');

/** Each module that may use what is otherwise forbidden, and why it may. */
const OWNERS: Record<string, string> = {
  'server/db/client.ts': 'opens the connections',
  'server/db/commit.ts': 'the write path: BEGIN, SAVEPOINT, COMMIT',
  'server/db/reader.ts': 'snapshots on read-only connections of their own',
  'server/db/raw.ts': 'sql-template reads on the read connection',
  'server/db/prepared.ts': 'statements prepared per connection',
  'server/db/checkpointer.ts': "the worker's own connection",
  'server/db/backup.ts': "SQLite's backup API on connections of its own",
};

const FORBIDDEN: [string, RegExp][] = [
  ['a transaction statement', /\b(BEGIN|COMMIT|SAVEPOINT|ROLLBACK)\b/],
  ['a transaction helper', /\.transaction\(/],
  ['the driver connection', /\$client/],
  ['a connection of its own', /new Database\(/],
  ['the writing connection', /\b(rawWriter|writerOf|sqliteOf)\b/],
];

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sources(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

describe('The one write path', () => {
  test('When the sources of server/ and seed/ are read, then only the db modules that own them open transactions or reach a connection', () => {
    const found: string[] = [];
    for (const file of [...sources('server'), ...sources('seed')]) {
      if (file in OWNERS) continue;
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      for (const [what, pattern] of FORBIDDEN) {
        text.split('\n').forEach((line, i) => {
          if (pattern.test(line)) found.push(`${file}:${i + 1} uses ${what}: ${line.trim()}`);
        });
      }
    }
    expect(found).toEqual([]);
  });

  test('When the scan meets a write around the path, then it finds it (the scan is not blind)', () => {
    const sample = 'db.$client.prepare("BEGIN").run(); sqlite.transaction(() => 1); rawWriter(db);';
    expect(FORBIDDEN.filter(([, pattern]) => pattern.test(sample)).map(([what]) => what)).toEqual([
      'a transaction statement',
      'a transaction helper',
      'the driver connection',
      'the writing connection',
    ]);
  });
});
