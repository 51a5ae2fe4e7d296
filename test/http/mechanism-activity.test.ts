import { and, count, eq } from 'drizzle-orm';
import { bodies, evidenceNotes, mechanismBodies, mechanismLifecycleChanges, mechanismMeetingBodies, mechanismMeetings, mechanisms, recommendations, sources, statusHistory } from '../../server/db/schema';
import { daysBefore, today } from '../../server/lib/dates';
import { t } from '../../server/lib/i18n';
import { createTestContext, esc, postForm, signInAs, type Agent, type FormValues, type TestContext } from '../helpers';

/**
 * A mechanism's activity: meetings (with the evidence they give recommendations), its expected cadence, its dated
 * lifecycle and the dormant flag on its page, the mechanisms list and the board.
 */

let ctx: TestContext;
let editor: { agent: Agent; csrf: string; user: { id: number; name: string } };
let viewer: { agent: Agent; csrf: string; user: { id: number; name: string } };
let admin: { agent: Agent; csrf: string; user: { id: number; name: string } };

const COUNCIL = 'Cooperation Council of the Regions of the Russian Far East and the Northeast of the People’s Republic of China';

beforeAll(async () => {
  ctx = await createTestContext({ seed: true, app: { dormantGraceDays: 90 } });
  editor = await signInAs(ctx, 'editor');
  viewer = await signInAs(ctx, 'viewer');
  admin = await signInAs(ctx, 'admin');
});
afterAll(() => ctx.close());

const council = () => ctx.db.select().from(mechanisms).where(eq(mechanisms.name, COUNCIL)).get()!;
const petrovsky52 = () =>
  ctx.db
    .select({ id: recommendations.id, version: recommendations.version })
    .from(recommendations)
    .innerJoin(sources, eq(sources.id, recommendations.sourceId))
    .where(and(eq(recommendations.reference, '5.2'), eq(sources.publishedOn, '2016-09')))
    .get()!;
const meetingsOf = (mechanismId: number) => ctx.db.select().from(mechanismMeetings).where(eq(mechanismMeetings.mechanismId, mechanismId)).all();
const notesOfMeeting = (meetingId: number) => ctx.db.select().from(evidenceNotes).where(eq(evidenceNotes.meetingId, meetingId)).all();

function meetingForm(values: FormValues = {}): FormValues {
  return {
    _csrf: editor.csrf,
    held_on: daysBefore(today(), 30),
    place: 'Vladivostok',
    level: 'regional_governors',
    participants: 'Governors of the Far Eastern regions; heads of the Northeast provinces',
    outcome: 'The Council agreed a joint work plan for cross-border projects.',
    documents: 'Joint work plan',
    source_url: 'https://example.org/council-session',
    source_title: 'Council session record',
    ...values,
  };
}

