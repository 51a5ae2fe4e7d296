import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createUser } from '../server/auth/users';
import { closeDatabase, migrateDatabase, openDatabase, rawWriter } from '../server/db/client';
import { EDITOR, signIn } from './sign-in';
import { memoryMb, resetPeakMemory, startTracker, watchMemory } from './processes';

/**
 * `npx tsx bench/xlsx-export.ts [--database bench/.data/synthetic-100000x5.sqlite]`
 * (after `npm run build`; `npm run bench` builds the database): the full
 * progress report as .xlsx and as CSV from a tracker in a process of its own
 * (production flags), each downloaded by a separate process; prints the wall
 * time, the size, the tracker's peak memory, and the longest a health check
 * waited meanwhile (how long the export kept everyone else waiting).
 */

const { values: args } = parseArgs({
  options: {
    database: { type: 'string', default: path.resolve(__dirname, '.data/synthetic-100000x5.sqlite') },
    runs: { type: 'string', default: '2' },
  },
});
function download(url: string, cookie: string): Promise<{ status: number; bytes: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve(__dirname, '../dist/bench/download.js'), url, cookie], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`download of ${url} failed`))));
  });
}

async function measure(baseUrl: string, cookie: string, pid: number, target: string) {
  resetPeakMemory(pid);
  const before = memoryMb(pid, 'VmRSS');
  const watch = watchMemory(pid);
  let done = false;
  let longest = 0;
  let pings = 0;
  const pinging = (async () => {
    while (!done) {
      const started = performance.now();
      await (await fetch(`${baseUrl}/healthz`)).text();
      longest = Math.max(longest, performance.now() - started);
      pings++;
    }
  })();
  const result = await download(`${baseUrl}${target}`, cookie);
  done = true;
  await pinging;
  const peak = Math.max(watch.stop(), memoryMb(pid, 'VmHWM'));
  if (result.status !== 200) throw new Error(`${target} answered ${result.status}`);
  return { target, ...result, before, peak, longest, pings };
}

async function main() {
  const file = path.join(os.tmpdir(), `xlsx-bench-${process.pid}.sqlite`);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  fs.copyFileSync(args.database, file);
  const db = openDatabase(file);
  migrateDatabase(db);
  await createUser(db, { ...EDITOR, role: 'editor' });
  const count = (rawWriter(db).prepare('SELECT count(*) AS n FROM recommendations').get() as { n: number }).n;
  closeDatabase(db);
  const tracker = await startTracker(file);
  try {
    const { cookie } = await signIn(tracker.url);
    console.log(`${count.toLocaleString('en')} recommendations`);
    for (let run = 0; run < Number(args.runs); run++) {
      for (const target of ['/reports/progress.xlsx', '/reports/progress.csv', '/reports/progress.xlsx?changed_since=2024-01-01', '/reports/progress.csv?changed_since=2024-01-01']) {
        const r = await measure(tracker.url, cookie, tracker.pid, target);
        console.log(
          `${r.target}: ${r.seconds.toFixed(2)} s, ${(r.bytes / 2 ** 20).toFixed(1)} MB; tracker ${r.before} MB before, ${r.peak} MB at peak; longest health check meanwhile ${Math.round(r.longest)} ms (${r.pings} checks)`,
        );
      }
    }
  } finally {
    await tracker.stop();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
