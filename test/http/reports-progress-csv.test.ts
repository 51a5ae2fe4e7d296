import { parse } from 'csv-parse/sync';
import { and, asc, desc, eq } from 'drizzle-orm';
import request from 'supertest';
import { bodies, evidenceNotes, mechanismMeetings, mechanisms, partyStatuses, recommendationBodies, recommendations, recommendationThemes, sources, themes, users } from '../../server/db/schema';
import { OPEN_STATUS_KEYS, type StatusKey } from '../../server/domain/vocabulary';
import { today } from '../../server/lib/dates';
import { t } from '../../server/lib/i18n';
import { addEvidence, createRecommendation, updateStatus, type RecommendationInput } from '../../server/recommendations/service';
import { recordUptake } from '../../server/uptake/service';
import { dormantMechanismIds } from '../../server/mechanisms/queries';
import { CHANGE_COLUMNS, COLUMNS, columnHeader } from '../../server/reports/csv-format';
import { openProgressRows } from '../../server/reports/queries';
import { createTestContext, download, makeUser, signInAs, type Agent, type TestContext } from '../helpers';

/**
 * The progress CSV, parsed back with a strict parser and compared cell by cell
 * with the database: a constructed dataset with Russian and Chinese names,
 * quotes, commas, line breaks, every character a spreadsheet would take for a
 * formula, and a status history with known dates.
 */

let ctx: TestContext;
let viewer: Agent;
let editorId: number;
const ids: Record<string, number> = {};

const HEADERS = Object.values(COLUMNS);
/** The parties' columns (server/parties), last: this dataset's bodies are from China and Russia. */
const SIDE_HEADERS = ['Status: China', 'Status: Russia'];
const DANGEROUS = ['=', '+', '-', '@', '\t', '\r', '\n'];

