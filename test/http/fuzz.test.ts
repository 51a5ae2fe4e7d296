import type { Server } from 'node:http';
import request from 'supertest';
import { createInvitation } from '../../server/auth/invitations';
import { bodies, mechanisms, recommendations, sources } from '../../server/db/schema';
import type { RouteDef } from '../../server/lib/routes';
import { recordLifecycleChange, recordMeeting } from '../../server/mechanisms/service';
import { createTestContext, csrfFrom, makeUser, PASSWORD, type Agent, type TestContext } from '../helpers';

/**
 * Never a 500 for input: every route, as every role, with the kinds of input
 * an attacker's tools send (NUL and other control characters, invalid UTF-8
 * in percent-encoding, overlong values, a field sent twice, impossible dates,
 * negative and huge ids, markup). Any 5xx fails, and so does any answer
 * slower than a second.
 *
 * Each input is given to one field at a time, the others valid, because a
 * form refuses a bad field before it saves: a value that broke the save would
 * hide behind any other field's refusal.
 */

/** Values as they travel in a query string or a form body: already percent-encoded, some of them invalidly. */
const FUZZ: Record<string, string> = {
  nul: '%00',
  'nul inside': 'abc%00def',
  'nuls only': '%00%00%00',
  'bell and escape': '%07%1B%5B31m',
  'invalid utf-8': '%FF%FE%FD',
  'overlong utf-8': '%C0%AF%E0%80%AF',
  'lone surrogate': '%ED%A0%80',
  'zero-width and BOM only': '%E2%80%8B%EF%BB%BF',
  'right-to-left override': '%E2%80%AEevil%E2%80%AC',
  overlong: 'x'.repeat(5_000),
  'overlong multibyte': '%E4%B8%AD'.repeat(3_000),
  negative: '-1',
  zero: '0',
  huge: '99999999999999999999999999',
  exponent: '1e309',
  'not a number': 'NaN',
  hex: '0x1F',
  fraction: '1.5',
  'impossible date': '2024-02-30',
  'date out of range': '%2B275760-09-13',
  'month 13': '2024-13-01',
  'year zero': '0000-00-00',
  markup: encodeURIComponent('<script>alert(1)</script>"\'><img src=x onerror=alert(1)>'),
  'search syntax': encodeURIComponent('" NEAR( * col: -x {a} ^'),
  'sql': encodeURIComponent("1' OR '1'='1' --"),
  'path traversal': encodeURIComponent('../../../etc/passwd'),
  'protocol-relative': encodeURIComponent('//evil.example/x'),
  empty: '',
};

/** The query parameters any page reads. */
const QUERY_PARAMS = [
  'q', 'status', 'mechanism', 'body', 'source', 'theme', 'owner', 'priority', 'overdue', 'filters', 'sort', 'page',
  'view', 'group', 'moved_since', 'period', 'as_of', 'changed_since', 'next', 'id', 'return_to', 'parent', 'source_id', 'parent_id', 'exclude', 'update',
];

/** Pages that read their query string get each parameter fuzzed on its own; the rest get all parameters at once. */
const READS_QUERY = new Set(['/', '/login', '/recommendations', '/recommendations/new', '/recommendations/parent-field', '/recommendations/:id', '/recommendations/:id/status', '/board', '/reports/progress.csv', '/import']);

const ID_FUZZ = ['0', '-1', '1.5', '1e3', '0x10', '99999999999999999999999', '%00', '%FF', 'x'.repeat(3000), '%20', 'NaN', '1%00'];

type Who = 'anonymous' | 'viewer' | 'editor' | 'admin';
const WHO: readonly Who[] = ['anonymous', 'viewer', 'editor', 'admin'];
const RANK: Record<RouteDef['policy'], number> = { public: 0, viewer: 1, editor: 2, admin: 3 };
const ROLE_RANK: Record<Who, number> = { anonymous: 0, viewer: 1, editor: 2, admin: 3 };

