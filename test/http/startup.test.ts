import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { and, count, eq } from 'drizzle-orm';
import { closeDatabase, DatabaseOpenError, migrateDatabase, openDatabase, rawWriter, sqliteOf, type Db } from '../../server/db/client';
import { recommendations, sources, users } from '../../server/db/schema';
import { parseEnv } from '../../server/env';
import { prepareDatabase } from '../../server/start';
import { loadSeed } from '../../seed/load';
import { seedData } from '../../seed/data';

/** Start-up: migrate and seed an empty file, create the configured admin, refuse a file that is not a database. */

const ROOT = path.resolve(__dirname, '../..');
const PETROVSKY_TITLE = 'Strategic Planning of Russia–China Relations in Cross-Border and Inter-Regional Cooperation';
const NOT_A_DATABASE = 'not a valid SQLite database';
const logger = pino({ level: 'silent' });

let dir: string;
const opened: Db[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-startup-'));
});
afterAll(() => {
  for (const db of opened) closeDatabase(db);
  fs.rmSync(dir, { recursive: true, force: true });
});

function fileIn(name: string): string {
  return path.join(dir, name);
}

function envFor(file: string, extra: Record<string, string> = {}) {
  return parseEnv({ DATABASE_PATH: file, SEED_ON_EMPTY: 'true', LOG_LEVEL: 'silent', ...extra });
}

async function prepare(file: string, extra: Record<string, string> = {}): Promise<Db> {
  const db = await prepareDatabase(envFor(file, extra), logger);
  opened.push(db);
  return db;
}

function garbageFile(name: string): { file: string; bytes: Buffer } {
  const file = fileIn(name);
  const text = Array.from({ length: 200 }, (_, i) => `line ${i}: ${Math.random().toString(36).slice(2)} — this is not a database\n`).join('');
  fs.writeFileSync(file, text);
  return { file, bytes: fs.readFileSync(file) };
}

describe('prepareDatabase', () => {
  test('on an empty file with SEED_ON_EMPTY it migrates and loads the seed data', async () => {
    const db = await prepare(fileIn('empty.sqlite'));
    expect(db.select({ n: count() }).from(recommendations).get()!.n).toBeGreaterThan(0);
    const near = db
      .select()
      .from(recommendations)
      .all()
      .find((r) => r.shortTitle.includes('commission') && r.shortTitle.includes('NEAR'));
    expect(near).toBeDefined();

    const petrovsky = db.select().from(sources).where(eq(sources.title, PETROVSKY_TITLE)).get();
    expect(petrovsky).toBeDefined();
    const five = db
      .select()
      .from(recommendations)
      .where(and(eq(recommendations.sourceId, petrovsky!.id), eq(recommendations.reference, '5')))
      .get();
    expect(five).toBeDefined();
    const children = db.select().from(recommendations).where(eq(recommendations.parentId, five!.id)).all();
    expect(children.map((c) => c.reference).sort()).toEqual(['5.1', '5.2', '5.3', '5.4', '5.5', '5.6']);
    expect(near!.parentId).toBe(five!.id);
  });

  test('with SEED_ON_EMPTY=false an empty file stays empty', async () => {
    const db = await prepare(fileIn('no-seed.sqlite'), { SEED_ON_EMPTY: 'false' });
    expect(db.select({ n: count() }).from(recommendations).get()!.n).toBe(0);
  });

  test('with ADMIN_EMAIL and ADMIN_PASSWORD it creates one active admin, and a second start creates no other', async () => {
    const file = fileIn('admin.sqlite');
    const admin = { ADMIN_EMAIL: 'Boss@Example.org', ADMIN_PASSWORD: 'a-long-admin-password' };
    const first = await prepare(file, admin);
    const admins = () => first.select().from(users).where(eq(users.role, 'admin')).all();
    expect(admins()).toHaveLength(1);
    expect(admins()[0]).toMatchObject({ email: 'boss@example.org', active: true, name: 'Administrator' });
    closeDatabase(first);

    const second = await prepare(file, admin);
    expect(second.select().from(users).where(eq(users.role, 'admin')).all()).toHaveLength(1);
    expect(second.select({ n: count() }).from(users).where(eq(users.email, 'boss@example.org')).get()!.n).toBe(1);
  });
});

describe('A file that is not a database', () => {
  test('openDatabase and prepareDatabase throw DatabaseOpenError and leave the file untouched', async () => {
    const { file, bytes } = garbageFile('garbage.sqlite');

    let error: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as Error).message).toContain(NOT_A_DATABASE);
    expect((error as Error).message).toContain(file);

    await expect(prepareDatabase(envFor(file), logger)).rejects.toThrow(NOT_A_DATABASE);
    await expect(prepareDatabase(envFor(file), logger)).rejects.toBeInstanceOf(DatabaseOpenError);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(fs.existsSync(`${file}-shm`)).toBe(false);
  });

  test('a truncated real database fails clearly and is left as it was', async () => {
    const file = fileIn('truncated.sqlite');
    const db = openDatabase(file);
    migrateDatabase(db);
    await loadSeed(db, seedData);
    closeDatabase(db);
    expect(fs.statSync(file).size).toBeGreaterThan(3000);
    fs.truncateSync(file, 3000);
    const bytes = fs.readFileSync(file);

    expect(() => openDatabase(file)).toThrow(DatabaseOpenError);
    expect(() => openDatabase(file)).toThrow(NOT_A_DATABASE);
    await expect(prepareDatabase(envFor(file), logger)).rejects.toThrow(NOT_A_DATABASE);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  test('the real process stops with a non-zero exit code and says so on stderr', async () => {
    const { file, bytes } = garbageFile('process-garbage.sqlite');
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['server/index.ts'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_PATH: file, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', NODE_ENV: 'test' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.stdout.resume();
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the process did not exit within 20 s; stderr: ${err}`));
      }, 20_000);
      child.on('error', reject);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve({ code: exitCode, stderr: err });
      });
    });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(stderr).toContain(NOT_A_DATABASE);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  }, 25_000);
});

describe('Connection settings', () => {
  test('foreign keys on, WAL journal, busy timeout of at least 5 s', () => {
    const db = openDatabase(fileIn('pragmas.sqlite'));
    opened.push(db);
    expect(rawWriter(db).pragma('foreign_keys', { simple: true })).toBe(1);
    expect(rawWriter(db).pragma('journal_mode', { simple: true })).toBe('wal');
    expect(Number(rawWriter(db).pragma('busy_timeout', { simple: true }))).toBeGreaterThanOrEqual(5000);
  });

  test("the writing connection keeps savepoints' pages in memory; a read-only one leaves large sorts on disk", () => {
    const file = fileIn('temp-store.sqlite');
    const db = openDatabase(file);
    opened.push(db);
    const reader = openDatabase(file, { readonly: true });
    opened.push(reader);
    // 2 is MEMORY, 0 the build's default (a file).
    expect(rawWriter(db).pragma('temp_store', { simple: true })).toBe(2);
    expect(sqliteOf(reader).pragma('temp_store', { simple: true })).toBe(0);
  });
});
