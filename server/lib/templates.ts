import path from 'node:path';
import { create } from 'express-handlebars';
import { STATUSES, type StatusKey } from '../domain/vocabulary';
import { hasTranslation, t } from './i18n';

/**
 * The Handlebars engine and its helpers. Helpers return plain strings, which
 * Handlebars escapes: no helper builds HTML, so user text is always inert.
 */

// Vocabulary labels are fixed for the process's life: looked up once each.
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
    let text = labels.get(k);
    if (text === undefined) {
      text = hasTranslation(k) ? t(k) : String(key ?? '');
      labels.set(k, text);
    }
    return text;
  },
  statusColour: (key: unknown) => statusByKey.get(String(key))?.colour ?? 'grey',
  statusOpen: (key: unknown) => statusByKey.get(String(key) as StatusKey)?.open ?? true,
  /** The id of a form control: the given id, else the field name. */
  fieldId: (id: unknown, name: unknown) => (typeof id === 'string' && id ? id : String(name ?? '')),
  concat: (...args: unknown[]) => args.slice(0, -1).map((a) => String(a ?? '')).join(''),
  /** Form values plus the page to return to after a save (a kanban card's status form). */
  withReturnTo: (values: unknown, returnTo: unknown) => ({ ...(values as object), return_to: returnTo }),
  /** The region a status form refreshes after a save: the board's content or the list's results. */
  regionFor: (returnTo: unknown) => (String(returnTo ?? '').startsWith('/board') ? '#board-content' : '#results'),
  /** Another path with a URL's query: the list's current view as the CSV download. */
  withPath: (href: unknown, path: unknown) => {
    const query = String(href ?? '').split('?')[1];
    return query ? `${String(path)}?${query}` : String(path);
  },
  eq: (a: unknown, b: unknown) => String(a ?? '') === String(b ?? ''),
  not: (a: unknown) => !a,
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  /** Whether a (possibly multi-valued) form value contains an option. */
  includes: (list: unknown, value: unknown) =>
    (Array.isArray(list) ? list : list === undefined || list === null ? [] : [list]).map(String).includes(String(value)),
  /** ISO timestamp → "2026-11-24 14:05 UTC"; a date stays as it is. */
  dateTime: (iso: unknown) => (typeof iso === 'string' && iso.length > 10 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : String(iso ?? '')),
  percent: (part: unknown, whole: unknown) => {
    const w = Number(whole);
    return w > 0 ? Math.round((Number(part) / w) * 100) : 0;
  },
};

export function createViewEngine(viewsDir: string) {
  return create({
    extname: '.hbs',
    defaultLayout: 'main',
    layoutsDir: path.join(viewsDir, 'layouts'),
    partialsDir: path.join(viewsDir, 'partials'),
    helpers,
  });
}
