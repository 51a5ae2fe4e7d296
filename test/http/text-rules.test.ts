import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { evidenceNotes, recommendations, sources, statusHistory } from '../../server/db/schema';
import { registerSearchFunctions } from '../../server/db/search-words';
import { isBlank, isHttpUrl, trimText } from '../../server/domain/text';
import { constraintErrors } from '../../server/lib/constraint-errors';
import { t } from '../../server/lib/i18n';
import { STATUS_CONSTRAINTS } from '../../server/recommendations/schemas';
import { createRecommendation } from '../../server/recommendations/service';
import { createTestContext, esc, postForm, signInAs, type Agent, type FormValues, type TestContext } from '../helpers';

/**
 * One rule for text, in validation and in the database: control characters are
 * refused, invisible characters do not make a value non-blank, and a web
 * address is http or https with a host. Whatever the database would refuse,
 * the form refuses first, by the field; nothing reaches a 500.
 */

let ctx: TestContext;
let editor: { agent: Agent; csrf: string; user: { id: number } };
let viewer: { agent: Agent };
let recId: number;

const INVISIBLE_ONLY = ['\u200b', '\ufeff', '\u00a0', ' \u00a0\u200b\u2060\u3000 ', '\u200c\u200d', '\t\r\n'];
const CONTROL = ['\u0000', ' \u0000 ', 'abc\u0000', 'line\u0007bell', '\u001b[31mred'];

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  editor = await signInAs(ctx, 'editor');
  viewer = await signInAs(ctx, 'viewer');
  const sourceId = ctx.db.select({ id: sources.id }).from(sources).get()!.id;
  const made = createRecommendation(
    ctx.tx,
    {
      sourceId,
      reference: 'HOSTILE-1',
      shortTitle: 'Search for "quoted" NEAR(words) and col:on -minus *star',
      fullText: 'A text with 50% of the _underscores_ and \\backslashes\\, in русском и 中文: "quoted" NEAR(words) col:on -minus *star.',
      supportingBodyIds: [],
      themes: [],
      priority: false,
      confidence: 'unverified',
    },
    editor.user.id,
  );
  if (!made.ok) throw new Error('fixture');
  recId = made.id;
});
afterAll(() => ctx.close());

const counts = () => ({
  history: ctx.db.select().from(statusHistory).where(eq(statusHistory.recommendationId, recId)).all().length,
  notes: ctx.db.select().from(evidenceNotes).where(eq(evidenceNotes.recommendationId, recId)).all().length,
});

const statusForm = (values: FormValues): FormValues => ({
  _csrf: editor.csrf,
  status: 'under_consideration',
  effective_on: '2024-01-10',
  rationale: 'Officials said the proposal is on the agenda',
  evidence_kind: 'news',
  evidence_language: 'en',
  ...values,
});

const noteForm = (values: FormValues): FormValues => ({
  _csrf: editor.csrf,
  observed_on: '2024-01-10',
  text: 'Minutes of the meeting',
  source_kind: 'news',
  language: 'en',
  ...values,
});

/** The field's message as the page shows it, next to the field. */
const fieldError = (field: string, message: string) => new RegExp(`id="[^"]*${field}-error">${esc(message).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}<`);

describe('The text rule', () => {
  test('When a value holds only invisible characters, then it is blank; otherwise they are trimmed from its ends only', () => {
    for (const value of INVISIBLE_ONLY) expect(isBlank(value)).toBe(true);
    expect(trimText('\ufeff\u200b Title\u00a0with inner\u200bspace \u3000')).toBe('Title\u00a0with inner\u200bspace');
  });

  test('When a web address lacks its slashes or its host, then it is not one', () => {
    for (const url of ['https:example.org', 'http:/example.org', 'https://', 'https:///path', 'ftp://example.org', 'javascript:alert(1)', 'https:\\\\example.org', '//example.org'])
      expect(isHttpUrl(url)).toBe(false);
    for (const url of ['https://example.org', 'HTTP://Example.org/a?b#c', 'https://user@example.org:8080/x']) expect(isHttpUrl(url)).toBe(true);
  });
});

