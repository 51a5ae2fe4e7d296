import { withSearchMatches } from '../../server/filters/conditions';
import type { Filters } from '../../server/filters/schema';
import { countByStatus, listRecommendations, matchingOf } from '../../server/recommendations/queries';
import { SORTS } from '../../server/recommendations/list-query';
import { createTestContext, type TestContext } from '../helpers';

/**
 * The list reads a search's matches once and tests its counts and its page against them: by id for a few,
 * while walking an index for many (server/filters/conditions.ts). Either way it must find what the board and
 * the reports find with the search as a subquery.
 */

let ctx: TestContext;
const MANY = 2_500;

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  const template = ctx.sqlite.prepare('SELECT id FROM recommendations WHERE parent_id IS NULL ORDER BY id LIMIT 1').pluck().get() as number;
  const statuses = ctx.sqlite.prepare("SELECT DISTINCT status FROM recommendations").pluck().all() as string[];
  // Many recommendations that say Primorye, in every status and on every date, a third of them only in a note.
  ctx.sqlite
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO recommendations (source_id, reference, short_title, full_text, status, updated_at, target_date)
       SELECT r.source_id, 'MANY-' || i, CASE WHEN i % 3 = 0 THEN 'Border crossing ' || i ELSE 'Primorye crossing ' || i END, r.full_text,
              json_extract(?, '$[' || (i % json_array_length(?)) || ']'), strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', '+' || (i * 7919 % 5000) || ' minutes'),
              CASE WHEN i % 4 = 0 THEN NULL ELSE date('2027-01-01', '+' || (i % 300) || ' days') END
         FROM n, recommendations r WHERE r.id = ?`,
    )
    .run(MANY, JSON.stringify(statuses), JSON.stringify(statuses), template);
  const author = ctx.sqlite.prepare('SELECT id FROM users LIMIT 1').pluck().get();
  ctx.sqlite
    .prepare(
      `INSERT INTO evidence_notes (recommendation_id, observed_on, text, source_kind, language, author_id, recorded_at)
       SELECT id, '2026-01-10', 'Seen at the Primorye border', 'news', 'en', ?, '2026-01-10T09:00:00.000Z' FROM recommendations WHERE short_title LIKE 'Border crossing %'`,
    )
    .run(author);
});
afterAll(() => ctx.close());

describe('A search read once', () => {
  test.each([
    ['many recommendations', { q: 'Primorye' }],
    ['many recommendations, in one status', { q: 'Primorye', status: 'in_progress' }],
    ['a few recommendations', { q: 'crossing 12' }],
    ['two words, a short one among them', { q: 'Primorye cr' }],
  ] as [string, Filters][])('When the search finds %s, then the list counts and pages what the subquery finds', (_what, filters) => {
    const searched = withSearchMatches(ctx.db, filters);
    const counts = countByStatus(ctx.db, searched);
    expect(counts).toEqual(countByStatus(ctx.db, filters));
    const total = matchingOf(counts, filters);
    expect(total).toBeGreaterThan(0);
    for (const sort of SORTS) {
      for (const page of [1, 3]) {
        const ids = (f: Filters) => listRecommendations(ctx.db, f, sort, page, counts).rows.map((row) => row.id);
        expect({ sort, page, ids: ids(searched) }).toEqual({ sort, page, ids: ids(filters) });
      }
    }
  });

  test('When the search finds more than it reads one by one, then the list finds every one of them', () => {
    expect(matchingOf(countByStatus(ctx.db, withSearchMatches(ctx.db, { q: 'Primorye' })), {})).toBe(MANY);
  });
});
