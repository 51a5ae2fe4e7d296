/**
 * Counts failed sign-ins per account and per address over a sliding window.
 * After `maxFailures` failures within the window, further attempts for that
 * account or from that address are refused until the oldest failure ages out.
 * In memory: one process serves the app, and a restart forgetting the counts
 * costs an attacker nothing they could not get by waiting.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 15 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const times = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (times.length > 0) this.failures.set(key, times);
    else this.failures.delete(key);
    return times;
  }

  /** Seconds until another attempt is allowed for any of the keys, or 0 when allowed now. */
  retryAfterSeconds(keys: string[]): number {
    let wait = 0;
    for (const key of keys) {
      const times = this.recent(key);
      if (times.length >= this.maxFailures) {
        const oldest = times[times.length - this.maxFailures]!;
        wait = Math.max(wait, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
      }
    }
    return wait;
  }

  recordFailure(keys: string[]): void {
    const now = this.now();
    for (const key of keys) this.failures.set(key, [...this.recent(key), now]);
  }

  /** A successful sign-in clears the account's count, not the address's. */
  clear(key: string): void {
    this.failures.delete(key);
  }
}

export function throttleKeys(email: string, address: string | undefined): { account: string; address: string } {
  return { account: `account:${email.trim().toLowerCase()}`, address: `address:${address ?? 'unknown'}` };
}
