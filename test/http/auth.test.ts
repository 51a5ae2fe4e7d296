import pino from 'pino';
import request from 'supertest';
import { count, eq } from 'drizzle-orm';
import type { Express } from 'express';
import { createApp } from '../../server/app';
import { recommendations, statusHistory, users } from '../../server/db/schema';
import { createTestContext, csrfFrom, makeUser, PASSWORD, signIn, signInAs, writeAsAnotherProcess, type TestContext } from '../helpers';

/** Sign-in, sessions, CSRF, sign-out, deactivation, first-run setup and the health check. */

const LOGIN_FAILED = 'The email or password is incorrect.';
const CSRF_REFUSED = 'The form had expired or did not come from this site.';

let ctx: TestContext;
let nearId: number;

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  const near = ctx.db.select().from(recommendations).all().find((r) => r.shortTitle.includes('NEAR'));
  if (!near) throw new Error('seed has no NEAR recommendation');
  nearId = near.id;
});
afterAll(() => ctx.close());

function setCookies(res: { headers: Record<string, unknown> }): string[] {
  const header = res.headers['set-cookie'];
  return Array.isArray(header) ? (header as string[]) : typeof header === 'string' ? [header] : [];
}

/** The session cookie the response sets, as "name=value", or undefined. */
function sessionCookie(res: { headers: Record<string, unknown> }): string | undefined {
  return setCookies(res)
    .find((c) => c.startsWith('tracker.sid='))
    ?.split(';')[0];
}

function cookieNamed(res: { headers: Record<string, unknown> }, name: string): string | undefined {
  return setCookies(res)
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0];
}

/** A fresh browser: opens the sign-in page, then sends the form. */
async function attemptLogin(app: Express, form: { email: string; password: string; next?: string }) {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), ...form });
  return { agent, page, res };
}

const formErrors = (html: string) => /<div class="form-errors"[\s\S]*?<\/div>/.exec(html)?.[0];

const recommendation = (id: number) => ctx.db.select().from(recommendations).where(eq(recommendations.id, id)).get()!;
const historyCount = (id: number) =>
  ctx.db.select({ n: count() }).from(statusHistory).where(eq(statusHistory.recommendationId, id)).get()!.n;

const statusForm = {
  status: 'under_consideration',
  effective_on: '2025-02-01',
  rationale: 'Discussed at the NEAR general assembly',
  evidence_kind: 'news',
  evidence_language: 'en',
};

