import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { bodyAliases, evidenceNotes, partyStatuses, recommendationBodies, recommendations, recommendationThemes, recommendationTranslations, statusHistory } from '../db/schema';
import type { Db } from '../db/client';
import { firstColumn } from '../db/raw';
import { shortWordQuery } from '../db/search-words';
import { overdueOn } from '../domain/overdue';
import { OPEN_STATUS_KEYS, type StatusKey } from '../domain/vocabulary';
import { today } from '../lib/dates';
import { splitPartyStatus } from '../parties/parties';
import type { Filters } from './schema';

/**
 * The filters as conditions on \`recommendations\`: one WHERE clause for the
 * list and its counts, the board, the reports and their downloads, so a
 * figure and the list it links to always hold the same recommendations.
 */

export const lastNoteOn = sql<string | null>`(SELECT max(${evidenceNotes.observedOn}) FROM ${evidenceNotes} WHERE ${evidenceNotes.recommendationId} = ${recommendations.id})`;

/**
 * The date of a recommendation's last event in the world: its latest status
 * change (`status_since`: the date the current status took effect, which no
 * change may precede), evidence note (as observed) or verification by an
 * analyst; NULL if none. Never the database write (`updated_at`): importing or
 * editing a record is not news about the recommendation. The notes' part reads
 * one entry of their index by recommendation and date. The board's "stale" figure, the
 * kanban's "last event" and the list's `quiet_since` filter all mean this.
 */
export const lastEventOn = sql<string | null>`nullif(max(coalesce(${recommendations.lastVerifiedOn}, ''), coalesce(${lastNoteOn}, ''), coalesce(${recommendations.statusSince}, '')), '')`;

/**
 * Stale: still open, and no event (status change, evidence, verification) on
 * or after the cut-off date. A closed recommendation (implemented, not
 * implemented, superseded) needs no fresh news.
 */
export function staleCondition(cutoff: string): SQL {
  // CASE: lastEventOn < cutoff, spelt out part by part so that the notes' subquery runs only when the columns leave it open.
  return and(
    inArray(recommendations.status, OPEN_STATUS_KEYS),
    sql`coalesce(${recommendations.lastVerifiedOn}, '') < ${cutoff}`,
    sql`coalesce(${recommendations.statusSince}, '') < ${cutoff}`,
    sql`coalesce(${lastNoteOn}, '') < ${cutoff}`,
  ) as SQL;
}

/** Moved: a status change that took effect on or after the date. */
export function movedCondition(since: string): SQL {
  return sql`EXISTS (SELECT 1 FROM ${statusHistory} WHERE ${statusHistory.recommendationId} = ${recommendations.id} AND ${statusHistory.effectiveOn} >= ${since})`;
}

/** Overdue today (server/domain/overdue.ts). */
export function overdueCondition(): SQL {
  return overdueOn(today(), recommendations.targetDate, recommendations.status);
}

/**
 * A party's side (server/parties), in that status if one is named: `China` or `China:no_action`. An IN over the
 * (party, status) index, so a filter on its own reads only the sides it selects.
 */
export function partyStatusCondition(value: string): SQL {
  const { party, status } = splitPartyStatus(value);
  const side = and(eq(partyStatuses.party, party), status === undefined ? undefined : eq(partyStatuses.status, status as StatusKey));
  return sql`${recommendations.id} IN (SELECT ${partyStatuses.recommendationId} FROM ${partyStatuses} WHERE ${side})`;
}

/**
 * The WHERE clause for a set of filters. `inOrder`: the caller reads the matches in an index's order and stops at
 * its page, so the links (theme, body) and priority, tested on each row read, must not lead the search instead
 * (SQLite would read all their matches to sort them); the status neither when that index does not begin with it
 * (`statusLeads: false`).
 */
