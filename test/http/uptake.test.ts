import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { eq } from 'drizzle-orm';
import { boardUptake, recommendationChanges, recommendations, sources } from '../../server/db/schema';
import { t, tIn } from '../../server/lib/i18n';
import { addEvidence, createRecommendation } from '../../server/recommendations/service';
import { recordUptake } from '../../server/uptake/service';
import type { Uptake } from '../../server/domain/vocabulary';
import { createTestContext, download, esc, postForm, signInAs, type Agent, type FormValues, type TestContext } from '../helpers';

/**
 * Uptake (issue 21, item 4): the form on a recommendation (valid, invalid, roles), its change log, the board's
 * "taken up" share per publication against a constructed dataset, the list filter, the CSV and Excel column and
 * its import.
 */

let ctx: TestContext;
let editor: { agent: Agent; csrf: string; user: { id: number; name: string } };
let viewer: { agent: Agent; csrf: string; user: { id: number; name: string } };
let petrovsky: number;
let other: number;
/** Petrovsky's twelve recommendations, P-1 … P-12. */
const ids: number[] = [];
let quiet: number;

function source(title: string): number {
  return ctx.tx
    .insert(sources)
    .values({ title, authors: 'A. Author', publisher: 'RIAC', publishedOn: '2021', kind: 'policy_brief', language: 'en' })
    .returning({ id: sources.id })
    .get().id;
}

