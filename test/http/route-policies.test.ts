import express from 'express';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { bodies, mechanismLifecycleChanges, mechanismMeetings, mechanisms, recommendations, sources, recommendationTranslations } from '../../server/db/schema';
import { roleSatisfies, type Policy, type RouteDef } from '../../server/lib/routes';
import type { UserRole } from '../../server/domain/vocabulary';
import { createInvitation } from '../../server/auth/invitations';
import { createTestContext, csrfFrom, declaredRoutes, signIn, signInAs, type Agent, type TestContext } from '../helpers';

/**
 * Every route is declared with an access policy, and the policy is what the
 * app actually enforces: a walk over the live router, and a route × role
 * matrix against a seeded database.
 */


interface WalkedRoute {
  method: string;
  path: string;
  policy: unknown;
}

interface LayerLike {
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: unknown }[] };
  handle?: { stack?: LayerLike[] };
}

const POLICIES: readonly Policy[] = ['public', 'viewer', 'editor', 'admin'];

/** Every route layer of an Express 5 router stack, nested routers included, with the policy of its first handler. */
function walkRoutes(stack: LayerLike[]): WalkedRoute[] {
  const found: WalkedRoute[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const first = layer.route.stack[0]?.handle;
      const policy = typeof first === 'function' ? (first as { policy?: unknown }).policy : undefined;
      for (const method of Object.keys(layer.route.methods)) found.push({ method, path: layer.route.path, policy });
    } else if (Array.isArray(layer.handle?.stack)) {
      found.push(...walkRoutes(layer.handle.stack));
    }
  }
  return found;
}

function routerStackOf(app: express.Express): LayerLike[] {
  return (app as unknown as { router: { stack: LayerLike[] } }).router.stack;
}

const withoutPolicy = (routes: WalkedRoute[]) =>
  routes.filter((r) => !POLICIES.includes(r.policy as Policy)).map((r) => `${r.method.toUpperCase()} ${r.path}`);

const ROUTES = declaredRoutes().map(({ method, path, policy }) => ({ method, path, policy }));
type Who = 'anonymous' | UserRole;
const WHO: readonly Who[] = ['anonymous', 'viewer', 'editor', 'admin'];

let ctx: TestContext;
const agents = {} as Record<Who, { agent: Agent; csrf: string; email?: string }>;
const ids = { recommendation: 0, joint: 0, mechanism: 0, body: 0, source: 0, user: 0, invitation: 0 };
/** A usable invitation link's token, for /invitations/:token. */
let invitationToken = '';

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  const near = ctx.db.select().from(recommendations).all().find((r) => r.shortTitle.includes('NEAR'));
  if (!near) throw new Error('seed has no NEAR recommendation');
  ids.recommendation = near.id;
  // A side's pages need a recommendation with sides: Petrovsky 5.2 (Russian and Chinese regional governments).
  ids.joint = ctx.db.select().from(recommendations).all().find((r) => r.shortTitle.includes('Cooperation Council works'))!.id;
  ids.mechanism = ctx.db.select().from(mechanisms).all()[0]!.id;
  ids.body = ctx.db.select().from(bodies).all()[0]!.id;
  ids.source = ctx.db.select().from(sources).all()[0]!.id;

  const anonymous = request.agent(ctx.app);
  const page = await anonymous.get('/login');
  agents.anonymous = { agent: anonymous, csrf: csrfFrom(page.text) };
  for (const role of ['viewer', 'editor', 'admin'] as const) {
    const signed = await signInAs(ctx, role);
    agents[role] = { agent: signed.agent, csrf: signed.csrf, email: signed.user.email };
    if (role === 'viewer') ids.user = signed.user.id;
    if (role === 'admin') {
      const link = createInvitation(ctx.tx, { name: 'Invited Ivan', email: 'ivan@example.org', role: 'viewer' }, signed.user.id);
      const revocable = createInvitation(ctx.tx, { name: 'Invited Inna', email: 'inna@example.org', role: 'viewer' }, signed.user.id);
      if (!link.ok || !revocable.ok) throw new Error('could not invite');
      invitationToken = link.token;
      ids.invitation = revocable.invitation.id;
    }
  }
});
afterAll(() => ctx.close());

