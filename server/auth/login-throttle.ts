import net from 'node:net';
import { normaliseEmail } from './users';

/**
 * Decides whether a sign-in attempt may go ahead, from the failures before it
 * (docs/decisions/0002-sign-in-throttling.md). The limits are drawn so that a
 * correct password is not refused because of other people's failures, as far
 * as the server can tell people apart:
 *
 * - a browser that has signed in to the account before (it carries a device
 *   cookie for it) is limited by its own failures only;
 * - any other attempt is limited per account and address, and per address with
 *   room for a whole office behind one NAT address to mistype;
 * - an account failing from many addresses at once (a distributed guess) stays
 *   open to addresses that have not failed on it: the guessers get one try per
 *   address instead of ten, and its owner, from an address of their own, still
 *   gets in. Refusing everyone instead would let anyone lock any account.
 *
 * In memory: one process serves the app, and a restart forgetting the counts
 * costs an attacker nothing they could not get by waiting.
 */
export interface ThrottleLimits {
  windowMs: number;
  perAccountAndAddress: number;
  perAddress: number;
  /** Failures on one account, from anywhere, after which only addresses without a failure on it may try. */
  perAccount: number;
  perDevice: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = {
  windowMs: 15 * 60 * 1000,
  perAccountAndAddress: 10,
  perAddress: 100,
  perAccount: 30,
  perDevice: 10,
};

export interface SignInAttempt {
  email: string;
  /** The client's address (req.ip: behind a proxy, only right with TRUST_PROXY). */
  address: string | undefined;
  /** The id of this browser's device cookie, when it is genuine and for this account. */
  device?: string;
}

interface Keys {
  pair: string;
  address: string;
  account: string;
  device?: string;
}

/**
 * The network an address is counted by. An IPv6 client can pick any of the 2^64 addresses of its network, so it
 * is counted by that /64, as the machines of an office behind NAT are by their one IPv4 address.
 */
function networkOf(address: string): string {
  const bare = address.replace(/%.*$/, '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (!net.isIPv6(bare)) return bare;
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])));
  const [head = '', tail] = bare.split('::');
  const groups = tail === undefined ? groupsOf(head) : [...groupsOf(head), ...Array<string>(8 - groupsOf(head).length - groupsOf(tail).length).fill('0')];
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

function keysOf(attempt: SignInAttempt): Keys {
  const account = normaliseEmail(attempt.email);
  const address = attempt.address === undefined ? 'unknown' : networkOf(attempt.address);
  return {
    pair: `pair:${account}\n${address}`,
    address: `address:${address}`,
    account: `account:${account}`,
    device: attempt.device === undefined ? undefined : `device:${attempt.device}`,
  };
}

export class LoginThrottle {
  /** Each key's failure times within the window, oldest first, at most as many as its limit needs. */
  private readonly failures = new Map<string, number[]>();
  private sweptAt: number;

  constructor(
    private readonly limits: ThrottleLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.sweptAt = now();
  }

  /** Seconds until this attempt may go ahead, or 0 when it may now. */
  retryAfterSeconds(attempt: SignInAttempt): number {
    const keys = keysOf(attempt);
    const { limits } = this;
    const ms = keys.device
      ? this.wait(keys.device, limits.perDevice)
      : Math.max(
          this.wait(keys.pair, limits.perAccountAndAddress),
          this.wait(keys.address, limits.perAddress),
          // CASE: an account under a distributed guess refuses an address only once it has itself failed on it.
          Math.min(this.wait(keys.account, limits.perAccount), this.wait(keys.pair, 1)),
        );
    return Math.ceil(ms / 1000);
  }

  recordFailure(attempt: SignInAttempt): void {
    const keys = keysOf(attempt);
    const { limits } = this;
    this.sweep();
    this.record(keys.pair, limits.perAccountAndAddress);
    this.record(keys.address, limits.perAddress);
    this.record(keys.account, limits.perAccount);
    if (keys.device) this.record(keys.device, limits.perDevice);
  }

  /**
   * The failures of this browser and of this address on the account stop counting. The account's own count
   * stays: a distributed guess would otherwise start afresh every time the owner signs in.
   */
  recordSuccess(attempt: SignInAttempt): void {
    const keys = keysOf(attempt);
    this.failures.delete(keys.pair);
    if (keys.device) this.failures.delete(keys.device);
  }

  /** Milliseconds until `key` has fewer than `limit` failures in the window. */
  private wait(key: string, limit: number): number {
    const times = this.recent(key);
    if (times.length < limit) return 0;
    return times[times.length - limit]! + this.limits.windowMs - this.now();
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.limits.windowMs;
    const times = this.failures.get(key);
    if (!times) return [];
    const recent = times.filter((t) => t > cutoff);
    if (recent.length === 0) this.failures.delete(key);
    else if (recent.length < times.length) this.failures.set(key, recent);
    return recent;
  }

  private record(key: string, keep: number): void {
    const times = [...this.recent(key), this.now()];
    this.failures.set(key, times.length > keep ? times.slice(-keep) : times);
  }

  /** Once a window, forgets the keys nobody has failed on since: addresses seen once would otherwise stay forever. */
  private sweep(): void {
    const now = this.now();
    if (now - this.sweptAt < this.limits.windowMs) return;
    this.sweptAt = now;
    const cutoff = now - this.limits.windowMs;
    for (const [key, times] of this.failures) if (times[times.length - 1]! <= cutoff) this.failures.delete(key);
  }

  /** How many keys are kept: for tests of the sweep. */
  get size(): number {
    return this.failures.size;
  }
}