export function filterConditions(filters: SearchedFilters, { inOrder = false, statusLeads = true } = {}): SQL | undefined {
  // CASE: a unary plus keeps SQLite from using an index for the term; the value is the same.
  const id = inOrder ? sql`+${recommendations.id}` : sql`${recommendations.id}`;
  const conditions: (SQL | undefined)[] = [];
  if (filters.status) conditions.push(inOrder && !statusLeads ? sql`+${recommendations.status} = ${filters.status}` : eq(recommendations.status, filters.status));
  if (filters.mechanism === 'none') conditions.push(isNull(recommendations.mechanismId));
  else if (filters.mechanism) conditions.push(eq(recommendations.mechanismId, filters.mechanism));
  if (filters.source) conditions.push(eq(recommendations.sourceId, filters.source));
  if (filters.owner) conditions.push(eq(recommendations.ownerId, filters.owner));
  if (filters.priority) conditions.push(inOrder ? sql`+${recommendations.priority} = ${filters.priority === 'yes' ? 1 : 0}` : eq(recommendations.priority, filters.priority === 'yes'));
  if (filters.record_kind) conditions.push(eq(recommendations.kind, filters.record_kind));
  if (filters.uptake) conditions.push(eq(recommendations.uptake, filters.uptake));
  if (filters.body === 'none') {
    conditions.push(
      sql`NOT EXISTS (SELECT 1 FROM ${recommendationBodies} WHERE ${recommendationBodies.recommendationId} = ${recommendations.id})`,
    );
  } else if (filters.body) {
    // IN, not EXISTS: SQLite reads the body's links from their index and only those recommendations; EXISTS tested every one.
    conditions.push(
      sql`${id} IN (SELECT ${recommendationBodies.recommendationId} FROM ${recommendationBodies} WHERE ${recommendationBodies.bodyId} = ${filters.body})`,
    );
  }
  if (filters.theme) {
    conditions.push(
      sql`${id} IN (SELECT ${recommendationThemes.recommendationId} FROM ${recommendationThemes} WHERE ${recommendationThemes.themeId} = ${filters.theme})`,
    );
  }
  if (filters.overdue) {
    conditions.push(overdueCondition());
  }
  if (filters.moved_since) conditions.push(movedCondition(filters.moved_since));
  if (filters.quiet_since) conditions.push(staleCondition(filters.quiet_since));
  if (filters.party_status) conditions.push(partyStatusCondition(filters.party_status));
  if (filters.q) conditions.push(searchCondition(filters.q, filters[SEARCH_MATCHES]));
  return and(...conditions);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The recommendations a search finds, read once (`withSearchMatches`): the list counts them by status and
 * then pages through them, and building the set from the indexes is most of the cost of either.
 */
const SEARCH_MATCHES = Symbol('search matches');
export type SearchedFilters = Filters & { readonly [SEARCH_MATCHES]?: readonly number[] };

/** The filters with the recommendations their search finds read once, for queries that each take the filters. */
export function withSearchMatches(db: Db, filters: Filters): SearchedFilters {
  if (!filters.q) return filters;
  return { ...filters, [SEARCH_MATCHES]: firstColumn<number>(db, searchMatches(filters.q)) };
}

/**
 * Above this many matches a search's ids are tested while an index is walked (the list's order, the status
 * index of the counts), below it they are read one by one by id: reading 17,000 recommendations by id (one
 * table page each) cost 30-50 ms, walking the 100,000 entries of an index 5-13 ms, stopping after a page
 * sooner still.
 */
const FEW_MATCHES = 2_000;

function searchCondition(q: string, ids: readonly number[] | undefined): SQL {
  if (ids === undefined) return sql`${recommendations.id} IN (${searchMatches(q)})`;
  // CASE: the unary + keeps SQLite from reading the matches by id, so it walks the index it would use without them.
  const id = ids.length > FEW_MATCHES ? sql`+${recommendations.id}` : sql`${recommendations.id}`;
  return sql`${id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}

/**
 * The ids of the recommendations a search finds: those holding every word of the query (words are what
 * white space separates, the ideographic space too) in their title, text, a translation or one of their
 * evidence notes (decision 0007), and those linked to a body known by another name that matches (a later
 * official name, a name in another script): the body keeps the name its publications use, and a search
 * by the other finds its records all the same. Bodies and their aliases are few, so the LIKE scan is over
 * a small table.
 */
function searchMatches(q: string): SQL {
  const words = q.split(/\s+/u).filter((word) => word !== '');
  const everyWord = words.length === 0 ? sql`SELECT ${recommendations.id} FROM ${recommendations}` : sql.join(words.map((word) => sql`SELECT * FROM (${wordMatches(word)})`), sql` INTERSECT `);
  const aliases = sql`SELECT ${recommendationBodies.recommendationId} FROM ${recommendationBodies} WHERE ${recommendationBodies.bodyId} IN (SELECT ${bodyAliases.bodyId} FROM ${bodyAliases} WHERE ${bodyAliases.alias} LIKE ${`%${escapeLike(q)}%`} ESCAPE '\\')`;
  return sql`${everyWord} UNION ${aliases}`;
}

/**
 * The recommendations that hold one word of a query. Three characters or more: anywhere, inside other words
 * too, in the trigram index (сотрудничеств finds every case ending). Fewer: in the word index, a Chinese pair
 * as a word (合作), one character or a short word of another script as the start of a word (港 finds 港口, Ha
 * finds Harbin); a word of punctuation alone finds nothing.
 */
function wordMatches(word: string): SQL {
  if ([...word].length >= 3) {
    const match = yoVariants(word).map((variant) => `"${variant.replace(/"/g, '""')}"`).join(' OR ');
    return sql`SELECT rowid FROM recommendation_search WHERE recommendation_search MATCH ${match}
      UNION
      SELECT rowid >> 32 FROM evidence_note_search WHERE evidence_note_search MATCH ${match}
      ${translationSearch(match)}`;
  }
  const match = shortWordQuery(word);
  if (match === undefined) return sql`SELECT NULL WHERE 0`;
  // Translations are few (analysts type them), so a short word scans them rather than keep a second word index.
  return sql`SELECT rowid FROM recommendation_words WHERE recommendation_words MATCH ${match}
    UNION
    SELECT rowid >> 32 FROM evidence_note_words WHERE evidence_note_words MATCH ${match}
    ${translationLike(`%${escapeLike(word)}%`)}`;
}

