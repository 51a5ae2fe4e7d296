import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { USER_ROLES } from '../../server/domain/vocabulary';
import { roleSatisfies, RoutePolicies } from '../../server/lib/routes';
import { projectPath } from '../../server/lib/paths';
import { compileViews } from '../../server/lib/templates';
import { declaredRoutes } from '../helpers';

/**
 * A page offers a link or form only to those its route lets in: templates ask
 * `{{#if (can "METHOD /path")}}`, answered from the very route tables that the
 * app enforces, and never compare roles themselves.
 */

const ROUTES = declaredRoutes();
const VIEW_DIRS = ['layouts', 'pages', 'partials'].map((dir) => projectPath('views', dir));
const templates = VIEW_DIRS.flatMap((dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.hbs')).map((f) => ({ name: `${path.basename(dir)}/${f}`, text: fs.readFileSync(path.join(dir, f), 'utf8') })));

/** A views folder holding one page that asks `can` of the route given in its context. */
function probeViews() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'can-views-'));
  for (const sub of ['layouts', 'pages', 'partials']) fs.mkdirSync(path.join(dir, sub));
  fs.writeFileSync(path.join(dir, 'layouts', 'main.hbs'), '{{{body}}}');
  fs.writeFileSync(path.join(dir, 'pages', 'probe.hbs'), '{{#if (can route)}}yes{{else}}no{{/if}}');
  return { views: compileViews(dir), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

test('no template compares a role itself', () => {
  const comparing = templates.filter((t) => /\(eq [^)]*user\.role/.test(t.text)).map((t) => t.name);
  expect(comparing).toEqual([]);
});

test('every route a template asks about is declared', () => {
  const declared = new Set(ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`));
  const asked = templates.flatMap((t) => [...t.text.matchAll(/\(can "([^"]+)"\)/g)].map((m) => m[1]!));
  expect(asked.length).toBeGreaterThan(5);
  expect(asked.filter((route) => !declared.has(route))).toEqual([]);
});

test('for every declared route and every role, "can" answers as the route policy does', () => {
  const { views, remove } = probeViews();
  try {
    const routePolicies = new RoutePolicies(ROUTES);
    for (const route of ROUTES) {
      const key = `${route.method.toUpperCase()} ${route.path}`;
      for (const role of USER_ROLES) {
        const shown = views.render({ page: 'probe' }, { route: key, user: { role }, routePolicies });
        expect({ key, role, shown }).toEqual({ key, role, shown: roleSatisfies(role, route.policy) ? 'yes' : 'no' });
      }
      expect(views.render({ page: 'probe' }, { route: key, routePolicies })).toBe(route.policy === 'public' ? 'yes' : 'no');
    }
  } finally {
    remove();
  }
});

test('a route no table declares is an error, not a silent "no"', () => {
  const { views, remove } = probeViews();
  try {
    expect(() => views.render({ page: 'probe' }, { route: 'POST /nowhere', user: { role: 'admin' }, routePolicies: new RoutePolicies(ROUTES) })).toThrow(/No route "POST \/nowhere"/);
  } finally {
    remove();
  }
});
