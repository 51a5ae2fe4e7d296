import fs from 'node:fs';
import path from 'node:path';
import { seedData } from '../../seed/data';

/**
 * The seed says exactly what the publications say (issue 19): every record's
 * text is the publication's words, every status is dated with the
 * publication's own date, and no title or mechanism names a body that the
 * publication does not name. The publications are the plain-text files in
 * seed/publications/, kept with the seed so that this test runs wherever the
 * code does (SEED_DOCUMENTS overrides the folder).
 */

const FOLDER = process.env.SEED_DOCUMENTS ?? path.resolve(__dirname, '../../seed/publications');
const FILES = fs.readdirSync(FOLDER).filter((f) => f.endsWith('.txt')).sort();

/** Quotes, dashes and white space as one form each; page furniture (running heads) dropped. */
export function normalise(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^(Published by ECRTD- UK|Print ISSN: )/.test(line.trim()))
    .join('\n')
    .replace(/[“”„«»"]/g, '"')
    .replace(/[‘’']/g, "'")
    .replace(/[‐‑‒–—―-]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/\s*"\s*/g, '"')
    .replace(/\s*-\s*/g, '-')
    .trim();
}

/**
 * The quoted parts of a full text: editorial framing in [brackets] left out,
 * cuts ("…") splitting it. A part may end a sentence where the publication
 * runs on, and a list item quoted as a sentence begins with a capital, so the
 * comparison ignores case and a part's closing punctuation.
 */
export function quotedParts(fullText: string): string[] {
  return fullText
    .replace(/\[[^\]]*\]/g, '…')
    .split('…')
    .map((part) => normalise(part).toLowerCase().replace(/[.;,:]+$/, ''))
    .filter((part) => part.length > 0);
}

describe('The seed against its publications', () => {
  test('The five publications are there, one per source of the seed', () => {
    expect(FILES).toHaveLength(5);
    expect(seedData.publications).toHaveLength(5);
  });

  const texts = FILES.map((f) => normalise(fs.readFileSync(path.join(FOLDER, f), 'utf8')).toLowerCase());
  const publications = seedData.publications.map((p, i) => ({ ...p, text: texts[i]! }));

  test.each(publications.flatMap((p) => p.recommendations.map((r) => [`${p.source.key} ${r.reference}`, r.fullText, p.text] as const)))(
    '%s: every part of the full text is in the publication, in order',
    (_name, fullText, text) => {
      let from = 0;
      for (const part of quotedParts(fullText)) {
        const at = text.indexOf(part, from);
        expect({ part, found: at >= 0 }).toEqual({ part, found: true });
        from = at + part.length;
      }
    },
  );

  test('every status other than “Not yet assessed” has a note dated with the publication’s date, saying so', () => {
    for (const { source, recommendations } of publications) {
      for (const r of recommendations.filter((r) => r.status && r.status !== 'not_assessed')) {
        expect({ ref: r.reference, observedOn: r.evidence?.observedOn }).toEqual({ ref: r.reference, observedOn: source.publishedOn });
        expect(r.evidence!.text).toMatch(/^Publication date/);
        expect(r.statusRationale?.trim()).toBeTruthy();
      }
    }
  });

  test('no record’s title or mechanism names a body that its publication does not name', () => {
    const names = seedData.bodies.flatMap((b) =>
      [b.name, b.nativeName, ...(b.aliases ?? [])].filter((n): n is string => !!n).map((n) => ({ body: b, text: n, acronym: false })).concat(b.acronym ? [{ body: b, text: b.acronym, acronym: true }] : []),
    );
    const mentions = (text: string) => names.filter((n) => new RegExp(`(^|[^\\p{L}])${n.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(text));
    for (const { recommendations, text } of publications) {
      for (const r of recommendations) {
        const mechanism = seedData.mechanisms.find((m) => m.key === r.mechanism);
        const said = [r.shortTitle, mechanism?.name ?? '', mechanism?.description ?? ''].join(' ');
        for (const m of mentions(said)) {
          const named = text.includes(normalise(m.text).toLowerCase()) || (m.acronym && text.includes(normalise(m.body.name).toLowerCase()));
          expect({ ref: r.reference, name: m.text, named }).toEqual({ ref: r.reference, name: m.text, named: true });
        }
      }
    }
  });

  test('no record says “proposed by” unless it is a recommendation', () => {
    for (const r of publications.flatMap((p) => p.recommendations)) {
      if ((r.kind ?? 'recommendation') !== 'recommendation') expect({ ref: r.reference, proposed: /proposed by/i.test(r.shortTitle) }).toEqual({ ref: r.reference, proposed: false });
    }
  });

  test('every mechanism is used by a record, and no record is flagged a priority the publications do not give', () => {
    const used = new Set(publications.flatMap((p) => p.recommendations.map((r) => r.mechanism)));
    expect(seedData.mechanisms.filter((m) => !used.has(m.key)).map((m) => m.key)).toEqual([]);
    expect(publications.flatMap((p) => p.recommendations).filter((r) => r.priority).map((r) => r.reference)).toEqual([]);
  });
});
