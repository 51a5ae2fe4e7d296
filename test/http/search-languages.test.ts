import Database from 'better-sqlite3';
import { OTHER_WRITERS_CHECK_MS } from '../../server/db/commit';
import { sources } from '../../server/db/schema';
import { registerSearchFunctions } from '../../server/db/search-words';
import { addEvidence, createRecommendation } from '../../server/recommendations/service';
import { createTestContext, signInAs, type Agent, type TestContext } from '../helpers';

/**
 * Search in English, Russian and Chinese (issue 18, decision 0007): Chinese
 * words of one and two characters, found in titles, texts and evidence notes
 * alike; Russian in any case and with ё or е; short Latin words as the start
 * of a word; every word of a mixed query. The list, the board and the CSV
 * find the same recommendations.
 */

let ctx: TestContext;
let viewer: { agent: Agent };

/** The fixtures: where each keeps its words. */
const FIXTURES = {
  zhTitle: { shortTitle: '深化港口合作', fullText: 'Deepen port cooperation around the Tumen estuary.' },
  zhText: { shortTitle: 'Expand ferry links', fullText: '扩大珲春与扎鲁比诺之间的港口合作。' },
  zhNote: { shortTitle: 'Joint customs working group', fullText: 'The group should meet twice a year.', note: '海关总署与港口运营方讨论了合作事宜，尚未作出决定。' },
  ru: { shortTitle: 'Провести Восточный экономический форум во Владивостоке', fullText: 'Форум должен стать ежегодным.', note: 'Учрежденный фонд профинансирует форум.' },
  en: { shortTitle: 'Hold a trade fair in Harbin', fullText: 'An annual fair in Harbin would help exporters.', note: 'Harbin officials confirmed the dates.' },
  mixed: { shortTitle: 'Harbin 港口 logistics hub', fullText: 'A hub linking rail and river ports.' },
} as const;
type Fixture = keyof typeof FIXTURES;
const ids = {} as Record<Fixture, number>;
const reference = (name: Fixture) => `SEARCH-${name}`;

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  const editor = await signInAs(ctx, 'editor');
  viewer = await signInAs(ctx, 'viewer');
  const sourceId = ctx.db.select({ id: sources.id }).from(sources).get()!.id;
  for (const [name, fixture] of Object.entries(FIXTURES) as [Fixture, (typeof FIXTURES)[Fixture]][]) {
    const made = createRecommendation(
      ctx.tx,
      { sourceId, reference: reference(name), shortTitle: fixture.shortTitle, fullText: fixture.fullText, supportingBodyIds: [], themes: [], priority: false, confidence: 'unverified' },
      editor.user.id,
    );
    if (!made.ok) throw new Error(`fixture ${name}: ${JSON.stringify(made.errors)}`);
    ids[name] = made.id;
    if ('note' in fixture) {
      const noted = addEvidence(ctx.tx, made.id, { observedOn: '2026-01-15', text: fixture.note, sourceKind: 'news', language: name === 'zhNote' ? 'zh' : name === 'ru' ? 'ru' : 'en' }, editor.user.id);
      if (!noted.ok) throw new Error(`note of ${name}`);
    }
  }
});
afterAll(() => ctx.close());

const ALL = Object.keys(FIXTURES) as Fixture[];

