import { and, eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { evidenceNotes, partyStatuses, partyStatusHistory, recommendations } from '../../server/db/schema';
import { createTestContext, esc, postForm, signInAs, type TestContext } from '../helpers';

/** Each side's progress (issue 21, item 1): a status per party beside the overall one. */

let ctx: TestContext;
/** Petrovsky 5.2: the Russian Far East's regional governments lead, Northeast China's provincial governments support. */
let councilId: number;
/** Petrovsky 5.4: NEAR alone, a multilateral body: no sides. */
let nearId: number;

const byTitle = (part: string) => ctx.db.select().from(recommendations).all().find((r) => r.shortTitle.includes(part))!.id;
const side = (id: number, party: string) =>
  ctx.db.select().from(partyStatuses).where(and(eq(partyStatuses.recommendationId, id), eq(partyStatuses.party, party))).get();
const history = (id: number, party: string) =>
  ctx.db.select().from(partyStatusHistory).where(and(eq(partyStatusHistory.recommendationId, id), eq(partyStatusHistory.party, party))).all();

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  councilId = byTitle('Cooperation Council works');
  nearId = byTitle('commission on cross-border and inter-regional cooperation within NEAR');
});
afterAll(() => ctx.close());

const chinaNoAction = (csrf: string, extra: Record<string, string> = {}) => ({
  _csrf: csrf,
  status: 'no_action',
  effective_on: '2024-06-01',
  rationale: 'No session of the Council reported on the Chinese side',
  evidence_text: 'Heilongjiang government site lists no Council session since 2019',
  evidence_url: 'https://example.org/hlj',
  evidence_kind: 'official_document',
  evidence_language: 'en',
  ...extra,
});

