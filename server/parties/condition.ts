import { and, eq, sql, type SQL } from 'drizzle-orm';
import { partyStatuses, recommendations } from '../db/schema';
import type { StatusKey } from '../domain/vocabulary';
import { splitPartyStatus } from './parties';

/**
 * The list filter `party_status` (server/recommendations/filters.ts): recommendations with a side of that party,
 * in that status if one is named. An IN over the (party, status) index, so a filter on its own reads only the
 * sides it selects.
 */
export function partyStatusCondition(value: string): SQL {
  const { party, status } = splitPartyStatus(value);
  const side = and(eq(partyStatuses.party, party), status === undefined ? undefined : eq(partyStatuses.status, status as StatusKey));
  return sql`${recommendations.id} IN (SELECT ${partyStatuses.recommendationId} FROM ${partyStatuses} WHERE ${side})`;
}
