import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createUser } from '../server/auth/users';
import { closeDatabase, migrateDatabase, openDatabase, rawWriter } from '../server/db/client';
import type { StatusKey } from '../server/domain/vocabulary';
import { generateSynthetic } from '../scripts/synthetic/generate';
import { Random } from '../scripts/synthetic/random';
import { RARE_PLACE } from '../scripts/synthetic/vocabulary';
import { describeReport } from '../scripts/seed-synthetic';
import { exportSql } from './export-sql';
import { EDITOR, signIn } from './sign-in';
import { runBareLoop, runMix, saveStatus, summarizeMix, type MixData, type MixResult } from './mix';
import { measure, median, settle, startLoad, summarize, type LoadResult, type LoadSettings, type LoadSpec } from './load';
import { memoryMb, resetPeakMemory, startChild, startTracker, watchMemory } from './processes';
import { formatReport, type Figures } from './report';

/**
 * `npm run bench [-- --recommendations 100000]`: the tracker under load on a
 * synthetic database, beside a bare Express app, with sessions, CSRF and
 * security headers on as in production. Prints the table and writes it to
 * bench/last-run.md. Not a test: it runs for several minutes and its figures
 * depend on the machine.
 */

const { values: args } = parseArgs({
  options: {
    recommendations: { type: 'string', default: '100000' },
    small: { type: 'string', default: '1000' },
    'notes-per': { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    runs: { type: 'string', default: '3' },
    'mix-seconds': { type: 'string', default: '30' },
    readers: { type: 'string', default: '20' },
    only: { type: 'string' },
  },
});
const PARTS = ['bare', 'mix', 'pages', 'export', 'small'] as const;
/**
 * `--only pages,export`: run some parts while working on them; the table is then
 * printed, not written to last-run.md. Without `bare`, the pages get no ratios.
 */
const ONLY = args.only?.split(',');
const N = Number(args.recommendations);
const SMALL = Number(args.small);
const NOTES_PER = Number(args['notes-per']);
const MIX_SECONDS = Number(args['mix-seconds']);
const READERS = Number(args.readers);
const MIX_EDITORS = 2;
const SETTINGS: LoadSettings = {
  connections: Number(args.connections),
  seconds: Number(args.seconds),
  warmupSeconds: Number(args.warmup),
  runs: Number(args.runs),
};
if (ONLY?.some((part) => !(PARTS as readonly string[]).includes(part))) {
  console.error(`--only takes some of ${PARTS.join(', ')}`);
  process.exit(2);
}
if (ONLY?.includes('small') && !ONLY.includes('pages')) {
  console.error('The list at the small size is measured beside the pages: --only pages,small');
  process.exit(2);
}
const runs = (part: (typeof PARTS)[number]) => !ONLY || ONLY.includes(part);
if (![N, SMALL, MIX_SECONDS, READERS, SETTINGS.connections, SETTINGS.seconds, SETTINGS.runs].every((v) => Number.isInteger(v) && v > 0) || !(NOTES_PER >= 0) || !(SETTINGS.warmupSeconds >= 0)) {
  console.error(`Usage: npm run bench -- [--recommendations 100000] [--small 1000] [--notes-per 5] [--connections 50] [--seconds 10] [--warmup 2] [--runs 3] [--mix-seconds 30] [--readers 20] [--only ${PARTS.join(',')}]`);
  process.exit(2);
}
const EXPORT_RUNS = 3;
/** The longest the list is loaded while an export runs. */
const DURING_EXPORT_MAX_SECONDS = 30;

const DATA_DIR = path.resolve(__dirname, '.data');
/** The mix's people: readers (viewers) and editors, each signing in for a session of their own. */
const mixAccount = (role: 'viewer' | 'editor', i: number) => ({ name: `Bench ${role} ${i}`, email: `bench-${role}-${i}@example.org`, password: 'bench-mix-password' });
const MIX_READERS = Array.from({ length: READERS }, (_, i) => mixAccount('viewer', i + 1));
const MIX_EDITOR_ACCOUNTS = Array.from({ length: MIX_EDITORS }, (_, i) => mixAccount('editor', i + 1));

/** What a browser sends with every request besides its cookie: it takes compressed pages (Chrome's header). */
function browserHeaders(cookie: string): Record<string, string> {
  return { cookie, 'accept-encoding': 'gzip, deflate, br, zstd' };
}

const LIST_PATH = '/recommendations?status=in_progress&page=3';
const SEARCH_PATH = `/recommendations?q=${encodeURIComponent(RARE_PLACE.en)}`;
const BOARD_PATHS = ['/board', '/board?group=body', '/board?group=source', '/board?view=kanban'];

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The synthetic database for `n` recommendations, built once and kept under bench/.data/. */
async function cachedDatabase(n: number): Promise<{ file: string; built?: string }> {
  const file = path.join(DATA_DIR, `synthetic-${n}x${NOTES_PER}.sqlite`);
  let built: string | undefined;
  if (!fs.existsSync(file)) {
    fs.mkdirSync(DATA_DIR, { recursive: true });
    const partial = `${file}.partial`;
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(f, { force: true });
    log(`building ${file} (${n.toLocaleString('en')} recommendations, ${NOTES_PER} notes each on average)`);
    const db = openDatabase(partial);
    try {
      migrateDatabase(db);
      const report = await generateSynthetic(db, { recommendations: n, notesPer: NOTES_PER });
      built = `loaded in ${report.seconds.toFixed(1)} s: ${describeReport(report)}`;
      log(built);
    } finally {
      closeDatabase(db);
    }
    fs.renameSync(partial, file);
  }
  // A migration added since the file was built applies to the cache once, not to every working copy.
  const db = openDatabase(file);
  migrateDatabase(db);
  closeDatabase(db);
  return { file, built };
}

function removeDatabase(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

/** A fresh copy of the cached database for one run (runs write to it), with the bench's editor in it. */
async function workingCopy(cached: string, n: number): Promise<{ file: string; statuses: Map<number, StatusKey>; searchMatches: number; mix: MixData }> {
  const file = path.join(DATA_DIR, `work-${n}.sqlite`);
  removeDatabase(file);
  fs.copyFileSync(cached, file);
  const db = openDatabase(file);
  try {
    await createUser(db, { ...EDITOR, role: 'editor' });
    for (const account of MIX_READERS) await createUser(db, { ...account, role: 'viewer' });
    for (const account of MIX_EDITOR_ACCOUNTS) await createUser(db, { ...account, role: 'editor' });
    const idsOf = (table: string) => (rawWriter(db).prepare(`SELECT id FROM ${table}`).pluck().all() as number[]);
    const rows = rawWriter(db).prepare('SELECT id, status FROM recommendations').all() as { id: number; status: StatusKey }[];
    const searchMatches = (
      rawWriter(db)
        .prepare(
          `SELECT count(*) AS n FROM (
             SELECT rowid FROM recommendation_search WHERE recommendation_search MATCH :phrase
             UNION
             SELECT rowid >> 32 FROM evidence_note_search WHERE evidence_note_search MATCH :phrase)`,
        )
        .get({ phrase: `"${RARE_PLACE.en}"` }) as { n: number }
    ).n;
    const mix: MixData = {
      ids: rows.map((r) => r.id),
      statuses: new Map(rows.map((r) => [r.id, r.status])),
      mechanisms: idsOf('mechanisms'),
      bodies: idsOf('bodies'),
      sources: idsOf('sources'),
      themes: idsOf('themes'),
    };
    // One map of current statuses for the mix and the status-update target, which both run on this file.
    return { file, statuses: mix.statuses, searchMatches, mix };
  } finally {
    closeDatabase(db);
  }
}


/** Fetches a page once before measuring it, so a broken target fails loudly instead of measuring an error page. */
async function check(url: string, cookie: string, expected = 200): Promise<number> {
  const response = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  const body = await response.text();
  if (response.status !== expected) throw new Error(`${url} answered ${response.status}, not ${expected}: ${body.slice(0, 300)}`);
  return body.length;
}

/**
 * Runs `work` while asking `pingUrl` one request after another, and returns
 * the longest any of those requests waited: how long the server kept everyone
 * else waiting meanwhile.
 */
async function longestWaitMeanwhile(pingUrl: string, work: () => Promise<unknown>): Promise<number> {
  let done = false;
  let longest = 0;
  let failure: unknown;
  const pinging = (async () => {
    while (!done) {
      const started = performance.now();
      await (await fetch(pingUrl)).text();
      longest = Math.max(longest, performance.now() - started);
    }
  })().catch((error: unknown) => {
    failure = error;
  });
  try {
    await work();
  } finally {
    done = true;
    await pinging;
  }
  if (failure) throw failure;
  return longest;
}

/** GET the full CSV export (in a process of its own, see download.ts); wall time and the tracker's peak memory meanwhile. */
function timeExport(baseUrl: string, cookie: string, pid: number): Promise<{ seconds: number; bytes: number; peakMb: number }> {
  const hwmReset = resetPeakMemory(pid);
  const watch = watchMemory(pid);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve(__dirname, '../dist/bench/download.js'), `${baseUrl}/reports/progress.csv`, cookie], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      const peakMb = Math.max(watch.stop(), hwmReset ? memoryMb(pid, 'VmHWM') : 0);
      if (code !== 0) return reject(new Error(`The export download failed: ${stderr}`));
      const { status, bytes, seconds } = JSON.parse(out) as { status: number; bytes: number; seconds: number };
      if (status !== 200) return reject(new Error(`The export answered ${status}`));
      resolve({ seconds, bytes, peakMb });
    });
  });
}

