import request from 'supertest';
import { t } from '../../server/lib/i18n';
import { capturingLogger, createTestContext, csrfFrom, esc, makeUser, PASSWORD, signIn, signInAs, writeAsAnotherProcess, type TestContext } from '../helpers';

/** Sign-in throttling, session timeouts, sessions for anonymous visitors and the security log. */

/** The users with a stored session. */
const signedInUsers = (ctx: TestContext) =>
  (ctx.sqlite.prepare('SELECT user_id AS id FROM sessions WHERE user_id IS NOT NULL ORDER BY user_id').all() as { id: number }[]).map((r) => r.id);

async function attempt(app: TestContext['app'], email: string, password: string, from?: string) {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  const post = agent.post('/login');
  if (from) post.set('X-Forwarded-For', from);
  return post.type('form').send({ _csrf: csrfFrom(page.text), email, password });
}

describe('Sign-in throttling', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(() => ctx.close());

  test('When an address has ten failed attempts on an account, then the eleventh gets 429 with Retry-After, even with the right password', async () => {
    const user = await makeUser(ctx.db, 'editor');
    for (let i = 0; i < 10; i++) expect((await attempt(ctx.app, user.email, 'wrong-password!')).status).toBe(401);
    const blocked = await attempt(ctx.app, user.email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
    expect(blocked.text).toContain(esc(t('auth.throttled', { count: 15 })));
  });

  test('When one person fails ten times on their own account, then a colleague at the same address still signs in', async () => {
    const clumsy = await makeUser(ctx.db, 'viewer');
    const admin = await makeUser(ctx.db, 'admin');
    for (let i = 0; i < 10; i++) expect((await attempt(ctx.app, clumsy.email, 'wrong-password!')).status).toBe(401);
    expect((await attempt(ctx.app, clumsy.email, PASSWORD)).status).toBe(429);
    expect((await attempt(ctx.app, admin.email, PASSWORD)).status).toBe(303);
    expect(signedInUsers(ctx)).toEqual([admin.id]);
  });

  test('When a browser that signed in to an account before comes back, then it signs in although others’ failures lock the account at its address', async () => {
    const user = await makeUser(ctx.db, 'editor');
    const { agent, csrf } = await signIn(ctx.app, user.email);
    await agent.post('/logout').type('form').send({ _csrf: csrf });
    expect(signedInUsers(ctx)).toEqual([]);
    for (let i = 0; i < 10; i++) await attempt(ctx.app, user.email, 'wrong-password!');
    expect((await attempt(ctx.app, user.email, PASSWORD)).status).toBe(429);

    const page = await agent.get('/login');
    const back = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), email: user.email, password: PASSWORD });
    expect(back.status).toBe(303);
    expect(signedInUsers(ctx)).toEqual([user.id]);
  });

  test('When a user signs in after nine failures, then that address’s failures on the account stop counting', async () => {
    const user = await makeUser(ctx.db, 'viewer');
    for (let i = 0; i < 9; i++) await attempt(ctx.app, user.email, 'wrong-password!');
    expect((await attempt(ctx.app, user.email, PASSWORD)).status).toBe(303);
    for (let i = 0; i < 9; i++) expect((await attempt(ctx.app, user.email, 'wrong-password!')).status).toBe(401);
    expect((await attempt(ctx.app, user.email, PASSWORD)).status).toBe(303);
  });
});

describe('Sign-in throttling behind a proxy (TRUST_PROXY)', () => {
  test('When an account is guessed from thirty addresses, then each of them gets 429, its owner still signs in from another, and the log names each address', async () => {
    const log = capturingLogger();
    const ctx = await createTestContext({ app: { trustProxy: 'loopback', logger: log.logger } });
    const user = await makeUser(ctx.db, 'editor');
    for (let i = 0; i < 30; i++) expect((await attempt(ctx.app, user.email, 'wrong-password!', `203.0.113.${i}`)).status).toBe(401);
    const refused = await attempt(ctx.app, user.email, PASSWORD, '203.0.113.7');
    expect(refused.status).toBe(429);
    expect((await attempt(ctx.app, user.email, PASSWORD, '198.51.100.20')).status).toBe(303);
    expect(signedInUsers(ctx)).toEqual([user.id]);
    const events = log.lines().filter((l) => l.security);
    expect(events.filter((e) => e.security === 'login_failure').map((e) => e.address)).toEqual(Array.from({ length: 30 }, (_v, i) => `203.0.113.${i}`));
    expect(events.slice(-2)).toMatchObject([
      { security: 'login_throttled', address: '203.0.113.7' },
      { security: 'login_success', address: '198.51.100.20', userId: user.id },
    ]);
    ctx.close();
  });
});

