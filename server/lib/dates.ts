import { currentLanguage, type Language } from './language';
/** Calendar dates are YYYY-MM-DD strings in UTC throughout the app. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function nowIso(): string {
  return new Date().toISOString();
}

const DAY_MS = 86_400_000;

/** The calendar date `days` days before `date`. */
export function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from one calendar date to another (negative when `to` comes first). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / DAY_MS);
}

/** An ISO timestamp to the minute, as pages show it in the reader's language ("Dec 3, 2026, 10:38", UTC). */
export function toMinute(iso: string): string {
  return formatDateTime(iso);
}

/**
 * The last day of a partial date ("2024" → 2024-12-31, "2016-09" →
 * 2016-09-30): a publication known only by its year or month is not known to
 * have existed before the end of it.
 */
export function lastDayOf(partial: string): string {
  if (/^\d{4}$/.test(partial)) return `${partial}-12-31`;
  if (/^\d{4}-\d{2}$/.test(partial)) {
    const [y, m] = partial.split('-').map(Number) as [number, number];
    return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  }
  return partial;
}

/** The calendar date `months` months after `date`; a day the shorter month lacks becomes its last (Jan 31 + 1 month = Feb 28/29). */
export function monthsAfter(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const lastOfTarget = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastOfTarget))).toISOString().slice(0, 10);
}

/** The calendar date `days` days after `date`. */
export function daysAfter(date: string, days: number): string {
  return daysBefore(date, -days);
}

// ── i18n: dates as the reader's language writes them (values in forms and <time datetime> stay ISO) ──

const DATE_STYLE: Record<Language, Intl.DateTimeFormatOptions> = {
  en: { year: 'numeric', month: 'short', day: 'numeric' },
  ru: { year: 'numeric', month: 'long', day: 'numeric' },
  zh: { year: 'numeric', month: 'long', day: 'numeric' },
};
const formats = new Map<string, Intl.DateTimeFormat>();

function format(lang: Language, kind: 'day' | 'month' | 'minute'): Intl.DateTimeFormat {
  const key = `${lang}|${kind}`;
  let f = formats.get(key);
  if (!f) {
    const day = DATE_STYLE[lang];
    const options: Intl.DateTimeFormatOptions =
      kind === 'month' ? { year: 'numeric', month: 'long' } : kind === 'minute' ? { ...day, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : day;
    f = new Intl.DateTimeFormat(lang, { ...options, timeZone: 'UTC' });
    formats.set(key, f);
  }
  return f;
}

/** A calendar date (YYYY-MM-DD, or a partial YYYY-MM / YYYY) as the language writes it: Dec 3, 2026; 3 декабря 2026 г.; 2026年12月3日. */
export function formatDate(iso: string, lang: Language = currentLanguage()): string {
  if (/^\d{4}-\d{2}-\d{2}/.test(iso)) return format(lang, 'day').format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
  if (/^\d{4}-\d{2}$/.test(iso)) return format(lang, 'month').format(new Date(`${iso}-01T00:00:00Z`));
  return iso;
}

/** An ISO timestamp to the minute, in UTC, as the language writes it. */
export function formatDateTime(iso: string, lang: Language = currentLanguage()): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso)) return formatDate(iso, lang);
  const at = new Date(iso.endsWith('Z') || /[+-]\d{2}:\d{2}$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(at.getTime()) ? iso : format(lang, 'minute').format(at);
}

const numberFormats = new Map<Language, Intl.NumberFormat>();
/** A count as the language writes it (1,234; 1 234; 1,234). */
export function formatNumber(n: number, lang: Language = currentLanguage()): string {
  let f = numberFormats.get(lang);
  if (!f) numberFormats.set(lang, (f = new Intl.NumberFormat(lang)));
  return f.format(n);
}

const collators = new Map<Language, Intl.Collator>();
/** Names compared in the language's alphabetical order; one collator per language, since making one costs more than sorting a few hundred names. */
export function collatorFor(lang: Language = currentLanguage()): Intl.Collator {
  let c = collators.get(lang);
  if (!c) collators.set(lang, (c = new Intl.Collator(lang)));
  return c;
}
