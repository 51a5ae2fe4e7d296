import request from 'supertest';
import { capturingLogger, createTestContext, csrfFrom, makeUser, PASSWORD, signIn, signInAs, writeAsAnotherProcess, type TestContext } from '../helpers';

/** Sign-in throttling, session timeouts and the security log. */

async function attempt(app: TestContext['app'], email: string, password: string) {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  return agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), email, password });
}

describe('Sign-in throttling', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(() => ctx.close());

  test('When an account has ten failed attempts, then the eleventh gets 429 with Retry-After, even with the right password', async () => {
    const user = await makeUser(ctx.db, 'editor');
    for (let i = 0; i < 10; i++) expect((await attempt(ctx.app, user.email, 'wrong-password!')).status).toBe(401);
    const blocked = await attempt(ctx.app, user.email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
    expect(blocked.text).toContain('Too many failed sign-in attempts');
  });

  test('When one address fails ten times across accounts, then its eleventh attempt gets 429', async () => {
    for (let i = 0; i < 10; i++) expect((await attempt(ctx.app, `nobody${i}@example.org`, 'whatever-password')).status).toBe(401);
    const user = await makeUser(ctx.db, 'viewer');
    expect((await attempt(ctx.app, user.email, PASSWORD)).status).toBe(429);
  });

  test('When an unknown e-mail and a wrong password are tried, then both get the same status and message', async () => {
    const user = await makeUser(ctx.db, 'viewer');
    const unknown = await attempt(ctx.app, 'ghost@example.org', 'some-password');
    const wrong = await attempt(ctx.app, user.email, 'some-password');
    expect(unknown.status).toBe(wrong.status);
    const message = (html: string) => /<div class="form-errors"[\s\S]*?<\/div>/.exec(html)?.[0];
    expect(message(unknown.text)).toEqual(message(wrong.text));
  });

  test('When a user signs in successfully, then earlier failures on the account stop counting', async () => {
    const user = await makeUser(ctx.db, 'viewer');
    for (let i = 0; i < 5; i++) await attempt(ctx.app, user.email, 'wrong-password!');
    expect((await attempt(ctx.app, user.email, PASSWORD)).status).toBe(303);
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
  const storedExpiry = (ctx: TestContext) => (ctx.db.$client.prepare('SELECT expires_at AS e FROM sessions WHERE user_id IS NOT NULL').get() as { e: number }).e;
  const storedSession = (ctx: TestContext) => ctx.db.$client.prepare('SELECT data, expires_at FROM sessions WHERE user_id IS NOT NULL').get();

  test('When an editor saves a status, then the next page says so once, and the stored session is not rewritten for that message', async () => {
    const ctx = await createTestContext({ seed: true });
    const { agent, csrf } = await signInAs(ctx, 'editor');
    const id = (ctx.db.$client.prepare("SELECT id FROM recommendations WHERE status <> 'in_progress' LIMIT 1").get() as { id: number }).id;
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
    expect((await agent.get(saved.headers.location!)).text).toContain('The status was updated.');
    expect((await agent.get(saved.headers.location!)).text).not.toContain('The status was updated.');
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
