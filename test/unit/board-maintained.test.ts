import { stringify } from 'csv-stringify/sync';
import { users } from '../../server/db/schema';
import { keptMatrixCounts, keptOverdue, keptStale, keptStatusCountsOver, keptStatusTotals, keptUptakeCounts, lastDayOf, filteredFacts, statusCountsOver } from '../../server/board/queries';
import { EVIDENCE_KINDS, OPEN_STATUS_KEYS, STATUS_KEYS, UPTAKES, type StatusKey } from '../../server/domain/vocabulary';
import { recordUptake } from '../../server/uptake/service';
import { today } from '../../server/lib/dates';
import { addEvidence, updateStatus } from '../../server/recommendations/service';
import { deleteMeeting, recordMeeting, updateMeeting } from '../../server/mechanisms/service';
import { applyImport, storeUpload } from '../../server/import/service';
import { findImport } from '../../server/import/queries';
import { generateSynthetic } from '../../scripts/synthetic/generate';
import { NOT_PARTIES } from '../../server/parties/parties';
import { setPartyStatus } from '../../server/parties/service';
import { createTestContext, type TestContext } from '../helpers';

/**
 * The board's summaries are kept by triggers, whichever code writes. Thousands
 * of random writes of every kind, through the services and straight in SQL
 * (as an import, a data migration or a later feature might write); after each
 * batch every kept figure must equal the same figure computed from scratch.
 */

let ctx: TestContext;
let seed = 20;
/** A small deterministic generator, so that a failure can be replayed. */
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const dayBetween = (from: string, to: string) => {
  const a = Date.parse(from);
  return new Date(a + Math.floor(random() * (Date.parse(to) - a + 86_400_000))).toISOString().slice(0, 10);
};

beforeAll(async () => {
  ctx = await createTestContext();
  await generateSynthetic(ctx.db, { recommendations: 400, notesPer: 2 });
}, 60_000);
afterAll(() => ctx.close());

const all = <T>(query: string, ...params: unknown[]) => ctx.sqlite.prepare(query).all(...params) as T[];
const one = <T>(query: string, ...params: unknown[]) => ctx.sqlite.prepare(query).get(...params) as T;
const ids = (table: string) => all<{ id: number }>(`SELECT id FROM ${table}`).map((r) => r.id);

/** Every figure, from the tables the app writes, in plain SQL (the reference the summaries must equal). */
function fromScratch(day: string, cutoff: string) {
  const open = OPEN_STATUS_KEYS.map((s) => `'${s}'`).join(',');
  const lastEvent = `max(coalesce(last_verified_on, ''), coalesce((SELECT max(observed_on) FROM evidence_notes n WHERE n.recommendation_id = r.id), ''), coalesce(status_since, ''))`;
  return {
    mechanism: all<{ g: number; s: string; n: number }>(`SELECT coalesce(mechanism_id, 0) g, status s, count(*) n FROM recommendations GROUP BY 1, 2 ORDER BY 1, 2`),
    source: all(`SELECT source_id g, status s, count(*) n FROM recommendations GROUP BY 1, 2 ORDER BY 1, 2`),
    body: all(`SELECT coalesce(l.body_id, 0) g, r.status s, count(*) n FROM recommendations r LEFT JOIN recommendation_bodies l ON l.recommendation_id = r.id GROUP BY 1, 2 ORDER BY 1, 2`),
    totals: all(`SELECT status s, count(*) n FROM recommendations GROUP BY 1 ORDER BY 1`),
    // The sides: those the bodies' countries give (two or more, NOT_PARTIES aside), and any side once assessed.
    sides: all(`WITH c AS (SELECT DISTINCT l.recommendation_id r, b.country p FROM recommendation_bodies l JOIN bodies b ON b.id = l.body_id
                  WHERE b.country NOT IN (${NOT_PARTIES.map((p) => `'${p}'`).join(',')})),
                j AS (SELECT r FROM c GROUP BY r HAVING count(*) >= 2)
                SELECT r, p FROM c WHERE r IN (SELECT r FROM j) UNION SELECT recommendation_id, party FROM party_statuses WHERE updated_at IS NOT NULL ORDER BY 1, 2`),
    party: all(`SELECT party g, status s, count(*) n FROM party_statuses GROUP BY 1, 2 ORDER BY 1, 2`),
    overdue: one<{ n: number }>(`SELECT count(*) n FROM recommendations WHERE target_date < ? AND status IN (${open})`, day).n,
    stale: one<{ n: number }>(`SELECT count(*) n FROM recommendations r WHERE ${lastEvent} < ? AND status IN (${open})`, cutoff).n,
    uptake: all(`SELECT source_id g, uptake u, count(*) n FROM recommendations GROUP BY 1, 2 ORDER BY 1, 2`),
  };
}

