import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { asc, count, eq } from 'drizzle-orm';
import {
  bodies,
  evidenceNotes,
  imports,
  mechanisms,
  recommendationBodies,
  recommendationChanges,
  recommendations,
  recommendationThemes,
  sources,
  statusHistory,
  themes,
} from '../../server/db/schema';
import { today } from '../../server/lib/dates';
import { createRecommendation } from '../../server/recommendations/service';
import { COLUMNS, columnHeader } from '../../server/reports/csv-format';
import { createTestContext, download, esc, signInAs, type Agent, type TestContext } from '../helpers';

/**
 * CSV import against the seeded tracker: file checks, the preview with its
 * row errors, one transaction per import, idempotent re-imports, and an
 * export that imports back without changing anything.
 */

let ctx: TestContext;
let editor: { agent: Agent; csrf: string; id: number; email: string };
let nearId: number;

beforeAll(async () => {
  ctx = await createTestContext({ seed: true });
  const signed = await signInAs(ctx, 'editor');
  editor = { agent: signed.agent, csrf: signed.csrf, id: signed.user.id, email: signed.user.email };
  nearId = ctx.db.select().from(recommendations).all().find((r) => r.shortTitle.includes('NEAR'))!.id;
  // Text an export must carry back unchanged: scripts, quotes, line ends, leading formula characters.
  const source = ctx.db.select().from(sources).orderBy(asc(sources.id)).get()!;
  const tricky = [
    ['T-1', '=1+2 is not a formula', '中文全文，带“引号”和\r\n换行'],
    ['T-2', '\tTabbed title', 'Полный текст, "в кавычках"\nс переводом строки'],
    ['T-3', "'=already quoted", '@mention and -minus'],
  ];
  for (const [reference, shortTitle, fullText] of tricky) {
    const result = createRecommendation(
      ctx.tx,
      { sourceId: source.id, reference: reference!, shortTitle: shortTitle!, fullText: fullText!, supportingBodyIds: [], themes: ['тема'], priority: false, confidence: 'unverified' },
      editor.id,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
  }
});
afterAll(() => ctx.close());

// ---------------------------------------------------------------- helpers

function upload(agent: Agent, csrf: string, content: string | Buffer, fileName = 'import.csv') {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return agent.post('/import/preview').field('_csrf', csrf).attach('file', bytes, fileName);
}

function toCsv(rows: Record<string, string>[], headers = Object.keys(rows[0]!)): string {
  return stringify(rows, { header: true, columns: headers, record_delimiter: '\r\n', quote_record_delimiter: true, bom: true });
}

async function exportCsv(agent: Agent): Promise<string> {
  const { res, text } = await download(agent, '/reports/progress.csv');
  expect(res.status).toBe(200);
  return text;
}

function rowsOf(text: string): Record<string, string>[] {
  return parse(text, { bom: true, columns: true, relax_quotes: false, relax_column_count: false }) as Record<string, string>[];
}

/** Uploads a valid file and follows its preview; returns the stored import's id and the preview page. */
async function preview(content: string | Buffer, fileName = 'import.csv', who = editor) {
  const res = await upload(who.agent, who.csrf, content, fileName);
  expect(res.status).toBe(303);
  const location = res.headers.location as string;
  expect(location).toMatch(/^\/import\?id=\d+$/);
  const page = await who.agent.get(location);
  expect(page.status).toBe(200);
  return { importId: Number(location.split('=')[1]), page: page.text };
}

function confirm(importId: number | string, who = editor) {
  return who.agent.post('/import/confirm').type('form').send({ _csrf: who.csrf, import_id: String(importId) });
}

/** Everything an import could touch, to show that it did or did not change. */
function snapshot() {
  return {
    recommendations: ctx.db.select().from(recommendations).orderBy(asc(recommendations.id)).all(),
    links: ctx.db.select().from(recommendationBodies).all().length,
    themeLinks: ctx.db.select().from(recommendationThemes).all().length,
    themes: ctx.db.select().from(themes).all().length,
    bodies: ctx.db.select().from(bodies).all().length,
    mechanisms: ctx.db.select().from(mechanisms).all().length,
    history: ctx.db.select().from(statusHistory).all().length,
    notes: ctx.db.select().from(evidenceNotes).all().length,
  };
}

const storedImports = () => ctx.db.select({ n: count() }).from(imports).get()!.n;

/** The problem rows of a preview page, as [row, column, reason]. */
function problemsOf(html: string): [string, string, string][] {
  return [...html.matchAll(/<tr><td class="num">(\d+)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => [m[1]!, m[2]!, m[3]!]);
}

const firstSource = () => ctx.db.select().from(sources).orderBy(asc(sources.id)).get()!;

// ---------------------------------------------------------------- tests

describe('Import: the upload page and who may use it', () => {
  test('When an editor opens the import page, then it shows a multipart form with a labelled file input, the token, and every column explained', async () => {
    const res = await editor.agent.get('/import');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<form class="stack" method="post" action="/import/preview" enctype="multipart/form-data">');
    expect(res.text).toContain('<label for="import-file">CSV file');
    expect(res.text).toMatch(/<input id="import-file" name="file" type="file"/);
    expect(res.text).toMatch(/name="_csrf" value="[^"]+"[\s\S]*id="import-file"/);
    for (const header of Object.values(COLUMNS)) expect(res.text).toContain(`<code>${header}</code>`);
  });

  test('When an editor views the list, then it links to the import; a viewer sees no such link', async () => {
    expect((await editor.agent.get('/recommendations')).text).toContain('<a class="button secondary" href="/import">Import CSV</a>');
    const viewer = await signInAs(ctx, 'viewer');
    expect((await viewer.agent.get('/recommendations')).text).not.toContain('href="/import"');
  });

  test('When a viewer tries any import route, then it is refused with 403 and nothing is stored', async () => {
    const viewer = await signInAs(ctx, 'viewer');
    const before = storedImports();
    expect((await viewer.agent.get('/import')).status).toBe(403);
    const up = await upload(viewer.agent, viewer.csrf, 'Source,Reference,Short title,Full text\r\nX,1,T,F\r\n');
    expect(up.status).toBe(403);
    expect((await confirm(1, { ...viewer, id: viewer.user.id, email: viewer.user.email })).status).toBe(403);
    expect(storedImports()).toBe(before);
  });
});

describe('Import: files that cannot be read', () => {
  const header = 'Source,Reference,Short title,Full text\r\n';

  test.each([
    ['a file with unknown columns', Buffer.from(`${header.trim()},Colour,Notes\r\nS,1,T,F,red,x\r\n`), 422, 'The file has columns this tracker does not know: “Colour”, “Notes”.'],
    ['a Latin-1 file (not UTF-8)', Buffer.from(`${header}S,1,Caf\xe9 cr\xe8me,F\r\n`, 'latin1'), 422, 'The file is not in UTF-8'],
    ['a UTF-16 file', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(header, 'utf16le')]), 422, 'The file is saved as UTF-16'],
    ['a spreadsheet workbook', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 1)]), 422, 'This is not a CSV file'],
    ['plain text', Buffer.from('Dear colleagues,\nplease find the list attached.\n'), 422, 'does not name any column this tracker knows'],
    ['a CSV with a broken quote', Buffer.from(`${header}S,1,"Title "with" quotes",F\r\n`), 422, 'The file is not valid CSV near line 2'],
    ['a CSV with a row of too many cells', Buffer.from(`${header}S,1,T,F,extra\r\n`), 422, 'Row 2 does not have the same number of cells as the header row.'],
    ['a CSV without a required column', Buffer.from('Source,Short title\r\nS,T\r\n'), 422, 'The file lacks these required columns: Reference.'],
    ['a CSV with only a header', Buffer.from(header), 422, 'The file has column names but no rows to import.'],
    ['an empty file', Buffer.alloc(0), 422, 'The file is empty.'],
  ])('When the upload is %s, then the form comes back with a clear message and nothing is stored', async (_name, bytes, status, message) => {
    const before = storedImports();
    const res = await upload(editor.agent, editor.csrf, bytes);
    expect(res.status).toBe(status);
    expect(res.text).toContain(esc(message));
    expect(res.text).toContain('enctype="multipart/form-data"');
    expect(storedImports()).toBe(before);
  });

  test('When the file is larger than 2 MB, then the answer is 413 with the limit named', async () => {
    const res = await upload(editor.agent, editor.csrf, Buffer.alloc(2 * 1024 * 1024 + 1, 'a'));
    expect(res.status).toBe(413);
    expect(res.text).toContain('The file is larger than 2 MB.');
  });

  test('When the form is sent without a file, then it asks for one', async () => {
    const res = await editor.agent.post('/import/preview').field('_csrf', editor.csrf);
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose a CSV file to upload.');
  });

  test('When the file has a byte-order mark and semicolons between cells, then it is read', async () => {
    const source = firstSource();
    const { page } = await preview(`\uFEFFSource;Reference;Short title;Full text\r\n"${source.title.replace(/"/g, '""')}";BOM-1;Title;Text\r\n`);
    expect(page).toContain('<strong>1</strong> to create');
  });

  test('When a column without a name has a value in some row, then it is an unknown column and nothing is stored', async () => {
    const before = storedImports();
    const res = await upload(editor.agent, editor.csrf, `${header.trim()},,\r\nS,1,T,F,,\r\nS,2,T,F,,oops\r\n`);
    expect(res.status).toBe(422);
    expect(res.text).toContain(esc('The file has columns this tracker does not know: “”.'));
    expect(storedImports()).toBe(before);
  });

  test('When the file has many unknown columns, then the message names the first twenty and counts the rest', async () => {
    const names = Array.from({ length: 1234 }, (_, i) => `Colour ${i + 1}`);
    const res = await upload(editor.agent, editor.csrf, `${header.trim()},${names.join(',')}\r\n`);
    expect(res.status).toBe(422);
    const listed = names.slice(0, 20).map((n) => `“${n}”`).join(', ');
    expect(res.text).toContain(esc(`The file has columns this tracker does not know: ${listed} and 1,214 more. Remove or rename them`));
  });

  test('When the first row has more cells than a spreadsheet has columns, then the file is refused without reading further', async () => {
    const res = await upload(editor.agent, editor.csrf, `${header.trim()}${','.repeat(20_000)}\r\nS,1,T,F\r\n`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('The first row has 20,004 cells, more than a spreadsheet saves (16,384 columns)');
  });

  test('When a spreadsheet saved empty, unnamed columns after the last one, then they are ignored', async () => {
    const source = firstSource();
    const { page } = await preview(`Source,Reference,Short title,Full text,,\r\n"${source.title.replace(/"/g, '""')}",BLANK-1,Title,Text,,\r\n`);
    expect(page).toContain('<strong>1</strong> to create');
  });
});