/**
 * The spellings of a word with е and ё exchanged (ёлка, елка), which most
 * Russian texts and readers do not tell apart; the trigram index keeps them
 * apart. Every combination up to three such letters, beyond that the word as
 * typed and with every ё written е.
 */
function yoVariants(word: string): string[] {
  const lower = word.toLowerCase();
  const positions = [...lower].flatMap((char, i) => (char === 'е' || char === 'ё' ? [i] : []));
  if (positions.length === 0) return [word];
  if (positions.length > 3) return [...new Set([lower, lower.replace(/ё/g, 'е')])];
  const variants: string[] = [];
  for (let mask = 0; mask < 1 << positions.length; mask++) {
    const chars = [...lower];
    positions.forEach((position, bit) => (chars[position] = mask & (1 << bit) ? 'ё' : 'е'));
    variants.push(chars.join(''));
  }
  return variants;
}

// ── datalang ── translations are searched as the originals are (index: migrations/*_datalang_backfill.sql).
function translationSearch(phrase: string): SQL {
  return sql`UNION
      SELECT ${recommendationTranslations.recommendationId} FROM recommendation_translation_search
        JOIN ${recommendationTranslations} ON ${recommendationTranslations.id} = recommendation_translation_search.rowid
       WHERE recommendation_translation_search MATCH ${phrase}`;
}

function translationLike(pattern: string): SQL {
  return sql`UNION
    SELECT ${recommendationTranslations.recommendationId} FROM ${recommendationTranslations}
     WHERE ${recommendationTranslations.shortTitle} LIKE ${pattern} ESCAPE '\\' OR ${recommendationTranslations.fullText} LIKE ${pattern} ESCAPE '\\'`;
}