function kept(day: string, cutoff: string) {
  const matrix = (g: 'mechanism' | 'body' | 'source') =>
    keptMatrixCounts(ctx.db, g)
      .map((r) => ({ g: (r.groupId as number | null) ?? 0, s: r.status, n: r.n }))
      .sort((a, b) => a.g - b.g || (a.s < b.s ? -1 : 1));
  return {
    mechanism: matrix('mechanism'),
    source: matrix('source'),
    body: matrix('body'),
    sides: all(`SELECT recommendation_id r, party p FROM party_statuses ORDER BY 1, 2`),
    party: keptMatrixCounts(ctx.db, 'party')
      .map((r) => ({ g: r.groupId, s: r.status, n: r.n }))
      .sort((a, b) => String(a.g).localeCompare(String(b.g)) || (a.s < b.s ? -1 : 1)),
    totals: [...keptStatusTotals(ctx.db)].filter(([, n]) => n !== 0).map(([s, n]) => ({ s, n })).sort((a, b) => (a.s < b.s ? -1 : 1)),
    overdue: keptOverdue(ctx.db, day),
    stale: keptStale(ctx.db, cutoff),
    uptake: keptUptakeCounts(ctx.db)
      .map((r) => ({ g: r.sourceId, u: r.uptake, n: r.n }))
      .sort((a, b) => a.g - b.g || (a.u < b.u ? -1 : 1)),
  };
}

/** The filtered board's facts, one row per recommendation, from the recommendations, their notes and their history. */
function expectFactsKept() {
  const columns = 'status, mechanism_id, source_id, uptake, target_date, status_since, last_verified_on';
  const changes = new Map<number, string[]>();
  for (const h of all<{ r: number; d: string; s: string }>('SELECT recommendation_id r, effective_on d, to_status s FROM status_history ORDER BY effective_on, id')) {
    changes.set(h.r, [...(changes.get(h.r) ?? []), `${h.d}:${h.s}`]);
  }
  expect(all(`SELECT recommendation_id id, ${columns}, last_note_on, changes FROM board_facts ORDER BY 1`)).toEqual(
    all<{ id: number }>(`SELECT r.id, ${columns}, (SELECT max(observed_on) FROM evidence_notes n WHERE n.recommendation_id = r.id) last_note_on FROM recommendations r ORDER BY 1`).map(
      (r) => ({ ...r, changes: (changes.get(r.id) ?? []).join(';') }),
    ),
  );
}

/** The chart's counts from scratch: the board's own walk of the (checked) facts, and the month roll-up from the days. */
async function expectChartKept(days: string[]) {
  const reference = statusCountsOver(await filteredFacts({ db: ctx.db, pause: () => Promise.resolve() }, {}), days);
  const asObject = (m: Map<StatusKey, number>) => Object.fromEntries([...m].filter(([, n]) => n !== 0).sort());
  expect(keptStatusCountsOver(ctx.db, days).map(asObject)).toEqual(reference.map(asObject));
  expect(all(`SELECT month, status, n FROM board_history_months WHERE n <> 0 ORDER BY 1, 2`)).toEqual(
    all(`SELECT substr(day, 1, 7) month, status, sum(n) n FROM board_history_days GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`),
  );
}

async function expectAllKept() {
  const day = today();
  expectFactsKept();
  for (const cutoff of ['2015-06-30', '2020-01-01', day]) {
    expect(kept(day, cutoff)).toEqual(fromScratch(day, cutoff));
  }
  expect(keptOverdue(ctx.db, '2019-05-01')).toBe(fromScratch('2019-05-01', day).overdue);
  const days = [day, '2009-12-31', '2014-01-31', '2016-02-29', '2018-06-30', '2020-12-31', '2023-03-15', '2025-10-31'];
  for (let i = 0; i < 8; i++) days.push(dayBetween('2010-01-01', day));
  await expectChartKept(days.sort());
}