async function buildDataset() {
  const owner = await makeUser(ctx.db, 'editor', { name: 'Анна Петрова, "аналитик"', email: 'anna@example.org' });
  editorId = owner.id;
  const source = ctx.tx
    .insert(sources)
    .values({ title: '中俄地方合作 2024: "Regions", cooperation', authors: 'Иванов И. И.', publisher: 'RIAC', publishedOn: '2024', kind: 'report', language: 'zh' })
    .returning()
    .get();
  const otherSource = ctx.tx
    .insert(sources)
    .values({ title: 'Second publication', authors: 'B', publisher: 'P', publishedOn: '2023-05', kind: 'article', language: 'en' })
    .returning()
    .get();
  const ministry = ctx.tx.insert(bodies).values({ name: 'Министерство экономического развития', country: 'Russia', kind: 'ministry' }).returning().get();
  const province = ctx.tx.insert(bodies).values({ name: '黑龙江省人民政府', country: 'China', kind: 'regional_government' }).returning().get();
  const near = ctx.tx.insert(bodies).values({ name: 'Association "NEAR", Secretariat', acronym: 'NEAR', country: 'multilateral', kind: 'association' }).returning().get();
  const commission = ctx.tx
    .insert(mechanisms)
    .values({ name: '=HYPERLINK("http://evil.example")', kind: 'commission', lifecycle: 'proposed' })
    .returning()
    .get();
  // Expected to meet every year, last met in January 2025: dormant today, not at the start of February 2025, and
  // dormant at the end of 2024 (its meeting before that was in May 2020).
  const council = ctx.tx
    .insert(mechanisms)
    .values({ name: 'Межправительственная комиссия', kind: 'intergovernmental_council', lifecycle: 'active', yearEstablished: 2015, expectedCadence: 'annual' })
    .returning()
    .get();
  ids.commission = commission.id;
  ids.council = council.id;
  ids.source = source.id;

  const base = (reference: string, shortTitle: string, extra: Partial<RecommendationInput> = {}): RecommendationInput => ({
    sourceId: source.id,
    reference,
    shortTitle,
    fullText: `Full text of ${reference}:\nline two, with "quotes"\r\nand a CRLF line.`,
    supportingBodyIds: [],
    themes: [],
    priority: false,
    confidence: 'unverified',
    ...extra,
  });
  const create = (key: string, input: RecommendationInput) => {
    const result = createRecommendation(ctx.tx, input, owner.id);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    ids[key] = result.id;
  };
  create(
    'A',
    base('1.1', 'Создать комиссию по приграничному сотрудничеству', {
      mechanismId: council.id,
      leadBodyId: ministry.id,
      supportingBodyIds: [province.id, near.id],
      themes: ['cross-border cooperation', 'трансграничное'],
      priority: true,
      targetDate: '2024-12-31',
      ownerId: owner.id,
      confidence: 'likely',
    }),
  );
  create('B', base('1.2', '建立地方合作机制, "quoted" and, commas', { mechanismId: commission.id, leadBodyId: province.id, targetDate: '2099-01-01' }));
  create('C', base('1.3', 'Line one\nline two\r\nline three', { mechanismId: council.id }));
  create('D', base('2', 'Two changes on one day', { sourceId: otherSource.id, kind: 'reported_activity' }));
  DANGEROUS.forEach((c, i) => create(`X${i}`, base(`9.${i}`, `${c}cmd|' /C calc'!A0 (${i})`)));
  create('Q', base('9.9', "'=already quoted"));

  const status = (key: string, to: StatusKey, on: string, rationale: string) => {
    const result = updateStatus(ctx.tx, ids[key]!, { status: to, effectiveOn: on, rationale }, owner.id);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
  };
  // A: under consideration 2024-01-10, in progress 2024-06-01, implemented 2025-02-15.
  status('A', 'under_consideration', '2024-01-10', 'Raised at the forum');
  status('A', 'in_progress', '2024-06-01', 'Working group set up; minutes, p. 3');
  status('A', 'implemented', '2025-02-15', 'Commission established by decree');
  // B: stalled since 2024-03-01.
  status('B', 'stalled', '2024-03-01', 'No meeting since 2023');
  // D: two changes on the same day, applied in the order recorded.
  status('D', 'no_action', '2025-01-01', 'First look');
  status('D', 'under_consideration', '2025-01-01', 'Second look, same day');

  const note = (key: string, observedOn: string, text: string, sourceUrl?: string) => {
    const result = addEvidence(ctx.tx, ids[key]!, { observedOn, text, sourceUrl, sourceKind: 'news', language: 'ru' }, owner.id);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
  };
  note('A', '2024-05-01', 'Заседание рабочей группы, "протокол" №1', 'https://example.org/a-2024');
  note('A', '2025-03-01', '=SUM(1,2) posted on the ministry site', 'https://example.org/a-2025');
  ctx.tx.insert(mechanismMeetings).values({ mechanismId: council.id, heldOn: '2020-05-20', outcome: 'Second session', recordedBy: owner.id }).run();
  ctx.tx.insert(mechanismMeetings).values({ mechanismId: council.id, heldOn: '2025-01-10', outcome: 'Third session', recordedBy: owner.id }).run();
  const decree = ctx.tx.select({ id: evidenceNotes.id }).from(evidenceNotes).where(eq(evidenceNotes.observedOn, '2024-05-01')).get()!.id;
  const uptake = recordUptake(ctx.tx, ids.A!, { uptake: 'adopted', noteId: decree, confidence: 'likely' }, owner.id);
  if (!uptake.ok) throw new Error(JSON.stringify(uptake.errors));
}

beforeAll(async () => {
  ctx = await createTestContext();
  await buildDataset();
  ({ agent: viewer } = await signInAs(ctx, 'viewer'));
});
afterAll(() => ctx.close());

/** RFC 4180 read strictly: CRLF records, no loose quotes, the same number of cells in every row, a BOM first. */
function strictParse(text: string): string[][] {
  return parse(text, { bom: true, record_delimiter: '\r\n', relax_quotes: false, relax_column_count: false, skip_empty_lines: false });
}

function rowsOf(text: string): Record<string, string>[] {
  const [header, ...records] = strictParse(text);
  return records.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i]!])));
}

