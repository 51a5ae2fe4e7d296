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

/** An ISO timestamp to the minute, as pages show it ("2026-12-03 10:38", UTC). */
export function toMinute(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}