/** The same columns from the same file with Debian's sqlite3 shell: the floor for the export. */
function timeSqlite3(file: string, sql: string): Promise<{ seconds: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('sqlite3', ['-readonly', '-csv', '-header', file], { stdio: ['pipe', 'pipe', 'pipe'] });
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`sqlite3 failed: ${stderr}`));
      resolve({ seconds: (performance.now() - started) / 1000, bytes });
    });
    child.stdin.end(sql);
  });
}

function hasSqlite3(): boolean {
  try {
    execFileSync('which', ['sqlite3'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The commit measured, marked when server code differs from it. */
function revision(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server', 'views', 'migrations'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${commit} with uncommitted server changes` : commit;
  } catch {
    return 'an unknown commit';
  }
}

function machine(): string {
  const cpus = os.cpus();
  const sqliteVersion = (() => {
    const db = new Database(':memory:');
    const v = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    db.close();
    return v;
  })();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; ${os.type()} ${os.release()}; Node ${process.version}; SQLite ${sqliteVersion}`;
}

/** Runs `fn` with a tracker process on `file`, the bench editor signed in; stops the process whatever happens. */
async function withTracker(file: string, fn: (session: Awaited<ReturnType<typeof trackerSession>>) => Promise<void>): Promise<void> {
  const session = await trackerSession(file);
  try {
    await fn(session);
  } finally {
    await session.tracker.stop();
  }
}

/** A tracker process on `file` with the bench editor signed in, and the cheap page that tells when it has caught up. */
async function trackerSession(file: string) {
  const tracker = await startTracker(file);
  try {
    const { cookie, csrf } = await signIn(tracker.url);
    return { tracker, cookie, csrf, settleUrl: `${tracker.url}/healthz` };
  } catch (error) {
    await tracker.stop();
    throw error;
  }
}

async function main() {
  const startedAt = performance.now();
  log('compiling the servers (npm run build)');
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  const sqlite3 = hasSqlite3();
  if (!sqlite3) console.warn('sqlite3 is not installed, so the export has no floor to compare with: apt-get install sqlite3');

  const big = await cachedDatabase(N);
  const small = await cachedDatabase(SMALL);
  const today = new Date().toISOString().slice(0, 10);

  const figures: Figures = {
    recommendations: N,
    small: SMALL,
    settings: SETTINGS,
    machine: machine(),
    date: today,
    revision: revision(),
    seedLoad: big.built,
    targets: [],
    searchTerm: RARE_PLACE.en,
  };
  // Bare Express runs beside the tracker for the whole of the pages part: each
  // run of a target comes right after a run of it, so that the machine's drift
  // (±30 % over minutes here) moves both sides of each ratio alike.
  const bare = runs('bare') ? await startChild('bare.ts', {}) : undefined;
  const bareRuns: LoadResult[] = [];
  const bareSettings = { ...SETTINGS, seconds: Math.max(1, Math.round(SETTINGS.seconds / 2)), runs: 1 };
  /** The target's runs, each right after a run of bare Express, and the median of the per-run ratios. */
  const pairedWithBare = async (spec: LoadSpec): Promise<{ result: LoadResult; share?: number }> => {
    const pageRuns: LoadResult[] = [];
    const shares: number[] = [];
    for (let i = 0; i < SETTINGS.runs; i++) {
      const warmup = i === 0 ? SETTINGS.warmupSeconds : 0;
      const floor = bare ? await measure({ url: `${bare.url}/`, settleUrl: `${bare.url}/` }, { ...bareSettings, warmupSeconds: warmup }) : undefined;
      const run = await measure(spec, { ...SETTINGS, runs: 1, warmupSeconds: warmup });
      pageRuns.push(run);
      if (floor) {
        bareRuns.push(floor);
        shares.push(run.rps / floor.rps);
      }
    }
    return { result: summarize(pageRuns), share: shares.length > 0 ? median(shares) : undefined };
  };
  const record = async (name: string, spec: LoadSpec, pathShown: string, goal?: number) => {
    log(`${name}: ${pathShown}`);
    const { result, share } = await pairedWithBare(spec);
    figures.targets.push({ name, path: pathShown, result, goal, share });
    return { result, share };
  };

  try {
    // --- The pages and the status update at N recommendations.
    const work = await workingCopy(big.file, N);
    figures.searchMatches = work.searchMatches;
    const smallWork = await workingCopy(small.file, SMALL);
    // --- The realistic mix, first: it is what users feel.
    if (runs('mix')) await withTracker(work.file, async ({ tracker, settleUrl }) => {
      log(`the mix: ${READERS} readers on different pages while ${MIX_EDITORS} editors each save a status every 500 ms`);
      const sessions = { readers: [] as string[], editors: [] as string[] };
      for (const account of MIX_READERS) sessions.readers.push((await signIn(tracker.url, account)).cookie);
      for (const account of MIX_EDITOR_ACCOUNTS) sessions.editors.push((await signIn(tracker.url, account)).cookie);
      if (SETTINGS.warmupSeconds > 0) await runMix(tracker.url, sessions, work.mix, SETTINGS.warmupSeconds, 99);
      await settle(settleUrl);
      const mixRuns: MixResult[] = [];
      const shares: number[] = [];
      const bareRps: number[] = [];
      for (let i = 0; i < SETTINGS.runs; i++) {
        // Bare Express right before each run of the mix, with as many sessions, so the machine's drift moves both alike.
        const floor = bare ? await runBareLoop(bare.url, READERS + MIX_EDITORS, Math.max(5, Math.round(MIX_SECONDS / 3))) : undefined;
        const run = await runMix(tracker.url, sessions, work.mix, MIX_SECONDS, i + 1);
        await settle(settleUrl);
        mixRuns.push(run);
        if (floor) {
          bareRps.push(floor);
          shares.push(run.rps / floor);
        }
      }
      // The board right after one more save, nobody else asking: what the first reader after a save waits.
      const agent = new http.Agent({ keepAlive: true });
      const saved = await saveStatus(agent, tracker.url, sessions.editors[0]!, work.mix, new Random(7));
      agent.destroy();
      if (!saved.ok) throw new Error('The save before the board view failed');
      const boardStarted = performance.now();
      await check(`${tracker.url}/board`, sessions.readers[0]!);
      figures.mix = {
        ...summarizeMix(mixRuns),
        readers: READERS,
        editors: MIX_EDITORS,
        bareRps: bareRps.length > 0 ? median(bareRps) : undefined,
        share: shares.length > 0 ? median(shares) : undefined,
        boardAfterSaveMs: performance.now() - boardStarted,
      };
    });

    if (runs('pages')) await withTracker(work.file, async ({ tracker, cookie, csrf, settleUrl }) => {
      const headers = browserHeaders(cookie);
      const page = (path: string): LoadSpec => ({ url: `${tracker.url}${path}`, headers, settleUrl });

      // For reference, no goal: the middleware before any session (logging, security headers) on a tiny answer.
      await record('health check (no session) for reference', page('/healthz'), '/healthz');
      await check(`${tracker.url}${LIST_PATH}`, cookie);
      const list = await record('list, filtered, page 3', page(LIST_PATH), LIST_PATH, 0.3);
      figures.listWithoutExport = list.result;

      // The same list at SMALL recommendations, in a tracker of its own, each of its runs beside a run of the list
      // at N: whether the list slows as data grows, without the machine's drift between the two.
      if (runs('small')) await withTracker(smallWork.file, async (smaller) => {
        log(`list at ${SMALL.toLocaleString('en')} recommendations, run by run beside the list at ${N.toLocaleString('en')}`);
        await check(`${smaller.tracker.url}${LIST_PATH}`, smaller.cookie);
        const smallSpec: LoadSpec = { url: `${smaller.tracker.url}${LIST_PATH}`, headers: browserHeaders(smaller.cookie), settleUrl: smaller.settleUrl };
        const smallRuns: LoadResult[] = [];
        const bigRuns: LoadResult[] = [];
        for (let i = 0; i < SETTINGS.runs; i++) {
          smallRuns.push(await measure(smallSpec, { ...SETTINGS, runs: 1, warmupSeconds: i === 0 ? SETTINGS.warmupSeconds : 0 }));
          bigRuns.push(await measure(page(LIST_PATH), { ...SETTINGS, runs: 1, warmupSeconds: 0 }));
        }
        figures.listGrowth = {
          big: summarize(bigRuns),
          small: summarize(smallRuns),
          ratio: median(bigRuns.map((run, i) => run.rps / smallRuns[i]!.rps)),
        };
      });
      await check(`${tracker.url}${SEARCH_PATH}`, cookie);
      await record('list, text search', page(SEARCH_PATH), SEARCH_PATH, 0.2);

      // The goal is for a detail page as people open it again and again; pages at random show what a first view costs.
      const detailPath = `/recommendations/${Math.ceil(N / 2)}`;
      await check(`${tracker.url}${detailPath}`, cookie);
      await record('detail page', page(detailPath), detailPath, 0.4);
      const pick = new Random(1);
      await record(
        'detail pages at random, each rendered afresh (reference)',
        { ...page(detailPath), setupRequest: (req) => ({ ...req, path: `/recommendations/${pick.int(1, N)}` }) },
        '/recommendations/:id (random ids)',
      );
      for (const board of BOARD_PATHS) {
        await check(`${tracker.url}${board}`, cookie);
        await record(`board ${board.replace('/board', '') || '(matrix by mechanism)'}`, page(board), board, 0.3);
      }

      // Status updates: each request a valid change (another status than the
      // current one) of a recommendation taken in shuffled order, half of them
      // with an evidence note. The version field is left out: it is optional.
      const ids = [...work.statuses.keys()];
      const shuffle = new Random(2);
      for (let i = ids.length - 1; i > 0; i--) {
        const j = shuffle.int(0, i);
        [ids[i], ids[j]] = [ids[j]!, ids[i]!];
      }
      let sent = 0;
      const statusSpec: LoadSpec = {
        ...page(`/recommendations/${ids[0]}/status`),
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        setupRequest: (req) => {
          const id = ids[sent % ids.length]!;
          sent += 1;
          const status: StatusKey = work.statuses.get(id) === 'in_progress' ? 'stalled' : 'in_progress';
          work.statuses.set(id, status);
          const form: Record<string, string> = {
            _csrf: csrf,
            status,
            effective_on: today,
            rationale: 'Benchmark: status checked with the responsible body',
            evidence_kind: 'official_document',
            evidence_language: 'en',
          };
          if (sent % 2 === 0) {
            form.evidence_text = `Benchmark evidence note ${sent}: the working group met.`;
            form.evidence_url = 'https://bench.example.org/evidence';
          }
          return { ...req, method: 'POST', path: `/recommendations/${id}/status`, body: new URLSearchParams(form).toString() };
        },
      };
      await record('status update (POST, 303)', statusSpec, 'POST /recommendations/:id/status', 0.2);

      // Every write empties the board's cache: the first board view after a save pays for it.
      const write = statusSpec.setupRequest!({});
      const afterWrite = await fetch(`${tracker.url}${write.path}`, { method: 'POST', redirect: 'manual', headers: statusSpec.headers, body: String(write.body) });
      if (afterWrite.status !== 303) throw new Error(`A status update answered ${afterWrite.status}`);
      const boardStarted = performance.now();
      const longestWait = await longestWaitMeanwhile(`${tracker.url}/healthz`, () => check(`${tracker.url}/board`, cookie));
      figures.boardAfterWrite = { ms: performance.now() - boardStarted, longestOtherMs: longestWait };
    });

    removeDatabase(smallWork.file);

    // --- The CSV export, in a fresh tracker process so that its peak memory is
    // the export's and not what fifty concurrent board pages left behind.
    if (runs('export')) await withTracker(work.file, async ({ tracker, cookie, settleUrl }) => {
      const listSpec: LoadSpec = { url: `${tracker.url}${LIST_PATH}`, headers: browserHeaders(cookie), settleUrl };
      figures.baselineMb = memoryMb(tracker.pid, 'VmRSS');
      log('CSV export of every recommendation');
      const exports: { seconds: number; bytes: number; peakMb: number }[] = [];
      for (let i = 0; i < EXPORT_RUNS; i++) exports.push(await timeExport(tracker.url, cookie, tracker.pid));
      figures.export = {
        seconds: median(exports.map((e) => e.seconds)),
        bytes: exports[0]!.bytes,
        peakMb: Math.max(...exports.map((e) => e.peakMb)),
      };
      if (sqlite3) {
        log('the same columns with sqlite3 -csv');
        const sql = exportSql(tracker.url, today);
        const runs: { seconds: number; bytes: number }[] = [];
        for (let i = 0; i < EXPORT_RUNS; i++) runs.push(await timeSqlite3(work.file, sql));
        figures.sqlite3 = { seconds: median(runs.map((r) => r.seconds)), bytes: runs[0]!.bytes };
      }

      // With --only export, the list's own figures come from this process, after the export's memory was read.
      figures.listWithoutExport ??= await measure(listSpec, SETTINGS);
      log('the list while an export runs');
      await startLoad(listSpec, SETTINGS.connections, SETTINGS.warmupSeconds).result;
      await settle(settleUrl);
      // CASE: an export starved by the load could run for minutes; the load stops after a while and the export finishes alone.
      const load = startLoad(listSpec, SETTINGS.connections, DURING_EXPORT_MAX_SECONDS);
      await sleep(200);
      const exported = timeExport(tracker.url, cookie, tracker.pid);
      await Promise.race([exported, load.result]);
      load.stop();
      figures.listDuringExport = await load.result;
      figures.exportUnderLoad = { ...(await exported), loadSeconds: Math.min(DURING_EXPORT_MAX_SECONDS, (await exported).seconds) };
    });
    removeDatabase(work.file);

  } finally {
    await bare?.stop();
  }
  if (bareRuns.length > 0) figures.bare = summarize(bareRuns);

  figures.minutes = (performance.now() - startedAt) / 60_000;
  const markdown = formatReport(figures);
  console.log(`\n${markdown}`);
  if (!ONLY) {
    fs.writeFileSync(path.resolve(__dirname, 'last-run.md'), markdown);
    log('written to bench/last-run.md');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
