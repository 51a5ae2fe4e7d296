import { and, inArray, lt, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { isOpenStatus, OPEN_STATUS_KEYS, type StatusKey } from './vocabulary';

/**
 * Overdue on a day: a target date before that day and a status still open (a
 * recommendation closed after its target date is late, not overdue). The
 * list's flag and filter, the board's figure and queue, the reports' column,
 * filter and preview all mean this: the rule is written here once for rows in
 * hand and once as SQL, and test/unit/overdue.test.ts holds the two together.
 */
export function isOverdue(day: string, targetDate: string | null, status: StatusKey): boolean {
  return targetDate !== null && targetDate < day && isOpenStatus(status);
}

/** The same rule as a condition, over any target-date column and status expression (a report rebuilds a past status). */
export function overdueOn(day: string, targetDate: SQLiteColumn, status: SQLiteColumn | SQLWrapper): SQL {
  return and(lt(targetDate, day), inArray(status, OPEN_STATUS_KEYS)) as SQL;
}
