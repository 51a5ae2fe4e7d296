import { shortWordQuery } from '../../server/db/search-words';
import { createTestContext, makeUser, type TestContext } from '../helpers';

/**
 * The recommendations' trigram index reads its text from their table, and its
 * triggers must hand it exactly what it indexed to forget a row; the others
 * forget a row by its number, which the triggers must compute as the insert
 * did: any slip corrupts an index silently, so each step ends with FTS5's own
 * check.
 */

let ctx: TestContext;
let authorId: number;

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  authorId = (await makeUser(ctx.db, 'editor')).id;
});
afterAll(() => ctx.close());

const run = (sql: string, ...params: unknown[]) => ctx.sqlite.prepare(sql).run(...params);

/** The recommendations a phrase finds in their own text and in their notes. */
function found(phrase: string): { inRecommendations: number[]; inNotes: number[] } {
  const ids = (sql: string) => (ctx.sqlite.prepare(sql).pluck().all(`"${phrase}"`) as number[]).sort((a, b) => a - b);
  return {
    inRecommendations: ids('SELECT rowid FROM recommendation_search WHERE recommendation_search MATCH ?'),
    inNotes: ids('SELECT rowid >> 32 FROM evidence_note_search WHERE evidence_note_search MATCH ?'),
  };
}

/** The recommendations a short word finds in the word index (migration 0009), in their own text and in their notes. */
function foundWord(word: string): { inRecommendations: number[]; inNotes: number[] } {
  const match = shortWordQuery(word)!;
  const ids = (sql: string) => (ctx.sqlite.prepare(sql).pluck().all(match) as number[]).sort((a, b) => a - b);
  return {
    inRecommendations: ids('SELECT rowid FROM recommendation_words WHERE recommendation_words MATCH ?'),
    inNotes: ids('SELECT rowid >> 32 FROM evidence_note_words WHERE evidence_note_words MATCH ?'),
  };
}

function expectIndexesConsistent(): void {
  for (const index of ['recommendation_search', 'evidence_note_search', 'recommendation_words', 'evidence_note_words']) {
    expect(() => run(`INSERT INTO ${index} (${index}, rank) VALUES ('integrity-check', 1)`)).not.toThrow();
  }
}

function addNote(recommendationId: number, text: string): number {
  return Number(
    run(
      `INSERT INTO evidence_notes (recommendation_id, observed_on, text, source_kind, language, author_id, recorded_at)
       VALUES (?, '2026-01-10', ?, 'news', 'ru', ?, '2026-01-10T09:00:00.000Z')`,
      recommendationId,
      text,
      authorId,
    ).lastInsertRowid,
  );
}

describe('Search indexes', () => {
  test('When the seed is loaded, then both indexes hold what their tables hold', () => {
    expectIndexesConsistent();
    expect(found('NEAR').inRecommendations.length).toBeGreaterThan(0);
  });

  test('When notes are saved one at a time, then their index merges segments sixteen at a time, not at FTS5’s four', () => {
    expect(ctx.sqlite.prepare("SELECT v FROM evidence_note_search_config WHERE k = 'automerge'").pluck().get()).toBe(16);
  });

  test('When a title is edited, then the new words find it and the old ones no longer do', () => {
    const id = ctx.sqlite.prepare('SELECT id FROM recommendations ORDER BY id LIMIT 1').pluck().get() as number;
    run('UPDATE recommendations SET short_title = ? WHERE id = ?', 'Пограничная комиссия 边境委员会 Tumen', id);
    expect(found('边境委员会').inRecommendations).toEqual([id]);
    expect(foundWord('边境').inRecommendations).toEqual([id]);
    run('UPDATE recommendations SET short_title = ? WHERE id = ?', 'Border commission renamed', id);
    expect(found('边境委员会').inRecommendations).toEqual([]);
    expect(foundWord('边境').inRecommendations).toEqual([]);
    expect(found('commission renamed').inRecommendations).toEqual([id]);
    expectIndexesConsistent();
  });

  test('When a note is added, corrected and removed, then its words find its recommendation exactly while it says them', () => {
    const [first, second] = ctx.sqlite.prepare('SELECT id FROM recommendations ORDER BY id LIMIT 2').pluck().all() as number[];
    const note = addNote(first!, 'Рабочая группа по Туманной 图们江 собралась');
    addNote(second!, 'Another note, about something else');
    expect(found('图们江').inNotes).toEqual([first]);
    expect(foundWord('们江').inNotes).toEqual([first]);
    run('UPDATE evidence_notes SET text = ? WHERE id = ?', 'Заседание перенесено', note);
    expect(found('图们江').inNotes).toEqual([]);
    expect(foundWord('们江').inNotes).toEqual([]);
    expect(found('перенесено').inNotes).toEqual([first]);
    expect(foundWord('пе').inNotes).toContain(first);
    expectIndexesConsistent();
    run('UPDATE evidence_notes SET recommendation_id = ? WHERE id = ?', second, note);
    expect(foundWord('За').inNotes).toContain(second);
    expect(foundWord('За').inNotes).not.toContain(first);
    expect(found('перенесено').inNotes).toEqual([second]);
    run('DELETE FROM evidence_notes WHERE id = ?', note);
    expect(found('перенесено').inNotes).toEqual([]);
    expect(foundWord('За').inNotes).not.toContain(second);
    expectIndexesConsistent();
  });

  test('When a recommendation is deleted with its notes, then neither index finds it', () => {
    const id = ctx.sqlite.prepare('SELECT id FROM recommendations WHERE parent_id IS NULL AND id NOT IN (SELECT parent_id FROM recommendations WHERE parent_id IS NOT NULL) ORDER BY id DESC LIMIT 1').pluck().get() as number;
    run('UPDATE recommendations SET short_title = ? WHERE id = ?', 'Khasan crossing 哈桑口岸', id);
    addNote(id, 'Note on 哈桑口岸 traffic');
    expect(found('哈桑口岸')).toEqual({ inRecommendations: [id], inNotes: [id] });
    expect(foundWord('口岸')).toEqual({ inRecommendations: [id], inNotes: [id] });
    run('DELETE FROM status_history WHERE recommendation_id = ?', id);
    run('DELETE FROM recommendations WHERE id = ?', id);
    expect(found('哈桑口岸')).toEqual({ inRecommendations: [], inNotes: [] });
    expect(foundWord('口岸')).toEqual({ inRecommendations: [], inNotes: [] });
    expectIndexesConsistent();
  });
});
