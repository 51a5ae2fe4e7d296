/** Calendar dates are YYYY-MM-DD strings in UTC throughout the app. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function nowIso(): string {
  return new Date().toISOString();
}
