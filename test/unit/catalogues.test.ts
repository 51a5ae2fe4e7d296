import fs from 'node:fs';
import path from 'node:path';

/**
 * The catalogues of server/i18n hold the same messages: the same keys (a plural
 * key in the plural forms its language needs), and the same placeholders in
 * each. Every catalogue present is checked, so a new language is covered on arrival.
 */

const DIR = path.join(__dirname, '..', '..', 'server', 'i18n');
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Catalogue = { [key: string]: string | Catalogue };

function flatten(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

/** Message keys with plural suffixes taken off, each with the forms the catalogue gives. */
function messages(flat: Map<string, string>): Map<string, { forms: Set<string>; texts: string[] }> {
  const out = new Map<string, { forms: Set<string>; texts: string[] }>();
  for (const [key, text] of flat) {
    const form = PLURAL.exec(key)?.[1];
    const base = form ? key.replace(PLURAL, '') : key;
    const entry = out.get(base) ?? { forms: new Set<string>(), texts: [] };
    if (form) entry.forms.add(form);
    entry.texts.push(text);
    out.set(base, entry);
  }
  return out;
}

/** The placeholders of a message: {{name}} and {{name, format}} by name, plural forms together. */
function placeholders(texts: string[]): string[] {
  const names = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)) names.add(m[1]!);
  return [...names].sort();
}

const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json'));
const catalogues = new Map(files.map((f) => [path.basename(f, '.json'), messages(flatten(JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Catalogue))]));
const english = catalogues.get('en')!;
const others = [...catalogues.keys()].filter((lang) => lang !== 'en');

describe('Catalogues', () => {
  test('there is an English catalogue and at least Russian beside it', () => {
    expect(english).toBeDefined();
    expect(others).toContain('ru');
  });

  test.each(others)('the %s catalogue has every key of the English one and no other', (lang) => {
    const catalogue = catalogues.get(lang)!;
    const missing = [...english.keys()].filter((k) => !catalogue.has(k));
    const extra = [...catalogue.keys()].filter((k) => !english.has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  test.each([...catalogues.keys()])('the %s catalogue gives every plural message exactly the forms its language needs', (lang) => {
    const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories.slice().sort();
    const wrong: string[] = [];
    for (const [key, { forms }] of catalogues.get(lang)!) {
      const plural = english.get(key)?.forms.size ?? 0;
      if (plural === 0 && forms.size === 0) continue;
      if (plural === 0 || [...forms].sort().join() !== needed.join()) wrong.push(`${key}: ${[...forms].sort().join(', ')}`);
    }
    expect(wrong).toEqual([]);
  });

  test.each(others)('the %s catalogue keeps the placeholders of every English message', (lang) => {
    const catalogue = catalogues.get(lang)!;
    const differ: string[] = [];
    for (const [key, { texts }] of english) {
      const theirs = catalogue.get(key);
      if (theirs && placeholders(theirs.texts).join() !== placeholders(texts).join()) differ.push(`${key}: ${placeholders(texts).join()} ≠ ${placeholders(theirs.texts).join()}`);
    }
    expect(differ).toEqual([]);
  });

  test('no message is left empty', () => {
    const empty = [...catalogues].flatMap(([lang, catalogue]) => [...catalogue].filter(([, m]) => m.texts.some((t) => t.trim() === '')).map(([k]) => `${lang}: ${k}`));
    expect(empty).toEqual([]);
  });
});