const formulaSafe = (text: string) => (/^'*[=+\-@\t\r\n]/.test(text) ? `'${text}` : text);

/** The CSV row a recommendation should have, computed from the database independently of the app's query. */
function expectedRow(id: number, baseUrl: string): Record<string, string> {
  const r = ctx.db.select().from(recommendations).where(eq(recommendations.id, id)).get()!;
  const source = ctx.db.select().from(sources).where(eq(sources.id, r.sourceId)).get()!;
  const mechanism = r.mechanismId === null ? undefined : ctx.db.select().from(mechanisms).where(eq(mechanisms.id, r.mechanismId)).get();
  const links = ctx.db
    .select({ name: bodies.name, role: recommendationBodies.role })
    .from(recommendationBodies)
    .innerJoin(bodies, eq(bodies.id, recommendationBodies.bodyId))
    .where(eq(recommendationBodies.recommendationId, id))
    .all();
  const themeNames = ctx.db
    .select({ name: themes.name })
    .from(recommendationThemes)
    .innerJoin(themes, eq(themes.id, recommendationThemes.themeId))
    .where(eq(recommendationThemes.recommendationId, id))
    .all()
    .map((x) => x.name)
    .sort();
  const notes = ctx.db.select().from(evidenceNotes).where(eq(evidenceNotes.recommendationId, id)).orderBy(asc(evidenceNotes.observedOn)).all();
  const last = notes[notes.length - 1];
  const uptakeNote = notes.find((n) => n.id === r.uptakeNoteId);
  const userName = (userId: number | null) => (userId === null ? '' : ctx.db.select().from(users).where(eq(users.id, userId)).get()!.name);
  const overdue = r.targetDate !== null && r.targetDate < today() && OPEN_STATUS_KEYS.includes(r.status);
  const cells: Record<keyof typeof COLUMNS, string> = {
    id: String(r.id),
    source: source.title,
    reference: r.reference,
    shortTitle: r.shortTitle,
    mechanism: mechanism?.name ?? '',
    leadBody: links.find((l) => l.role === 'lead')?.name ?? '',
    supportingBodies: links
      .filter((l) => l.role === 'supporting')
      .map((l) => l.name)
      .sort()
      .join('; '),
    status: r.status,
    statusLabel: t(`status.${r.status}`),
    statusSince: r.statusSince ?? '',
    confidence: r.confidence,
    priority: r.priority ? 'yes' : 'no',
    targetDate: r.targetDate ?? '',
    overdue: overdue ? 'yes' : 'no',
    lastEvidenceDate: last?.observedOn ?? '',
    lastEvidenceNote: last?.text ?? '',
    lastEvidenceUrl: last?.sourceUrl ?? '',
    owner: userName(r.ownerId),
    lastUpdatedBy: userName(r.updatedBy),
    updatedAt: r.updatedAt,
    pageUrl: `${baseUrl}/recommendations/${r.id}`,
    themes: themeNames.join(', '),
    fullText: r.fullText,
    // No translations here: the displayed title is the original.
    displayedTitle: r.shortTitle,
    originalLanguage: r.language,
    kind: r.kind,
    uptake: r.uptake,
    uptakeConfidence: r.uptakeConfidence ?? '',
    uptakeDocument: uptakeNote?.sourceTitle ?? uptakeNote?.text ?? '',
    uptakeDocumentUrl: uptakeNote?.sourceUrl ?? '',
    mechanismDormant: mechanism ? (dormantMechanismIds(ctx.db, today(), 90).has(mechanism.id) ? 'yes' : 'no') : '',
    mechanismLastMeeting: mechanism
      ? (ctx.db.select({ heldOn: mechanismMeetings.heldOn }).from(mechanismMeetings).where(eq(mechanismMeetings.mechanismId, mechanism.id)).orderBy(desc(mechanismMeetings.heldOn)).get()?.heldOn ?? '')
      : '',
  };
  const side = (party: string) => ctx.db.select().from(partyStatuses).where(and(eq(partyStatuses.recommendationId, id), eq(partyStatuses.party, party))).get()?.status ?? '';
  return {
    ...Object.fromEntries(Object.entries(COLUMNS).map(([key, header]) => [header, formulaSafe(cells[key as keyof typeof COLUMNS])])),
    'Status: China': side('China'),
    'Status: Russia': side('Russia'),
  };
}

const idsIn = (rows: Record<string, string>[]) => rows.map((r) => Number(r.ID));
const rowFor = (rows: Record<string, string>[], key: string) => rows.find((r) => Number(r.ID) === ids[key]);

describe('Progress CSV: the file', () => {
  test('When a viewer downloads the report, then it is a UTF-8 CSV attachment named with today’s date, with a BOM and the documented header', async () => {
    const { res, bytes, text } = await download(viewer, '/reports/progress.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="progress-${today()}.csv"`);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(strictParse(text)[0]).toEqual([...HEADERS, ...SIDE_HEADERS]);
  });

  test('When the file is read, then its record kind comes before Uptake and the parties’ columns, as a key in every language, its header in the reader’s', async () => {
    const kindAt = Object.keys(COLUMNS).indexOf('kind');
    const english = rowsOf((await download(viewer, '/reports/progress.csv')).text);
    expect(Object.keys(english[0]!).slice(kindAt, kindAt + 2)).toEqual(['Record kind', 'Uptake']);
    expect(kindAt).toBe(HEADERS.length - 7);
    expect(rowFor(english, 'D')!['Record kind']).toBe('reported_activity');
    expect(rowFor(english, 'A')!['Record kind']).toBe('recommendation');
    const russian = strictParse((await download(viewer, '/reports/progress.csv', { 'Accept-Language': 'ru' })).text);
    expect(russian[0]![kindAt]).toBe(columnHeader('kind', 'ru'));
    expect(columnHeader('kind', 'ru')).toBe('Вид записи');
    expect(russian.find((cells) => cells[0] === String(ids.D))![kindAt]).toBe('reported_activity');
  });

  test('When the file is read, then the uptake’s confidence and document and the mechanism’s dormant flag and last meeting come after Uptake, before the parties’ columns', async () => {
    const rows = rowsOf((await download(viewer, '/reports/progress.csv')).text);
    const added = ['Uptake confidence', 'Uptake document', 'Uptake document URL', 'Mechanism dormant', 'Mechanism last meeting'];
    expect(Object.keys(rows[0]!).slice(HEADERS.length - added.length - 1, HEADERS.length)).toEqual(['Uptake', ...added]);
    const a = rowFor(rows, 'A')!;
    expect(added.map((h) => a[h])).toEqual(['likely', 'Заседание рабочей группы, "протокол" №1', 'https://example.org/a-2024', 'yes', '2025-01-10']);
    // A proposed mechanism is not dormant; a recommendation without a mechanism leaves both empty.
    expect(added.map((h) => rowFor(rows, 'B')![h])).toEqual(['', '', '', 'no', '']);
    expect(added.map((h) => rowFor(rows, 'D')![h])).toEqual(['', '', '', '', '']);
    // On a past day, the meetings held by then and the rule on that day.
    const onDay = async (day: string) => (await download(viewer, `/reports/progress.csv?as_of=${day}`)).text;
    const flags = (text: string) => ['Mechanism dormant', 'Mechanism last meeting'].map((h) => rowFor(rowsOf(text), 'A')![h]);
    expect(flags(await onDay('2025-02-01'))).toEqual(['no', '2025-01-10']);
    expect(flags(await onDay('2024-12-31'))).toEqual(['yes', '2020-05-20']);
    const russian = strictParse((await download(viewer, '/reports/progress.csv', { 'Accept-Language': 'ru' })).text);
    expect(russian[0]!.slice(HEADERS.length - added.length, HEADERS.length)).toEqual(['Достоверность оценки учёта', 'Подтверждающий документ', 'Ссылка на подтверждающий документ', 'Механизм бездействует', 'Последнее заседание механизма']);
  });

  test('When the file is read, then every record ends with CRLF and a bare line break occurs only inside a quoted cell', async () => {
    const { text } = await download(viewer, '/reports/progress.csv');
    expect(text.endsWith('\r\n')).toBe(true);
    const outsideQuotes = text.replace(/"(?:[^"]|"")*"/g, '');
    expect(outsideQuotes.split('\r\n').filter((line) => line.includes('\n') || line.includes('\r'))).toEqual([]);
    expect(text).toContain('"Line one\nline two\r\nline three"');
    expect(text).toContain('"建立地方合作机制, ""quoted"" and, commas"');
  });

  test('When the file is parsed back strictly, then every cell of every row equals the database, Russian and Chinese text included', async () => {
    const { text } = await download(viewer, '/reports/progress.csv');
    const rows = rowsOf(text);
    const all = ctx.db.select({ id: recommendations.id }).from(recommendations).all();
    expect(rows).toHaveLength(all.length);
    const baseUrl = new URL(rows[0]!['Page URL']!).origin;
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const row of rows) expect(row).toEqual(expectedRow(Number(row.ID), baseUrl));
    const a = rowFor(rows, 'A')!;
    expect(a['Short title']).toBe('Создать комиссию по приграничному сотрудничеству');
    expect(a['Supporting bodies']).toBe('Association "NEAR", Secretariat; 黑龙江省人民政府');
    expect(a.Owner).toBe('Анна Петрова, "аналитик"');
    expect(a.Status).toBe('implemented');
    expect(a['Status label']).toBe('Implemented');
    expect(a['Status since']).toBe('2025-02-15');
    expect(a['Last evidence note']).toBe("'=SUM(1,2) posted on the ministry site");
    expect(a.Themes).toBe('cross-border cooperation, трансграничное');
    expect(rowFor(rows, 'B')!.Source).toBe('中俄地方合作 2024: "Regions", cooperation');
  });

  test('When a text cell begins with = + - @, a tab, a carriage return or a line feed, then it gets a leading apostrophe, and other cells do not', async () => {
    const rows = rowsOf((await download(viewer, '/reports/progress.csv')).text);
    DANGEROUS.forEach((c, i) => {
      expect(rowFor(rows, `X${i}`)!['Short title']).toBe(`'${c}cmd|' /C calc'!A0 (${i})`);
    });
    expect(rowFor(rows, 'B')!.Mechanism).toBe(`'=HYPERLINK("http://evil.example")`);
    // An apostrophe that could be mistaken for ours is doubled, so an import takes back exactly one.
    expect(rowFor(rows, 'Q')!['Short title']).toBe("''=already quoted");
    expect(rowFor(rows, 'A')!.Mechanism).toBe('Межправительственная комиссия');
    expect(rowFor(rows, 'A')!.ID).toBe(String(ids.A));
  });

  test('When an overdue recommendation is exported, then Overdue says yes only while its status is open', async () => {
    const rows = rowsOf((await download(viewer, '/reports/progress.csv')).text);
    expect(rowFor(rows, 'A')!.Overdue).toBe('no'); // target passed, but implemented
    expect(rowFor(rows, 'B')!.Overdue).toBe('no'); // target in 2099
    const stale = await download(viewer, '/reports/progress.csv?as_of=2025-01-31');
    expect(rowFor(rowsOf(stale.text), 'A')!.Overdue).toBe('yes'); // in progress on 31 Jan 2025, target 31 Dec 2024
  });
});