describe('Import: the preview', () => {
  test('When rows are not valid, then every problem is listed by row, column and reason, and nothing is stored', async () => {
    const source = firstSource().title;
    const future = `${Number(today().slice(0, 4)) + 1}-01-01`;
    const rows = [
      { ID: '', Source: source, Reference: 'E-1', 'Short title': 'Valid row', 'Full text': 'Text', Status: '', 'Status since': '', Priority: '', Owner: '' },
      { ID: '', Source: source, Reference: 'E-2', 'Short title': 'Bad status', 'Full text': 'Text', Status: 'finished', 'Status since': '', Priority: '', Owner: '' },
      { ID: '', Source: source, Reference: 'E-3', 'Short title': 'Bad date', 'Full text': 'Text', Status: 'stalled', 'Status since': '2024-02-30', Priority: '', Owner: '' },
      { ID: '', Source: source, Reference: 'E-4', 'Short title': '', 'Full text': 'Text', Status: '', 'Status since': '', Priority: '', Owner: '' },
      { ID: '', Source: 'A publication nobody entered', Reference: 'E-5', 'Short title': 'T', 'Full text': 'Text', Status: '', 'Status since': '', Priority: '', Owner: '' },
      { ID: '999999', Source: source, Reference: 'E-6', 'Short title': 'T', 'Full text': 'Text', Status: '', 'Status since': '', Priority: '', Owner: '' },
      { ID: '', Source: source, Reference: 'E-7', 'Short title': 'T', 'Full text': 'Text', Status: '', 'Status since': '', Priority: 'maybe', Owner: '' },
      { ID: '', Source: source, Reference: 'e-1', 'Short title': 'Same as row 2', 'Full text': 'Text', Status: '', 'Status since': '', Priority: '', Owner: '' },
      { ID: '', Source: source, Reference: 'E-9', 'Short title': 'T', 'Full text': 'Text', Status: '', 'Status since': '', Priority: '', Owner: 'Nobody Known' },
      { ID: '', Source: source, Reference: 'E-10', 'Short title': 'T', 'Full text': 'Text', Status: 'in_progress', 'Status since': future, Priority: '', Owner: '' },
      { ID: '', Source: source, Reference: 'E-11', 'Short title': 'No text', 'Full text': '', Status: '', 'Status since': '', Priority: '', Owner: '' },
    ];
    const before = snapshot();
    const storedBefore = storedImports();
    const res = await upload(editor.agent, editor.csrf, toCsv(rows), 'errors.csv');
    expect(res.status).toBe(422);
    expect(res.text).toContain('The file has 10 problems. Nothing was imported');
    expect(problemsOf(res.text)).toEqual([
      ['3', 'Status', esc('Use one of: not_assessed, no_action, under_consideration, in_progress, stalled, partially_implemented, implemented, not_implemented, superseded.')],
      ['4', 'Status since', 'Enter a date as YYYY-MM-DD.'],
      ['5', 'Short title', 'This field is required.'],
      ['6', 'Source', esc('No source publication has this title. An administrator adds publications under Admin › Sources.')],
      ['7', 'ID', 'No recommendation has this ID. Leave the ID empty to create a new recommendation.'],
      ['8', 'Priority', 'Enter yes or no.'],
      ['9', 'Reference', 'Row 2 already imports this recommendation.'],
      ['10', 'Owner', 'No active editor or administrator has this name or email.'],
      ['11', 'Status since', 'The date cannot be in the future.'],
      ['12', 'Full text', 'This field is required.'],
    ]);
    expect(res.text).not.toContain('action="/import/confirm"');
    expect(storedImports()).toBe(storedBefore);
    expect(snapshot()).toEqual(before);
  });
});