/** One random write of one kind; returns its kind. */
function randomWrite(editorId: number): string {
  const db = ctx.sqlite;
  const recs = ids('recommendations');
  const id = pick(recs);
  const kind = pick([
    'status', 'status', 'status', 'backdated-history', 'note', 'note-edit', 'delete-note', 'delete-history',
    'mechanism', 'body', 'unlink', 'source', 'published', 'target', 'verified', 'new', 'delete', 'status-sql', 'uptake', 'uptake-sql', 'side', 'side',
    'meeting', 'meeting-edit', 'meeting-delete',
  ] as const);
  const rec = one<{ status: StatusKey; status_since: string | null; version: number }>('SELECT status, status_since, version FROM recommendations WHERE id = ?', id);
  switch (kind) {
    case 'status': {
      const status = pick(STATUS_KEYS.filter((s) => s !== rec.status));
      // Back-dated as far as the app allows: any day from the current status's date to today.
      const effectiveOn = dayBetween(rec.status_since ?? '2012-01-01', today());
      updateStatus(ctx.tx, id, { status, effectiveOn, rationale: 'Random change', expectedVersion: rec.version }, editorId);
      break;
    }
    case 'side': {
      // A side's status through the service; a side once assessed stays when its bodies change.
      const side = one<{ recommendation_id: number; party: string; status: StatusKey; status_since: string | null } | undefined>(
        'SELECT recommendation_id, party, status, status_since FROM party_statuses ORDER BY random() LIMIT 1');
      if (side) {
        const status = pick(STATUS_KEYS.filter((s) => s !== side.status));
        setPartyStatus(ctx.tx, side.recommendation_id, side.party, { status, effectiveOn: dayBetween(side.status_since ?? '2012-01-01', today()), rationale: 'Random side' }, editorId);
      }
      break;
    }
    case 'status-sql':
      db.prepare('UPDATE recommendations SET status = ?, status_since = ? WHERE id = ?').run(pick(STATUS_KEYS), dayBetween('2011-01-01', today()), id);
      break;
    case 'backdated-history':
      // A change that took effect before others already recorded (an import of an old history, a data migration).
      db.prepare("INSERT INTO status_history (recommendation_id, from_status, to_status, effective_on, recorded_by, rationale) VALUES (?, 'not_assessed', ?, ?, ?, 'Backfilled')").run(
        id, pick(STATUS_KEYS), dayBetween('2008-01-01', today()), editorId);
      break;
    case 'note':
      addEvidence(ctx.tx, id, { observedOn: dayBetween('2010-01-01', today()), text: 'Seen', sourceKind: pick(EVIDENCE_KINDS), language: 'en' }, editorId);
      break;
    case 'note-edit':
      // A note's date corrected, sometimes moved to another recommendation: the newest note of both may change.
      db.prepare('UPDATE OR IGNORE evidence_notes SET observed_on = ?, recommendation_id = ? WHERE id = (SELECT id FROM evidence_notes WHERE recommendation_id = ? ORDER BY random() LIMIT 1)').run(
        dayBetween('2010-01-01', today()), random() < 0.3 ? pick(recs) : id, id);
      break;
    case 'delete-note':
      db.prepare('DELETE FROM evidence_notes WHERE id = (SELECT id FROM evidence_notes WHERE recommendation_id = ? ORDER BY random() LIMIT 1)').run(id);
      break;
    case 'delete-history':
      db.prepare('DELETE FROM status_history WHERE id = (SELECT id FROM status_history WHERE recommendation_id = ? ORDER BY random() LIMIT 1)').run(id);
      break;
    case 'mechanism':
      db.prepare('UPDATE recommendations SET mechanism_id = ? WHERE id = ?').run(random() < 0.2 ? null : pick(ids('mechanisms')), id);
      break;
    case 'body':
      db.prepare('INSERT OR IGNORE INTO recommendation_bodies (recommendation_id, body_id, role) VALUES (?, ?, ?)').run(id, pick(ids('bodies')), 'supporting');
      break;
    case 'unlink':
      db.prepare('DELETE FROM recommendation_bodies WHERE recommendation_id = ?').run(id);
      break;
    case 'source':
      db.prepare('UPDATE OR IGNORE recommendations SET source_id = ? WHERE id = ?').run(pick(ids('sources')), id);
      break;
    case 'published':
      db.prepare('UPDATE sources SET published_on = ? WHERE id = ?').run(pick([dayBetween('2009-01-01', today()), '2016', '2019-07', '2030']), pick(ids('sources')));
      break;
    case 'target':
      db.prepare('UPDATE recommendations SET target_date = ? WHERE id = ?').run(random() < 0.2 ? null : dayBetween('2015-01-01', '2030-12-31'), id);
      break;
    case 'verified':
      db.prepare('UPDATE recommendations SET last_verified_on = ? WHERE id = ?').run(random() < 0.3 ? null : dayBetween('2015-01-01', today()), id);
      break;
    case 'new': {
      const r = db.prepare("INSERT INTO recommendations (source_id, reference, short_title, full_text, mechanism_id, status, status_since, target_date, uptake) VALUES (?, ?, 'New', 'New', ?, ?, ?, ?, ?)").run(
        pick(ids('sources')), `N-${random()}`, pick(ids('mechanisms')), pick(STATUS_KEYS), dayBetween('2015-01-01', today()), random() < 0.5 ? null : dayBetween('2015-01-01', '2030-12-31'), pick(UPTAKES));
      if (random() < 0.5) db.prepare("INSERT INTO recommendation_bodies (recommendation_id, body_id, role) VALUES (?, ?, 'lead')").run(r.lastInsertRowid, pick(ids('bodies')));
      break;
    }
    case 'uptake':
      recordUptake(ctx.tx, id, { uptake: pick(UPTAKES) }, editorId);
      break;
    case 'uptake-sql':
      db.prepare("UPDATE recommendations SET uptake = ?, uptake_note_id = NULL, uptake_confidence = NULL WHERE id = ?").run(pick(UPTAKES), id);
      break;
    case 'delete':
      db.prepare('DELETE FROM recommendations WHERE id = ? AND NOT EXISTS (SELECT 1 FROM recommendations c WHERE c.parent_id = ?)').run(id, id);
      break;
    // A mechanism's meeting gives evidence notes to the recommendations it advanced, moves them with its date, and takes them away.
    case 'meeting':
    case 'meeting-edit': {
      const mechanismId = pick(ids('mechanisms'));
      const ofMechanism = all<{ id: number }>('SELECT id FROM recommendations WHERE mechanism_id = ? ORDER BY random() LIMIT 3', mechanismId).map((r) => r.id);
      const input = { heldOn: dayBetween('2012-01-01', today()), outcome: 'Met', recommendationIds: ofMechanism.slice(0, Math.floor(random() * 4)), bodyIds: [] };
      const meeting = one<{ id: number } | undefined>('SELECT id FROM mechanism_meetings WHERE mechanism_id = ? ORDER BY random() LIMIT 1', mechanismId);
      if (kind === 'meeting-edit' && meeting) updateMeeting(ctx.tx, mechanismId, meeting.id, input, editorId);
      else recordMeeting(ctx.tx, mechanismId, input, editorId);
      break;
    }
    case 'meeting-delete': {
      const meeting = one<{ id: number; mechanism_id: number } | undefined>('SELECT id, mechanism_id FROM mechanism_meetings ORDER BY random() LIMIT 1');
      if (meeting) deleteMeeting(ctx.tx, meeting.mechanism_id, meeting.id, editorId);
      break;
    }
  }
  return kind;
}

