import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { createUser } from '../server/auth/users';
import { closeDatabase, openDatabase } from '../server/db/client';
import { csrfFrom } from '../test/helpers';
import { startNodeFlags } from './processes';

/**
 * `npx tsx bench/import-shapes.ts [--only ragged,quote]`: hostile CSV files of
 * about 2 MB, each uploaded by an editor to a tracker (seeded, in a process of
 * its own) while a health check is asked for every 20 ms, one after another.
 * Prints per shape how long the upload took, its status, and the longest a
 * health check waited meanwhile; for a file that is accepted, the same for
 * opening its preview and for confirming it. Not a test: the figures depend
 * on the machine. The tracker runs with `npm start`'s Node options and
 * NODE_ENV=production, from the TypeScript sources.
 */

const { values: args } = parseArgs({ options: { only: { type: 'string' }, timeout: { type: 'string', default: '180' } } });

const SIZE = 2_000_000;
const SOURCE = 'Strategic Planning of Russia–China Relations in Cross-Border and Inter-Regional Cooperation';
const HEADER = 'Source,Reference,Short title,Full text';

/** `line(i)` repeated until the file is about SIZE bytes. */
function repeat(head: string, line: (i: number) => string): string {
  const parts = [head];
  let size = head.length;
  for (let i = 1; size < SIZE; i++) {
    const next = line(i);
    parts.push(next);
    size += Buffer.byteLength(next);
  }
  return parts.join('');
}

const SHAPES: Record<string, () => string> = {
  // Rows of one cell after a valid header: the attack as reported.
  ragged: () => repeat(`${HEADER}\n`, () => 'x\n'),
  // One row whose full text is the whole file.
  'huge field': () => `${HEADER}\n"${SOURCE}",H-1,Huge,"${'a'.repeat(SIZE)}"\n`,
  // 10,000 unnamed columns in the header, and short rows under it.
  '10,000 columns': () => repeat(`${HEADER}${','.repeat(10_000)}\n`, (i) => `"${SOURCE}",W-${i},T,F\n`),
  // A first row of a million column names.
  'a million columns': () => `${HEADER}${',a'.repeat(SIZE / 2 - 30)}\n`,
  // Rows of empty cells, which are skipped.
  'blank rows': () => repeat(`${HEADER}\n`, () => ',,,\r\n'),
  // Every cell quoted, every row valid: a recommendation to create per row.
  'every cell quoted': () => repeat(`"Source","Reference","Short title","Full text"\n`, (i) => `"${SOURCE}","Q-${i}","Quoted ""title""","Quoted text"\n`),
  // A quote opened in the first row and never closed.
  'quote never closed': () => `${HEADER}\n"${SOURCE}",U-1,"${'a'.repeat(SIZE)}\n`,
  // Every row wrong in every column it has.
  'many errors per row': () =>
    repeat('ID,Source,Reference,Short title,Full text,Status,Status since,Confidence,Priority,Target date,Owner\n', () => 'x,,,,,finished,2024-02-30,sure,maybe,someday,Nobody\n'),
  // Every row names a publication nobody entered: one problem per row.
  'unknown source per row': () => repeat(`${HEADER}\n`, (i) => `Unknown publication,S-${i},T,F\n`),
  // Every row valid, naming a mechanism and bodies the tracker does not know yet.
  'unknown bodies and mechanisms': () =>
    repeat(`${HEADER},Mechanism,Lead body,Supporting bodies\n`, (i) => `"${SOURCE}",B-${i},T,F,Mechanism ${i},Lead ${i},Support ${i}a; Support ${i}b\n`),
  // Rows of 1,000 supporting bodies each (as many as the cell's 5,000 characters hold), all of them new.
  'many supporting bodies per row': () =>
    repeat(`${HEADER},Supporting bodies\n`, (i) => `"${SOURCE}",M-${i},T,F,"${Array.from({ length: 1000 }, (_, j) => `b${j}`).join(';')}"\n`),
  // Every row updates the same existing recommendation: its state is looked up per row.
  'one existing ID per row': () => repeat(`ID,${HEADER}\n`, (i) => `1,"${SOURCE}",E-${i},T,F\n`),
};

interface Session {
  url: string;
  cookie: string;
  csrf: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function cookieOf(res: Response, previous = ''): string {
  const set = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  return set.length > 0 ? set.join('; ') : previous;
}

async function signIn(url: string, email: string, password: string): Promise<Session> {
  const page = await fetch(`${url}/login`);
  let cookie = cookieOf(page);
  const login = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfFrom(await page.text()), email, password }),
  });
  if (login.status !== 303) throw new Error(`sign-in failed with ${login.status}`);
  cookie = cookieOf(login, cookie);
  const form = await fetch(`${url}/import`, { headers: { cookie } });
  return { url, cookie, csrf: csrfFrom(await form.text()) };
}