describe('Import: many problems', () => {
  test('When a file has more than a hundred problems, then the first hundred are listed in file order and the rest counted', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => ({ Source: 'A publication nobody entered', Reference: `MANY-${i}`, 'Short title': 'T', 'Full text': 'Text' }));
    const storedBefore = storedImports();
    const res = await upload(editor.agent, editor.csrf, toCsv(rows), 'many.csv');
    expect(res.status).toBe(422);
    expect(res.text).toContain('The file has 150 problems. Nothing was imported');
    const listed = problemsOf(res.text);
    expect(listed).toHaveLength(100);
    expect(listed[0]).toEqual(['2', 'Source', esc('No source publication has this title. An administrator adds publications under Admin › Sources.')]);
    expect(listed[99]![0]).toBe('101');
    expect(res.text).toContain('…and 50 more problems, not listed: correct those above and upload the file again to see them.');
    expect(storedImports()).toBe(storedBefore);
  });
});

describe('Import: a long preview', () => {
  test('When a file creates 250 recommendations and names 230 new bodies and mechanisms, then the preview lists the first 200 of each, counts the rest and the figures count every row', async () => {
    const source = firstSource().title;
    const rows = Array.from({ length: 250 }, (_, i) => ({
      Source: source,
      Reference: `LONG-${i}`,
      'Short title': `Long preview ${i}`,
      'Full text': 'Text',
      Mechanism: `Long mechanism ${i % 230}`,
      'Supporting bodies': `Long body ${i % 230}`,
    }));
    const { page } = await preview(toCsv(rows), 'long.csv');
    expect(page).toContain('<strong>250</strong> to create');
    expect(page.match(/<tr id="import-row-\d+">/g)).toHaveLength(200);
    expect(page).toContain('<tr id="import-row-201">');
    expect(page).not.toContain('<tr id="import-row-202">');
    expect(page).toContain('…and 50 more rows that create or change a recommendation, not listed here; the figures above count every row.');
    expect(page.match(/…and 30 more, not listed here\./g)).toHaveLength(2);
    expect(page).toContain('<button type="submit">Import: create 250, update 0</button>');
  });
});

