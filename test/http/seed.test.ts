import request from 'supertest';
import { and, count, eq } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  bodies,
  evidenceNotes,
  mechanismBodies,
  mechanisms,
  recommendationBodies,
  recommendations,
  recommendationThemes,
  sources,
  statusHistory,
  themes,
  users,
} from '../../server/db/schema';
import { SEED_AUTHOR_EMAIL } from '../../server/auth/users';
import { loadSeed } from '../../seed/load';
import { seedData } from '../../seed/data';
import { createTestContext, csrfFrom, signInAs, type TestContext } from '../helpers';

/** The seed: idempotent, never overwriting analysts' work, statuses backed by evidence, and searchable. */

const TABLES: Record<string, SQLiteTable> = {
  recommendations,
  bodies,
  mechanisms,
  mechanism_bodies: mechanismBodies,
  sources,
  themes,
  recommendation_themes: recommendationThemes,
  status_history: statusHistory,
  evidence_notes: evidenceNotes,
  recommendation_bodies: recommendationBodies,
  users,
};

function rowCounts(ctx: TestContext): Record<string, number> {
  return Object.fromEntries(Object.entries(TABLES).map(([name, table]) => [name, ctx.db.select({ n: count() }).from(table).get()!.n]));
}

function findSeeded(ctx: TestContext, sourceTitle: string, reference: string) {
  const source = ctx.db.select().from(sources).where(eq(sources.title, sourceTitle)).get();
  if (!source) throw new Error(`no source ${sourceTitle}`);
  const rec = ctx.db
    .select()
    .from(recommendations)
    .where(and(eq(recommendations.sourceId, source.id), eq(recommendations.reference, reference)))
    .get();
  if (!rec) throw new Error(`no recommendation ${reference} in ${sourceTitle}`);
  return rec;
}

const PETROVSKY = seedData.publications[0]!.source.title;

describe('Loading the seed twice', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  test('the second run reports nothing added and leaves every table as it was', async () => {
    const first = await loadSeed(ctx.db, seedData);
    expect(first.recommendations).toBeGreaterThan(0);
    expect(first.bodies).toBe(seedData.bodies.length);
    expect(first.sources).toBe(seedData.publications.length);
    const after1 = rowCounts(ctx);
    expect(after1.recommendations).toBe(seedData.publications.reduce((n, p) => n + p.recommendations.length, 0));

    const second = await loadSeed(ctx.db, seedData);
    expect(second).toEqual({ bodies: 0, mechanisms: 0, sources: 0, recommendations: 0 });
    expect(rowCounts(ctx)).toEqual(after1);
  });

  test("an analyst's status change made between two runs survives the second run", async () => {
    const target = findSeeded(ctx, PETROVSKY, '5.6');
    expect(target.status).toBe('not_assessed');
    const { agent, csrf } = await signInAs(ctx, 'editor');
    const res = await agent.post(`/recommendations/${target.id}/status`).type('form').send({
      _csrf: csrf,
      status: 'implemented',
      effective_on: '2024-05-01',
      rationale: 'The Trans-Baikal Club held its founding session',
      evidence_text: 'Founding session of the Trans-Baikal Club',
      evidence_kind: 'news',
      evidence_language: 'en',
    });
    expect(res.status).toBe(303);
    const before = rowCounts(ctx);

    const report = await loadSeed(ctx.db, seedData);
    expect(report).toEqual({ bodies: 0, mechanisms: 0, sources: 0, recommendations: 0 });
    expect(rowCounts(ctx)).toEqual(before);
    const after = findSeeded(ctx, PETROVSKY, '5.6');
    expect(after).toMatchObject({ status: 'implemented', statusSince: '2024-05-01', version: target.version + 1 });
    const page = await agent.get(`/recommendations/${target.id}`);
    expect(page.text).toContain('The Trans-Baikal Club held its founding session');
  });
});

describe('Seeded statuses', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ seed: true });
  });
  afterAll(() => ctx.close());

  test('every assessed recommendation has one history row and an evidence note by the inactive seed account; the rest are not assessed', () => {
    const author = ctx.db.select().from(users).where(eq(users.email, SEED_AUTHOR_EMAIL)).get();
    expect(author).toBeDefined();
    expect(author!.active).toBe(false);

    const all = ctx.db.select().from(recommendations).all();
    const assessed = all.filter((r) => r.status !== 'not_assessed');
    const expectedAssessed = seedData.publications.flatMap((p) => p.recommendations).filter((r) => r.status && r.status !== 'not_assessed');
    expect(assessed).toHaveLength(expectedAssessed.length);
    expect(assessed.length).toBeGreaterThan(0);

    for (const rec of all) {
      const history = ctx.db.select().from(statusHistory).where(eq(statusHistory.recommendationId, rec.id)).all();
      const notes = ctx.db.select().from(evidenceNotes).where(eq(evidenceNotes.recommendationId, rec.id)).all();
      if (rec.status === 'not_assessed') {
        expect({ ref: rec.reference, history: history.length, notes: notes.length }).toEqual({ ref: rec.reference, history: 0, notes: 0 });
        continue;
      }
      expect({ ref: rec.reference, history: history.length }).toEqual({ ref: rec.reference, history: 1 });
      const [row] = history;
      expect(row).toMatchObject({ fromStatus: 'not_assessed', toStatus: rec.status, recordedBy: author!.id, effectiveOn: rec.statusSince });
      expect(row!.evidenceNoteId).not.toBeNull();
      const note = notes.find((n) => n.id === row!.evidenceNoteId);
      expect(note).toBeDefined();
      expect(note!.authorId).toBe(author!.id);
      expect(note!.text.trim().length).toBeGreaterThan(0);
    }
  });

  test('the seed account cannot sign in', async () => {
    const agent = request.agent(ctx.app);
    const page = await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), email: SEED_AUTHOR_EMAIL, password: '!' });
    expect(res.status).toBe(401);
  });
});