describe('Forms refuse what the database would refuse', () => {
  test.each(CONTROL)('When a rationale holds a control character (%j), then the form says so by the field and nothing is saved', async (rationale) => {
    const before = counts();
    const res = await postForm(editor.agent, `/recommendations/${recId}/status`, statusForm({ rationale }));
    expect(res.status).toBe(422);
    expect(res.text).toMatch(fieldError('rationale', t('validation.control_character')));
    expect(counts()).toEqual(before);
  });

  test.each(INVISIBLE_ONLY)('When a rationale, a note or a title is only invisible characters (%j), then each is required, by its field', async (blank) => {
    const before = counts();
    const status = await postForm(editor.agent, `/recommendations/${recId}/status`, statusForm({ rationale: blank, evidence_text: 'Seen', evidence_url: 'https://example.org' }));
    expect(status.status).toBe(422);
    expect(status.text).toMatch(fieldError('rationale', t('validation.required')));
    const note = await postForm(editor.agent, `/recommendations/${recId}/notes`, noteForm({ text: blank }));
    expect(note.status).toBe(422);
    expect(note.text).toMatch(fieldError('text', t('validation.required')));
    expect(counts()).toEqual(before);
  });

  test('When a title has invisible characters around it, then it is saved without them', async () => {
    const edit = await editor.agent.get(`/recommendations/${recId}/edit`);
    expect(edit.status).toBe(200);
    const row = ctx.db.select().from(recommendations).where(eq(recommendations.id, recId)).get()!;
    const res = await postForm(editor.agent, `/recommendations/${recId}`, {
      _csrf: editor.csrf,
      version: String(row.version),
      source_id: String(row.sourceId),
      reference: row.reference,
      short_title: '\ufeff\u200bTrimmed title\u00a0',
      full_text: row.fullText,
      confidence: row.confidence,
      themes: '\u200b, cross-border\u00a0',
    });
    expect(res.status).toBe(303);
    const saved = ctx.db.select().from(recommendations).where(eq(recommendations.id, recId)).get()!;
    expect(saved.shortTitle).toBe('Trimmed title');
    const page = await editor.agent.get(`/recommendations/${recId}`);
    expect(page.text).toContain('cross-border');
  });

  test.each([
    ['status', 'evidence_url', 'https:example.org'],
    ['status', 'evidence_url', 'http:/example.org'],
    ['notes', 'source_url', 'https:example.org'],
    ['notes', 'source_url', 'http:/example.org'],
    ['notes', 'source_url', 'https://'],
  ])('When the %s form gives the web address %s = %j, then it is refused by the field and nothing is saved', async (form, field, url) => {
    const before = counts();
    const res =
      form === 'status'
        ? await postForm(editor.agent, `/recommendations/${recId}/status`, statusForm({ evidence_text: 'Seen', evidence_url: url }))
        : await postForm(editor.agent, `/recommendations/${recId}/notes`, noteForm({ source_url: url }));
    expect(res.status).toBe(422);
    expect(res.text).toMatch(fieldError(field, t('validation.http_url')));
    expect(counts()).toEqual(before);
  });

  test('When a note gives a web address in capitals, then it is saved as given', async () => {
    const res = await postForm(editor.agent, `/recommendations/${recId}/notes`, noteForm({ source_url: 'HTTPS://Example.org/Minutes' }));
    expect(res.status).toBe(303);
    expect(ctx.db.select().from(evidenceNotes).where(eq(evidenceNotes.sourceUrl, 'HTTPS://Example.org/Minutes')).get()).toBeDefined();
  });
});