let ctx: TestContext;
// One listening server for the thousands of requests (supertest would start one per request on the app).
let server: Server;
const agents = {} as Record<Who, { agent: Agent; csrf: string }>;
const ids = { recommendation: 0, joint: 0, mechanism: 0, body: 0, source: 0, user: 0, meeting: 0, change: 0 };
let invitationToken = '';

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  ids.recommendation = ctx.db.select().from(recommendations).all()[0]!.id;
  // A side's routes need a recommendation with sides: Petrovsky 5.2.
  ids.joint = ctx.db.select().from(recommendations).all().find((r) => r.shortTitle.includes('Cooperation Council works'))!.id;
  ids.mechanism = ctx.db.select().from(mechanisms).all()[0]!.id;
  ids.body = ctx.db.select().from(bodies).all()[0]!.id;
  ids.source = ctx.db.select().from(sources).all()[0]!.id;
  ids.user = (await makeUser(ctx.db, 'viewer')).id;
  // ── mechanisms ── a meeting and a lifecycle change for their routes to edit and delete.
  const meeting = recordMeeting(ctx.tx, ids.mechanism, { heldOn: '2024-01-10', outcome: 'Met.', recommendationIds: [], bodyIds: [] }, ids.user);
  const change = recordLifecycleChange(ctx.tx, ids.mechanism, { stage: 'active', effectiveOn: '2016', rationale: 'Met.' }, ids.user);
  if (!meeting.ok || !change.ok) throw new Error('could not record activity');
  ids.meeting = meeting.id;
  ids.change = change.id;
  server = ctx.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  for (const who of WHO) {
    const agent = request.agent(server);
    const csrf = csrfFrom((await agent.get('/login')).text);
    if (who !== 'anonymous') {
      const user = await makeUser(ctx.db, who);
      const login = await agent.post('/login').type('form').send({ _csrf: csrf, email: user.email, password: PASSWORD });
      if (login.status !== 303) throw new Error(`sign-in failed with ${login.status}`);
      // A real invitation, so that its page reads what it is sent instead of refusing an unknown link.
      if (who === 'admin') {
        const invited = createInvitation(ctx.tx, { name: 'Fuzz Invitee', email: 'fuzz-invitee@example.org', role: 'viewer' }, user.id);
        if (!invited.ok) throw new Error('could not invite');
        invitationToken = invited.token;
      }
    }
    agents[who] = { agent, csrf: csrfFrom((await agent.get(who === 'anonymous' ? '/login' : '/recommendations')).text) };
  }
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  ctx.close();
});

function withId(path: string, id?: string): string {
  if (path.includes(':token')) return path.replace(':token', invitationToken);
  if (!path.includes(':id')) return path;
  if (path.includes(':party')) return path.replace(':id', id ?? String(ids.joint)).replace(':party', 'china');
  const known = path.startsWith('/recommendations')
    ? ids.recommendation
    : path.includes('mechanisms')
      ? ids.mechanism
      : path.includes('bodies')
        ? ids.body
        : path.includes('sources')
          ? ids.source
          : ids.user;
  // ── datalang ── a translation's routes name it by language: a Russian one, added by the translation form's fuzzing or not.
  return path.replace(':id', id ?? String(known)).replace(':language', 'ru').replace(':meetingId', String(ids.meeting)).replace(':changeId', String(ids.change));
}