describe('Import: applying a file', () => {
  let applied: { file: string; newId: number; byReferenceId: number };

  test('When an edited export is previewed, then the preview lists what will be created and updated, the new bodies and mechanisms, and nothing is written yet', async () => {
    const rows = rowsOf(await exportCsv(editor.agent));
    const near = rows.find((r) => Number(r.ID) === nearId)!;
    near['Short title'] = 'Create a NEAR commission on cross-border cooperation (revised)';
    near.Status = 'Under consideration';
    near['Status since'] = '2025-02-01';
    const byReference = rows.find((r) => r.Reference === 'T-1')!;
    byReference.ID = '';
    byReference['Target date'] = '2030-06-30';
    const existingBody = ctx.db.select().from(bodies).orderBy(asc(bodies.id)).get()!;
    rows.push({
      ...Object.fromEntries(Object.keys(rows[0]!).map((k) => [k, ''])),
      Source: near.Source!,
      Reference: 'IMP-1',
      'Short title': 'Создать совместный фонд приграничных проектов',
      'Full text': '设立跨境项目联合基金，\r\n并"定期"评估。',
      Mechanism: 'Новый механизм, "пилот"',
      'Lead body': 'Новое ведомство',
      'Supporting bodies': `${existingBody.name}; 新机构`,
      Themes: 'trade, Новая тема',
      Status: 'in_progress',
      'Status since': '2025-03-01',
      Confidence: 'likely',
      Priority: 'yes',
      'Target date': '2027-01-01',
      Owner: editor.email,
    });
    const file = toCsv(rows);
    const before = snapshot();
    const { importId, page } = await preview(file, 'правки.csv');
    expect(page).toContain('правки.csv');
    expect(page).toContain('<strong>1</strong> to create');
    expect(page).toContain('<strong>2</strong> to update');
    expect(page).toContain(`<strong>${rows.length - 3}</strong> unchanged`);
    expect(page).toContain('<ul class="new-bodies"><li>Новое ведомство</li><li>新机构</li></ul>');
    expect(page).toContain(`<ul class="new-mechanisms"><li>${esc('Новый механизм, "пилот"')}</li></ul>`);
    expect(page).toContain('created as kind “Association”, country “unspecified”');
    expect(page).toContain('created as kind “Programme”, lifecycle “Proposed”');
    expect(page).toContain('Short title, Status<br>Status: Not yet assessed → Under consideration, effective Feb 1, 2025');
    expect(page).toContain('Target date');
    expect(page).toContain(`<input type="hidden" name="import_id" value="${importId}">`);
    expect(snapshot()).toEqual(before);

    const res = await confirm(importId);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/recommendations');
    expect((await editor.agent.get('/recommendations')).text).toContain('The import was saved.');
    expect(ctx.db.select().from(imports).where(eq(imports.id, importId)).get()).toBeUndefined();

    const created = ctx.db.select().from(recommendations).where(eq(recommendations.reference, 'IMP-1')).get()!;
    expect(created).toMatchObject({
      shortTitle: 'Создать совместный фонд приграничных проектов',
      fullText: '设立跨境项目联合基金，\r\n并"定期"评估。',
      status: 'in_progress',
      statusSince: '2025-03-01',
      confidence: 'likely',
      priority: true,
      targetDate: '2027-01-01',
      ownerId: editor.id,
      updatedBy: editor.id,
    });
    const mechanism = ctx.db.select().from(mechanisms).where(eq(mechanisms.id, created.mechanismId!)).get()!;
    expect(mechanism).toMatchObject({ name: 'Новый механизм, "пилот"', kind: 'programme', lifecycle: 'proposed' });
    const links = ctx.db
      .select({ name: bodies.name, role: recommendationBodies.role, kind: bodies.kind, country: bodies.country })
      .from(recommendationBodies)
      .innerJoin(bodies, eq(bodies.id, recommendationBodies.bodyId))
      .where(eq(recommendationBodies.recommendationId, created.id))
      .all();
    expect(links).toEqual(
      expect.arrayContaining([
        { name: 'Новое ведомство', role: 'lead', kind: 'association', country: 'unspecified' },
        { name: '新机构', role: 'supporting', kind: 'association', country: 'unspecified' },
        expect.objectContaining({ name: existingBody.name, role: 'supporting' }),
      ]),
    );
    const themeNames = ctx.db
      .select({ name: themes.name })
      .from(recommendationThemes)
      .innerJoin(themes, eq(themes.id, recommendationThemes.themeId))
      .where(eq(recommendationThemes.recommendationId, created.id))
      .all()
      .map((x) => x.name);
    expect(themeNames.sort()).toEqual(['trade', 'новая тема']);
    const createdHistory = ctx.db.select().from(statusHistory).where(eq(statusHistory.recommendationId, created.id)).all();
    expect(createdHistory).toEqual([
      expect.objectContaining({ fromStatus: 'not_assessed', toStatus: 'in_progress', effectiveOn: '2025-03-01', rationale: 'Imported from правки.csv', recordedBy: editor.id }),
    ]);

    const nearNow = ctx.db.select().from(recommendations).where(eq(recommendations.id, nearId)).get()!;
    const nearBefore = before.recommendations.find((r) => r.id === nearId)!;
    expect(nearNow).toMatchObject({ shortTitle: 'Create a NEAR commission on cross-border cooperation (revised)', status: 'under_consideration', statusSince: '2025-02-01' });
    expect(nearNow.version).toBe(nearBefore.version + 2); // the fields, then the status
    const nearHistory = ctx.db.select().from(statusHistory).where(eq(statusHistory.recommendationId, nearId)).all();
    expect(nearHistory[nearHistory.length - 1]).toMatchObject({ toStatus: 'under_consideration', rationale: 'Imported from правки.csv' });

    const t1 = ctx.db.select().from(recommendations).where(eq(recommendations.reference, 'T-1')).get()!;
    expect(t1.targetDate).toBe('2030-06-30');

    // Every other recommendation is untouched.
    const after = snapshot();
    const touched = new Set([nearId, t1.id, created.id]);
    expect(after.recommendations.filter((r) => !touched.has(r.id))).toEqual(before.recommendations.filter((r) => !touched.has(r.id)));
    expect(after.history).toBe(before.history + 2);
    expect(after.bodies).toBe(before.bodies + 2);
    expect(after.mechanisms).toBe(before.mechanisms + 1);
    applied = { file, newId: created.id, byReferenceId: t1.id };
  });

  test('When the same file is imported again, then the preview has nothing to do and confirming changes nothing', async () => {
    expect(applied).toBeDefined();
    const before = snapshot();
    const { importId, page } = await preview(applied.file, 'правки.csv');
    expect(page).toContain('<strong>0</strong> to create');
    expect(page).toContain('<strong>0</strong> to update');
    expect(page).toContain('there is nothing to import');
    expect(page).not.toContain('action="/import/confirm"');
    const res = await confirm(importId);
    expect(res.status).toBe(303);
    expect(snapshot()).toEqual(before);
  });

  test('When an export is imported back unchanged, then nothing changes: no new versions, no history, no new names', async () => {
    const before = snapshot();
    const exported = await exportCsv(editor.agent);
    const { importId, page } = await preview(exported, 'export.csv');
    expect(page).toContain('<strong>0</strong> to create');
    expect(page).toContain('<strong>0</strong> to update');
    expect(page).toContain(`<strong>${before.recommendations.length}</strong> unchanged`);
    expect((await confirm(importId)).status).toBe(303);
    expect(snapshot()).toEqual(before);
    // And the tricky cells survived the trip.
    const rows = rowsOf(await exportCsv(editor.agent));
    expect(rows.find((r) => r.Reference === 'T-1')!['Short title']).toBe("'=1+2 is not a formula");
    expect(rows.find((r) => r.Reference === 'T-3')!['Short title']).toBe("''=already quoted");
  });

  test('When an export’s uptake and mechanism-activity columns are edited, then the import ignores them: nothing to update', async () => {
    const before = snapshot();
    const rows = rowsOf(await exportCsv(editor.agent));
    const edited = { 'Uptake confidence': 'confirmed', 'Uptake document': 'A decree', 'Uptake document URL': 'https://example.org/decree', 'Mechanism dormant': 'yes', 'Mechanism last meeting': '2020-01-01' };
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(Object.keys(edited)));
    const { page } = await preview(toCsv(rows.map((row) => ({ ...row, ...edited }))), 'edited.csv');
    expect(page).toContain('<strong>0</strong> to update');
    expect(page).toContain(`<strong>${before.recommendations.length}</strong> unchanged`);
  });

  test('When the file leaves columns out, then those fields keep what the tracker has', async () => {
    const before = ctx.db.select().from(recommendations).where(eq(recommendations.id, applied.newId)).get()!;
    const source = ctx.db.select().from(sources).where(eq(sources.id, before.sourceId)).get()!;
    const { importId, page } = await preview(toCsv([{ ID: String(applied.newId), Source: source.title, Reference: 'IMP-1', 'Short title': 'Shorter title' }]));
    expect(page).toContain('<strong>1</strong> to update');
    expect((await confirm(importId)).status).toBe(303);
    const after = ctx.db.select().from(recommendations).where(eq(recommendations.id, applied.newId)).get()!;
    expect(after).toEqual({ ...before, shortTitle: 'Shorter title', version: before.version + 1, updatedAt: after.updatedAt });
    expect(ctx.db.select().from(recommendationBodies).where(eq(recommendationBodies.recommendationId, applied.newId)).all()).toHaveLength(3);
  });
});