/** A real id for each `:id`, picked by what the path is about. */
function concretePath(path: string): string {
  if (path.includes(':token')) return path.replace(':token', invitationToken);
  if (!path.includes(':id')) return path;
  if (path.includes(':party')) return path.replace(':id', String(ids.joint)).replace(':party', 'china');
  const id = path.startsWith('/recommendations')
    ? ids.recommendation
    : path.startsWith('/mechanisms') || path.startsWith('/admin/mechanisms')
      ? ids.mechanism
      : path.startsWith('/bodies') || path.startsWith('/admin/bodies')
        ? ids.body
        : path.startsWith('/sources') || path.startsWith('/admin/sources')
          ? ids.source
          : path.startsWith('/admin/users')
            ? ids.user
            : path.startsWith('/admin/invitations')
              ? ids.invitation
              : undefined;
  if (id === undefined) throw new Error(`no id known for ${path}`);
  return path.replace(':id', String(id)).replace(':language', TRANSLATION_LANGUAGE).replace(':meetingId', String(ACTIVITY_ID)).replace(':changeId', String(ACTIVITY_ID));
}

/** ── mechanisms ── The meeting and lifecycle change the `:meetingId` and `:changeId` routes name (an id the seed does not use); they exist before each request to them. */
const ACTIVITY_ID = 900_001;
function ensureActivity(): void {
  ctx.tx.insert(mechanismMeetings).values({ id: ACTIVITY_ID, mechanismId: ids.mechanism, heldOn: '2024-01-10', outcome: 'Met.', recordedBy: ids.user }).onConflictDoNothing().run();
  ctx.tx
    .insert(mechanismLifecycleChanges)
    .values({ id: ACTIVITY_ID, mechanismId: ids.mechanism, stage: 'established', effectiveOn: '2015', rationale: 'Founded.', recordedBy: ids.user })
    .onConflictDoNothing()
    .run();
}

/** ── datalang ── The language of the translation the `:language` routes name; it exists before each request to them. */
const TRANSLATION_LANGUAGE = 'zh';
function ensureTranslation(): void {
  ctx.tx
    .insert(recommendationTranslations)
    .values({ recommendationId: ids.recommendation, language: TRANSLATION_LANGUAGE, shortTitle: '近邻', fullText: '近邻合作。' })
    .onConflictDoNothing()
    .run();
}

async function send(who: Who, method: RouteDef['method'], path: string) {
  let { agent, csrf } = agents[who];
  // Signing out would end the shared session of this role: use a session of its own.
  if (method === 'post' && path === '/logout' && who !== 'anonymous') {
    ({ agent, csrf } = await signIn(ctx.app, agents[who].email!));
  }
  const url = concretePath(path);
  if (path.includes(':language')) ensureTranslation();
  if (path.includes(':meetingId') || path.includes(':changeId')) ensureActivity();
  if (method === 'get') return agent.get(url);
  // The CSV upload reads only a multipart form, and its token from there.
  if (path === '/import/preview') return agent.post(url).field('_csrf', csrf);
  return agent.post(url).type('form').send({ _csrf: csrf });
}

describe('Every route declares an access policy', () => {
  test('the route checker flags a route mounted without authorize()', () => {
    const bare = express();
    const nested = express.Router();
    nested.get('/unguarded', (_req, res) => {
      res.send('x');
    });
    bare.use(nested);
    expect(withoutPolicy(walkRoutes(routerStackOf(bare)))).toEqual(['GET /unguarded']);
  });

  test('every route in the app has a policy middleware first, and every declared route is mounted with its policy', () => {
    const walked = walkRoutes(routerStackOf(ctx.app));
    expect(walked.length).toBeGreaterThanOrEqual(ctx.routes.length);
    expect(ctx.routes.length).toBeGreaterThan(30);
    expect(withoutPolicy(walked)).toEqual([]);
    for (const def of ctx.routes) {
      expect(walked).toContainEqual({ method: def.method, path: def.path, policy: def.policy });
    }
  });

  test('the generated matrix covers the same routes as the seeded app', () => {
    expect(ctx.routes.map(({ method, path, policy }) => ({ method, path, policy }))).toEqual(ROUTES);
  });
});