describe('Search', () => {
  let ctx: TestContext;
  let viewer: Awaited<ReturnType<typeof signInAs>>;
  beforeAll(async () => {
    ctx = await createTestContext({ seed: true });
    viewer = await signInAs(ctx, 'viewer');
  });
  afterAll(() => ctx.close());

  const rowsOf = (html: string) => [...html.matchAll(/<tr id="row-(\d+)">/g)].map((m) => Number(m[1]));
  const search = (q: string) => viewer.agent.get('/recommendations').query({ q });

  test('q=NEAR finds the NEAR commission recommendation', async () => {
    const near = findSeeded(ctx, PETROVSKY, '5.4');
    const other = findSeeded(ctx, PETROVSKY, '1');
    const res = await search('NEAR');
    expect(res.status).toBe(200);
    expect(rowsOf(res.text)).toContain(near.id);
    expect(rowsOf(res.text)).not.toContain(other.id);
    expect(res.text).toContain('Create a commission on cross-border and inter-regional cooperation within NEAR');
  });

  test('a query that matches nothing says so', async () => {
    const res = await search('zzqqxx-nothing');
    expect(res.status).toBe(200);
    expect(rowsOf(res.text)).toEqual([]);
    expect(res.text).toContain('No recommendation matches these filters.');
  });

  test('Chinese and Russian text in evidence notes is found', async () => {
    const near = findSeeded(ctx, PETROVSKY, '5.4');
    const council = findSeeded(ctx, PETROVSKY, '5.2');
    const editor = await signInAs(ctx, 'editor');
    const notes = [
      { id: near.id, text: '东北亚地区地方政府联合会讨论设立跨境合作委员会', language: 'zh' },
      { id: council.id, text: 'Совет по сотрудничеству регионов провёл очередное заседание', language: 'ru' },
    ];
    for (const note of notes) {
      const res = await editor.agent.post(`/recommendations/${note.id}/notes`).type('form').send({
        _csrf: editor.csrf,
        observed_on: '2025-01-15',
        text: note.text,
        source_kind: 'news',
        language: note.language,
      });
      expect(res.status).toBe(303);
    }

    const chinese = await search('跨境合作委员会');
    expect(chinese.status).toBe(200);
    expect(rowsOf(chinese.text)).toEqual([near.id]);

    const russian = await search('очередное заседание');
    expect(russian.status).toBe(200);
    expect(rowsOf(russian.text)).toEqual([council.id]);
  });
});

describe('Record kinds and what a source holds', () => {
  let ctx: TestContext;
  let viewer: Awaited<ReturnType<typeof signInAs>>;
  beforeAll(async () => {
    ctx = await createTestContext({ seed: true });
    viewer = await signInAs(ctx, 'viewer');
  });
  afterAll(() => ctx.close());
  const ROUNDTABLE = seedData.publications[3]!.source.title;

  test('When a stated position is opened, then its page and its list row say so, and the kind filter lists only stated positions', async () => {
    const xu3 = findSeeded(ctx, ROUNDTABLE, 'Xu-3');
    const page = await viewer.agent.get(`/recommendations/${xu3.id}`);
    expect(page.text).toContain('<strong class="record-kind">Stated position</strong>');
    const list = await viewer.agent.get('/recommendations?record_kind=stated_position');
    const ids = [...list.text.matchAll(/<tr id="row-(\d+)">/g)].map((m) => Number(m[1]));
    const expected = ctx.db.select().from(recommendations).where(eq(recommendations.kind, 'stated_position')).all().map((r) => r.id);
    expect(ids.sort()).toEqual(expected.sort());
    expect(ids).toContain(xu3.id);
    expect(list.text).toContain('Record kind: Stated position');
  });

  test('When the policy brief’s page is opened, then it says its thematic recommendations are not yet recorded', async () => {
    const brief = ctx.db.select().from(sources).where(eq(sources.title, seedData.publications[1]!.source.title)).get()!;
    const page = await viewer.agent.get(`/sources/${brief.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('are not yet recorded');
  });
});

describe('Names as the publication gives them', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ seed: true });
  });
  afterAll(() => ctx.close());

  test('When searching by the ministry’s later name or NEAR’s Russian acronym, then the recommendations of the body so named are found', async () => {
    const viewer = await signInAs(ctx, 'viewer');
    const ministry = findSeeded(ctx, PETROVSKY, '5.1');
    const near = findSeeded(ctx, PETROVSKY, '5.4');
    const rows = (html: string) => [...html.matchAll(/<tr id="row-(\d+)">/g)].map((m) => Number(m[1]));
    expect(rows((await viewer.agent.get('/recommendations').query({ q: 'Far East and Arctic' })).text)).toEqual([ministry.id]);
    expect(rows((await viewer.agent.get('/recommendations').query({ q: 'АРАССВА' })).text)).toEqual([near.id]);
    const body = ctx.db.select().from(bodies).where(eq(bodies.acronym, 'Minvostokrazvitiya')).get()!;
    expect(body.name).toBe('Ministry for the Development of the Russian Far East');
  });
});