/** A valid submission of each form, field by field (values percent-encoded). */
function validForm(path: string): Record<string, string> {
  const e = encodeURIComponent;
  const recommendation = {
    source_id: String(ids.source),
    reference: 'FUZZ-1',
    short_title: 'A title',
    full_text: 'A text',
    mechanism_id: String(ids.mechanism),
    lead_body_id: String(ids.body),
    supporting_body_ids: '',
    themes: 'trade',
    target_date: '2030-01-01',
    confidence: 'likely',
    last_verified_on: '2024-01-01',
    change_reason: 'A reason',
  };
  const forms: Record<string, Record<string, string>> = {
    '/login': { email: e('nobody@example.org'), password: 'wrong-password', next: e('/board') },
    '/setup': { name: 'Admin', email: e('admin@example.org'), password: 'a-long-password', password_confirmation: 'a-long-password' },
    '/recommendations': recommendation,
    '/recommendations/:id': { ...recommendation, reference: 'FUZZ-2' },
    '/recommendations/:id/status': {
      status: 'in_progress',
      effective_on: '2024-01-10',
      rationale: 'Seen',
      evidence_text: 'Minutes',
      evidence_url: e('https://example.org/m'),
      evidence_title: 'Minutes',
      evidence_kind: 'news',
      evidence_language: 'en',
      return_to: e('/board'),
    },
    '/recommendations/:id/notes': { observed_on: '2024-01-10', text: 'Minutes', source_url: e('https://example.org'), source_title: 'M', source_kind: 'news', language: 'en', return_to: e('/board') },
    '/recommendations/:id/updates': {
      occurred_on: '2024-01-10',
      status: 'in_progress',
      rationale: 'Seen',
      evidence_text: 'Minutes',
      evidence_url: e('https://example.org/m'),
      evidence_title: 'Minutes',
      evidence_kind: 'news',
      evidence_language: 'en',
    },
    '/invitations/:token': { password: 'a-long-password', password_confirmation: 'a-long-password' },
    '/admin/invitations': { name: 'New', email: e('new@example.org'), role: 'viewer' },
    '/admin/invitations/:id/revoke': {},
    '/import/preview': { file: 'x' },
    '/import/confirm': { import_id: '1' },
    '/admin/users/:id': { role: 'viewer', active: 'on' },
    '/admin/bodies': { name: 'Body', native_name: 'Тело', acronym: 'B', country: 'Russia', kind: 'ministry' },
    '/admin/mechanisms': { name: 'Mechanism', native_name: '机制', kind: 'commission', lifecycle: 'active', year_established: '2001', expected_cadence: 'annual', participant_ids: String(ids.body), description: 'D' },
    '/admin/sources': { title: 'Source', authors: 'A', publisher: 'P', published_on: '2024', kind: 'article', url: e('https://example.org'), language: 'en' },
    '/language': { language: 'ru', back: e('/board') },
    // ── datalang ──
    '/recommendations/:id/translations': { language: 'ru', short_title: e('Заголовок'), full_text: e('Текст') },
    '/recommendations/:id/translations/:language': { short_title: e('Заголовок'), full_text: e('Текст') },
    '/recommendations/:id/translations/:language/delete': {},
    // ── uptake ──
    '/recommendations/:id/uptake': { uptake: 'adopted', uptake_note_id: '1', uptake_confidence: 'likely' },
    // ── mechanisms ──
    '/mechanisms/:id/meetings': {
      held_on: '2024-01-10',
      place: 'Harbin',
      level: 'experts',
      participants: 'P',
      outcome: 'O',
      documents: 'D',
      source_url: e('https://example.org'),
      source_title: 'S',
      recommendation_ids: String(ids.recommendation),
    },
    '/mechanisms/:id/meetings/:meetingId/delete': {},
    '/mechanisms/:id/lifecycle': { stage: 'active', effective_on: '2016-09', rationale: 'R', source_url: e('https://example.org'), source_title: 'S' },
    '/mechanisms/:id/lifecycle/:changeId/delete': {},
  };
  forms['/recommendations/:id/parties/:party/status'] = forms['/recommendations/:id/status']!;
  forms['/mechanisms/:id/meetings/:meetingId'] = forms['/mechanisms/:id/meetings']!;
  forms['/admin/bodies/:id'] = forms['/admin/bodies']!;
  forms['/admin/mechanisms/:id'] = forms['/admin/mechanisms']!;
  forms['/admin/sources/:id'] = forms['/admin/sources']!;
  const form = forms[path];
  if (!form) throw new Error(`no valid form known for POST ${path}`);
  return form;
}

