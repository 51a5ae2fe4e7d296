import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { evidenceNotes, recommendations, statusHistory } from '../../server/db/schema';
import { createTestContext, signInAs, type TestContext } from '../helpers';

describe('A full disk', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ seed: true });
  });
  afterAll(() => ctx.close());

  test('When the database cannot grow, then a save gets a clear error page, nothing partial is stored, and reading works', async () => {
    const { agent, csrf } = await signInAs(ctx, 'editor');
    const rec = ctx.db.select().from(recommendations).where(eq(recommendations.status, 'not_assessed')).get()!;
    const before = {
      history: ctx.db.select({ n: count() }).from(statusHistory).get()!.n,
      notes: ctx.db.select({ n: count() }).from(evidenceNotes).get()!.n,
    };
    const sqlite = ctx.sqlite;
    // No free pages left for the save to reuse: the file is exactly as large as its data.
    sqlite.exec('VACUUM');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const pages = sqlite.pragma('page_count', { simple: true }) as number;
    sqlite.pragma(`max_page_count = ${pages}`);
    try {
      const res = await agent.post(`/recommendations/${rec.id}/status`).type('form').send({
        _csrf: csrf,
        status: 'in_progress',
        effective_on: '2025-01-10',
        rationale: 'Recorded while the disk is full',
        evidence_text: 'x'.repeat(9000),
        evidence_kind: 'news',
        evidence_language: 'en',
      });
      expect(res.status).toBe(507);
      expect(res.text).toContain('no room left');
      expect(res.text).not.toMatch(/SqliteError|at \w+ \(/);
      expect(ctx.db.select({ n: count() }).from(statusHistory).get()!.n).toBe(before.history);
      expect(ctx.db.select({ n: count() }).from(evidenceNotes).get()!.n).toBe(before.notes);
      expect(ctx.db.select().from(recommendations).where(eq(recommendations.id, rec.id)).get()!.status).toBe('not_assessed');
      const read = await agent.get(`/recommendations/${rec.id}`);
      expect(read.status).toBe(200);
      expect(read.text).toContain('Not yet assessed');
    } finally {
      sqlite.pragma('max_page_count = 1073741823');
    }
  });
});

describe('Shutting down on SIGTERM', () => {
  test('When SIGTERM arrives during a request, then the request is answered, and the process exits 0 within 10 s', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-sigterm-'));
    const child = spawn(path.resolve('node_modules/.bin/tsx'), ['server/index.ts'], {
      env: { ...process.env, DATABASE_PATH: path.join(dir, 'db.sqlite'), PORT: '0', HOST: '127.0.0.1', SEED_ON_EMPTY: 'false', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: Date.now() })));
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /"url":"http:\/\/localhost:(\d+)"/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.on('exit', () => reject(new Error(`server exited early: ${out}`)));
    });

    // A request whose body is still arriving when SIGTERM is sent: it is in flight.
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const body = 'email=a%40example.org&password=abcdefghijkl';
    socket.write(`POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`);
    await new Promise((r) => setTimeout(r, 200));
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    const response = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.on('close', () => resolve(text));
    });
    socket.write(body.slice(10));
    expect(await response).toMatch(/^HTTP\/1\.1 403/);
    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - signalledAt).toBeLessThan(10_000);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);
});