describe('Sign-in page', () => {
  test('has fields labelled "Email" and "Password"', async () => {
    const res = await request(ctx.app).get('/login');
    expect(res.status).toBe(200);
    const labels = new Map([...res.text.matchAll(/<label for="([^"]+)">([^<]*)<\/label>/g)].map((m) => [m[2]!.trim(), m[1]!]));
    expect(labels.get('Email')).toBe('email');
    expect(labels.get('Password')).toBe('password');
    expect(res.text).toMatch(/<input id="email" name="email" type="email"/);
    expect(res.text).toMatch(/<input id="password" name="password" type="password"/);
  });
});

describe('Sign-in', () => {
  test('a wrong password and an unknown email get the same 401 and message, and the email stays in the form', async () => {
    const user = await makeUser(ctx.db, 'viewer');
    const wrong = await attemptLogin(ctx.app, { email: user.email, password: 'not-the-password' });
    const unknown = await attemptLogin(ctx.app, { email: 'nobody@example.org', password: PASSWORD });
    expect(wrong.res.status).toBe(401);
    expect(unknown.res.status).toBe(401);
    expect(wrong.res.text).toContain(LOGIN_FAILED);
    expect(unknown.res.text).toContain(LOGIN_FAILED);
    expect(formErrors(wrong.res.text)).toBe(formErrors(unknown.res.text));
    expect(wrong.res.text).toContain(`value="${user.email}"`);
    expect(unknown.res.text).toContain('value="nobody@example.org"');
    // Still signed out.
    expect((await wrong.agent.get('/recommendations')).status).toBe(303);
  });

  test('a sign-in gives a new session id: the old cookie of a browser already signed in no longer works', async () => {
    const user = await makeUser(ctx.db, 'viewer');
    const first = await attemptLogin(ctx.app, { email: user.email, password: PASSWORD });
    expect(sessionCookie(first.page)).toBeUndefined();
    const before = sessionCookie(first.res);
    expect(before).toBeDefined();
    const home = await first.agent.get('/recommendations');
    const res = await first.agent.post('/login').type('form').send({ _csrf: csrfFrom(home.text), email: user.email, password: PASSWORD });
    expect(res.status).toBe(303);
    const after = sessionCookie(res);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    const withNew = await request(ctx.app).get('/recommendations').set('Cookie', after!);
    expect(withNew.status).toBe(200);
    const withOld = await request(ctx.app).get('/recommendations').set('Cookie', before!);
    expect(withOld.status).toBe(303);
    expect(withOld.headers.location).toMatch(/^\/login/);
  });

  test.each([
    ['/sources?x=1', '/sources?x=1'],
    ['//evil.example', '/recommendations'],
    ['https://evil.example', '/recommendations'],
    ['/\\evil.example', '/recommendations'],
  ])('with next=%s it redirects 303 to %s', async (next, expected) => {
    const user = await makeUser(ctx.db, 'viewer');
    const { res } = await attemptLogin(ctx.app, { email: user.email, password: PASSWORD, next });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(expected);
  });

  test('the session cookie is HttpOnly and SameSite=Lax', async () => {
    const user = await makeUser(ctx.db, 'viewer');
    const { res } = await attemptLogin(ctx.app, { email: user.email, password: PASSWORD });
    const cookie = setCookies(res).find((c) => c.startsWith('tracker.sid='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
  });

  test('the session cookie ends with the browser (no expiry), and pages after sign-in send no cookie again', async () => {
    const user = await makeUser(ctx.db, 'viewer');
    const { res, agent } = await attemptLogin(ctx.app, { email: user.email, password: PASSWORD });
    const cookie = setCookies(res).find((c) => c.startsWith('tracker.sid='));
    expect(cookie).not.toMatch(/Expires=|Max-Age=/i);
    const page = await agent.get('/recommendations');
    expect(page.status).toBe(200);
    expect(setCookies(page)).toEqual([]);
  });
});

describe('CSRF', () => {
  test('a POST without a CSRF token is refused with 403 and changes nothing', async () => {
    const { agent } = await signInAs(ctx, 'editor');
    const before = recommendation(nearId);
    const history = historyCount(nearId);
    const res = await agent.post(`/recommendations/${nearId}/status`).type('form').send(statusForm);
    expect(res.status).toBe(403);
    expect(res.text).toContain(CSRF_REFUSED);
    expect(recommendation(nearId).status).toBe(before.status);
    expect(recommendation(nearId).version).toBe(before.version);
    expect(historyCount(nearId)).toBe(history);
  });

  test("a token from another user's session is refused", async () => {
    const mine = await signInAs(ctx, 'editor');
    const theirs = await signInAs(ctx, 'editor');
    expect(theirs.csrf).not.toBe(mine.csrf);
    const before = recommendation(nearId);
    const history = historyCount(nearId);
    const res = await mine.agent
      .post(`/recommendations/${nearId}/status`)
      .type('form')
      .send({ ...statusForm, _csrf: theirs.csrf });
    expect(res.status).toBe(403);
    expect(recommendation(nearId).status).toBe(before.status);
    expect(res.text).toContain(CSRF_REFUSED);
    expect(historyCount(nearId)).toBe(history);
  });

  test('the token in an X-CSRF-Token header (htmx) is accepted', async () => {
    const { agent, csrf } = await signInAs(ctx, 'editor');
    const history = historyCount(nearId);
    const res = await agent
      .post(`/recommendations/${nearId}/status`)
      .set('X-CSRF-Token', csrf)
      .set('HX-Request', 'true')
      .type('form')
      .send(statusForm);
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(400);
    expect(recommendation(nearId).status).toBe('under_consideration');
    expect(historyCount(nearId)).toBe(history + 1);
  });
});

describe('Sign-out and deactivation', () => {
  test('signing out ends the session', async () => {
    const { agent, csrf } = await signInAs(ctx, 'viewer');
    expect((await agent.get('/recommendations')).status).toBe(200);
    const res = await agent.post('/logout').type('form').send({ _csrf: csrf });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
    const after = await agent.get('/recommendations');
    expect(after.status).toBe(303);
    expect(after.headers.location).toBe('/login?next=%2Frecommendations');
  });

  test('signing out clears the session cookie', async () => {
    const { agent, csrf } = await signInAs(ctx, 'viewer');
    const res = await agent.post('/logout').type('form').send({ _csrf: csrf });
    const cleared = setCookies(res).find((c) => c.startsWith('tracker.sid='));
    expect(cleared).toMatch(/^tracker\.sid=;.*Expires=Thu, 01 Jan 1970/);
  });

  // BUG: server/auth/handlers.ts logout() always clears 'tracker.sid', but with COOKIE_SECURE the cookie is '__Host-tracker.sid'.
  test('with COOKIE_SECURE, signing out clears the __Host- session cookie', async () => {
    const user = await makeUser(ctx.db, 'viewer');
    const { app } = createApp({
      db: ctx.db,
      logger: pino({ level: 'silent' }),
      sessionSecret: 'test-secret-test-secret-test-secret-0123',
      cookieSecure: true,
      trustProxy: 'loopback',
    });
    // Secure cookies over a TLS-terminating proxy: the cookie is carried by hand, as supertest speaks plain HTTP.
    const https = (req: request.Test, cookie?: string) => (cookie ? req.set('Cookie', cookie) : req).set('X-Forwarded-Proto', 'https');
    const page = await https(request(app).get('/login'));
    const csrfCookie = setCookies(page).find((c) => c.startsWith('__Host-tracker.csrf='));
    expect(csrfCookie).toMatch(/;\s*Secure/i);
    const login = await https(request(app).post('/login'), cookieNamed(page, '__Host-tracker.csrf'))
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: user.email, password: PASSWORD });
    expect(login.status).toBe(303);
    const cookie = cookieNamed(login, '__Host-tracker.sid');
    expect(cookie).toBeDefined();
    const home = await https(request(app).get('/recommendations'), cookie);
    expect(home.status).toBe(200);
    const out = await https(request(app).post('/logout'), cookie).type('form').send({ _csrf: csrfFrom(home.text) });
    expect(out.status).toBe(303);
    const cleared = setCookies(out).find((c) => c.startsWith('__Host-tracker.sid='));
    expect(cleared).toMatch(/^__Host-tracker\.sid=;.*Expires=Thu, 01 Jan 1970/);
    // Browsers ignore a __Host- cookie without Secure and Path=/.
    expect(cleared).toMatch(/;\s*Secure/i);
    expect(cleared).toMatch(/;\s*Path=\//i);
  });

  test('a signed-out htmx request gets 401 with HX-Redirect to the sign-in page', async () => {
    const res = await request(ctx.app).get('/recommendations?status=implemented').set('HX-Request', 'true');
    expect(res.status).toBe(401);
    expect(res.headers['hx-redirect']).toBe(`/login?next=${encodeURIComponent('/recommendations?status=implemented')}`);
  });

  test('a deactivated user is signed out at once and cannot sign in again', async () => {
    const admin = await signInAs(ctx, 'admin');
    const victim = await signInAs(ctx, 'viewer');
    expect((await victim.agent.get('/recommendations')).status).toBe(200);

    const res = await admin.agent.post(`/admin/users/${victim.user.id}`).type('form').send({ _csrf: admin.csrf, role: 'viewer' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/users');
    expect(ctx.db.select().from(users).where(eq(users.id, victim.user.id)).get()!.active).toBe(false);

    const next = await victim.agent.get('/recommendations');
    expect(next.status).toBe(303);
    expect(next.headers.location).toMatch(/^\/login/);

    const again = await attemptLogin(ctx.app, { email: victim.user.email, password: PASSWORD });
    expect(again.res.status).toBe(401);
    expect(again.res.text).toContain(LOGIN_FAILED);
  });

  // CASE: loadCurrentUser once destroyed such a session and went on, and the next middleware read req.session.flash
  // on a destroyed session: a 500. It now replaces the session with an anonymous one.
  test('a user deactivated outside the admin page (their session still stored) is sent to sign-in, not shown an error', async () => {
    const { agent, user } = await signInAs(ctx, 'viewer');
    expect((await agent.get('/recommendations')).status).toBe(200);
    await writeAsAnotherProcess(ctx, 'UPDATE users SET active = 0 WHERE id = ?', user.id);
    const res = await agent.get('/recommendations');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Frecommendations');
  });
});

describe('First-run setup', () => {
  let empty: TestContext;
  beforeAll(async () => {
    empty = await createTestContext();
  });
  afterAll(() => empty.close());

  const userCount = () => empty.db.select({ n: count() }).from(users).get()!.n;

  test('with no account, /setup validates, creates an admin, signs in, and then disappears', async () => {
    const agent = request.agent(empty.app);
    const page = await agent.get('/setup');
    expect(page.status).toBe(200);
    const csrf = csrfFrom(page.text);
    const valid = { _csrf: csrf, name: 'First Admin', email: 'first@example.org', password: PASSWORD, password_confirmation: PASSWORD };

    const short = await agent.post('/setup').type('form').send({ ...valid, password: 'short', password_confirmation: 'short' });
    expect(short.status).toBe(422);
    expect(short.text).toMatch(/id="password-error">Use at least 12 characters\.</);
    expect(short.text).toContain('value="first@example.org"');

    const mismatch = await agent.post('/setup').type('form').send({ ...valid, password_confirmation: `${PASSWORD}-typo` });
    expect(mismatch.status).toBe(422);
    expect(mismatch.text).toMatch(/id="password_confirmation-error">The two passwords differ\.</);
    expect(userCount()).toBe(0);

    const done = await agent.post('/setup').type('form').send(valid);
    expect(done.status).toBe(303);
    const created = empty.db.select().from(users).all();
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ email: 'first@example.org', role: 'admin', active: true });
    // Signed in as that admin.
    expect((await agent.get(done.headers.location!)).status).toBe(200);
    const adminPage = await agent.get('/admin/users');
    expect(adminPage.status).toBe(200);

    expect((await request(empty.app).get('/setup')).status).toBe(404);
    const second = await agent
      .post('/setup')
      .type('form')
      .send({ ...valid, _csrf: csrfFrom(adminPage.text), email: 'second@example.org' });
    expect(second.status).toBe(404);
    expect(userCount()).toBe(1);
  });
});

describe('Administrators', () => {
  let solo: TestContext;
  beforeAll(async () => {
    solo = await createTestContext();
  });
  afterAll(() => solo.close());

  const userRow = (id: number) => solo.db.select().from(users).where(eq(users.id, id)).get()!;

  test('the last active admin can neither demote nor deactivate themselves', async () => {
    const { agent, csrf, user } = await signInAs(solo, 'admin');
    const demote = await agent.post(`/admin/users/${user.id}`).type('form').send({ _csrf: csrf, role: 'editor', active: 'on' });
    expect(demote.status).toBe(422);
    expect(demote.text).toContain('This is the last active administrator');
    const deactivate = await agent.post(`/admin/users/${user.id}`).type('form').send({ _csrf: csrf, role: 'admin' });
    expect(deactivate.status).toBe(422);
    expect(deactivate.text).toContain('This is the last active administrator');
    expect(userRow(user.id)).toMatchObject({ role: 'admin', active: true });
    expect((await agent.get('/admin/users')).status).toBe(200);
  });

  test("an admin changes another user's role", async () => {
    const { agent, csrf } = await signInAs(solo, 'admin');
    const other = await makeUser(solo.db, 'viewer');
    const res = await agent.post(`/admin/users/${other.id}`).type('form').send({ _csrf: csrf, role: 'editor', active: 'on' });
    expect(res.status).toBe(303);
    expect(userRow(other.id)).toMatchObject({ role: 'editor', active: true });
    const signed = await signIn(solo.app, other.email);
    expect((await signed.agent.get('/recommendations/new')).status).toBe(200);
  });
});

describe('Health check', () => {
  test('/healthz is 200 with JSON status ok, without a session', async () => {
    const res = await request(ctx.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toMatchObject({ status: 'ok' });
    expect(sessionCookie(res)).toBeUndefined();
  });
});