describe('Import: all or nothing', () => {
  test('When a write fails midway through the confirmation, then nothing of the file is saved and the upload can be confirmed later', async () => {
    const rows = rowsOf(await exportCsv(editor.agent));
    const first = rows[0]!;
    first['Short title'] = `${first['Short title']} (edited before the failure)`;
    const blank = Object.fromEntries(Object.keys(first).map((k) => [k, '']));
    rows.push({ ...blank, Source: first.Source!, Reference: 'OK-1', 'Short title': 'Created before the failure', 'Full text': 'x', 'Lead body': 'A body that must not stay' });
    rows.push({ ...blank, Source: first.Source!, Reference: 'BOOM', 'Short title': 'Fails on insert', 'Full text': 'x' });
    const { importId } = await preview(toCsv(rows), 'boom.csv');
    const before = snapshot();
    ctx.sqlite.exec(`CREATE TRIGGER boom BEFORE INSERT ON recommendations WHEN NEW.reference = 'BOOM' BEGIN SELECT RAISE(ABORT, 'forced failure'); END`);
    try {
      const res = await confirm(importId);
      expect(res.status).toBe(500);
      expect(res.text).toContain('Nothing was half-saved');
    } finally {
      ctx.sqlite.exec('DROP TRIGGER boom');
    }
    expect(snapshot()).toEqual(before);
    expect(ctx.db.select().from(bodies).where(eq(bodies.name, 'A body that must not stay')).get()).toBeUndefined();
    expect(ctx.db.select().from(imports).where(eq(imports.id, importId)).get()).toBeDefined();

    expect((await confirm(importId)).status).toBe(303);
    expect(ctx.db.select().from(recommendations).where(eq(recommendations.reference, 'BOOM')).get()).toBeDefined();
    expect(ctx.db.select().from(recommendations).where(eq(recommendations.id, Number(first.ID))).get()!.shortTitle).toBe(first['Short title']);
  });

  test('When the services refuse a row while applying, then the preview comes back with the reason at its row and nothing is saved', async () => {
    const child = ctx.db.select().from(recommendations).all().find((r) => r.parentId !== null)!;
    const childSource = ctx.db.select().from(sources).where(eq(sources.id, child.sourceId)).get()!;
    const otherSource = ctx.db.select().from(sources).all().find((s) => s.id !== child.sourceId)!;
    const file = toCsv([
      { ID: '', Source: childSource.title, Reference: 'REFUSED-1', 'Short title': 'Would be created', 'Full text': 'x' },
      { ID: String(child.id), Source: otherSource.title, Reference: child.reference, 'Short title': child.shortTitle, 'Full text': child.fullText },
    ]);
    const { importId } = await preview(file, 'move.csv');
    const before = snapshot();
    const res = await confirm(importId);
    expect(res.status).toBe(422);
    expect(problemsOf(res.text)).toEqual([['3', 'Source', 'The parent must come from the same publication.']]);
    expect(res.text).not.toContain('action="/import/confirm"');
    expect(snapshot()).toEqual(before);
  });
});