describe('Meetings of a mechanism', () => {
  test('When an editor opens a mechanism, then "Record a meeting" leads to a form with the labelled fields; a viewer sees no such button', async () => {
    const page = await editor.agent.get(`/mechanisms/${council().id}`);
    expect(page.text).toContain(`href="/mechanisms/${council().id}/meetings/new">Record a meeting</a>`);
    const form = await editor.agent.get(`/mechanisms/${council().id}/meetings/new`);
    expect(form.status).toBe(200);
    for (const label of ['Meeting date', 'Place', 'Level', 'Participants', 'Outcome', 'Source URL', 'Documents adopted', 'Evidence for recommendations']) expect(form.text).toContain(label);
    // The recommendations of this mechanism are offered as what the meeting is evidence for.
    expect(form.text).toContain(`value="${petrovsky52().id}"`);

    const asViewer = await viewer.agent.get(`/mechanisms/${council().id}`);
    expect(asViewer.text).not.toContain('Record a meeting');
    expect((await viewer.agent.get(`/mechanisms/${council().id}/meetings/new`)).status).toBe(403);
    const refused = await postForm(viewer.agent, `/mechanisms/${council().id}/meetings`, meetingForm({ _csrf: viewer.csrf }));
    expect(refused.status).toBe(403);
    expect(meetingsOf(council().id)).toHaveLength(0);
  });

  test('When an editor records a meeting linked to Petrovsky 5.2, then it is on the timeline and 5.2 shows it as evidence', async () => {
    const before = petrovsky52();
    const saved = await postForm(editor.agent, `/mechanisms/${council().id}/meetings`, meetingForm({ recommendation_ids: String(before.id) }));
    expect(saved.status).toBe(303);
    const [meeting] = meetingsOf(council().id);
    expect(meeting).toMatchObject({ place: 'Vladivostok', level: 'regional_governors', recordedBy: editor.user.id });
    expect(saved.headers.location).toBe(`/mechanisms/${council().id}#meeting-${meeting!.id}`);

    const notes = notesOfMeeting(meeting!.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ recommendationId: before.id, observedOn: meeting!.heldOn, sourceKind: 'meeting_record', text: meeting!.outcome });
    // The recommendation gets a new version, as with any evidence note.
    expect(petrovsky52().version).toBe(before.version + 1);

    const page = await editor.agent.get(`/mechanisms/${council().id}`);
    expect(page.text).toContain(`id="meeting-${meeting!.id}"`);
    expect(page.text).toContain('The Council agreed a joint work plan');
    expect(page.text).toContain('Regional governors');
    expect(page.text).toContain(`href="/recommendations/${before.id}"`);

    const detail = await editor.agent.get(`/recommendations/${before.id}`);
    expect(detail.text).toContain('The Council agreed a joint work plan');
    expect(detail.text).toContain(`href="/mechanisms/${council().id}#meeting-${meeting!.id}"`);
  });

  test('When the form is invalid, then it answers 422 with messages by the fields and writes nothing', async () => {
    const before = meetingsOf(council().id).length;
    const cases: [FormValues, string, string][] = [
      [{ held_on: '' }, 'held_on', t('validation.required')],
      [{ held_on: '2024-02-30' }, 'held_on', t('validation.date')],
      [{ held_on: '2999-01-01' }, 'held_on', t('validation.not_in_future')],
      [{ outcome: '   ' }, 'outcome', t('validation.required')],
      [{ source_url: 'javascript:alert(1)' }, 'source_url', t('validation.http_url')],
      [{ level: 'emperors' }, 'level', t('validation.invalid_choice')],
    ];
    for (const [values, field, message] of cases) {
      const res = await postForm(editor.agent, `/mechanisms/${council().id}/meetings`, meetingForm(values));
      expect(res.status).toBe(422);
      expect(res.text).toContain(`id="${field}-error"`);
      expect(res.text).toContain(esc(message));
    }
    // A recommendation of another mechanism cannot take this mechanism's meeting as evidence.
    const other = ctx.db.select({ id: recommendations.id }).from(recommendations).where(eq(recommendations.reference, '5.4')).get()!;
    const foreign = await postForm(editor.agent, `/mechanisms/${council().id}/meetings`, meetingForm({ recommendation_ids: String(other.id) }));
    expect(foreign.status).toBe(422);
    expect(foreign.text).toContain(esc(t('meetings.errors.other_mechanism')));
    expect(meetingsOf(council().id)).toHaveLength(before);
  });

  test('When an editor corrects a meeting and unlinks 5.2, then the meeting changes and 5.2 loses its evidence note', async () => {
    const [meeting] = meetingsOf(council().id);
    const edit = await editor.agent.get(`/mechanisms/${council().id}/meetings/${meeting!.id}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain('value="Vladivostok"');
    expect(edit.text).toMatch(new RegExp(`value="${petrovsky52().id}" checked`));

    const relinked = await postForm(editor.agent, `/mechanisms/${council().id}/meetings/${meeting!.id}`, meetingForm({ place: 'Harbin', recommendation_ids: String(petrovsky52().id) }));
    expect(relinked.status).toBe(303);
    expect(meetingsOf(council().id)[0]!.place).toBe('Harbin');
    expect(notesOfMeeting(meeting!.id)).toHaveLength(1);

    const unlinked = await postForm(editor.agent, `/mechanisms/${council().id}/meetings/${meeting!.id}`, meetingForm({ place: 'Harbin' }));
    expect(unlinked.status).toBe(303);
    expect(notesOfMeeting(meeting!.id)).toHaveLength(0);
  });

  test('When an editor names the mechanism\'s participating bodies that took part, then the meeting links them, its timeline entry names them, and a body outside the mechanism is refused by the field', async () => {
    const members = ctx.db.select({ bodyId: mechanismBodies.bodyId }).from(mechanismBodies).where(eq(mechanismBodies.mechanismId, council().id)).all();
    const all = ctx.db.select({ id: bodies.id, name: bodies.name }).from(bodies).orderBy(bodies.id).all();
    // The Council's members as an admin would have entered them: two bodies; a third is not a member.
    for (const body of all.slice(0, 2)) if (!members.some((m) => m.bodyId === body.id)) ctx.tx.insert(mechanismBodies).values({ mechanismId: council().id, bodyId: body.id }).run();
    const memberIds = ctx.db.select({ bodyId: mechanismBodies.bodyId }).from(mechanismBodies).where(eq(mechanismBodies.mechanismId, council().id)).all().map((m) => m.bodyId);
    const [first, second] = memberIds.map((id) => all.find((b) => b.id === id)!);
    const outsider = all.find((b) => !memberIds.includes(b.id))!;

    const form = await editor.agent.get(`/mechanisms/${council().id}/meetings/new`);
    expect(form.text).toContain(`<legend>${esc(t('meetings.bodies'))}</legend>`);
    expect(form.text).toContain(`name="body_ids" value="${first!.id}"`);
    expect(form.text).not.toContain(`name="body_ids" value="${outsider.id}"`);

    const before = meetingsOf(council().id).length;
    const refused = await postForm(editor.agent, `/mechanisms/${council().id}/meetings`, meetingForm({ body_ids: [String(first!.id), String(outsider.id)] }));
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('id="body_ids-error"');
    expect(refused.text).toContain(esc(t('meetings.errors.not_participant')));
    expect(meetingsOf(council().id)).toHaveLength(before);

    const saved = await postForm(editor.agent, `/mechanisms/${council().id}/meetings`, meetingForm({ outcome: 'Members met.', body_ids: String(first!.id) }));
    expect(saved.status).toBe(303);
    const meetingId = Number(/meeting-(\d+)/.exec(saved.headers.location!)![1]);
    const took = () => ctx.db.select({ bodyId: mechanismMeetingBodies.bodyId }).from(mechanismMeetingBodies).where(eq(mechanismMeetingBodies.meetingId, meetingId)).all().map((r) => r.bodyId);
    expect(took()).toEqual([first!.id]);
    const page = (await viewer.agent.get(`/mechanisms/${council().id}`)).text;
    const entry = page.slice(page.indexOf(`id="meeting-${meetingId}"`));
    expect(entry.slice(0, entry.indexOf('</li>'))).toContain(`href="/bodies/${first!.id}"`);

    const edit = await editor.agent.get(`/mechanisms/${council().id}/meetings/${meetingId}/edit`);
    expect(edit.text).toContain(`name="body_ids" value="${first!.id}" checked`);
    expect((await postForm(editor.agent, `/mechanisms/${council().id}/meetings/${meetingId}`, meetingForm({ outcome: 'Members met.', body_ids: String(second!.id) }))).status).toBe(303);
    expect(took()).toEqual([second!.id]);
    await postForm(editor.agent, `/mechanisms/${council().id}/meetings/${meetingId}/delete`, { _csrf: editor.csrf });
    expect(took()).toEqual([]);
  });

  test('When an editor deletes a meeting, then it and its evidence notes are gone; a status change that cited the note keeps its rationale', async () => {
    const saved = await postForm(editor.agent, `/mechanisms/${council().id}/meetings`, meetingForm({ outcome: 'A second session.', recommendation_ids: String(petrovsky52().id) }));
    const meetingId = Number(/meeting-(\d+)/.exec(saved.headers.location!)![1]);
    const [note] = notesOfMeeting(meetingId);
    ctx.tx.insert(statusHistory).values({ recommendationId: petrovsky52().id, fromStatus: 'not_assessed', toStatus: 'in_progress', effectiveOn: today(), recordedBy: editor.user.id, rationale: 'The Council met.', evidenceNoteId: note!.id }).run();

    expect((await postForm(viewer.agent, `/mechanisms/${council().id}/meetings/${meetingId}/delete`, { _csrf: viewer.csrf })).status).toBe(403);
    const deleted = await postForm(editor.agent, `/mechanisms/${council().id}/meetings/${meetingId}/delete`, { _csrf: editor.csrf });
    expect(deleted.status).toBe(303);
    expect(ctx.db.select().from(mechanismMeetings).where(eq(mechanismMeetings.id, meetingId)).get()).toBeUndefined();
    expect(notesOfMeeting(meetingId)).toHaveLength(0);
    expect(ctx.db.select().from(statusHistory).where(eq(statusHistory.rationale, 'The Council met.')).get()).toMatchObject({ evidenceNoteId: null });
    expect((await editor.agent.get(`/mechanisms/${council().id}/meetings/${meetingId}/edit`)).status).toBe(404);
  });
});

describe('A mechanism’s lifecycle', () => {
  test('When the seed is loaded, then the Council’s founding in 2015 is its first lifecycle entry, sourced to Petrovsky, and its year established follows from it', async () => {
    const history = ctx.db.select().from(mechanismLifecycleChanges).where(eq(mechanismLifecycleChanges.mechanismId, council().id)).all();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ stage: 'established', effectiveOn: '2015' });
    expect(history[0]!.sourceTitle).toContain('Strategic Planning of Russia–China Relations');
    expect(council()).toMatchObject({ lifecycle: 'established', yearEstablished: 2015 });
    const page = await viewer.agent.get(`/mechanisms/${council().id}`);
    expect(page.text).toContain(`id="lifecycle-${history[0]!.id}"`);
    expect(page.text).toContain('Lifecycle: Established');
    // No meeting is invented.
    expect(meetingsOf(council().id).filter((m) => m.recordedBy !== editor.user.id)).toHaveLength(0);
  });

  test('When an editor records a lifecycle change, then it is kept as history and the stage follows the latest; deleting it restores the one before', async () => {
    const form = await editor.agent.get(`/mechanisms/${council().id}/lifecycle/new`);
    expect(form.status).toBe(200);
    const invalid = await postForm(editor.agent, `/mechanisms/${council().id}/lifecycle`, { _csrf: editor.csrf, stage: 'active', effective_on: '2016-13', rationale: '' });
    expect(invalid.status).toBe(422);
    expect(invalid.text).toContain(esc(t('validation.partial_date')));
    expect(invalid.text).toContain('id="rationale-error"');
    expect((await postForm(viewer.agent, `/mechanisms/${council().id}/lifecycle`, { _csrf: viewer.csrf, stage: 'active', effective_on: '2016', rationale: 'Met.' })).status).toBe(403);

    const saved = await postForm(editor.agent, `/mechanisms/${council().id}/lifecycle`, { _csrf: editor.csrf, stage: 'dormant', effective_on: '2020-06', rationale: 'No session reported since 2019.', source_url: 'https://example.org/report' });
    expect(saved.status).toBe(303);
    expect(council()).toMatchObject({ lifecycle: 'dormant', yearEstablished: 2015 });

    // An admin's edit form shows the stage and year as following from the history, and saving it keeps them.
    const edit = await admin.agent.get(`/admin/mechanisms/${council().id}/edit`);
    expect(edit.text).toContain(esc(t('lifecycle_changes.derived_hint')));
    expect(edit.text).toContain('Expected cadence');
    const change = ctx.db.select().from(mechanismLifecycleChanges).where(eq(mechanismLifecycleChanges.stage, 'dormant')).get()!;
    const deleted = await postForm(editor.agent, `/mechanisms/${council().id}/lifecycle/${change.id}/delete`, { _csrf: editor.csrf });
    expect(deleted.status).toBe(303);
    expect(council()).toMatchObject({ lifecycle: 'established', yearEstablished: 2015 });
  });
});

describe('Dormant mechanisms', () => {
  async function setCadence(mechanismId: number, cadence: string, overrides: FormValues = {}) {
    const m = ctx.db.select().from(mechanisms).where(eq(mechanisms.id, mechanismId)).get()!;
    return postForm(admin.agent, `/admin/mechanisms/${mechanismId}`, {
      _csrf: admin.csrf,
      name: m.name,
      native_name: m.nativeName ?? '',
      native_language: m.nativeLanguage ?? '',
      kind: m.kind,
      lifecycle: m.lifecycle,
      year_established: m.yearEstablished === null ? '' : String(m.yearEstablished),
      expected_cadence: cadence,
      description: m.description,
      ...overrides,
    });
  }

  test('When an admin sets the Council’s expected cadence to annual and it has not met for over a year and 90 days, then it is flagged on its page, the list and the board', async () => {
    ctx.tx.delete(mechanismMeetings).where(eq(mechanismMeetings.mechanismId, council().id)).run();
    const saved = await setCadence(council().id, 'annual');
    expect(saved.status).toBe(303);
    expect(council().expectedCadence).toBe('annual');
    // Established 2015 and never met: dormant since 2017-03-31.
    const page = await viewer.agent.get(`/mechanisms/${council().id}`);
    expect(page.text).toContain('class="badge badge-dormant"');
    expect(page.text).toContain('No meeting recorded since it was established');

    const list = await viewer.agent.get('/mechanisms?dormant=1');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Mechanisms with no meeting in their cadence');
    expect(list.text).toContain(esc(COUNCIL));
    const others = ctx.db.select({ name: mechanisms.name }).from(mechanisms).where(eq(mechanisms.expectedCadence, 'none')).all();
    for (const other of others) expect(list.text).not.toContain(esc(other.name));

    const board = await viewer.agent.get('/board');
    expect(board.text).toContain(`href="${esc('/mechanisms?dormant=1')}">1 mechanism with no meeting in its cadence</a>`);
    const ru = await viewer.agent.get('/board').set('Accept-Language', 'ru');
    expect(ru.text).toContain('1 механизм без заседаний в ожидаемый срок');
  });

  test('When the board is filtered, then its dormant figure counts only the mechanisms the selected recommendations name, and links to exactly those', async () => {
    const councilId = council().id;
    const petrovsky = ctx.db.select({ id: sources.id }).from(sources).where(eq(sources.publishedOn, '2016-09')).get()!.id;
    const namingCouncil = ctx.db.select({ sourceId: recommendations.sourceId }).from(recommendations).where(eq(recommendations.mechanismId, councilId)).all();
    const other = ctx.db.select({ id: sources.id }).from(sources).all().find((s) => !namingCouncil.some((r) => r.sourceId === s.id))!.id;
    const figure = async (query: string) => (await viewer.agent.get(`/board${query}`)).text.match(/<p class="board-dormant[^"]*"><a href="([^"]*)">([^<]*)<\/a>/);

    expect((await figure(`?source=${petrovsky}`))?.slice(1)).toEqual([esc(`/mechanisms?dormant=1&source=${petrovsky}`), '1 mechanism with no meeting in its cadence']);
    expect((await figure(`?mechanism=${councilId}&status=not_assessed`))?.[2]).toBe('1 mechanism with no meeting in its cadence');
    expect(await figure(`?source=${other}`)).toBeNull();
    expect(await figure('?mechanism=none')).toBeNull();
    expect(await figure('?status=implemented')).toBeNull();

    const named = await viewer.agent.get(`/mechanisms?dormant=1&source=${petrovsky}`);
    expect(named.text).toContain(esc(COUNCIL));
    expect(named.text).toContain(`href="${esc(`/board?source=${petrovsky}`)}">Only those named by the recommendations the board’s filters select.</a>`);
    const none = await viewer.agent.get(`/mechanisms?dormant=1&source=${other}`);
    expect(none.text).not.toContain(esc(COUNCIL));
    // The whole list still flags the Council, whatever filter the link carried.
    expect((await viewer.agent.get(`/mechanisms?source=${other}`)).text).toContain('class="badge badge-dormant"');
  });

  test('When the Council meets, then it is dormant no more; the board says nothing of dormant mechanisms', async () => {
    await postForm(editor.agent, `/mechanisms/${council().id}/meetings`, meetingForm({ held_on: daysBefore(today(), 400) }));
    // 400 days ago is past an annual cadence but inside its grace period.
    expect((await viewer.agent.get(`/mechanisms/${council().id}`)).text).not.toContain('class="badge badge-dormant"');
    expect((await viewer.agent.get('/board')).text).not.toContain('class="board-dormant');
    expect((await viewer.agent.get('/mechanisms?dormant=1')).text).not.toContain(esc(COUNCIL));
  });

  test('When the mechanism is dissolved, then it is not dormant whatever its meetings', async () => {
    ctx.tx.delete(mechanismMeetings).where(eq(mechanismMeetings.mechanismId, council().id)).run();
    await postForm(editor.agent, `/mechanisms/${council().id}/lifecycle`, { _csrf: editor.csrf, stage: 'dissolved', effective_on: daysBefore(today(), 1), rationale: 'Dissolved.' });
    expect(council().lifecycle).toBe('dissolved');
    expect((await viewer.agent.get(`/mechanisms/${council().id}`)).text).not.toContain('class="badge badge-dormant"');
  });

  test('When an admin sends an unknown cadence, then the form answers 422 by the field', async () => {
    const res = await setCadence(council().id, 'hourly');
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="expected_cadence-error"');
    expect(ctx.db.select({ n: count() }).from(mechanisms).where(eq(mechanisms.expectedCadence, 'annual')).get()!.n).toBe(1);
  });
});