const CASES = ROUTES.flatMap((route) =>
  WHO.map((who) => {
    const allowed = route.policy === 'public' || (who !== 'anonymous' && roleSatisfies(who, route.policy));
    return {
      ...route,
      who,
      allowed,
      name: `${route.method.toUpperCase()} ${route.path} as ${who} is ${allowed ? 'allowed' : 'refused'} (policy ${route.policy})`,
    };
  }),
);

/** Allowed GETs answer 200, except these, which answer as noted. */
function expectedAllowedGet(path: string, who: Who): number {
  if (path === '/') return 303; // to the list
  if (path === '/login' && who !== 'anonymous') return 303; // already signed in
  if (path === '/setup') return 404; // accounts exist: the setup page is gone
  if (path === '/recommendations/:id/row') return 303; // a browser is sent to the list, at the row
  if (path === '/recommendations/parent-field') return 303; // an htmx fragment: a plain request goes to the form
  return 200;
}

describe('Route × role matrix', () => {
  test.each(CASES)('$name', async ({ method, path, policy, who, allowed }) => {
    const res = await send(who, method, path);
    if (allowed) {
      expect(res.status).not.toBe(401);
      expect(res.status).not.toBe(403);
      expect(res.status).toBeLessThan(500);
      if (path === '/logout') {
        // Signing out is the one allowed request that ends at the sign-in page.
        expect(res.status).toBe(303);
        expect(res.headers.location).toBe('/login');
        return;
      }
      if (res.status >= 300 && res.status < 400) expect(res.headers.location).not.toMatch(/^\/login/);
      if (method === 'get') expect(res.status).toBe(expectedAllowedGet(path, who));
      // Revoking takes no field: it is done, and leads back to the accounts.
      else if (path === '/admin/invitations/:id/revoke') expect(res.status).toBe(303);
      // The language switcher sent no choice at all (its select always sends one) says which languages it offers.
      else if (path === '/language') expect(res.status).toBe(400);
      // Removing a translation takes no field either: it is done, and leads back to the recommendation.
      else if (path === '/recommendations/:id/translations/:language/delete') expect(res.status).toBe(303);
      // Nor does deleting a meeting or a lifecycle change: it is done, and leads back to the mechanism.
      else if (path === '/mechanisms/:id/meetings/:meetingId/delete' || path === '/mechanisms/:id/lifecycle/:changeId/delete') expect(res.status).toBe(303);
      // A form sent with nothing but the CSRF token is refused as invalid (the setup form is gone once accounts exist).
      else expect(res.status).toBe(path === '/setup' ? 404 : 422);
      return;
    }
    if (who === 'anonymous') {
      expect(policy).not.toBe('public');
      expect(res.status).toBe(303);
      const url = concretePath(path);
      expect(res.headers.location).toBe(method === 'get' ? `/login?next=${encodeURIComponent(url)}` : '/login');
      return;
    }
    expect(res.status).toBe(403);
    expect(res.text).toContain('Your account is not allowed to do this.');
  });
});

describe('Refused requests change nothing', () => {
  test('a viewer posting a full, valid status update gets 403 and the status stays', async () => {
    const before = ctx.db.select().from(recommendations).where(eq(recommendations.id, ids.recommendation)).get()!;
    const { agent, csrf } = agents.viewer;
    const res = await agent.post(`/recommendations/${ids.recommendation}/status`).type('form').send({
      _csrf: csrf,
      status: 'implemented',
      effective_on: '2025-01-01',
      rationale: 'not allowed',
      evidence_kind: 'news',
      evidence_language: 'en',
    });
    expect(res.status).toBe(403);
    const after = ctx.db.select().from(recommendations).where(eq(recommendations.id, ids.recommendation)).get()!;
    expect(after.status).toBe(before.status);
    expect(after.version).toBe(before.version);
  });
});