describe('Anonymous visitors', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(() => ctx.close());

  const storedSessions = () => (ctx.sqlite.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
  const cookieNames = (res: request.Response) => ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split('=')[0]);

  test('When twenty browsers without cookies open the sign-in page, then each gets a form token and no session is stored', async () => {
    for (let i = 0; i < 20; i++) {
      const page = await request(ctx.app).get('/login');
      expect(page.status).toBe(200);
      expect(csrfFrom(page.text)).toMatch(/^[0-9a-f]{64}$/);
      expect(cookieNames(page)).toEqual(['tracker.csrf']);
    }
    expect(storedSessions()).toBe(0);
  });

  test('When a visitor signs in with the token of their sign-in page, then a plain form post and an htmx request both sign in, and only those sessions are stored', async () => {
    const user = await makeUser(ctx.db, 'editor');
    const plain = request.agent(ctx.app);
    const page = await plain.get('/login');
    const posted = await plain.post('/login').type('form').send({ _csrf: csrfFrom(page.text), email: user.email, password: PASSWORD });
    expect(posted.status).toBe(303);
    expect((await plain.get(posted.headers.location!)).status).toBe(200);

    const htmx = request.agent(ctx.app);
    const token = csrfFrom((await htmx.get('/login')).text);
    const sent = await htmx.post('/login').set({ 'HX-Request': 'true', 'X-CSRF-Token': token }).type('form').send({ email: user.email, password: PASSWORD });
    expect(sent.status).toBe(303);
    expect((await htmx.get('/recommendations')).status).toBe(200);
    expect(signedInUsers(ctx)).toEqual([user.id, user.id]);
    expect(storedSessions()).toBe(2);
  });

  test('When the token is missing, wrong, or another visitor’s, then sign-in is refused with 403 and nothing is stored', async () => {
    const user = await makeUser(ctx.db, 'viewer');
    const agent = request.agent(ctx.app);
    const own = csrfFrom((await agent.get('/login')).text);
    const someoneElses = csrfFrom((await request(ctx.app).get('/login')).text);
    for (const token of [undefined, 'not-the-token', someoneElses]) {
      const res = await agent.post('/login').type('form').send({ _csrf: token, email: user.email, password: PASSWORD });
      expect(res.status).toBe(403);
      expect(res.text).toContain(esc(t('errors.csrf')));
    }
    // The right token without its cookie, as a forged cross-site post would arrive.
    const cookieless = await request(ctx.app).post('/login').type('form').send({ _csrf: own, email: user.email, password: PASSWORD });
    expect(cookieless.status).toBe(403);
    expect(storedSessions()).toBe(0);
    expect((await agent.post('/login').type('form').send({ _csrf: own, email: user.email, password: PASSWORD })).status).toBe(303);
  });

  test('When the first administrator is created on the set-up page, then only their session is stored', async () => {
    const agent = request.agent(ctx.app);
    for (let i = 0; i < 5; i++) expect((await request(ctx.app).get('/setup')).status).toBe(200);
    const page = await agent.get('/setup');
    expect(storedSessions()).toBe(0);
    const done = await agent
      .post('/setup')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), name: 'First Admin', email: 'first@example.org', password: PASSWORD, password_confirmation: PASSWORD });
    expect(done.status).toBe(303);
    expect((await agent.get('/admin/users')).status).toBe(200);
    const admin = ctx.sqlite.prepare("SELECT id FROM users WHERE email = 'first@example.org'").get() as { id: number };
    expect(signedInUsers(ctx)).toEqual([admin.id]);
    expect(storedSessions()).toBe(1);
  });

  test('When a user signs out and opens the sign-in page again, then their session is gone and none takes its place', async () => {
    const { agent, csrf } = await signInAs(ctx, 'viewer');
    expect(storedSessions()).toBe(1);
    await agent.post('/logout').type('form').send({ _csrf: csrf });
    const page = await agent.get('/login');
    expect(page.text).toContain(t('auth.login_title'));
    expect(storedSessions()).toBe(0);
  });
});

describe('Session timeouts', () => {
  test('When a session is idle longer than the idle timeout, then the next request goes to sign-in', async () => {
    const ctx = await createTestContext({ app: { sessionIdleMs: 1000 } });
    const user = await makeUser(ctx.db, 'viewer');
    const { agent } = await signIn(ctx.app, user.email);
    await new Promise((r) => setTimeout(r, 1300));
    const res = await agent.get('/recommendations');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
    ctx.close();
  });

  test('When a session is older than the absolute timeout, then it ends even while in use', async () => {
    const ctx = await createTestContext({ app: { sessionAbsoluteMs: 1500 } });
    const user = await makeUser(ctx.db, 'viewer');
    const { agent } = await signIn(ctx.app, user.email);
    await new Promise((r) => setTimeout(r, 800));
    expect((await agent.get('/recommendations')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 900));
    const res = await agent.get('/recommendations');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
    ctx.close();
  });
});

