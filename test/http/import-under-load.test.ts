import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { count, eq, like } from 'drizzle-orm';
import pino from 'pino';
import { startCheckpointer, type Checkpointer } from '../../server/db/checkpointer';
import { bodies, imports, recommendationBodies, recommendations, sources } from '../../server/db/schema';
import { createTestContext, csrfFrom, makeUser, sessionCookieOverHttp, type TestContext } from '../helpers';

/**
 * A hostile file of almost 2 MB is checked while others are served: a health
 * check asked for again and again meanwhile never waits long, and the
 * problems listed stop at a hundred, the rest counted. Valid files of almost
 * 2 MB (many short rows; rows of a thousand supporting bodies each) are
 * checked and confirmed the same way: the write pauses for others.
 */

const HEALTH_WAIT_MS = 200;
// Three uploads of a file of errors take up to 20 s on a busy machine.
jest.setTimeout(90_000);
/** Just under the 2 MB limit. */
const SIZE = 2 * 1024 * 1024 - 4096;

let ctx: TestContext;
let server: http.Server;
let base: string;
let cookie: string;
let csrf: string;
let checkpointer: Checkpointer;

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  // As startServer runs the tracker: without the worker, SQLite copies the log into the file inside the COMMIT that
  // passes a thousand pages, and the confirmation of a thousand bodies a row leaves 27 MB of log (0.1 to 0.2 s).
  checkpointer = startCheckpointer(ctx.db, pino({ level: 'silent' }));
  const editor = await makeUser(ctx.db, 'editor');
  server = ctx.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cookie = await sessionCookieOverHttp(base, editor.email);
  csrf = csrfFrom(await (await fetch(`${base}/import`, { headers: { cookie } })).text());
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await checkpointer.stop();
  ctx.close();
});

/** `line` repeated after `header` up to SIZE bytes, and how many times it is there. */
function fileOf(header: string, line: string): { content: string; rows: number } {
  const rows = Math.floor((SIZE - header.length) / line.length);
  return { content: header + line.repeat(rows), rows };
}

/**
 * Uploads `content` while asking for /healthz one request after another;
 * resolves with the answer and the longest any health check waited.
 */
async function uploadWhilePinging(content: string): Promise<{ status: number; html: string; longestHealthWait: number; location: string | null }> {
  const form = new FormData();
  form.append('_csrf', csrf);
  form.append('file', new Blob([content], { type: 'text/csv' }), 'hostile.csv');
  return whilePinging(() => fetch(`${base}/import/preview`, { method: 'POST', redirect: 'manual', headers: { cookie }, body: form }));
}

/** Sends a request while asking for /healthz one request after another; resolves with the answer and the longest any health check waited. */
async function whilePinging(send: () => Promise<Response>): Promise<{ status: number; html: string; longestHealthWait: number; location: string | null }> {
  let uploading = true;
  let longest = 0;
  const pings = (async () => {
    while (uploading) {
      const start = performance.now();
      const res = await fetch(`${base}/healthz`);
      await res.arrayBuffer();
      longest = Math.max(longest, performance.now() - start);
      await sleep(20);
    }
  })();
  await sleep(100);
  const res = await send();
  const html = await res.text();
  await sleep(100);
  uploading = false;
  await pings;
  return { status: res.status, html, longestHealthWait: longest, location: res.headers.get('location') };
}

/**
 * The calmest of up to three tries. On a busy machine (other test files,
 * other processes) any one of them may be held up for reasons of its own;
 * work that keeps others waiting holds up all three.
 */
async function calmest<T extends { longestHealthWait: number }>(attempt: (n: number) => Promise<T>): Promise<T> {
  let best = await attempt(1);
  for (let n = 2; n <= 3 && best.longestHealthWait >= HEALTH_WAIT_MS; n++) {
    const next = await attempt(n);
    if (next.longestHealthWait < best.longestHealthWait) best = next;
  }
  return best;
}

const calmestUpload = (content: string) => calmest(() => uploadWhilePinging(content));

const storedImports = () => ctx.db.select({ n: count() }).from(imports).get()!.n;

test('When an editor uploads almost 2 MB of one-cell rows under a valid header, then the first such row is named and health checks meanwhile wait under 200 ms', async () => {
  const { content } = fileOf('Source,Reference,Short title,Full text\n', 'x\n');
  const sent = await calmestUpload(content);
  expect(sent.status).toBe(422);
  expect(sent.html).toContain('Row 2 does not have the same number of cells as the header row.');
  expect(sent.longestHealthWait).toBeLessThan(HEALTH_WAIT_MS);
  expect(storedImports()).toBe(0);
});