function recommendation(sourceId: number, reference: string): number {
  const result = createRecommendation(
    ctx.tx,
    { sourceId, reference, shortTitle: `Recommendation ${reference}`, fullText: 'Text.', supportingBodyIds: [], themes: [], priority: false, confidence: 'unverified' },
    editor.user.id,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

function note(id: number, title: string): number {
  const result = addEvidence(ctx.tx, id, { observedOn: '2024-05-01', text: `${title}: it was done.`, sourceTitle: title, sourceUrl: 'https://example.org/decree', sourceKind: 'official_document', language: 'en' }, editor.user.id);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

function setUptake(id: number, uptake: Uptake): void {
  const noteId = uptake === 'unknown' ? undefined : note(id, `Document for ${uptake}`);
  const result = recordUptake(ctx.tx, id, { uptake, noteId, confidence: uptake === 'unknown' ? undefined : 'likely' }, editor.user.id);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
}

const recById = (id: number) => ctx.db.select().from(recommendations).where(eq(recommendations.id, id)).get()!;
const changesOf = (id: number) => ctx.db.select().from(recommendationChanges).where(eq(recommendationChanges.recommendationId, id)).all();

beforeAll(async () => {
  ctx = await createTestContext();
  editor = await signInAs(ctx, 'editor');
  viewer = await signInAs(ctx, 'viewer');
  petrovsky = source('Petrovsky 2021');
  other = source('Other 2020');
  for (let i = 1; i <= 12; i++) ids.push(recommendation(petrovsky, `P-${i}`));
  quiet = recommendation(other, 'O-1');
  recommendation(other, 'O-2');
  // Petrovsky: 1 adopted, 1 adapted, 1 convergent, 1 contrary, 1 not taken up; the other seven unknown (P-6 … P-12).
  setUptake(ids[0]!, 'adopted');
  setUptake(ids[1]!, 'adapted');
  setUptake(ids[2]!, 'convergent');
  setUptake(ids[3]!, 'contrary');
  setUptake(ids[4]!, 'not_taken_up');
});
afterAll(() => ctx.close());

const form = (id: number, values: FormValues = {}): FormValues => ({ _csrf: editor.csrf, version: String(recById(id).version), ...values });

describe('The uptake form', () => {
  test('When a viewer opens a recommendation, then its uptake is shown as Unknown and there is no form; the form page and the save are refused (403)', async () => {
    const page = await viewer.agent.get(`/recommendations/${quiet}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<div id="uptake"><dt>${t('fields.uptake')}</dt><dd>${t('uptake.unknown')}</dd></div>`);
    expect(page.text).not.toContain('id="uptake-form-');
    expect((await viewer.agent.get(`/recommendations/${quiet}/uptake`)).status).toBe(403);
    const res = await postForm(viewer.agent, `/recommendations/${quiet}/uptake`, { _csrf: viewer.csrf, uptake: 'adopted' });
    expect(res.status).toBe(403);
    expect(recById(quiet).uptake).toBe('unknown');
  });

  test('When an editor opens a recommendation, then the Uptake form offers every value, the evidence notes and the confidences, htmx-enhanced', async () => {
    const id = ids[5]!;
    const noteId = note(id, 'Decree No. 12');
    const page = await editor.agent.get(`/recommendations/${id}`);
    expect(page.text).toContain(`<form id="uptake-form-${id}" class="stack uptake-form" method="post" action="/recommendations/${id}/uptake"`);
    expect(page.text).toContain(`hx-post="/recommendations/${id}/uptake" hx-target="#recommendation-detail" hx-swap="outerHTML"`);
    expect(page.text).toContain(`<label for="uptake${id}-uptake">${t('fields.uptake')} <span class="required">`);
    for (const value of ['adopted', 'adapted', 'convergent', 'contrary', 'not_taken_up', 'unknown']) {
      expect(page.text).toContain(`>${esc(t(`uptake.${value}`))}</option>`);
    }
    expect(page.text).toContain(`<option value="${noteId}">2024-05-01 · Decree No. 12</option>`);
    expect(page.text).toContain(`<select id="uptake${id}-uptake_confidence" name="uptake_confidence"`);
    // Its own page, for a browser without JavaScript that lands on a failed save.
    const own = await editor.agent.get(`/recommendations/${id}/uptake`);
    expect(own.status).toBe(200);
    expect(own.text).toContain('<html');
    expect(own.text).not.toContain('hx-post');
  });

  test('When an editor records "adopted as recommended" with its document and confidence, then 303, the recommendation holds them, the change log has them and the page shows them', async () => {
    const id = ids[5]!;
    const documentId = note(id, 'Protocol of the session');
    const before = recById(id);
    const res = await postForm(editor.agent, `/recommendations/${id}/uptake`, form(id, { uptake: 'adopted', uptake_note_id: String(documentId), uptake_confidence: 'confirmed' }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/recommendations/${id}#uptake`);
    const after = recById(id);
    expect(after).toMatchObject({ uptake: 'adopted', uptakeNoteId: documentId, uptakeConfidence: 'confirmed', version: before.version + 1, updatedBy: editor.user.id });
    expect(changesOf(id).map((c) => [c.field, c.oldValue, c.newValue])).toEqual([
      ['uptake', 'unknown', 'adopted'],
      ['uptake_confidence', null, 'confirmed'],
      ['uptake_note_id', null, '2024-05-01 · Protocol of the session'],
    ]);
    const page = await viewer.agent.get(`/recommendations/${id}`);
    expect(page.text).toContain(`<dd>${t('uptake.adopted')} <span class="muted">(${t('confidence.confirmed')})</span><br><span class="uptake-document"><a href="https://example.org/decree" rel="noopener noreferrer">Protocol of the session</a>`);
    // The timeline names the edit in the reader's words.
    expect(page.text).toContain(`<li><span class="label">${t('fields.uptake')}:</span> <del>${t('uptake.unknown')}</del> → <ins>${t('uptake.adopted')}</ins></li>`);
    const ru = await viewer.agent.get(`/recommendations/${id}`).set('Accept-Language', 'ru');
    expect(ru.text).toContain(`<dd>${tIn('ru', 'uptake.adopted')} `);
  });

  test('When an htmx save succeeds, then 303 to the detail page, which htmx fetches as its fragment', async () => {
    const id = ids[6]!;
    const documentId = note(id, 'Joint statement');
    const res = await postForm(editor.agent, `/recommendations/${id}/uptake`, form(id, { uptake: 'adapted', uptake_note_id: String(documentId), uptake_confidence: 'likely' })).set('HX-Request', 'true');
    expect(res.status).toBe(303);
    const fragment = await editor.agent.get(`/recommendations/${id}`).set('HX-Request', 'true');
    expect(fragment.text).not.toContain('<html');
    expect(fragment.text).toContain(`<div id="uptake"><dt>${t('fields.uptake')}</dt><dd>${t('uptake.adapted')}`);
  });

  test('When a claim comes without its document and confidence, then 422 with a message by each field, nothing saved (plain: the full page)', async () => {
    const id = ids[7]!;
    const before = recById(id);
    const res = await postForm(editor.agent, `/recommendations/${id}/uptake`, form(id, { uptake: 'adopted' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('<html');
    expect(res.text).toContain(`<p class="field-error" id="uptake${id}-uptake_note_id-error">${esc(t('uptake.errors.document_required'))}</p>`);
    expect(res.text).toContain(`<p class="field-error" id="uptake${id}-uptake_confidence-error">${t('validation.required')}</p>`);
    expect(res.text).toContain(`<a href="#uptake${id}-uptake_note_id">`);
    expect(recById(id)).toEqual(before);
  });

  test('When an htmx save fails, then 422 and the form alone, retargeted to itself, keeping what was chosen', async () => {
    const id = ids[7]!;
    const res = await postForm(editor.agent, `/recommendations/${id}/uptake`, form(id, { uptake: 'contrary', uptake_confidence: 'likely' })).set('HX-Request', 'true');
    expect(res.status).toBe(422);
    expect(res.text).not.toContain('<html');
    expect(res.headers['hx-retarget']).toBe(`#uptake-form-${id}`);
    expect(res.text).toMatch(/<option value="contrary" selected>/);
    expect(res.text).toMatch(/<option value="likely" selected>/);
  });

  test('When the value is not in the vocabulary, or the document is another recommendation’s note, then 422 by that field', async () => {
    const id = ids[7]!;
    const bogus = await postForm(editor.agent, `/recommendations/${id}/uptake`, form(id, { uptake: 'implemented' }));
    expect(bogus.status).toBe(422);
    expect(bogus.text).toContain(`<p class="field-error" id="uptake${id}-uptake-error">${t('validation.invalid_choice')}</p>`);
    const foreign = note(ids[8]!, 'Someone else’s');
    const res = await postForm(editor.agent, `/recommendations/${id}/uptake`, form(id, { uptake: 'adopted', uptake_note_id: String(foreign), uptake_confidence: 'likely' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain(`id="uptake${id}-uptake_note_id-error">${esc(t('uptake.errors.note_of_another'))}</p>`);
    expect(recById(id).uptake).toBe('unknown');
  });

  test('When the recommendation changed since the form was opened, then 409 and nothing saved; saving again overwrites deliberately', async () => {
    const id = ids[8]!;
    const documentId = note(id, 'Late news');
    const stale = String(recById(id).version - 1);
    const values = { _csrf: editor.csrf, uptake: 'adopted', uptake_note_id: String(documentId), uptake_confidence: 'likely' };
    const res = await postForm(editor.agent, `/recommendations/${id}/uptake`, { ...values, version: stale });
    expect(res.status).toBe(409);
    expect(recById(id).uptake).toBe('unknown');
    const again = await postForm(editor.agent, `/recommendations/${id}/uptake`, { ...values, version: String(recById(id).version) });
    expect(again.status).toBe(303);
    expect(recById(id).uptake).toBe('adopted');
    // Back to unknown: the document and confidence go with the claim.
    const cleared = await postForm(editor.agent, `/recommendations/${id}/uptake`, form(id, { uptake: 'unknown', uptake_note_id: String(documentId), uptake_confidence: 'likely' }));
    expect(cleared.status).toBe(303);
    expect(recById(id)).toMatchObject({ uptake: 'unknown', uptakeNoteId: null, uptakeConfidence: null });
  });

  test('When the same uptake is saved again, then nothing changes, not even the version', async () => {
    const id = ids[0]!;
    const before = recById(id);
    const res = await postForm(editor.agent, `/recommendations/${id}/uptake`, form(id, { uptake: 'adopted', uptake_note_id: String(before.uptakeNoteId), uptake_confidence: 'likely' }));
    expect(res.status).toBe(303);
    expect(recById(id)).toEqual(before);
  });
});

/** The taken-up row of a publication on the board, from its name to the end of the row. */
function takenUpRow(html: string, name: string): string {
  const section = /<section aria-labelledby="taken-up-heading"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  return new RegExp(`<tr>\\s*<th scope="row"><a href="[^"]*">${name}</a></th>[\\s\\S]*?</tr>`).exec(section)?.[0] ?? '';
}

describe('The board’s taken-up figures by publication', () => {
  // State of the dataset here: Petrovsky P-1 adopted, P-2 adapted, P-3 convergent, P-4 contrary, P-5 not taken up,
  // P-6 adopted, P-7 adapted (by the form tests above); P-8 … P-12 unknown. Other 2020: nothing recorded.
  test('When a manager opens the board, then each publication with uptake recorded shows its share taken up (adopted or adapted) and its counts, each linking to the list', async () => {
    const res = await viewer.agent.get('/board');
    expect(res.status).toBe(200);
    const row = takenUpRow(res.text, 'Petrovsky 2021');
    expect(row).toContain(`<td class="taken-up-share">${esc(t('board.taken_up_share', { taken: 4, total: 12, share: 33 }))}</td>`);
    expect(t('board.taken_up_share', { taken: 4, total: 12, share: 33 })).toBe('4 of 12 taken up (33 %)');
    const counts = [...row.matchAll(/<td class="num">(?:<a href="([^"]*)">)?(?:<span class="zero">)?(\d+)/g)].map((m) => Number(m[2]));
    // adopted, adapted, convergent, contrary, not taken up, unknown, total
    expect(counts).toEqual([2, 2, 1, 1, 1, 5, 12]);
    expect(row).toContain(`href="${esc(`/recommendations?source=${petrovsky}&uptake=convergent`)}"`);
    expect(takenUpRow(res.text, 'Other 2020')).toBe('');
    expect(res.text).toContain(t('board.taken_up_unrecorded', { count: 1 }));
  });

  test('When the board is filtered, then the figures count only what the filter selects, from the same rule', async () => {
    const res = await viewer.agent.get(`/board?source=${petrovsky}&uptake=adopted`);
    const row = takenUpRow(res.text, 'Petrovsky 2021');
    expect(row).toContain(esc(t('board.taken_up_share', { taken: 2, total: 2, share: 100 })));
    const all = await viewer.agent.get('/board?priority=no');
    expect(takenUpRow(all.text, 'Petrovsky 2021')).toContain(esc(t('board.taken_up_share', { taken: 4, total: 12, share: 33 })));
  });

  test('When uptakes, sources and recommendations change, then the kept counts stay those of a GROUP BY over the recommendations', () => {
    const moved = recommendation(petrovsky, 'P-MOVE');
    setUptake(moved, 'adapted');
    ctx.tx.update(recommendations).set({ sourceId: other }).where(eq(recommendations.id, moved)).run();
    const gone = recommendation(other, 'O-GONE');
    setUptake(gone, 'contrary');
    ctx.tx.delete(recommendations).where(eq(recommendations.id, gone)).run();
    const kept = ctx.db.select().from(boardUptake).all().filter((r) => r.n !== 0);
    const actual = ctx.sqlite.prepare('SELECT source_id AS sourceId, uptake, count(*) AS n FROM recommendations GROUP BY 1, 2').all();
    const key = (r: { sourceId: number; uptake: string }) => `${r.sourceId}:${r.uptake}`;
    expect(kept.sort((a, b) => key(a).localeCompare(key(b)))).toEqual((actual as typeof kept).sort((a, b) => key(a).localeCompare(key(b))));
    ctx.tx.delete(recommendations).where(eq(recommendations.id, moved)).run();
  });

  test('When nothing is recorded yet anywhere, then the board says so rather than showing 0 taken up', async () => {
    const empty = await createTestContext();
    try {
      const who = await signInAs(empty, 'viewer');
      const res = await who.agent.get('/board');
      expect(res.text).toContain(t('board.taken_up_none'));
    } finally {
      empty.close();
    }
  });
});

describe('The list filtered by uptake', () => {
  test('When the list is filtered by an uptake, then only those recommendations are listed, with a chip; the form offers the filter', async () => {
    const res = await viewer.agent.get('/recommendations?uptake=adapted');
    expect(res.status).toBe(200);
    const refs = [...res.text.matchAll(/Recommendation (P-\d+|O-\d+)/g)].map((m) => m[1]);
    expect(new Set(refs)).toEqual(new Set(['P-2', 'P-7']));
    expect(res.text).toContain(esc(t('forms.labelled', { label: t('filters.uptake'), value: t('uptake.adapted') })));
    expect(res.text).toContain('<select id="filter-uptake" name="uptake"');
    expect((await viewer.agent.get('/recommendations?uptake=maybe')).status).toBe(400);
  });

  test('When the reports page is filtered by an uptake, then its filter form offers the uptake with the choice kept and counts it among the filters on, and a value not in the vocabulary answers 422 by the field', async () => {
    const res = await viewer.agent.get('/reports?uptake=adapted');
    expect(res.status).toBe(200);
    const select = /<select id="report-uptake" name="uptake"[\s\S]*?<\/select>/.exec(res.text)?.[0] ?? '';
    expect([...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1])).toEqual(['', 'adopted', 'adapted', 'convergent', 'contrary', 'not_taken_up', 'unknown']);
    expect(select).toContain('<option value="adapted" selected>');
    expect(res.text).toContain(`for="report-uptake">${esc(t('filters.uptake'))}`);
    expect(res.text).toContain(esc(t('reports.page.filters_on', { count: 1 })));
    const bad = await viewer.agent.get('/reports?uptake=maybe');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('href="#report-uptake"');
    expect(bad.text).toMatch(/<select id="report-uptake" name="uptake" aria-invalid="true"/);
  });
});

describe('The reports’ Uptake column, and its import', () => {
  test('When the CSV is downloaded, then Uptake comes right after Record kind, with each recommendation’s key; in Russian its header is translated', async () => {
    const text = (await download(viewer.agent, `/reports/progress.csv?source=${petrovsky}`)).text;
    const [header, ...rows] = parse(text, { bom: true }) as string[][];
    expect(header!.slice(header!.indexOf('Record kind'), header!.indexOf('Record kind') + 2)).toEqual(['Record kind', 'Uptake']);
    const at = header!.indexOf('Uptake');
    const byRef = new Map(rows.map((r) => [r[header!.indexOf('Reference')], r[at]]));
    expect(byRef.get('P-1')).toBe('adopted');
    expect(byRef.get('P-3')).toBe('convergent');
    expect(byRef.get('P-12')).toBe('unknown');
    const ru = (await download(viewer.agent, `/reports/progress.csv?source=${petrovsky}&lang=ru`)).text;
    expect((parse(ru, { bom: true }) as string[][])[0]).toContain(tIn('ru', 'csv.columns.uptake'));
  });

  test('When the Excel file is downloaded, then its sheet has the Uptake column after Record kind with the same values', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(viewer.agent, `/reports/progress.xlsx?source=${petrovsky}&uptake=adopted`)).bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets.find((s) => (s.getRow(1).values as unknown[]).includes('Uptake'))!;
    const header = sheet.getRow(1).values as unknown[];
    expect(header.indexOf('Uptake')).toBe(header.indexOf('Record kind') + 1);
    const values = [];
    for (let i = 2; i <= sheet.rowCount; i++) values.push(sheet.getRow(i).getCell(header.indexOf('Uptake')).value);
    expect(values).toEqual(['adopted', 'adopted']);
  });

  test('When a file sets an uptake (key or label), then the import records it with no document, logged; an empty cell keeps it', async () => {
    const csv = stringify(
      [
        { Source: 'Petrovsky 2021', Reference: 'P-10', 'Short title': 'Recommendation P-10', Uptake: 'Not taken up' },
        { Source: 'Petrovsky 2021', Reference: 'P-1', 'Short title': 'Recommendation P-1', Uptake: '' },
      ],
      { header: true, bom: true, record_delimiter: '\r\n' },
    );
    const upload = await editor.agent.post('/import/preview').field('_csrf', editor.csrf).attach('file', Buffer.from(csv, 'utf8'), 'uptake.csv');
    expect(upload.status).toBe(303);
    const importId = Number((upload.headers.location as string).split('=')[1]);
    const confirm = await editor.agent.post('/import/confirm').type('form').send({ _csrf: editor.csrf, import_id: String(importId) });
    expect(confirm.status).toBe(303);
    expect(recById(ids[9]!)).toMatchObject({ uptake: 'not_taken_up', uptakeNoteId: null, uptakeConfidence: null });
    expect(recById(ids[0]!).uptake).toBe('adopted');
    expect(changesOf(ids[9]!).map((c) => [c.field, c.newValue])).toContainEqual(['uptake', 'not_taken_up']);
  });
});

describe('Two forms on one page', () => {
  test('When the detail page’s update form comes back with errors, then only its own error summary shows, not the uptake form’s', async () => {
    const id = ids[11]!;
    const res = await postForm(editor.agent, `/recommendations/${id}/updates`, { _csrf: editor.csrf, version: String(recById(id).version), occurred_on: '2024-01-01', evidence_kind: 'news', evidence_language: 'en' });
    expect(res.status).toBe(422);
    expect(res.text.match(/data-error-summary/g)).toHaveLength(1);
    expect(res.text).not.toMatch(/<a href="#uptake\d+-/);
  });
});
