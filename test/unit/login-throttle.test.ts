import { DEFAULT_LIMITS, LoginThrottle, type SignInAttempt } from '../../server/auth/login-throttle';

/** The sign-in throttle's rules, on a clock the test moves: which attempts wait, and for how long. */

const MINUTE = 60_000;
const WINDOW_SECONDS = DEFAULT_LIMITS.windowMs / 1000;

function throttleWithClock() {
  let now = 1_000_000;
  const throttle = new LoginThrottle(DEFAULT_LIMITS, () => now);
  return {
    throttle,
    advance: (ms: number) => void (now += ms),
    failTimes: (attempt: SignInAttempt, n: number) => {
      for (let i = 0; i < n; i++) throttle.recordFailure(attempt);
    },
  };
}

const office = '198.51.100.7';
const alice = { email: 'alice@example.org', address: office };
const bob = { email: 'bob@example.org', address: office };

describe('Per account and address', () => {
  test('When an address fails ten times on an account, then it waits until the oldest of those failures is fifteen minutes old', () => {
    const { throttle, advance, failTimes } = throttleWithClock();
    failTimes(alice, 1);
    advance(5 * MINUTE);
    failTimes(alice, 8);
    expect(throttle.retryAfterSeconds(alice)).toBe(0);
    failTimes(alice, 1);
    expect(throttle.retryAfterSeconds(alice)).toBe(10 * 60);
    expect(throttle.retryAfterSeconds({ ...alice, email: ' ALICE@example.org ' })).toBe(10 * 60);
    advance(10 * MINUTE);
    expect(throttle.retryAfterSeconds(alice)).toBe(0);
  });

  test('When one person fails ten times on their own account, then a colleague at the same address may still sign in to theirs', () => {
    const { throttle, failTimes } = throttleWithClock();
    failTimes(alice, 10);
    expect(throttle.retryAfterSeconds(alice)).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds(bob)).toBe(0);
  });
});

describe('Per address', () => {
  test('When an address fails on a hundred accounts, then it waits for any account, and other addresses do not', () => {
    const { throttle } = throttleWithClock();
    for (let i = 0; i < 99; i++) throttle.recordFailure({ email: `guess${i}@example.org`, address: office });
    expect(throttle.retryAfterSeconds(bob)).toBe(0);
    throttle.recordFailure({ email: 'guess99@example.org', address: office });
    expect(throttle.retryAfterSeconds(bob)).toBe(WINDOW_SECONDS);
    expect(throttle.retryAfterSeconds({ ...bob, address: '203.0.113.1' })).toBe(0);
  });
});

describe('IPv6 networks', () => {
  test('When an IPv6 client changes address within its /64 at every try, then its failures on an account still add up', () => {
    const { throttle } = throttleWithClock();
    for (let i = 0; i < 10; i++) throttle.recordFailure({ email: alice.email, address: `2001:db8:1:2::${i.toString(16)}` });
    expect(throttle.retryAfterSeconds({ email: alice.email, address: '2001:db8:1:2:ffff:ffff:ffff:ffff' })).toBe(WINDOW_SECONDS);
    expect(throttle.retryAfterSeconds({ email: alice.email, address: '2001:db8:1:3::1' })).toBe(0);
  });

  test('When an IPv4 address arrives written as IPv6 (::ffff:), then it counts as the same address', () => {
    const { throttle, failTimes } = throttleWithClock();
    failTimes(alice, 10);
    expect(throttle.retryAfterSeconds({ email: alice.email, address: `::ffff:${office}` })).toBe(WINDOW_SECONDS);
  });
});

describe('Per account, from many addresses', () => {
  test('When an account has thirty failures from many addresses, then each of them waits, and an address that has not failed on it may still try once', () => {
    const { throttle, advance } = throttleWithClock();
    const from = (i: number) => ({ email: alice.email, address: `203.0.113.${i}` });
    for (let i = 0; i < 30; i++) {
      expect(throttle.retryAfterSeconds(from(i))).toBe(0);
      throttle.recordFailure(from(i));
      advance(1000);
    }
    expect(throttle.retryAfterSeconds(from(0))).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds(from(29))).toBeGreaterThan(0);
    // The owner at the office, which has not failed on the account, is let in; so is one more guess from a new address.
    expect(throttle.retryAfterSeconds(alice)).toBe(0);
    expect(throttle.retryAfterSeconds(from(30))).toBe(0);
    throttle.recordFailure(from(30));
    expect(throttle.retryAfterSeconds(from(30))).toBeGreaterThan(0);
    // Other accounts are not touched.
    expect(throttle.retryAfterSeconds({ ...from(0), email: bob.email })).toBe(0);
  });

  test('When an address failed once on an account now under a distributed guess, then it waits only until that one failure ages out', () => {
    const { throttle, advance } = throttleWithClock();
    throttle.recordFailure(alice);
    advance(5 * MINUTE);
    for (let i = 0; i < 30; i++) throttle.recordFailure({ email: alice.email, address: `203.0.113.${i}` });
    expect(throttle.retryAfterSeconds(alice)).toBe(10 * 60);
  });
});

describe('A browser that has signed in before', () => {
  test('When its address and account are locked by others, then a browser with a device cookie for the account may still try', () => {
    const { throttle, failTimes } = throttleWithClock();
    failTimes(alice, 10);
    for (let i = 0; i < 100; i++) throttle.recordFailure({ email: `guess${i}@example.org`, address: office });
    for (let i = 0; i < 30; i++) throttle.recordFailure({ email: alice.email, address: `203.0.113.${i}` });
    expect(throttle.retryAfterSeconds(alice)).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds({ ...alice, device: 'alices-laptop' })).toBe(0);
  });

  test('When that browser fails ten times itself, then it waits, and the owner’s other browser does not', () => {
    const { throttle, failTimes } = throttleWithClock();
    failTimes({ ...alice, device: 'stolen-cookie' }, 10);
    expect(throttle.retryAfterSeconds({ ...alice, device: 'stolen-cookie' })).toBe(WINDOW_SECONDS);
    expect(throttle.retryAfterSeconds({ ...alice, device: 'alices-laptop' })).toBe(0);
  });
});

describe('Forgetting', () => {
  test('When a sign-in succeeds, then that address’s failures on the account stop counting, and the account’s distributed count does not', () => {
    const { throttle, failTimes } = throttleWithClock();
    failTimes(alice, 9);
    for (let i = 0; i < 30; i++) throttle.recordFailure({ email: alice.email, address: `203.0.113.${i}` });
    throttle.recordSuccess(alice);
    expect(throttle.retryAfterSeconds(alice)).toBe(0);
    failTimes(alice, 1);
    // One failure of its own again, on an account still under a distributed guess.
    expect(throttle.retryAfterSeconds(alice)).toBeGreaterThan(0);
  });

  test('When a window passes without failures, then the next failure forgets every count that has aged out', () => {
    const { throttle, advance } = throttleWithClock();
    for (let i = 0; i < 50; i++) throttle.recordFailure({ email: `guess${i}@example.org`, address: `203.0.113.${i}` });
    expect(throttle.size).toBeGreaterThan(100);
    advance(DEFAULT_LIMITS.windowMs + 1);
    throttle.recordFailure(alice);
    expect(throttle.size).toBe(3);
  });
});
