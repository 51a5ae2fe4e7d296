/**
 * Calendar periods of the reports page, computed from a given "today" (so a
 * test can say which day it is). Dates are YYYY-MM-DD in UTC, like the rest
 * of the app; a period includes both its first and its last day.
 */

export interface Period {
  from: string;
  to: string;
}

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);

function parts(day: string): [number, number, number] {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return [y, m - 1, d];
}

/** The calendar day before `day`: the end of the day before a period starts is its status "at the start". */
export function dayBefore(day: string): string {
  const [y, m, d] = parts(day);
  return iso(y, m, d - 1);
}

/** A calendar month (0-based, may run over or under the year), to its last day; `to` never after today. */
function months(y: number, firstMonth: number, count: number, today: string): Period {
  const to = iso(y, firstMonth + count, 0);
  return { from: iso(y, firstMonth, 1), to: to < today ? to : today };
}

export type ChangePresetKey = 'this_month' | 'last_month' | 'this_quarter' | 'last_quarter' | 'this_year' | 'last_year';
export type StatusPresetKey = 'today' | 'end_last_month' | 'end_last_quarter' | 'end_last_year';

/** The periods offered in one click for a changes report; the current ones run to today. */
export function changePresets(today: string): { key: ChangePresetKey; period: Period }[] {
  const [y, m] = parts(today);
  const quarter = Math.floor(m / 3) * 3;
  return [
    { key: 'this_month', period: months(y, m, 1, today) },
    { key: 'last_month', period: months(y, m - 1, 1, today) },
    { key: 'this_quarter', period: months(y, quarter, 3, today) },
    { key: 'last_quarter', period: months(y, quarter - 3, 3, today) },
    { key: 'this_year', period: months(y, 0, 12, today) },
    { key: 'last_year', period: months(y - 1, 0, 12, today) },
  ];
}

/** The days offered in one click for a status report: today, and the ends of the last month, quarter and year. */
export function statusPresets(today: string): { key: StatusPresetKey; day: string }[] {
  const [y, m] = parts(today);
  const quarter = Math.floor(m / 3) * 3;
  return [
    { key: 'today', day: today },
    { key: 'end_last_month', day: iso(y, m, 0) },
    { key: 'end_last_quarter', day: iso(y, quarter, 0) },
    { key: 'end_last_year', day: iso(y, 0, 0) },
  ];
}