/** An import through the import service: existing recommendations moved to another mechanism, lead body, status and target. */
async function randomImport(editorId: number): Promise<boolean> {
  const rows = all<{ id: number; source: string; reference: string; short_title: string; full_text: string }>(
    `SELECT r.id, s.title source, r.reference, r.short_title, r.full_text FROM recommendations r JOIN sources s ON s.id = r.source_id ORDER BY random() LIMIT 5`);
  const mechanismNames = all<{ name: string }>('SELECT name FROM mechanisms').map((m) => m.name);
  const bodyNames = all<{ name: string }>('SELECT name FROM bodies').map((b) => b.name);
  const csv = stringify(
    rows.map((r) => ({
      ID: String(r.id), Source: r.source, Reference: r.reference, 'Short title': r.short_title, 'Full text': r.full_text,
      Mechanism: pick(mechanismNames), 'Lead body': pick(bodyNames), Status: pick(STATUS_KEYS), 'Target date': dayBetween('2018-01-01', '2030-12-31'), Uptake: pick(UPTAKES),
    })),
    { header: true },
  );
  const stored = findImport(ctx.db, storeUpload(ctx.tx, editorId, 'random.csv', csv), editorId)!;
  return (await applyImport(ctx.db, stored, editorId)).ok;
}

test('After thousands of random writes of every kind, every kept figure equals the same figure computed from scratch', async () => {
  const editorId = ctx.db.select({ id: users.id }).from(users).get()!.id;
  await expectAllKept();
  const kinds = new Map<string, number>();
  let imports = 0;
  for (let batch = 0; batch < 20; batch++) {
    for (let i = 0; i < 100; i++) {
      const kind = randomWrite(editorId);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    if (await randomImport(editorId)) imports++;
    await expectAllKept();
  }
  expect(kinds.size).toBe(22);
  expect(imports).toBeGreaterThan(0);
  expect(one<{ n: number }>('SELECT count(*) n FROM party_status_history').n).toBeGreaterThan(0);
}, 300_000);

test('A publication known only by its year counts from the end of that year', () => {
  expect(lastDayOf('2016')).toBe('2016-12-31');
  expect(lastDayOf('2019-02')).toBe('2019-02-28');
});
