import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { STATUSES, type StatusKey } from '../domain/vocabulary';
import { errorLinks } from './field-labels';
import { hasTranslation, t } from './i18n';
import { formatDate, formatDateTime, formatNumber } from './dates';
import { currentLanguage } from './language';
import { projectPath } from './paths';
import type { RoutePolicies } from './routes';
import type { UserRole } from '../domain/vocabulary';

/**
 * The Handlebars engine and its helpers. Helpers return plain strings, which
 * Handlebars escapes: no helper builds HTML, so user text is always inert.
 */

// Vocabulary labels are fixed for the process's life: looked up once each, per language.
const labels = new Map<string, string>();

const statusByKey = new Map(STATUSES.map((s) => [s.key as string, s]));

function hashOf(args: unknown[]): Record<string, unknown> {
  const options = args[args.length - 1] as { hash?: Record<string, unknown> } | undefined;
  return options?.hash ?? {};
}

const helpers = {
  /** {{t "key" name=value}}: a catalogue entry with interpolation. */
  t: (key: unknown, ...rest: unknown[]) => (typeof key === 'string' ? t(key, hashOf(rest)) : ''),
  /** {{label "status" key}}: the label of a vocabulary entry. */
  label: (vocabulary: unknown, key: unknown) => {
    const k = `${String(vocabulary)}.${String(key)}`;
    const memoKey = `${currentLanguage()}\u0000${k}`;
    let text = labels.get(memoKey);
    if (text === undefined) {
      text = hasTranslation(k) ? t(k) : String(key ?? '');
      labels.set(memoKey, text);
    }
    return text;
  },
  statusColour: (key: unknown) => statusByKey.get(String(key))?.colour ?? 'grey',
  statusOpen: (key: unknown) => statusByKey.get(String(key) as StatusKey)?.open ?? true,
  /** The id of a form control: the given id, else the field name. */
  fieldId: (id: unknown, name: unknown) => (typeof id === 'string' && id ? id : String(name ?? '')),
  concat: (...args: unknown[]) => args.slice(0, -1).map((a) => String(a ?? '')).join(''),
  /** Another path with a URL's query: the list's current view as the CSV download. */
  withPath: (href: unknown, path: unknown) => {
    const query = String(href ?? '').split('?')[1];
    return query ? `${String(path)}?${query}` : String(path);
  },
  /** {{#each (errorLinks errors "prefix-" "form")}}: each field error as a link to its field, for the error summary (`form`: see field-labels). */
  errorLinks: (errors: unknown, prefix: unknown, form: unknown) =>
    errorLinks(
      errors && typeof errors === 'object' ? (errors as Record<string, string>) : undefined,
      typeof prefix === 'string' ? prefix : '',
      typeof form === 'string' ? form : undefined,
    ),
  /** {{#if (can "POST /recommendations/:id/status")}}: whether the signed-in user may make that request, by its route's policy (RoutePolicies). */
  can: (route: unknown, options: Handlebars.HelperOptions) => {
    const root = options.data.root as { user?: { role: UserRole }; routePolicies?: RoutePolicies };
    if (!root.routePolicies) throw new Error('A page that asks "can" is rendered without the route policies');
    return root.routePolicies.allows(root.user?.role, String(route));
  },
  eq: (a: unknown, b: unknown) => String(a ?? '') === String(b ?? ''),
  not: (a: unknown) => !a,
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  /** Whether a (possibly multi-valued) form value contains an option. */
  includes: (list: unknown, value: unknown) =>
    (Array.isArray(list) ? list : list === undefined || list === null ? [] : [list]).map(String).includes(String(value)),
  /** ISO timestamp → "Nov 24, 2026, 14:05 UTC" in the reader's language; a date alone → the date. */
  dateTime: (iso: unknown) => (typeof iso === 'string' && iso.length > 10 ? `${formatDateTime(iso)} UTC` : typeof iso === 'string' ? formatDate(iso) : ''),
  /** {{formatDate d}}: a calendar date (or YYYY-MM, YYYY) in the reader's language; <time datetime> keeps the ISO value. */
  formatDate: (iso: unknown) => (typeof iso === 'string' ? formatDate(iso) : ''),
  /** {{formatNumber n}}: a count with the language's grouping. */
  formatNumber: (n: unknown) => (typeof n === 'number' ? formatNumber(n) : String(n ?? '')),
  percent: (part: unknown, whole: unknown) => {
    const w = Number(whole);
    return w > 0 ? Math.round((Number(part) / w) * 100) : 0;
  },
};

/**
 * Every template compiled once, at first use, by a Handlebars environment of
 * our own. Rendering is then a plain function call: express-handlebars
 * resolved paths, partials and layouts anew on every render, which cost more
 * than many of our pages' queries.
 */
export interface Views {
  /** A page inside the layout, or a partial alone (an htmx fragment). */
  render(view: { page: string } | { partial: string }, context: Record<string, unknown>): string;
}

function templatesIn(dir: string): [string, string][] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.hbs'))
    // The newline that ends a file is not part of the markup: a partial used inline would print it.
    .map((file) => [path.basename(file, '.hbs'), fs.readFileSync(path.join(dir, file), 'utf8').replace(/\r?\n$/, '')]);
}

export function compileViews(viewsDir: string): Views {
  const hbs = Handlebars.create();
  // Known helpers are called directly by the compiled code instead of being looked up by name. A partial on a line
  // of its own is not re-indented to that line's depth: Handlebars would split and join its output, each row of each
  // list, and put the spaces into the lines of a multi-line text it prints (an evidence note, a textarea's value).
  const options = { knownHelpers: Object.fromEntries(Object.keys(helpers).map((name) => [name, true])), preventIndent: true };
  hbs.registerHelper(helpers);
  for (const [name, source] of templatesIn(path.join(viewsDir, 'partials'))) hbs.registerPartial(name, hbs.compile(source, options));
  const compile = (dir: string) => new Map(templatesIn(path.join(viewsDir, dir)).map(([name, source]) => [name, hbs.compile(source, options)]));
  const pages = compile('pages');
  const layout = compile('layouts').get('main');
  const partials = hbs.partials as Record<string, Handlebars.TemplateDelegate>;
  if (!layout) throw new Error(`No layouts/main.hbs under ${viewsDir}`);
  return {
    render(view, context) {
      if ('partial' in view) {
        const partial = partials[view.partial];
        if (!partial) throw new Error(`No partial named ${view.partial}`);
        return partial(context);
      }
      const page = pages.get(view.page);
      if (!page) throw new Error(`No page named ${view.page}`);
      return layout({ ...context, body: page(context) });
    },
  };
}

const VIEWS_DIR = projectPath('views');
let compiled: Views | undefined;

/** The app's views, compiled on first use: templates change only with a deploy. */
export function views(): Views {
  compiled ??= compileViews(VIEWS_DIR);
  return compiled;
}
