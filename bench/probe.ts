import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createUser } from '../server/auth/users';
import { closeDatabase, openDatabase, rawWriter } from '../server/db/client';
import type { StatusKey } from '../server/domain/vocabulary';
import { Random } from '../scripts/synthetic/random';
import { readerPage, saveStatus, type MixData, type PageKind } from './mix';
import { startTracker } from './processes';
import { EDITOR, signIn } from './sign-in';

/**
 * `npm run bench:probe [-- --kind board --save-before]`: the mix's reader
 * pages asked one at a time, nobody else asking, each timed: what each kind of
 * page costs the server on its own, and which pages cost most. It builds the
 * server first and works on a copy of the benchmark's cached database (run
 * `npm run bench -- --only mix` once to build it). With --save-before, an
 * editor saves a status before each page, so no cache answers it.
 */
const { values } = parseArgs({
  options: {
    database: { type: 'string', default: path.resolve(__dirname, '.data/synthetic-100000x5.sqlite') },
    pages: { type: 'string', default: '400' },
    seed: { type: 'string', default: '11' },
    kind: { type: 'string' },
    slowest: { type: 'string', default: '25' },
    /** Save a status through the form before each page, so that no cache holds it: what a page costs right after a save. */
    'save-before': { type: 'boolean', default: false },
  },
});

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-'));
  const file = path.join(dir, 'probe.sqlite');
  fs.copyFileSync(values.database!, file);
  const db = openDatabase(file);
  const idsOf = (table: string) => rawWriter(db).prepare(`SELECT id FROM ${table}`).pluck().all() as number[];
  const statuses = rawWriter(db).prepare('SELECT id, status FROM recommendations').all() as { id: number; status: StatusKey }[];
  const data: MixData = {
    ids: statuses.map((r) => r.id),
    statuses: new Map(statuses.map((r) => [r.id, r.status])),
    mechanisms: idsOf('mechanisms'),
    bodies: idsOf('bodies'),
    sources: idsOf('sources'),
    themes: idsOf('themes'),
  };
  const viewer = { name: 'Probe viewer', email: 'probe-viewer@example.org', password: 'probe-viewer-password' };
  await createUser(db, { ...viewer, role: 'viewer' });
  await createUser(db, { ...EDITOR, role: 'editor' });
  closeDatabase(db);
  const tracker = await startTracker(file);
  try {
    const { cookie } = await signIn(tracker.url, viewer);
    const editor = await signIn(tracker.url, EDITOR);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (url: string) =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        http
          .get(url, { agent, headers: { cookie, accept: 'text/html', 'accept-encoding': 'gzip, deflate, br, zstd' } }, (response) => {
            response.resume();
            response.on('end', () => (response.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`${url}: ${response.statusCode}`))));
          })
          .on('error', reject);
      });
    const random = new Random(Number(values.seed));
    const times: { kind: PageKind; path: string; ms: number }[] = [];
    // Each page once: a first request warms the code, then pages the session has not seen.
    for (let i = 0; i < 30; i++) await get(`${tracker.url}${readerPage(random, data).path}`);
    while (times.length < Number(values.pages)) {
      const page = readerPage(random, data);
      if (values.kind && page.kind !== values.kind) continue;
      if (values['save-before'] && !(await saveStatus(agent, tracker.url, editor.cookie, data, random)).ok) throw new Error('a save failed');
      times.push({ ...page, ms: await get(`${tracker.url}${page.path}`) });
    }
    const kinds = [...new Set(times.map((t) => t.kind))];
    for (const kind of kinds) {
      const ms = times.filter((t) => t.kind === kind).map((t) => t.ms).sort((a, b) => a - b);
      const at = (p: number) => ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)]!.toFixed(1);
      const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
      console.log(`${kind.padEnd(7)} n=${String(ms.length).padStart(4)}  mean ${mean.toFixed(1)}  p50 ${at(0.5)}  p95 ${at(0.95)}  max ${at(1)} ms`);
    }
    const total = times.reduce((sum, t) => sum + t.ms, 0);
    console.log(`all     n=${times.length}  mean ${(total / times.length).toFixed(1)} ms`);
    console.log('\nslowest:');
    for (const t of [...times].sort((a, b) => b.ms - a.ms).slice(0, Number(values.slowest))) console.log(`${t.ms.toFixed(1).padStart(8)} ms  ${t.kind.padEnd(7)} ${t.path}`);
    agent.destroy();
  } finally {
    await tracker.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
