import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { bodies, mechanisms, recommendations, sources } from '../../server/db/schema';
import { createInvitation } from '../../server/auth/invitations';
import { createTestContext, csrfFrom, encodeForm, signInAs, type Agent, type TestContext } from '../helpers';

/**
 * Every page and htmx fragment, rendered in each language other than English
 * that has a catalogue, shows no English interface text. The visible text of a
 * page (and what a screen reader reads: title, aria-label, placeholder, alt)
 * is taken, the data of the database is removed from it, and any Latin word
 * left is English that escaped the catalogue.
 */

const LANGS = fs
  .readdirSync(path.join(__dirname, '..', '..', 'server', 'i18n'))
  .map((f) => path.basename(f, '.json'))
  .filter((lang) => lang !== 'en');

/** Latin words that are the same in every language: abbreviations, file formats, and the language switcher's own "English". */
const ALLOWED = new Set(['CSV', 'UTF', 'ID', 'UTC', 'NUL', 'http', 'https', 'English', 'MB', 'as_of', 'changed_since', 'in_progress', 'adopted', 'adapted', 'convergent', 'contrary', 'not_taken_up', 'confirmed', 'likely', 'unverified', 'yes', 'no', 'URL', 'Excel', 'xlsx', 'PDF', 'YYYY', 'YYYY-MM', 'YYYY-MM-DD']);

let ctx: TestContext;
let dataStrings: string[] = [];