describe('Progress CSV: filters', () => {
  /** The ids the list page shows for a query (all on one page here). */
  async function listIds(query: string): Promise<number[]> {
    const res = await viewer.get(`/recommendations${query}`);
    expect(res.status).toBe(200);
    return [...res.text.matchAll(/<tr id="row-(\d+)">/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  }

  test.each([
    ['?status=stalled'],
    ['?mechanism=COUNCIL'],
    ['?mechanism=none'],
    ['?body=none'],
    ['?source=SOURCE&priority=no'],
    ['?q=комиссию'],
    ['?q=地方合作'],
    ['?owner=OWNER'],
    ['?overdue=yes'],
    ['?record_kind=reported_activity'],
    ['?status=implemented&sort=title&page=1'],
  ])('When the report is asked for %s, then it holds exactly the recommendations the list shows', async (template) => {
    const query = template.replace('COUNCIL', String(ids.council)).replace('SOURCE', String(ids.source)).replace('OWNER', String(editorId));
    const expected = await listIds(query);
    const rows = rowsOf((await download(viewer, `/reports/progress.csv${query}`)).text);
    expect(idsIn(rows).sort((a, b) => a - b)).toEqual(expected);
  });

  test('When the list is shown with filters, then its Download CSV link carries them and opts out of htmx boosting', async () => {
    const res = await viewer.get(`/recommendations?status=stalled&mechanism=${ids.commission}`);
    const href = /<a href="([^"]*progress\.csv[^"]*)" hx-boost="false" download>Download CSV<\/a>/.exec(res.text)?.[1];
    expect(href).toBeDefined();
    const url = href!.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    expect(url).toBe(`/reports/progress.csv?status=stalled&mechanism=${ids.commission}`);
    const rows = rowsOf((await download(viewer, url)).text);
    expect(idsIn(rows)).toEqual([ids.B]);
  });

  test('When a parameter is not valid, then the answer is 400 naming the parameter, not a file', async () => {
    const res = await viewer.get('/reports/progress.csv?as_of=2024-02-30&status=done');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<code>as_of=2024-02-30</code>: Enter a date as YYYY-MM-DD.');
    expect(res.text).toContain('<code>status=done</code>');
    const order = await viewer.get('/reports/progress.csv?changed_since=2025-01-01&as_of=2024-12-31');
    expect(order.status).toBe(400);
    expect(order.text).toContain('The start of the period must be on or before its end (Dec 31, 2024).');
    const future = await viewer.get('/reports/progress.csv?as_of=2999-01-01');
    expect(future.status).toBe(400);
    expect(future.text).toContain('<code>as_of=2999-01-01</code>: The date cannot be in the future.');
  });

  test('When someone who is not signed in asks for the report, then they are sent to sign in', async () => {
    const res = await request(ctx.app).get('/reports/progress.csv?status=stalled');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent('/reports/progress.csv?status=stalled')}`);
  });
});

describe('Progress CSV: point in time (as_of)', () => {
  test('When as_of is given, then each status is the last change effective by the end of that day, and the file is named with that date', async () => {
    const { res, text } = await download(viewer, '/reports/progress.csv?as_of=2024-12-31');
    expect(res.headers['content-disposition']).toBe('attachment; filename="progress-2024-12-31.csv"');
    const rows = rowsOf(text);
    // Everything here was entered today, yet existed then: both publications (2024, 2023-05) were out by that day.
    expect(rows).toHaveLength(ctx.db.select().from(recommendations).all().length);
    expect(rowFor(rows, 'C')).toMatchObject({ Status: 'not_assessed', 'Status since': '' });
    expect(rowFor(rows, 'A')).toMatchObject({ Status: 'in_progress', 'Status label': 'In progress', 'Status since': '2024-06-01' });
    expect(rowFor(rows, 'B')).toMatchObject({ Status: 'stalled', 'Status since': '2024-03-01' });
    // The evidence is the latest note observed by then.
    expect(rowFor(rows, 'A')).toMatchObject({ 'Last evidence date': '2024-05-01', 'Last evidence source URL': 'https://example.org/a-2024' });
  });

  test('When as_of is before the last day of a publication known by its year, then only its recommendations whose history reaches back to that day are in', async () => {
    const rows = rowsOf((await download(viewer, '/reports/progress.csv?as_of=2024-12-30')).text);
    // A and B moved in 2024; D's publication (2023-05) was out; the others' (2024) counts from 2024-12-31, as on the board.
    expect(idsIn(rows).sort((a, b) => a - b)).toEqual([ids.A!, ids.B!, ids.D!].sort((a, b) => a - b));
    expect(rowFor(rows, 'D')).toMatchObject({ Status: 'not_assessed' });
  });

  test('When as_of is the day of a change, then that change counts; the day before, it does not', async () => {
    const onDay = rowsOf((await download(viewer, '/reports/progress.csv?as_of=2024-06-01')).text);
    expect(rowFor(onDay, 'A')).toMatchObject({ Status: 'in_progress', 'Status since': '2024-06-01' });
    const before = rowsOf((await download(viewer, '/reports/progress.csv?as_of=2024-05-31')).text);
    expect(rowFor(before, 'A')).toMatchObject({ Status: 'under_consideration', 'Status since': '2024-01-10' });
  });

  test('When two changes share a day, then the one recorded last is the status at its end', async () => {
    const rows = rowsOf((await download(viewer, '/reports/progress.csv?as_of=2025-01-01')).text);
    expect(rowFor(rows, 'D')).toMatchObject({ Status: 'under_consideration', 'Status since': '2025-01-01' });
  });

  test('When as_of is today, then every recommendation is there with its current status, unassessed ones included', async () => {
    const rows = rowsOf((await download(viewer, `/reports/progress.csv?as_of=${today()}`)).text);
    expect(rows).toHaveLength(ctx.db.select().from(recommendations).all().length);
    expect(rowFor(rows, 'C')).toMatchObject({ Status: 'not_assessed', 'Status since': '' });
    expect(rowFor(rows, 'A')).toMatchObject({ Status: 'implemented', 'Status since': '2025-02-15' });
  });

  test('When as_of is combined with a status filter, then the filter applies to the status on that day', async () => {
    const rows = rowsOf((await download(viewer, '/reports/progress.csv?as_of=2024-12-31&status=in_progress')).text);
    expect(idsIn(rows)).toEqual([ids.A]);
    const now = rowsOf((await download(viewer, '/reports/progress.csv?status=in_progress')).text);
    expect(now).toHaveLength(0);
  });
});

describe('Progress CSV: changes in a period (changed_since)', () => {
  test('When changed_since and as_of are given, then only recommendations whose status changed in between are listed, with start, end and every change', async () => {
    const { res, text } = await download(viewer, '/reports/progress.csv?changed_since=2024-05-31&as_of=2025-01-31');
    expect(res.headers['content-disposition']).toBe('attachment; filename="progress-changes-2024-05-31-to-2025-01-31.csv"');
    const [header] = strictParse(text);
    expect(header).toEqual([...HEADERS, ...Object.values(CHANGE_COLUMNS), ...SIDE_HEADERS]);
    const rows = rowsOf(text);
    expect(idsIn(rows).sort((a, b) => a - b)).toEqual([ids.A!, ids.D!].sort((a, b) => a - b));
    expect(rowFor(rows, 'A')).toMatchObject({
      Status: 'in_progress',
      'Status at start': 'Under consideration',
      'Status at end': 'In progress',
      Changes: '2024-06-01 Under consideration → In progress (Working group set up; minutes, p. 3)',
    });
    expect(rowFor(rows, 'D')).toMatchObject({
      'Status at start': 'Not yet assessed',
      'Status at end': 'Under consideration',
      Changes: '2025-01-01 Not yet assessed → No action observed (First look); 2025-01-01 No action observed → Under consideration (Second look, same day)',
    });
  });

  test('When only changed_since is given, then the period runs to today', async () => {
    const rows = rowsOf((await download(viewer, '/reports/progress.csv?changed_since=2025-01-31')).text);
    expect(idsIn(rows)).toEqual([ids.A]);
    expect(rowFor(rows, 'A')).toMatchObject({
      Status: 'implemented',
      'Status at start': 'In progress',
      'Status at end': 'Implemented',
      Changes: '2025-02-15 In progress → Implemented (Commission established by decree)',
    });
  });

  test('When a change falls exactly on changed_since, then it belongs to the period, counted from the status at the end of the day before', async () => {
    const rows = rowsOf((await download(viewer, '/reports/progress.csv?changed_since=2024-06-01&as_of=2024-12-31')).text);
    expect(idsIn(rows)).toEqual([ids.A]);
    expect(rowFor(rows, 'A')).toMatchObject({ 'Status at start': 'Under consideration', 'Status at end': 'In progress' });
    const after = rowsOf((await download(viewer, '/reports/progress.csv?changed_since=2024-06-02&as_of=2024-12-31')).text);
    expect(after).toHaveLength(0);
  });

  test('When changed_since is today, then the period is today, and a period of one day is not refused', async () => {
    const res = await viewer.get(`/reports/progress.csv?changed_since=${today()}`);
    expect(res.status).toBe(200);
    const oneDay = rowsOf((await download(viewer, '/reports/progress.csv?changed_since=2025-01-01&as_of=2025-01-01')).text);
    expect(idsIn(oneDay)).toEqual([ids.D]);
  });
});

describe('Progress CSV: size and address', () => {
  test('When a report is being read, then it reads a snapshot on its own connection and the app can still write', () => {
    const source = openProgressRows(ctx.db, { filters: {}, until: today() });
    try {
      const first = source.rows.next();
      expect(first.done).toBe(false);
      // A write on the app's connection while the report's statement is open: it would fail if they shared one.
      const result = updateStatus(ctx.tx, ids.C!, { status: 'no_action', effectiveOn: today(), rationale: 'Written during a download' }, editorId);
      expect(result.ok).toBe(true);
      const rest = [...source.rows];
      expect(rest.find((r) => r[source.at.id] === ids.C)?.[source.at.status]).toBe('not_assessed');
    } finally {
      source.close();
    }
    expect(ctx.db.select().from(recommendations).where(eq(recommendations.id, ids.C!)).get()!.status).toBe('no_action');
  });

  test('When the report has more rows than one chunk holds, then every row arrives once, in order', async () => {
    const big = await createTestContext();
    try {
      const author = await makeUser(big.db, 'editor');
      const source = big.tx.insert(sources).values({ title: 'Big', authors: 'A', publisher: 'P', publishedOn: '2024', kind: 'report', language: 'en' }).returning().get();
      big.sqlite.transaction(() => {
        for (let i = 0; i < 1234; i++) {
          big.tx.insert(recommendations)
            .values({ sourceId: source.id, reference: String(i).padStart(5, '0'), shortTitle: `Рекомендация ${i}`, fullText: 'x', updatedBy: author.id })
            .run();
        }
      })();
      const { agent } = await signInAs(big, 'viewer');
      const rows = rowsOf((await download(agent, '/reports/progress.csv')).text);
      expect(rows).toHaveLength(1234);
      expect(rows.map((r) => r.Reference)).toEqual(Array.from({ length: 1234 }, (_v, i) => String(i).padStart(5, '0')));
    } finally {
      big.close();
    }
  });

  const FORGED_HOST = { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' };

  test.each([
    ['PUBLIC_URL is configured', { publicUrl: 'https://tracker.example.org/' }, /^https:\/\/tracker\.example\.org\/recommendations\/(\d+)$/],
    ['there is no PUBLIC_URL (outside production)', {}, /^http:\/\/127\.0\.0\.1:\d+\/recommendations\/(\d+)$/],
  ])('When %s and a request names another host, even through a trusted proxy, then page links never carry that host', async (_case, options, link) => {
    const other = await createTestContext({ app: { ...options, trustProxy: 'loopback' } });
    try {
      const author = await makeUser(other.db, 'editor');
      const source = other.tx.insert(sources).values({ title: 'S', authors: 'A', publisher: 'P', publishedOn: '2024', kind: 'report', language: 'en' }).returning().get();
      const id = other.tx.insert(recommendations).values({ sourceId: source.id, reference: '1', shortTitle: 'T', fullText: 'F', updatedBy: author.id }).returning().get().id;
      const { agent } = await signInAs(other, 'viewer');
      const { res, text } = await download(agent, '/reports/progress.csv', FORGED_HOST);
      expect(res.status).toBe(200);
      expect(text).not.toContain('evil.example');
      expect(link.exec(rowsOf(text)[0]!['Page URL']!)?.[1]).toBe(String(id));
    } finally {
      other.close();
    }
  });
});
