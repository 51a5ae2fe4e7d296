/**
 * How long ago a calendar date was, in the unit a reader would use: days for
 * the last month, months for the last two years, years beyond. Computed on
 * the server, so a page reads the same with or without JavaScript; the text
 * comes from plural-aware catalogue keys (`<prefix>.days_one`, `_other`, …).
 */
import { daysBetween } from './dates';
import { t } from './i18n';

export type AgeUnit = 'today' | 'days' | 'months' | 'years';

export interface Age {
  unit: AgeUnit;
  count: number;
}

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  return [y ?? 0, m ?? 1, d ?? 1];
}

/** The age of `date` on `today` (both YYYY-MM-DD); a date in the future counts as today. */
export function ageOf(date: string, today: string): Age {
  const days = daysBetween(date, today);
  if (!(days > 0)) return { unit: 'today', count: 0 };
  const [y1, m1, d1] = parts(date);
  const [y2, m2, d2] = parts(today);
  const months = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
  if (months < 1) return { unit: 'days', count: days };
  if (months < 24) return { unit: 'months', count: months };
  return { unit: 'years', count: Math.floor(months / 12) };
}

/** A date as the list shows it: a relative text, and the exact date for <time datetime> and its title. */
export interface DatedText {
  date: string;
  text: string;
  title: string;
}

/** `prefix.today`, or `prefix.days|months|years` with a count, and `titleKey` with the exact date. */
export function agoText(date: string, today: string, prefix: string, titleKey: string): DatedText {
  const age = ageOf(date, today);
  const text = age.unit === 'today' ? t(`${prefix}.today`) : t(`${prefix}.${age.unit}`, { count: age.count });
  return { date: date.slice(0, 10), text, title: t(titleKey, { date: date.slice(0, 10) }) };
}