describe('The database holds the same rules', () => {
  const insertHistory = (db: Database.Database, rationale: string) =>
    db
      .prepare("INSERT INTO status_history (recommendation_id, from_status, to_status, effective_on, recorded_by, rationale) VALUES (?, 'not_assessed', 'in_progress', '2024-01-01', ?, ?)")
      .run(recId, editor.user.id, rationale);

  test('When a blank rationale, note, title or a web address without a host is written past the forms, then the database refuses it', () => {
    const other = new Database(ctx.databasePath);
    registerSearchFunctions(other);
    try {
      for (const blank of [...INVISIBLE_ONLY, '\u0000', ' \u0000 ']) {
        expect(() => insertHistory(other, blank)).toThrow(/status_history_rationale_present/);
        expect(() => other.prepare('UPDATE recommendations SET short_title = ? WHERE id = ?').run(blank, recId)).toThrow(/recommendations_short_title_present/);
        expect(() =>
          other
            .prepare("INSERT INTO evidence_notes (recommendation_id, observed_on, text, source_kind, language, author_id) VALUES (?, '2024-01-01', ?, 'news', 'en', ?)")
            .run(recId, blank, editor.user.id),
        ).toThrow(/evidence_notes_text_present/);
      }
      for (const url of ['https:example.org', 'http:/example.org', 'https://', 'ftp://example.org']) {
        expect(() => other.prepare('UPDATE sources SET url = ? WHERE id = (SELECT min(id) FROM sources)').run(url)).toThrow(/sources_url_http/);
      }
      expect(() => insertHistory(other, 'A reason')).not.toThrow();
    } finally {
      other.close();
    }
  });

  test('When the database refuses a write all the same, then the refusal becomes the message of the field it concerns', () => {
    let refusal: unknown;
    try {
      ctx.sqlite
        .prepare("INSERT INTO status_history (recommendation_id, from_status, to_status, effective_on, recorded_by, rationale) VALUES (?, 'not_assessed', 'in_progress', '2024-01-01', ?, ?)")
        .run(recId, editor.user.id, '\u200b');
    } catch (error) {
      refusal = error;
    }
    expect(constraintErrors(refusal, STATUS_CONSTRAINTS)).toEqual({ rationale: t('validation.required') });
    expect(() => constraintErrors(new Error('disk on fire'), STATUS_CONSTRAINTS)).toThrow('disk on fire');
  });
});

describe('Search treats its query as text', () => {
  const HOSTILE_QUERIES = [
    '"',
    '""',
    "'",
    '"quoted"',
    'NEAR(words)',
    'col:on',
    '-minus',
    '*star',
    'a OR b AND NOT c',
    '^start',
    '{short_title}: x',
    '(((',
    '\\',
    '%',
    '_',
    "' OR 1=1 --",
    '"; DROP TABLE recommendations; --',
    '\u202eevil\u202c',
    'zero\u200bwidth',
    '💥💥💥',
    '中文',
    'русском',
    '"'.repeat(200),
    'x'.repeat(200),
  ];

  test('When any hostile query is searched on the list, the board and the CSV, then each answers without an error', async () => {
    for (const q of HOSTILE_QUERIES) {
      const query = `?q=${encodeURIComponent(q)}`;
      for (const path of ['/recommendations', '/board', '/reports/progress.csv']) {
        const res = await viewer.agent.get(path + query);
        expect({ q, path, status: res.status }).toEqual({ q, path, status: 200 });
      }
    }
  });

  test('When a query holds the search syntax of the index, then it finds the text that holds those characters', async () => {
    for (const q of ['"quoted"', 'NEAR(words)', 'col:on', '-minus', '*star', '50%', '_underscores_', '\\backslashes\\', 'русском', '中文']) {
      const res = await viewer.agent.get(`/recommendations?q=${encodeURIComponent(q)}`);
      expect({ q, found: res.text.includes(`href="/recommendations/${recId}"`) }).toEqual({ q, found: true });
    }
    // As FTS5 syntax this would find the record ("quoted" OR …); as words, "absent" is not in it.
    const none = await viewer.agent.get(`/recommendations?q=${encodeURIComponent('"quoted" OR absent')}`);
    expect(none.text).not.toContain(`href="/recommendations/${recId}"`);
  });

  test.each(['abc\u0000', '\u0000\u0000\u0000', 'a\u0000', '\u0007'])(
    'When a query holds a control character (%j), then the list, the board and the CSV answer 400 with the reason by the search field',
    async (q) => {
      for (const path of ['/recommendations', '/board', '/reports/progress.csv']) {
        const res = await viewer.agent.get(`${path}?q=${encodeURIComponent(q)}`);
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect(res.text).toContain(esc(t('validation.control_character')));
      }
    },
  );
});