test('When an editor uploads almost 2 MB of rows wrong in every column, then a hundred problems are listed, the rest counted, and health checks meanwhile wait under 200 ms', async () => {
  const header = 'ID,Source,Reference,Short title,Full text,Status,Status since,Confidence,Priority,Target date\n';
  const { content, rows } = fileOf(header, 'x,,,,,finished,2024-02-30,sure,maybe,someday\n');
  // Every one of the ten columns is wrong in every row.
  const problems = rows * 10;
  const sent = await calmestUpload(content);
  expect(sent.status).toBe(422);
  expect(sent.html).toContain(`The file has ${problems.toLocaleString('en')} problems. Nothing was imported`);
  expect(sent.html.match(/<tr><td class="num">\d+<\/td>/g)).toHaveLength(100);
  expect(sent.html).toContain('<tr><td class="num">2</td><td>ID</td>');
  expect(sent.html).toContain(`…and ${(problems - 100).toLocaleString('en')} more problems, not listed`);
  expect(sent.longestHealthWait).toBeLessThan(HEALTH_WAIT_MS);
  expect(storedImports()).toBe(0);
});

/**
 * Uploads and confirms a file of almost 2 MB of valid rows, each a
 * recommendation to create (`line`, its NNNNNN numbered), while asking for
 * /healthz: the longest wait while the upload is checked, and while it is
 * confirmed.
 */
async function confirmWhilePinging(header: string, line: string) {
  const { content, rows } = fileOf(header, line);
  let n = 0;
  const uploaded = await uploadWhilePinging(content.replace(/NNNNNN/g, () => String(++n).padStart(6, '0')));
  expect(uploaded.status).toBe(303);
  const before = ctx.db.select({ n: count() }).from(recommendations).get()!.n;
  const confirmed = await whilePinging(() =>
    fetch(`${base}/import/confirm`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, import_id: uploaded.location!.split('=')[1]! }),
    }),
  );
  const created = ctx.db.select({ n: count() }).from(recommendations).get()!.n - before;
  const waits = { check: uploaded.longestHealthWait, confirm: confirmed.longestHealthWait };
  return { status: confirmed.status, created, rows, waits, longestHealthWait: Math.max(waits.check, waits.confirm) };
}

const sourceTitle = () => ctx.db.select({ title: sources.title }).from(sources).get()!.title;

test('When an editor uploads and confirms almost 2 MB of valid rows, then all are written and health checks meanwhile wait under 200 ms', async () => {
  const header = 'Source,Reference,Short title,Full text,Status,Status since\n';
  const line = (attempt: number) => `"${sourceTitle()}",L${attempt}-NNNNNN,"Quoted ""title""","Quoted text",in_progress,2024-01-01\n`;
  const confirmed = await calmest((attempt) => confirmWhilePinging(header, line(attempt)));
  expect(confirmed.status).toBe(303);
  expect(confirmed.created).toBe(confirmed.rows);
  expect(confirmed.waits.check).toBeLessThan(HEALTH_WAIT_MS);
  expect(confirmed.waits.confirm).toBeLessThan(HEALTH_WAIT_MS);
}, 600_000);

test('When an editor uploads and confirms almost 2 MB of rows that each name a thousand supporting bodies (as many as the cell holds), then all are written with their bodies and health checks meanwhile wait under 200 ms', async () => {
  const header = 'Source,Reference,Short title,Full text,Supporting bodies\n';
  const names = Array.from({ length: 1000 }, (_, i) => `b${i}`).join(';');
  const confirmed = await calmest((attempt) => confirmWhilePinging(header, `"${sourceTitle()}",B${attempt}-NNNNNN,T,F,"${names}"\n`));
  expect(confirmed.status).toBe(303);
  expect(confirmed.created).toBe(confirmed.rows);
  const linked = ctx.db.select({ n: count() }).from(recommendationBodies).innerJoin(bodies, eq(bodies.id, recommendationBodies.bodyId)).where(like(bodies.name, 'b%')).get()!.n;
  expect(linked).toBeGreaterThanOrEqual(confirmed.rows * 1000);
  expect(confirmed.waits.check).toBeLessThan(HEALTH_WAIT_MS);
  expect(confirmed.waits.confirm).toBeLessThan(HEALTH_WAIT_MS);
}, 600_000);
