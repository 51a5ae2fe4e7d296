import request from 'supertest';
import { createRecommendation } from '../../server/recommendations/service';
import { sources } from '../../server/db/schema';
import { Semaphore } from '../../server/lib/concurrency';
import { t } from '../../server/lib/i18n';
import { createTestContext, csrfFrom, esc, makeUser, signInAs, type TestContext } from '../helpers';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
});
afterAll(() => ctx.close());

describe('Security headers', () => {
  test('When any page is served, then it carries a strict CSP, nosniff and a referrer policy', async () => {
    const res = await request(ctx.app).get('/login');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  test('When a signed-in page is served, then it is not cached, and a page that is also a fragment varies on HX-Request', async () => {
    const { agent } = await signInAs(ctx, 'viewer');
    for (const path of ['/recommendations', '/board', '/recommendations/1']) {
      const res = await agent.get(path);
      expect(res.headers['cache-control']).toContain('no-store');
      expect(res.headers.vary).toMatch(/HX-Request/i);
    }
  });

  test('When the page loads htmx, then its configuration forbids eval, script tags, other origins and a history cache', async () => {
    const { agent } = await signInAs(ctx, 'viewer');
    const html = (await agent.get('/recommendations')).text;
    const config = JSON.parse(/<meta name="htmx-config" content="([^"]+)"/.exec(html)![1]!.replace(/&quot;/g, '"')) as Record<string, unknown>;
    expect(config).toMatchObject({ allowEval: false, allowScriptTags: false, selfRequestsOnly: true, includeIndicatorStyles: false, historyCacheSize: 0 });
    expect(html).toContain('src="/static/htmx/htmx.min.js"');
  });
});

describe('Compression', () => {
  test('When a browser that takes gzip loads htmx, a page and a missing page, then all come gzipped; the CSV export comes as it is', async () => {
    const { agent } = await signInAs(ctx, 'viewer');
    const script = await agent.get('/static/htmx/htmx.min.js').set('Accept-Encoding', 'gzip');
    expect(script.headers['content-encoding']).toBe('gzip');
    expect(script.text).toContain('htmx');
    const missing = await agent.get('/no-such-page').set('Accept-Encoding', 'gzip');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-encoding']).toBe('gzip');
    const list = await agent.get('/recommendations?sort=title').set('Accept-Encoding', 'gzip');
    expect(list.headers['content-encoding']).toBe('gzip');
    const csv = await agent.get('/reports/progress.csv').set('Accept-Encoding', 'gzip');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-encoding']).toBeUndefined();
    expect(csv.text.length).toBeGreaterThan(1000);
  });

  test('When a save fails validation, then the re-rendered form comes gzipped; when it succeeds, the 303 has no body to compress', async () => {
    const { agent, csrf } = await signInAs(ctx, 'editor');
    const form = { _csrf: csrf, status: 'stalled', effective_on: '2025-05-01', rationale: '', evidence_kind: 'news', evidence_language: 'en' };
    const refused = await agent.post('/recommendations/1/status').set('Accept-Encoding', 'gzip').type('form').send(form);
    expect(refused.status).toBe(422);
    expect(refused.headers['content-encoding']).toBe('gzip');
    expect(refused.text).toContain(esc(t('validation.required')));
    const saved = await agent.post('/recommendations/1/status').set('Accept-Encoding', 'gzip').type('form').send({ ...form, rationale: 'Checked with the secretariat' });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/recommendations/1');
    expect(saved.headers['content-length']).toBe('0');
    expect(saved.headers['content-encoding']).toBeUndefined();
  });

  test('When a static file does not exist, then the answer is the not-found page', async () => {
    for (const path of ['/static/no-such-file.css', '/static/htmx/no-such-file.js']) {
      const res = await request(ctx.app).get(path).set('Accept-Encoding', 'gzip');
      expect(res.status).toBe(404);
      expect(res.text).toContain(esc(t('errors.title_404')));
    }
  });
});

describe('Input limits', () => {
  test('When a request body is over 100 kB, then it gets 413 and nothing breaks', async () => {
    const { agent, csrf } = await signInAs(ctx, 'editor');
    const res = await agent.post('/recommendations/1/notes').type('form').send({ _csrf: csrf, text: 'x'.repeat(120_000) });
    expect(res.status).toBe(413);
    expect(res.text).toContain('too large');
  });

  test('When X-Forwarded-For is forged without TRUST_PROXY, then it cannot dodge the per-address throttle', async () => {
    const fresh = await createTestContext();
    for (let i = 0; i <= 10; i++) {
      const agent = request.agent(fresh.app);
      const page = await agent.get('/login');
      const res = await agent
        .post('/login')
        .set('X-Forwarded-For', `203.0.113.${i}`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), email: 'someone@example.org', password: 'wrong-password' });
      expect(res.status).toBe(i < 10 ? 401 : 429);
    }
    fresh.close();
  });
});

describe('Escaping on the board', () => {
  test('When a title holds HTML, template syntax and htmx attributes, then the board and kanban show it as text', async () => {
    const editor = await makeUser(ctx.db, 'editor');
    const hostile = '<img src=x onerror=alert(1)> {{7*7}} <a hx-get="/admin">x</a>';
    const sourceId = ctx.db.select({ id: sources.id }).from(sources).get()!.id;
    const created = createRecommendation(
      ctx.tx,
      { sourceId, reference: 'XSS-1', shortTitle: hostile, fullText: hostile, supportingBodyIds: [], themes: [], priority: false, confidence: 'unverified' },
      editor.id,
    );
    expect(created.ok).toBe(true);
    const { agent } = await signInAs(ctx, 'editor');
    for (const path of ['/board?view=kanban', '/board?view=kanban&q=onerror']) {
      const html = (await agent.get(path).set('HX-Request', 'true')).text;
      expect(html).toContain(esc(hostile));
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('hx-get="/admin"');
    }
  });
});

describe('Bounded hashing', () => {
  test('When more tasks arrive than the limit, then no more than the limit run at once and all finish', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        semaphore.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 5));
          running--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