const body = (fields: Record<string, string>, csrf: string) =>
  [`_csrf=${encodeURIComponent(csrf)}`, ...Object.entries(fields).map(([k, v]) => `${k}=${v}`)].join('&');

async function expectNoServerError(who: Who, method: RouteDef['method'], url: string, payload?: string) {
  const { agent } = agents[who];
  const send = () => (method === 'get' ? agent.get(url) : agent.post(url).type('form').send(payload ?? ''));
  let started = performance.now();
  const res = await send();
  let ms = performance.now() - started;
  // CASE: a request that took over a second is timed once more: a route that is slow is slow twice, while one
  // that waited behind other work on a loaded machine (CI shares its cores) is not.
  if (ms > 1000) {
    started = performance.now();
    await send();
    ms = performance.now() - started;
  }
  // The request is named in the value compared, so that a failure says which one it was.
  const what = `${who} ${method.toUpperCase()} ${url.slice(0, 120)} ${(payload ?? '').replace(/^_csrf=[^&]*&?/, '').slice(0, 200)}`;
  expect({ what, serverError: res.status >= 500 }).toEqual({ what, serverError: false });
  expect({ what, slow: ms > 1000 }).toEqual({ what, slow: false });
}

function routes(): Pick<RouteDef, 'method' | 'path' | 'policy'>[] {
  // Signing out ends the shared session of the role; it takes no input.
  return ctx.routes.filter((r) => r.path !== '/logout');
}

/** The least role a route admits: the one whose requests reach its handler. */
const leastRole = (policy: RouteDef['policy']): Who => WHO.find((who) => ROLE_RANK[who] >= RANK[policy])!;

describe('Never a 500 for input', () => {
  test('Every route with a malformed :id, as every role', async () => {
    for (const route of routes().filter((r) => r.path.includes(':id'))) {
      for (const who of WHO) {
        for (const id of ID_FUZZ) {
          const payload = route.method === 'post' ? body(validForm(route.path), agents[who].csrf) : undefined;
          await expectNoServerError(who, route.method, withId(route.path, id), payload);
        }
      }
    }
  }, 120_000);

  test('Every page, as every role, with every kind of query value', async () => {
    for (const route of routes().filter((r) => r.method === 'get')) {
      const path = withId(route.path);
      for (const who of WHO) {
        const oneAtATime = READS_QUERY.has(route.path) && who === leastRole(route.policy);
        for (const value of Object.values(FUZZ)) {
          if (oneAtATime) {
            for (const param of QUERY_PARAMS) await expectNoServerError(who, 'get', `${path}?${param}=${value}`);
            // The same parameter twice arrives as an array.
            await expectNoServerError(who, 'get', `${path}?q=${value}&q=${value}&status=${value}&status=in_progress&page=1&page=${value}`);
          } else {
            await expectNoServerError(who, 'get', `${path}?${QUERY_PARAMS.map((p) => `${p}=${value}`).join('&')}`);
          }
        }
      }
    }
  }, 300_000);

  test('Every form, as every role, with every kind of value in each field and each field sent twice', async () => {
    for (const route of routes().filter((r) => r.method === 'post')) {
      const url = withId(route.path);
      const valid = validForm(route.path);
      for (const who of WHO) {
        const { csrf } = agents[who];
        if (who === leastRole(route.policy)) {
          for (const field of Object.keys(valid)) {
            for (const value of Object.values(FUZZ)) await expectNoServerError(who, 'post', url, body({ ...valid, [field]: value }, csrf));
            await expectNoServerError(who, 'post', url, `${body(valid, csrf)}&${field}=${valid[field]}`);
          }
        } else {
          for (const value of Object.values(FUZZ)) {
            const all = Object.fromEntries(Object.keys(valid).map((field) => [field, value]));
            await expectNoServerError(who, 'post', url, body(all, csrf));
          }
        }
      }
    }
  }, 300_000);

  test('When the fuzzing is over, then the database is sound', () => {
    expect(ctx.sqlite.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(ctx.sqlite.pragma('foreign_key_check')).toEqual([]);
  });
});