/** Every text value in the database, longest first: these are data, not interface text. */
function readDataStrings(): string[] {
  const sqlite = ctx.sqlite;
  const tables = sqlite
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\'")
    .all()
    .map((r) => r.name);
  const values = new Set<string>();
  for (const table of tables) {
    let rows: Record<string, unknown>[];
    try {
      rows = sqlite.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
    } catch {
      continue;
    }
    for (const row of rows) for (const value of Object.values(row)) if (typeof value === 'string' && value.trim().length > 1) values.add(value.trim());
  }
  return [...values].sort((a, b) => b.length - a.length);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'", '#x3D': '=', '#x60': '`', nbsp: ' ' };
const decode = (s: string) => s.replace(/&(#?\w+);/g, (m, e: string) => ENTITIES[e] ?? (e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : m));

/** What a person reads or hears of a page. */
export function readableText(html: string): string {
  const body = html.replace(/<head>[\s\S]*?<\/head>/, (head) => (/<title>([\s\S]*?)<\/title>/.exec(head)?.[1] ?? '')).replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ');
  const attributes = [...body.matchAll(/\s(?:title|aria-label|placeholder|alt|data-error-message|data-offline-message|aria-valuetext)="([^"]*)"/g)].map((m) => m[1]);
  const buttons = [...body.matchAll(/<input[^>]*type="(?:submit|button)"[^>]*value="([^"]*)"/g)].map((m) => m[1]);
  const text = body.replace(/<[^>]+>/g, ' ');
  return decode([text, ...attributes, ...buttons].join(' \n '));
}

/** The Latin words of a page's readable text once the data are taken out. */
function englishLeft(html: string): string[] {
  let text = readableText(html);
  // A datum is taken out where it stands as words of its own: a language code "en" is not taken out of "Recommendation".
  for (const data of dataStrings) {
    if (!text.includes(data)) continue;
    text = text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${data.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'gu'), ' ');
  }
  text = text.replace(/https?:\/\/\S+/g, ' ').replace(/\S+@\S+/g, ' ').replace(/\b\d{4}-\d{2}(-\d{2})?\b/g, ' ');
  const words = text.match(/[A-Za-z][A-Za-z_'’-]*[A-Za-z]/g) ?? [];
  return [...new Set(words.filter((w) => !ALLOWED.has(w)))];
}

const ids = { recommendation: 0, mechanism: 0, body: 0, source: 0 };
let token = '';
let admin: { agent: Agent; csrf: string; user: { id: number } };

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  admin = await signInAs(ctx, 'admin');
  const withParent = ctx.db.select().from(recommendations).all().find((r) => r.parentId !== null) ?? ctx.db.select().from(recommendations).all()[0]!;
  ids.recommendation = withParent.parentId ?? withParent.id;
  ids.mechanism = ctx.db.select().from(mechanisms).all()[0]!.id;
  ids.body = ctx.db.select().from(bodies).all()[0]!.id;
  ids.source = ctx.db.select().from(sources).all()[0]!.id;
  const invitation = createInvitation(ctx.tx, { name: 'Invited Ivan', email: 'ivan@example.org', role: 'viewer' }, admin.user.id);
  if (!invitation.ok) throw new Error('could not invite');
  token = invitation.token;
  dataStrings = readDataStrings();
});
afterAll(() => ctx.close());

function concrete(p: string): string {
  if (p.includes(':token')) return p.replace(':token', token);
  const id = p.startsWith('/recommendations') ? ids.recommendation : p.includes('mechanisms') ? ids.mechanism : p.includes('bodies') ? ids.body : p.includes('sources') ? ids.source : 0;
  return p.replace(':id', String(id));
}

/** The pages to read: every GET route, plus the views that only a query or a failure shows. */
function pages(): string[] {
  const routes = ctx.routes.filter((r) => r.method === 'get' && !r.path.endsWith('.csv') && !r.path.endsWith('.xlsx') && !r.path.startsWith('/health') && r.path !== '/healthz' && !r.path.includes(':id/edit') || (r.method === 'get' && r.path.includes('/admin/') && r.path.includes(':id/edit')));
  const extra = [
    '/board?view=kanban',
    '/board?group=body',
    '/board?moved_since=2020-01-01',
    '/recommendations?status=in_progress&overdue=1',
    '/recommendations?q=%D0%BD%D0%B8%D1%87%D0%B5%D0%B3%D0%BE',
    `/recommendations/${ids.recommendation}/edit`,
    `/recommendations/${ids.recommendation}?update=evidence`,
    '/recommendations?target_from=not-a-date',
    '/no-such-page',
    '/reports/progress.csv?as_of=2020-13-45',
  ];
  return [...new Set([...routes.map((r) => concrete(r.path)), ...extra])];
}

describe.each(LANGS)('Pages in %s', (lang) => {
  let agent: Agent;
  let csrf: string;

  beforeAll(async () => {
    agent = admin.agent;
    csrf = admin.csrf;
    const res = await agent.post('/language').type('form').send({ _csrf: csrf, language: lang, back: '/recommendations' });
    expect(res.status).toBe(303);
  });
  afterAll(async () => {
    await agent.post('/language').type('form').send({ _csrf: csrf, language: '', back: '/recommendations' });
  });

  test('every page and fragment of a signed-in administrator has no English left', async () => {
    const left: string[] = [];
    for (const url of pages()) {
      for (const htmx of [false, true]) {
        const res = await (htmx ? agent.get(url).set('HX-Request', 'true') : agent.get(url));
        if (!(res.headers['content-type'] ?? '').includes('html') || !res.text) continue;
        const words = englishLeft(res.text);
        if (words.length) left.push(`${htmx ? 'fragment ' : ''}${url} (${res.status}): ${words.join(' ')}`);
      }
    }
    expect(left).toEqual([]);
  });

  test('forms refused with errors, and the error pages, have no English left', async () => {
    const left: string[] = [];
    const posts: [string, Record<string, string>][] = [
      ['/recommendations', { _csrf: csrf }],
      [`/recommendations/${ids.recommendation}`, { _csrf: csrf }],
      [`/recommendations/${ids.recommendation}/status`, { _csrf: csrf, status: 'implemented' }],
      [`/recommendations/${ids.recommendation}/notes`, { _csrf: csrf }],
      [`/recommendations/${ids.recommendation}/updates`, { _csrf: csrf }],
      ['/admin/bodies', { _csrf: csrf }],
      ['/admin/mechanisms', { _csrf: csrf }],
      ['/admin/sources', { _csrf: csrf }],
      ['/admin/invitations', { _csrf: csrf }],
      ['/recommendations', { _csrf: 'forged' }],
      ['/recommendations', { _csrf: csrf, short_title: 'x'.repeat(200_000) }],
    ];
    for (const [url, form] of posts) {
      for (const htmx of [false, true]) {
        const req = agent.post(url).type('form');
        const res = await (htmx ? req.set('HX-Request', 'true') : req).send(encodeForm(form));
        if (!(res.headers['content-type'] ?? '').includes('html')) continue;
        const words = englishLeft(res.text);
        if (words.length) left.push(`POST ${htmx ? 'fragment ' : ''}${url} (${res.status}): ${words.join(' ')}`);
      }
    }
    expect(left).toEqual([]);
  });

  test('the pages of a visitor who is not signed in have no English left', async () => {
    const visitor = request.agent(ctx.app);
    const left: string[] = [];
    const login = await visitor.get('/login').set('Accept-Language', lang);
    const failed = await visitor.post('/login').set('Accept-Language', lang).type('form').send({ _csrf: csrfFrom(login.text), email: 'nobody@example.org', password: 'wrong' });
    const empty = await visitor.post('/login').set('Accept-Language', lang).type('form').send({ _csrf: csrfFrom(login.text) });
    const invitation = await visitor.get(`/invitations/${token}`).set('Accept-Language', lang);
    const gone = await visitor.get('/invitations/not-a-token').set('Accept-Language', lang);
    const missing = await visitor.get('/no-such-page').set('Accept-Language', lang);
    for (const [name, res] of Object.entries({ login, failed, empty, invitation, gone, missing })) {
      const words = englishLeft(res.text);
      if (words.length) left.push(`${name} (${res.status}): ${words.join(' ')}`);
    }
    expect(left).toEqual([]);
  });
});

describe('The walker', () => {
  test('finds English that a page would show untranslated', () => {
    const page = '<html><head><title>Сводка</title></head><body><main><h1>Рекомендации</h1><p>Showing 1–20 of 40</p><button aria-label="Close">×</button></main></body></html>';
    expect(englishLeft(page)).toEqual(['Showing', 'of', 'Close']);
  });
});