/** Asks for /healthz every 20 ms, one request after another, until stopped; resolves to the longest wait. */
function pingHealth(url: string): { stop(): Promise<number> } {
  let running = true;
  let longest = 0;
  const loop = (async () => {
    while (running) {
      const start = performance.now();
      // A keep-alive connection the server closed while it was busy fails once; the wait counts from the first try.
      await fetch(`${url}/healthz`)
        .catch(() => fetch(`${url}/healthz`))
        .then((res) => res.arrayBuffer());
      longest = Math.max(longest, performance.now() - start);
      await sleep(20);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return longest;
    },
  };
}

interface Measured {
  ms: number;
  status: number | string;
  healthMs: number;
  location?: string;
  body: string;
}

async function measure(request: () => Promise<Response>): Promise<Measured> {
  const health = pingHealth(SERVER_URL);
  await sleep(100);
  const start = performance.now();
  let status: number | string;
  let location: string | undefined;
  let body = '';
  try {
    const res = await request();
    body = await res.text();
    status = res.status;
    location = res.headers.get('location') ?? undefined;
  } catch (error) {
    status = error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : String(error);
  }
  const ms = performance.now() - start;
  await sleep(100);
  return { ms, status, healthMs: await health.stop(), location, body };
}

let SERVER_URL = '';

function upload(session: Session, content: string): Promise<Response> {
  const form = new FormData();
  form.append('_csrf', session.csrf);
  form.append('file', new Blob([content], { type: 'text/csv' }), 'shape.csv');
  return fetch(`${session.url}/import/preview`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: session.cookie },
    body: form,
    signal: AbortSignal.timeout(Number(args.timeout) * 1000),
  });
}

/** What the page says, in one line: the first message or problem count it shows. */
function gist(html: string): string {
  const text = /<div class="form-errors"[^>]*>\s*<p>([^<]*)<\/p>/.exec(html)?.[1] ?? /<p class="lede">([^<]*)<\/p>/.exec(html)?.[1] ?? '';
  return text.replace(/&[a-z#0-9]+;/g, ' ').slice(0, 90);
}

function startTracker(env: NodeJS.ProcessEnv): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [...startNodeFlags(), '--import', 'tsx', path.resolve(__dirname, 'server.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.once('exit', () => child.kill());
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the tracker exited with ${code} before listening`)));
    readline.createInterface({ input: child.stdout! }).once('line', (line) => {
      child.removeAllListeners('exit');
      const { port } = JSON.parse(line) as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-import-shapes-'));
  const databasePath = path.join(dir, 'tracker.sqlite');
  const tracker = await startTracker({ DATABASE_PATH: databasePath, HOST: '127.0.0.1', LOG_LEVEL: 'silent', NODE_ENV: 'production', PUBLIC_URL: 'http://127.0.0.1' });
  SERVER_URL = tracker.url;
  try {
    const db = openDatabase(databasePath);
    await createUser(db, { name: 'Bench Editor', email: 'editor@example.org', password: 'bench-editor-password', role: 'editor' });
    closeDatabase(db);
    const session = await signIn(tracker.url, 'editor@example.org', 'bench-editor-password');
    const only = args.only?.split(',');
    console.log('| shape | size | step | time | status | longest /healthz wait | the page says |');
    console.log('|---|--:|---|--:|--:|--:|---|');
    const row = (shape: string, size: string, step: string, m: Measured) =>
      console.log(`| ${shape} | ${size} | ${step} | ${(m.ms / 1000).toFixed(2)} s | ${m.status} | ${Math.round(m.healthMs)} ms | ${gist(m.body)} |`);
    // What the machine itself costs a health check, for comparison: two seconds with no upload.
    row('(none)', '', 'the tracker idle, 2 s', await measure(() => sleep(2000).then(() => new Response('', { status: 200 }))));
    for (const [name, make] of Object.entries(SHAPES)) {
      if (only && !only.some((o) => name.includes(o))) continue;
      const content = make();
      const size = `${(Buffer.byteLength(content) / 1e6).toFixed(2)} MB`;
      const sent = await measure(() => upload(session, content));
      row(name, size, 'upload', sent);
      if (sent.status !== 303 || !sent.location) continue;
      const shown = await measure(() => fetch(`${tracker.url}${sent.location}`, { headers: { cookie: session.cookie } }));
      row(name, size, 'preview page', shown);
      const importId = sent.location.split('=')[1]!;
      const confirmed = await measure(() =>
        fetch(`${tracker.url}/import/confirm`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: session.csrf, import_id: importId }),
        }),
      );
      row(name, size, 'confirm', confirmed);
    }
  } finally {
    await tracker.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