describe('The sides of a joint recommendation', () => {
  test('When a recommendation’s bodies come from Russia and China, then it has a side for each, not assessed; a multilateral body alone gives none', async () => {
    expect(side(councilId, 'Russia')).toMatchObject({ status: 'not_assessed', version: 1, updatedAt: null });
    expect(side(councilId, 'China')).toMatchObject({ status: 'not_assessed' });
    expect(ctx.db.select().from(partyStatuses).where(eq(partyStatuses.recommendationId, nearId)).all()).toEqual([]);
    const { agent } = await signInAs(ctx, 'viewer');
    const near = await agent.get(`/recommendations/${nearId}`);
    expect(near.text).not.toContain('id="sides"');
    const council = await agent.get(`/recommendations/${councilId}`);
    expect(council.text).toContain(esc("Each side's progress"));
    expect(council.text).toContain(`href="/recommendations/${councilId}/parties/china"`);
    // A viewer reads a side's history but is offered no form.
    const page = await agent.get(`/recommendations/${councilId}/parties/china`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Nobody has assessed this side yet.');
    expect(page.text).not.toContain('Status for China');
  });

  test('When a viewer posts a side’s status, then it is refused and nothing changes', async () => {
    const { agent, csrf } = await signInAs(ctx, 'viewer');
    const res = await agent.post(`/recommendations/${councilId}/parties/china/status`).type('form').send(chinaNoAction(csrf));
    expect(res.status).toBe(403);
    expect(side(councilId, 'China')!.status).toBe('not_assessed');
  });

  test('When an editor sends the form without a rationale and with a bad URL, then 422 shows each message by its field and nothing is written', async () => {
    const { agent, csrf } = await signInAs(ctx, 'editor');
    const form = await agent.get(`/recommendations/${councilId}/parties/china`);
    expect(form.text).toContain('<label for="status' + councilId + '-status">Status for China');
    const res = await agent
      .post(`/recommendations/${councilId}/parties/china/status`)
      .type('form')
      .send(chinaNoAction(csrf, { rationale: '', evidence_url: 'not a url' }));
    expect(res.status).toBe(422);
    expect(res.text).toMatch(new RegExp(`id="status${councilId}-rationale-error"[^>]*>[^<]*required`, 'i'));
    expect(res.text).toContain(`id="status${councilId}-evidence_url-error"`);
    expect(history(councilId, 'China')).toEqual([]);
  });

  test('When an editor sets China’s side to “No action observed” with evidence, then the side, its history and the note are saved, and the overall status is untouched', async () => {
    const { agent, csrf, user } = await signInAs(ctx, 'editor');
    const res = await agent.post(`/recommendations/${councilId}/parties/china/status`).type('form').send(chinaNoAction(csrf, { version: '1' }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/recommendations/${councilId}#sides`);
    expect(side(councilId, 'China')).toMatchObject({ status: 'no_action', statusSince: '2024-06-01', version: 2, updatedBy: user.id });
    const [change] = history(councilId, 'China');
    expect(change).toMatchObject({ fromStatus: 'not_assessed', toStatus: 'no_action', effectiveOn: '2024-06-01', recordedBy: user.id });
    const note = ctx.db.select().from(evidenceNotes).where(eq(evidenceNotes.id, change!.evidenceNoteId!)).get();
    expect(note).toMatchObject({ sourceUrl: 'https://example.org/hlj', observedOn: '2024-06-01' });
    expect(ctx.db.select().from(recommendations).where(eq(recommendations.id, councilId)).get()!.status).toBe('not_assessed');

    const detail = await agent.get(`/recommendations/${councilId}`);
    expect(detail.text).toContain(esc('The sides differ: China: No action observed; Russia: Not yet assessed.'));
    expect(detail.text).toContain('No session of the Council reported on the Chinese side');
    const page = await agent.get(`/recommendations/${councilId}/parties/china`);
    expect(page.text).toContain('No session of the Council reported on the Chinese side');
    expect(page.text).toContain('https://example.org/hlj');
  });

  test('When both sides agree but the overall status differs, then the page says so', async () => {
    const { agent, csrf } = await signInAs(ctx, 'editor');
    const res = await agent.post(`/recommendations/${councilId}/parties/russia/status`).type('form').send(chinaNoAction(csrf, { rationale: 'Nothing on the Russian side either' }));
    expect(res.status).toBe(303);
    const detail = await agent.get(`/recommendations/${councilId}`);
    expect(detail.text).toContain(esc('Every side stands at “No action observed”, while the overall status is “Not yet assessed”.'));
  });

  test('When the sides have changed, then the main timeline shows each change dated and named by its party, with its evidence inside it, in all three languages', async () => {
    const { agent } = await signInAs(ctx, 'viewer');
    const timelineOf = async (language: string) => {
      const page = await agent.get(`/recommendations/${councilId}`).set('Accept-Language', language);
      const section = page.text.slice(page.text.indexOf('id="timeline"'), page.text.indexOf('</section>', page.text.indexOf('id="timeline"')));
      return section.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    };
    const en = await timelineOf('en');
    expect(en).toContain('China: status changed Not yet assessed → No action observed Rationale: No session of the Council reported on the Chinese side');
    expect(en).toContain('Russia: status changed Not yet assessed → No action observed Rationale: Nothing on the Russian side either');
    expect(en).toContain('Heilongjiang government site lists no Council session since 2019');
    // The note given with a side's change is shown inside it, not again as a note of its own.
    expect(en).not.toContain('evidence noted');
    expect(en).toMatch(/Jun[^·]*2024 · China: status changed/);
    expect(await timelineOf('ru')).toContain('Китай: статус изменён');
    expect(await timelineOf('zh')).toContain('中国方面：状态变更');
  });

  test('When someone saved the side since the form was opened, then the save is refused (409) with who did it, and the form carries the new version', async () => {
    const { agent, csrf } = await signInAs(ctx, 'editor');
    const before = history(councilId, 'China').length;
    const res = await agent
      .post(`/recommendations/${councilId}/parties/china/status`)
      .type('form')
      .send(chinaNoAction(csrf, { version: '1', status: 'under_consideration', effective_on: '2024-07-01' }));
    expect(res.status).toBe(409);
    expect(res.text).toContain('name="version" value="2"');
    expect(history(councilId, 'China')).toHaveLength(before);
  });

  test('When the side is already in that status, or the date is before its current one or in the future, then 422 says so by the field', async () => {
    const { agent, csrf } = await signInAs(ctx, 'editor');
    const same = await agent.post(`/recommendations/${councilId}/parties/china/status`).type('form').send(chinaNoAction(csrf));
    expect(same.status).toBe(422);
    expect(same.text).toContain(`id="status${councilId}-status-error"`);
    for (const effectiveOn of ['2023-01-01', '2999-01-01']) {
      const dated = await agent
        .post(`/recommendations/${councilId}/parties/china/status`)
        .type('form')
        .send(chinaNoAction(csrf, { status: 'in_progress', effective_on: effectiveOn }));
      expect({ effectiveOn, status: dated.status, byField: dated.text.includes(`id="status${councilId}-effective_on-error"`) }).toEqual({ effectiveOn, status: 422, byField: true });
    }
  });

  test('When a party is not a side of the recommendation, then its page is a 404', async () => {
    const { agent, csrf } = await signInAs(ctx, 'editor');
    expect((await agent.get(`/recommendations/${councilId}/parties/mongolia`)).status).toBe(404);
    expect((await agent.get(`/recommendations/${nearId}/parties/china`)).status).toBe(404);
    expect((await agent.post(`/recommendations/${nearId}/parties/china/status`).type('form').send(chinaNoAction(csrf))).status).toBe(404);
  });

  test('When the interface is Russian or Chinese, then the form names the party in that language', async () => {
    const { agent } = await signInAs(ctx, 'editor');
    const ru = await agent.get(`/recommendations/${councilId}/parties/china`).set('Accept-Language', 'ru');
    expect(ru.text).toContain('Статус для Китая');
    const zh = await agent.get(`/recommendations/${councilId}/parties/russia`).set('Accept-Language', 'zh');
    expect(zh.text).toContain('俄罗斯方面的状态');
  });
});

describe('Sides in the list, the board and the reports', () => {
  test('When the list is filtered by China’s status, then it shows exactly the recommendations whose Chinese side stands there', async () => {
    const { agent } = await signInAs(ctx, 'viewer');
    const list = await agent.get('/recommendations?party_status=China:no_action');
    expect(list.status).toBe(200);
    const title = ctx.db.select().from(recommendations).where(eq(recommendations.id, councilId)).get()!.shortTitle;
    expect(list.text).toContain(esc(title));
    expect(list.text).toContain(esc("Side's status: China: No action observed"));
    const other = await agent.get('/recommendations?party_status=China:implemented');
    expect(other.text).not.toContain(esc(title));
    const anyStatus = await agent.get('/recommendations?party_status=China');
    expect(anyStatus.text).toContain(esc(title));
    expect((await agent.get('/recommendations?party_status=China:done')).status).toBe(400);
  });

  test('When the board is grouped by party, then rows are parties counting their sides, and each cell links to the list with that count', async () => {
    const { agent } = await signInAs(ctx, 'viewer');
    const sides = (party: string, status: string) =>
      ctx.db.select().from(partyStatuses).where(and(eq(partyStatuses.party, party), eq(partyStatuses.status, status as 'no_action'))).all().length;
    for (const url of ['/board?group=party', '/board?group=party&priority=no']) {
      const board = await agent.get(url);
      expect(board.status).toBe(200);
      expect(board.text).toContain('Statuses of the sides of joint recommendations, by party');
      const html = board.text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
      const cell = html.match(/<a href="(\/recommendations\?[^"]*party_status=China%3Ano_action[^"]*)">(\d+)<\/a>/);
      expect(cell).not.toBeNull();
      expect(Number(cell![2])).toBe(sides('China', 'no_action'));
      const list = await agent.get(cell![1]!);
      expect(list.status).toBe(200);
      expect(list.text).toMatch(new RegExp(`of ${sides('China', 'no_action')} (recommendations|records)`));
    }
  });

  test('When the CSV is downloaded, then it carries a column per party with each side’s status, and its header in the reader’s language', async () => {
    const { agent } = await signInAs(ctx, 'viewer');
    const csv = await agent.get('/reports/progress.csv');
    const rows = parse(csv.text, { bom: true, columns: true }) as Record<string, string>[];
    const council = rows.find((r) => Number(r.ID) === councilId)!;
    expect(council['Status: China']).toBe('no_action');
    expect(council['Status: Russia']).toBe('no_action');
    expect(rows.find((r) => Number(r.ID) === nearId)!['Status: China']).toBe('');
    // On a date before the sides were assessed, each stood not yet assessed.
    const earlier = parse((await agent.get('/reports/progress.csv?as_of=2024-05-31')).text, { bom: true, columns: true }) as Record<string, string>[];
    expect(earlier.find((r) => Number(r.ID) === councilId)!['Status: China']).toBe('not_assessed');
    const ru = await agent.get('/reports/progress.csv').set('Accept-Language', 'ru');
    expect(ru.text.split('\r\n')[0]).toContain('Статус: Китай');
  });
});

describe('The sides follow the links, whichever code writes them', () => {
  test('When links to bodies of a second country, or another of the same, come and go beside a multilateral body, then the sides appear and go with the countries, and an assessed side stays', () => {
    const bodyOf = (country: string, nth = 0) => ctx.sqlite.prepare('SELECT id FROM bodies WHERE country = ? ORDER BY id LIMIT 1 OFFSET ?').pluck().get(country, nth) as number;
    const link = (bodyId: number) => ctx.sqlite.prepare("INSERT INTO recommendation_bodies (recommendation_id, body_id, role) VALUES (?, ?, 'supporting')").run(nearId, bodyId);
    const unlink = (bodyId: number) => ctx.sqlite.prepare('DELETE FROM recommendation_bodies WHERE recommendation_id = ? AND body_id = ?').run(nearId, bodyId);
    const sides = () => ctx.db.select({ party: partyStatuses.party }).from(partyStatuses).where(eq(partyStatuses.recommendationId, nearId)).all().map((s) => s.party).sort();
    const [russia1, russia2, china] = [bodyOf('Russia'), bodyOf('Russia', 1), bodyOf('China')];
    link(russia1);
    link(russia2);
    expect(sides()).toEqual([]);
    link(china);
    expect(sides()).toEqual(['China', 'Russia']);
    // One Russian body of two gone: Russia is still a party.
    unlink(russia1);
    expect(sides()).toEqual(['China', 'Russia']);
    ctx.sqlite.prepare("UPDATE party_statuses SET status = 'in_progress', updated_at = '2024-01-01' WHERE recommendation_id = ? AND party = 'China'").run(nearId);
    // China's body gone: no longer joint, so Russia's side (never assessed) goes; China's assessed side keeps its history.
    unlink(china);
    expect(sides()).toEqual(['China']);
    unlink(russia2);
    link(russia1);
    expect(sides()).toEqual(['China']);
    link(china);
    expect(sides()).toEqual(['China', 'Russia']);
    unlink(russia1);
    unlink(china);
    ctx.sqlite.prepare('DELETE FROM party_statuses WHERE recommendation_id = ?').run(nearId);
  });

  test('When an admin changes a linked body’s country, then the sides of its recommendations follow, and an assessed side stays', async () => {
    const admin = await signInAs(ctx, 'admin');
    const sides = () => ctx.db.select({ party: partyStatuses.party }).from(partyStatuses).where(eq(partyStatuses.recommendationId, nearId)).all().map((s) => s.party).sort();
    const russian = ctx.sqlite.prepare("SELECT id FROM bodies WHERE country = 'Russia' ORDER BY id LIMIT 1").pluck().get() as number;
    const created = await postForm(admin.agent, '/admin/bodies', { _csrf: admin.csrf, name: 'Harbin trade office', country: 'Russia', kind: 'regional_government' });
    expect(created.status).toBe(303);
    const office = Number(created.headers.location!.split('/').pop());
    const moveTo = async (country: string) => {
      const res = await postForm(admin.agent, `/admin/bodies/${office}`, { _csrf: admin.csrf, name: 'Harbin trade office', country, kind: 'regional_government' });
      expect(res.status).toBe(303);
    };
    for (const bodyId of [russian, office]) ctx.sqlite.prepare("INSERT INTO recommendation_bodies (recommendation_id, body_id, role) VALUES (?, ?, 'supporting')").run(nearId, bodyId);
    expect(sides()).toEqual([]);
    // The office was entered as Russian by mistake: corrected to China, the recommendation becomes joint.
    await moveTo('China');
    expect(sides()).toEqual(['China', 'Russia']);
    await moveTo('Mongolia');
    expect(sides()).toEqual(['Mongolia', 'Russia']);
    const { csrf, agent } = await signInAs(ctx, 'editor');
    expect((await agent.post(`/recommendations/${nearId}/parties/mongolia/status`).type('form').send(chinaNoAction(csrf))).status).toBe(303);
    // Back to Russian: no longer joint, so Russia's side (never assessed) goes; Mongolia's assessed side keeps its history.
    await moveTo('Russia');
    expect(sides()).toEqual(['Mongolia']);
    await moveTo('multilateral');
    expect(sides()).toEqual(['Mongolia']);
    ctx.sqlite.prepare('DELETE FROM recommendation_bodies WHERE recommendation_id = ?').run(nearId);
  });
});