describe('Security log', () => {
  test('When people sign in, fail, are refused and forge a request, then each gives one JSON line without secrets', async () => {
    const log = capturingLogger();
    const ctx = await createTestContext({ app: { logger: log.logger } });
    const viewer = await makeUser(ctx.db, 'viewer');
    await attempt(ctx.app, viewer.email, 'wrong-password!');
    await attempt(ctx.app, 'forged\n{"security":"login_success","userId":1}@example.org', 'x-password-x');
    const { agent } = await signIn(ctx.app, viewer.email);
    await agent.get('/admin');
    await agent.post('/logout').type('form').send({ _csrf: 'not-the-token' });

    const events = log.lines().filter((l) => l.security);
    expect(events.map((e) => e.security)).toEqual(['login_failure', 'login_failure', 'login_success', 'forbidden', 'csrf_rejected']);
    expect(events[0]).toMatchObject({ email: viewer.email, address: expect.any(String) });
    expect(events[2]).toMatchObject({ userId: viewer.id });
    expect(events[3]).toMatchObject({ userId: viewer.id, path: '/admin' });
    for (const e of events) expect(typeof e.time).toBe('number');
    const raw = log.raw();
    expect(raw).not.toContain(PASSWORD);
    expect(raw).not.toContain('wrong-password!');
    expect(raw).not.toMatch(/tracker\.sid=|_csrf/);
    ctx.close();
  });
});

describe('Sessions ended elsewhere', () => {
  test('When another process ends a session (its row deleted through a second connection), then the next request goes to sign-in', async () => {
    const ctx = await createTestContext();
    const user = await makeUser(ctx.db, 'viewer');
    const { agent } = await signIn(ctx.app, user.email);
    expect((await agent.get('/recommendations')).status).toBe(200);
    await writeAsAnotherProcess(ctx, 'DELETE FROM sessions WHERE user_id = ?', user.id);
    const res = await agent.get('/recommendations');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
    ctx.close();
  });
});

describe('Session writes', () => {
  const storedExpiry = (ctx: TestContext) => (ctx.sqlite.prepare('SELECT expires_at AS e FROM sessions WHERE user_id IS NOT NULL').get() as { e: number }).e;
  const storedSession = (ctx: TestContext) => ctx.sqlite.prepare('SELECT data, expires_at FROM sessions WHERE user_id IS NOT NULL').get();

  test('When an editor saves a status, then the next page says so once, and the stored session is not rewritten for that message', async () => {
    const ctx = await createTestContext({ seed: true });
    const { agent, csrf } = await signInAs(ctx, 'editor');
    const id = (ctx.sqlite.prepare("SELECT id FROM recommendations WHERE status <> 'in_progress' LIMIT 1").get() as { id: number }).id;
    const before = storedSession(ctx);
    const saved = await agent.post(`/recommendations/${id}/status`).type('form').send({
      _csrf: csrf,
      status: 'in_progress',
      effective_on: '2026-01-05',
      rationale: 'Working group met',
      evidence_kind: 'news',
      evidence_language: 'en',
    });
    expect(saved.status).toBe(303);
    expect(storedSession(ctx)).toEqual(before);
    expect((await agent.get(saved.headers.location!)).text).toContain('The status was updated:');
    expect((await agent.get(saved.headers.location!)).text).not.toContain('The status was updated:');
    expect(storedSession(ctx)).toEqual(before);
    ctx.close();
  });

  test('When a signed-in user opens pages in quick succession, then the stored expiry is not rewritten for each page', async () => {
    const ctx = await createTestContext();
    const user = await makeUser(ctx.db, 'viewer');
    const { agent } = await signIn(ctx.app, user.email);
    const before = storedExpiry(ctx);
    for (let i = 0; i < 3; i++) expect((await agent.get('/recommendations')).status).toBe(200);
    expect(storedExpiry(ctx)).toBe(before);
    ctx.close();
  });

  test('When a user stays active longer than a short idle timeout, then the stored expiry moves and the session lives on', async () => {
    // Cookie expiry dates have whole seconds, so the idle timeout is a few seconds long.
    const ctx = await createTestContext({ app: { sessionIdleMs: 2500 } });
    const user = await makeUser(ctx.db, 'viewer');
    const { agent } = await signIn(ctx.app, user.email);
    const before = storedExpiry(ctx);
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 600));
      expect((await agent.get('/recommendations')).status).toBe(200);
    }
    expect(storedExpiry(ctx)).toBeGreaterThan(before + 2500);
    ctx.close();
  });
});