/** The fixtures the list shows for a query. */
async function foundOnList(q: string): Promise<Fixture[]> {
  const res = await viewer.agent.get(`/recommendations?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return ALL.filter((name) => res.text.includes(`href="/recommendations/${ids[name]}"`));
}

/** The fixtures the board's kanban shows for a query. */
async function foundOnBoard(q: string): Promise<Fixture[]> {
  const res = await viewer.agent.get(`/board?view=kanban&q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return ALL.filter((name) => res.text.includes(`href="/recommendations/${ids[name]}"`));
}

/** The fixtures the CSV holds for a query. */
async function foundInCsv(q: string): Promise<Fixture[]> {
  const res = await viewer.agent.get(`/reports/progress.csv?q=${encodeURIComponent(q)}`).buffer(true);
  expect(res.status).toBe(200);
  return ALL.filter((name) => res.text.includes(reference(name)));
}

const EXPECTED: [string, string, Fixture[]][] = [
  ['a two-character Chinese word in a title, a text and a note', '合作', ['zhTitle', 'zhText', 'zhNote']],
  ['another two-character Chinese word', '港口', ['zhTitle', 'zhText', 'zhNote', 'mixed']],
  ['one Chinese character', '港', ['zhTitle', 'zhText', 'zhNote', 'mixed']],
  ['one Chinese character that ends its run', '作', ['zhTitle', 'zhText', 'zhNote']],
  ['a longer Chinese word', '扎鲁比诺', ['zhText']],
  ['a Russian word in lower case', 'форум', ['ru']],
  ['a Russian word in capitals', 'ФОРУМ', ['ru']],
  ['a Russian word with a capital', 'Восточный', ['ru']],
  ['a Russian word inside a note, written with ё', 'учреждённый', ['ru']],
  ['a Russian word inside a note, written with е', 'учрежденный', ['ru']],
  ['two Russian letters, the start of a word', 'фо', ['ru']],
  ['two Latin letters, the start of a word', 'Ha', ['en', 'mixed']],
  ['one Latin letter, the start of a word, in lower case', 'h', ['en', 'mixed']],
  ['English and Chinese words together', 'Harbin 港口', ['mixed']],
  ['Russian and English words together', 'форум Harbin', []],
  ['Chinese words apart, the ideographic space between them', '海关\u3000合作', ['zhNote']],
];

describe('Search in three languages', () => {
  test.each(EXPECTED)('When the query is %s (%s), then the list, the board and the CSV find the same recommendations', async (_what, q, expected) => {
    const list = await foundOnList(q);
    expect({ q, found: list }).toEqual({ q, found: [...expected].sort((a, b) => ALL.indexOf(a) - ALL.indexOf(b)) });
    expect({ q, board: await foundOnBoard(q) }).toEqual({ q, board: list });
    expect({ q, csv: await foundInCsv(q) }).toEqual({ q, csv: list });
  });

  test('When a Chinese word is only in an evidence note, then search finds the recommendation by it', async () => {
    expect(await foundOnList('海关')).toEqual(['zhNote']);
    expect(await foundOnList('运营')).toEqual(['zhNote']);
  });

  test('When a note that held the word is corrected, then the word no longer finds it', async () => {
    const noteId = ctx.sqlite.prepare('SELECT id FROM evidence_notes WHERE recommendation_id = ?').pluck().get(ids.zhNote) as number;
    // Another process, as an import or a script would write it: the word index's triggers need search_words().
    const other = new Database(ctx.databasePath);
    registerSearchFunctions(other);
    other.prepare('UPDATE evidence_notes SET text = ? WHERE id = ?').run('海关总署尚未作出决定。', noteId);
    other.close();
    await new Promise((resolve) => setTimeout(resolve, OTHER_WRITERS_CHECK_MS + 10));
    expect(await foundOnList('合作')).toEqual(['zhTitle', 'zhText']);
    expect(await foundOnList('海关')).toEqual(['zhNote']);
  });

  test('When a connection that does not know search_words() writes a note, then SQLite refuses the write rather than leave the index behind', () => {
    const other = new Database(ctx.databasePath);
    try {
      expect(() =>
        other
          .prepare("INSERT INTO evidence_notes (recommendation_id, observed_on, text, source_kind, language, author_id) VALUES (?, '2026-01-16', '合作', 'news', 'zh', NULL)")
          .run(ids.en),
      ).toThrow(/search_words/);
    } finally {
      other.close();
    }
  });

  test('When a query is punctuation of one or two characters, then it finds nothing and answers at once', async () => {
    for (const q of ['!', '"*', '--']) expect({ q, found: await foundOnList(q) }).toEqual({ q, found: [] });
  });
});