describe('Import: confirming', () => {
  const smallFile = () => toCsv([{ Source: firstSource().title, Reference: `ONCE-${Date.now()}`, 'Short title': 'Once', 'Full text': 'x' }]);

  test('When an import is confirmed twice, then the second confirmation finds nothing waiting', async () => {
    const { importId } = await preview(smallFile());
    expect((await confirm(importId)).status).toBe(303);
    const again = await confirm(importId);
    expect(again.status).toBe(404);
    expect(again.text).toContain('This import is no longer waiting');
  });

  test('When another editor tries to see or confirm someone’s upload, then it is not found for them', async () => {
    const { importId } = await preview(smallFile());
    const other = await signInAs(ctx, 'editor');
    const who = { agent: other.agent, csrf: other.csrf, id: other.user.id, email: other.user.email };
    expect((await who.agent.get(`/import?id=${importId}`)).status).toBe(404);
    expect((await confirm(importId, who)).status).toBe(404);
    expect(ctx.db.select().from(imports).where(eq(imports.id, importId)).get()).toBeDefined();
  });

  test('When the confirmation names no import, then it is refused as invalid', async () => {
    const res = await editor.agent.post('/import/confirm').type('form').send({ _csrf: editor.csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain('There is nothing to confirm: upload a file first.');
  });
});

describe('Import: record kind', () => {
  async function exportIn(lang: string): Promise<string> {
    return (await download(editor.agent, '/reports/progress.csv', { 'Accept-Language': lang })).text;
  }
  const kindOf = (id: number) => ctx.db.select().from(recommendations).where(eq(recommendations.id, id)).get()!.kind;

  test('When an export carries kinds other than recommendation, then it imports back unchanged', async () => {
    const exported = await exportCsv(editor.agent);
    const kinds = new Set(rowsOf(exported).map((r) => r['Record kind']));
    expect(kinds).toEqual(new Set(ctx.db.select().from(recommendations).all().map((r) => r.kind)));
    expect(kinds.has('stated_position')).toBe(true);
    const before = snapshot();
    const { page } = await preview(exported, 'export.csv');
    expect(page).toContain('<strong>0</strong> to update');
    expect(page).toContain('there is nothing to import');
    expect(snapshot()).toEqual(before);
  });

  test('When a file with Russian headers names kinds by key and by label in Russian and Chinese, then each record takes its kind, and the change is logged', async () => {
    const rows = rowsOf(await exportIn('ru'));
    const [header, id] = ['Вид записи', columnHeader('id', 'ru')];
    expect(Object.keys(rows[0]!)).toContain(header);
    const targets = rows.filter((r) => r[header] === 'recommendation').slice(0, 3);
    targets[0]![header] = 'Заявленная позиция';
    targets[1]![header] = '据报开展的活动';
    targets[2]![header] = 'commitment';
    const { importId, page } = await preview(toCsv(rows), 'виды.csv');
    expect(page).toContain('<strong>3</strong> to update');
    expect(page).toContain('Record kind');
    expect((await confirm(importId)).status).toBe(303);
    expect(targets.map((r) => kindOf(Number(r[id])))).toEqual(['stated_position', 'reported_activity', 'commitment']);
    const logged = ctx.db.select().from(recommendationChanges).where(eq(recommendationChanges.recommendationId, Number(targets[0]![id]))).all();
    expect(logged.map((c) => [c.field, c.oldValue, c.newValue, c.reason])).toEqual([['kind', 'recommendation', 'stated_position', 'Imported from виды.csv']]);
  });

  test('When a kind is not one of the kinds, then the preview lists the row under Record kind and nothing is imported', async () => {
    const source = firstSource().title;
    const rows = [
      { Source: source, Reference: 'K-1', 'Short title': 'Fine', 'Full text': 'Text', 'Record kind': 'Stated position' },
      { Source: source, Reference: 'K-2', 'Short title': 'Not a kind', 'Full text': 'Text', 'Record kind': 'proposal' },
    ];
    const before = snapshot();
    const res = await upload(editor.agent, editor.csrf, toCsv(rows), 'kinds.csv');
    expect(res.status).toBe(422);
    expect(problemsOf(res.text)).toEqual([['3', 'Record kind', esc('Use one of: recommendation, commitment, stated_position, reported_activity.')]]);
    expect(snapshot()).toEqual(before);
  });

  test('When new records are imported, then a kind given is kept and an empty one makes a recommendation', async () => {
    const source = firstSource().title;
    const rows = [
      { Source: source, Reference: 'K-NEW-1', 'Short title': 'A reported commitment', 'Full text': 'Text', 'Record kind': 'Commitment reported' },
      { Source: source, Reference: 'K-NEW-2', 'Short title': 'A proposal', 'Full text': 'Text', 'Record kind': '' },
    ];
    const { importId, page } = await preview(toCsv(rows), 'new-kinds.csv');
    expect(page).toContain('<strong>2</strong> to create');
    expect((await confirm(importId)).status).toBe(303);
    const byReference = (reference: string) => ctx.db.select().from(recommendations).where(eq(recommendations.reference, reference)).get()!.kind;
    expect([byReference('K-NEW-1'), byReference('K-NEW-2')]).toEqual(['commitment', 'recommendation']);
  });
});
