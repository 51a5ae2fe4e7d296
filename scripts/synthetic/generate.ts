import { count } from 'drizzle-orm';
import { rawWriter, type Db } from '../../server/db/client';
import { recommendations } from '../../server/db/schema';
import { createUser, findUserByEmail } from '../../server/auth/users';
import {
  CONFIDENCES,
  EVIDENCE_KINDS,
  LANGUAGES,
  MECHANISM_LIFECYCLES,
  SOURCE_KINDS,
  type Language,
  type StatusKey,
} from '../../server/domain/vocabulary';
import { Random } from './random';
import {
  ANALYST_NAMES,
  AUTHORS,
  bodyDefinitions,
  mechanismDefinitions,
  NOTE_PATTERNS,
  NOTE_SITES,
  PLACES,
  PUBLISHERS,
  RARE_PLACE,
  RARE_PLACE_SHARE,
  RATIONALE_REASONS,
  RECOMMENDATION_WORDS,
  SOURCE_SUBTITLES,
  STATUS_PHRASES,
  THEMES,
  TOPICS,
  type Topic,
} from './vocabulary';

/**
 * A deterministic synthetic tracker: the same options give the same rows, byte
 * for byte, whenever and wherever it runs. Every date lies on or before
 * DATA_END, so "overdue" and "stale" are judged against the real day by the app.
 */
export interface SyntheticOptions {
  recommendations: number;
  /** Evidence notes per recommendation, on average. */
  notesPer: number;
  /** Called after every batch, for progress output. */
  onProgress?: (done: number) => void;
}

export interface SyntheticReport {
  analysts: number;
  bodies: number;
  mechanisms: number;
  sources: number;
  themes: number;
  recommendations: number;
  subRecommendations: number;
  evidenceNotes: number;
  statusChanges: number;
  bodyLinks: number;
  themeLinks: number;
  seconds: number;
}

export const SYNTHETIC_SEED = 20261124;
export const DATA_END = '2026-11-01';
export const ANALYST_COUNT = 40;
export const ANALYST_EMAIL_DOMAIN = 'synthetic.invalid';
const MECHANISM_COUNT = 60;
const SOURCE_COUNT = 300;
const FIRST_SOURCE_DATE = '2010-01-15';
/** Recommendations written per transaction. */
const BATCH = 10_000;

const DAY_MS = 86_400_000;
const dayOf = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const END = dayOf(DATA_END);

/** Where each status tends to go next, with weights; a closed status rarely moves again. */
const NEXT_STATUS: Record<StatusKey, [StatusKey, number][]> = {
  not_assessed: [['under_consideration', 40], ['no_action', 25], ['in_progress', 33], ['superseded', 2]],
  no_action: [['under_consideration', 45], ['in_progress', 20], ['not_implemented', 30], ['superseded', 5]],
  under_consideration: [['in_progress', 50], ['no_action', 20], ['stalled', 17], ['not_implemented', 10], ['superseded', 3]],
  in_progress: [['partially_implemented', 40], ['stalled', 28], ['implemented', 30], ['superseded', 2]],
  stalled: [['in_progress', 50], ['not_implemented', 30], ['no_action', 17], ['superseded', 3]],
  partially_implemented: [['implemented', 50], ['stalled', 30], ['in_progress', 20]],
  implemented: [['partially_implemented', 85], ['superseded', 15]],
  not_implemented: [['under_consideration', 80], ['superseded', 20]],
  superseded: [],
};
const CLOSED: StatusKey[] = ['implemented', 'not_implemented', 'superseded'];

function fill(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

function otherLanguage(rng: Random, lang: Language): Language {
  return rng.pick(LANGUAGES.filter((l) => l !== lang));
}

export async function generateSynthetic(db: Db, options: SyntheticOptions): Promise<SyntheticReport> {
  const started = performance.now();
  const existing = db.select({ n: count() }).from(recommendations).get()?.n ?? 0;
  if (existing > 0) throw new Error(`The database already holds ${existing} recommendations; synthetic data goes into a new file.`);
  const rng = new Random(SYNTHETIC_SEED);
  const sqlite = rawWriter(db);

  // Analysts own and update recommendations but can never sign in (their password hash is unusable).
  const analysts: { id: number; name: string }[] = [];
  for (let i = 0; i < ANALYST_COUNT; i++) {
    const name = `${ANALYST_NAMES.first[i % ANALYST_NAMES.first.length]} ${ANALYST_NAMES.last[(i * 7) % ANALYST_NAMES.last.length]}`;
    const email = `analyst-${String(i + 1).padStart(2, '0')}@${ANALYST_EMAIL_DOMAIN}`;
    const user = findUserByEmail(db, email) ?? (await createUser(db, { name, email, password: null, role: 'editor' }));
    analysts.push({ id: user.id, name: user.name });
  }
  // Fixed account dates too, so that the same arguments give the same file contents.
  const stampAnalyst = sqlite.prepare('UPDATE users SET created_at = ?, updated_at = ? WHERE id = ?');
  for (const a of analysts) stampAnalyst.run(`${FIRST_SOURCE_DATE}T08:00:00.000Z`, `${FIRST_SOURCE_DATE}T08:00:00.000Z`, a.id);

  // The load's own connection settings: a larger cache and no fsync until the end.
  sqlite.pragma('cache_size = -262144');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('temp_store = MEMORY');

  // --- Reference data: bodies, mechanisms, themes, sources.
  const bodyDefs = bodyDefinitions();
  const mechanismDefs = mechanismDefinitions(MECHANISM_COUNT);
  const bodyIds: number[] = [];
  const bodyNames = new Map<number, Record<Language, string>>();
  const mechanismRows: { id: number; topic: number }[] = [];
  const themeIds: number[] = [];
  const sourceRows: { id: number; day: number; language: Language; count: number }[] = [];

  sqlite
    .transaction(() => {
      const insertBody = sqlite.prepare(
        'INSERT INTO bodies (name, native_name, acronym, country, kind, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const b of bodyDefs) {
        const id = Number(insertBody.run(b.name, b.nativeName, b.acronym, b.country, b.kind, `${FIRST_SOURCE_DATE}T09:00:00.000Z`).lastInsertRowid);
        bodyIds.push(id);
        // Notes name a body in their own language where it has a name in it.
        const cyrillic = /[а-яё]/i.test(b.nativeName ?? '');
        const han = /[\u4e00-\u9fff]/.test(b.nativeName ?? '');
        bodyNames.set(id, { en: b.name, ru: cyrillic ? b.nativeName! : b.name, zh: han ? b.nativeName! : b.name });
      }
      const insertMechanism = sqlite.prepare(
        'INSERT INTO mechanisms (name, native_name, kind, lifecycle, year_established, description, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      const insertParticipant = sqlite.prepare('INSERT INTO mechanism_bodies (mechanism_id, body_id) VALUES (?, ?)');
      for (const m of mechanismDefs) {
        const lifecycle = rng.weighted(MECHANISM_LIFECYCLES, [10, 15, 50, 20, 5]);
        const year = lifecycle === 'proposed' ? null : rng.int(1996, 2025);
        const description = `A ${m.kind.replace(/_/g, ' ')} for Russian–Chinese cooperation in ${TOPICS[m.topic]!.en}.`;
        const id = Number(insertMechanism.run(m.name, m.nativeName, m.kind, lifecycle, year, description, `${FIRST_SOURCE_DATE}T09:00:00.000Z`).lastInsertRowid);
        for (const body of rng.distinct(bodyIds, rng.int(2, 6))) insertParticipant.run(id, body);
        mechanismRows.push({ id, topic: m.topic });
      }
      const insertTheme = sqlite.prepare('INSERT INTO themes (name) VALUES (?)');
      for (const name of THEMES) themeIds.push(Number(insertTheme.run(name).lastInsertRowid));

      // Sources in publication order, each with a share of the recommendations (a few large reports, many short briefs).
      const first = dayOf(FIRST_SOURCE_DATE);
      const drafts = Array.from({ length: SOURCE_COUNT }, () => ({
        day: rng.int(first, END - 30),
        language: rng.weighted(LANGUAGES, [55, 30, 15]),
        publisher: rng.pick(PUBLISHERS),
        kind: rng.pick(SOURCE_KINDS),
        weight: 0.2 + 4 * rng.next() ** 3,
      })).sort((a, b) => a.day - b.day);
      const totalWeight = drafts.reduce((sum, d) => sum + d.weight, 0);
      const counts = drafts.map((d) => Math.floor((options.recommendations * d.weight) / totalWeight));
      let left = options.recommendations - counts.reduce((a, b) => a + b, 0);
      for (let i = 0; left > 0; i = (i + 1) % counts.length, left--) counts[i]! += 1;

      const insertSource = sqlite.prepare(
        'INSERT INTO sources (title, authors, publisher, published_on, kind, url, language, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      drafts.forEach((d, i) => {
        const topic = rng.pick(TOPICS);
        const year = dateOf(d.day).slice(0, 4);
        const number = i + 1;
        const subtitle = rng.pick(SOURCE_SUBTITLES[d.language]);
        const title =
          d.language === 'en'
            ? `${d.publisher.series.en} No. ${number}: Russia–China cooperation in ${topic.en}, ${subtitle} (${year})`
            : d.language === 'ru'
              ? `${d.publisher.series.ru} № ${number}. Российско-китайское сотрудничество по ${topic.ruDat}: ${subtitle} (${year})`
              : `${d.publisher.series.zh}第${number}号：中俄${topic.zh}合作——${subtitle}（${year}年）`;
        const authors = rng.distinct(AUTHORS[d.language], rng.int(1, 3), 1).join(d.language === 'zh' ? '、' : ', ');
        const url = `https://publications.example.org/${d.language}/${year}/${number}`;
        const id = Number(insertSource.run(title, authors, d.publisher.name, dateOf(d.day), d.kind, url, d.language, `${dateOf(d.day)}T10:00:00.000Z`).lastInsertRowid);
        sourceRows.push({ id, day: d.day, language: d.language, count: counts[i]! });
      });
    })
    .immediate();

  // --- The FTS triggers fire once per row; the indexes are built in one pass at
  // the end instead, and the very same triggers (as the database holds them) restored.
  const searchTriggers = sqlite
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND (sql LIKE '%recommendation_search%' OR sql LIKE '%evidence_note_search%') ORDER BY name`)
    .all() as { name: string; sql: string }[];
  const restoreTriggers = () => {
    for (const t of searchTriggers) sqlite.exec(t.sql);
  };
  sqlite.transaction(() => searchTriggers.forEach((t) => sqlite.exec(`DROP TRIGGER "${t.name}"`))).immediate();

  const report: SyntheticReport = {
    analysts: analysts.length,
    bodies: bodyIds.length,
    mechanisms: mechanismRows.length,
    sources: sourceRows.length,
    themes: themeIds.length,
    recommendations: 0,
    subRecommendations: 0,
    evidenceNotes: 0,
    statusChanges: 0,
    bodyLinks: 0,
    themeLinks: 0,
    seconds: 0,
  };

  try {
    const insertRecommendation = sqlite.prepare(
      `INSERT INTO recommendations (id, source_id, reference, parent_id, short_title, full_text, mechanism_id, priority, target_date,
         owner_id, status, status_since, confidence, last_verified_on, version, created_at, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertBodyLink = sqlite.prepare('INSERT INTO recommendation_bodies (recommendation_id, body_id, role) VALUES (?, ?, ?)');
    const insertThemeLink = sqlite.prepare('INSERT INTO recommendation_themes (recommendation_id, theme_id) VALUES (?, ?)');
    const insertNote = sqlite.prepare(
      `INSERT INTO evidence_notes (id, recommendation_id, observed_on, text, source_url, source_title, source_kind, language, author_id, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertHistory = sqlite.prepare(
      `INSERT INTO status_history (recommendation_id, from_status, to_status, effective_on, recorded_at, recorded_by, rationale, evidence_note_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );

    const timestamp = (day: number) => {
      const recordedDay = Math.min(day + rng.int(0, 10), END);
      return new Date(recordedDay * DAY_MS + rng.int(7 * 3600, 19 * 3600) * 1000 + rng.int(0, 999)).toISOString();
    };
    const place = (lang: Language) => (rng.chance(RARE_PLACE_SHARE) ? RARE_PLACE : rng.pickSkewed(PLACES, 1.6))[lang];
    const topicText = (topic: Topic, lang: Language) => (lang === 'en' ? topic.en : lang === 'ru' ? topic.ruDat : topic.zh);

    let recommendationId = 0;
    let noteId = 0;
    let sourceIndex = 0;
    let inSource = 0;
    let topLevel: { id: number; reference: string; children: number }[] = [];

    const writeOne = () => {
      while (inSource >= sourceRows[sourceIndex]!.count) {
        sourceIndex++;
        inSource = 0;
        topLevel = [];
      }
      const source = sourceRows[sourceIndex]!;
      inSource++;
      const id = ++recommendationId;

      // Reference within the source: "7", or "7.2" for the second sub-recommendation of 7.
      let reference: string;
      let parentId: number | null = null;
      const parent = topLevel.length > 0 && rng.chance(0.1) ? topLevel[Math.max(0, topLevel.length - rng.int(1, 3))]! : undefined;
      if (parent) {
        parent.children++;
        reference = `${parent.reference}.${parent.children}`;
        parentId = parent.id;
        report.subRecommendations++;
      } else {
        reference = String(topLevel.length + 1);
        topLevel.push({ id, reference, children: 0 });
      }

      const lang: Language = rng.chance(0.85) ? source.language : otherLanguage(rng, source.language);
      const mechanism = rng.chance(0.85) ? rng.pickSkewed(mechanismRows, 1.5) : undefined;
      const topic = TOPICS[mechanism ? mechanism.topic : rng.int(0, TOPICS.length - 1)]!;
      const words = RECOMMENDATION_WORDS[lang];
      const verb = rng.pick(words.verbs);
      const object = rng.pick(words.objects);
      const where = place(lang);
      const shortTitle =
        lang === 'en'
          ? `${verb} ${object} on ${topic.en} in ${where}`
          : lang === 'ru'
            ? `${verb} ${object} по ${topic.ruDat} (${where})`
            : `在${where}${verb}${topic.zh}${object}`;
      const sentences = [shortTitle + (lang === 'zh' ? '。' : '.')];
      for (let i = rng.int(1, 3); i > 0; i--) sentences.push(rng.pick(words.sentences));
      if (rng.chance(0.3)) {
        sentences.push(
          lang === 'en' ? `Particular attention should be paid to ${place(lang)}.` : lang === 'ru' ? `Особое внимание следует уделить: ${place(lang)}.` : `应特别关注${place(lang)}。`,
        );
      }
      const fullText = sentences.join(lang === 'zh' ? '' : ' ');

      const lead = rng.pickSkewed(bodyIds, 1.7);
      const supporting = rng.distinct(bodyIds, rng.int(0, 3), 1.7, lead);
      const themes = rng.distinct(themeIds, rng.int(1, 3), 1.3);
      const owner = rng.chance(0.85) ? rng.pickSkewed(analysts, 1.3) : undefined;
      const actor = () => (owner && rng.chance(0.7) ? owner : rng.pick(analysts));

      const createdDay = Math.min(source.day + rng.int(0, 60), END);
      // The last day anyone touched it: more than 180 days ago for the stale fifth.
      let lastDay = END - rng.int(0, 150);
      if (rng.chance(0.2)) lastDay = END - rng.int(181, 1500);
      if (lastDay < createdDay) lastDay = rng.int(createdDay, END);

      // Status changes: recently entered ones may not be assessed yet; the rest moved one to six times.
      const changes: { day: number; from: StatusKey; to: StatusKey; noteId: number | null }[] = [];
      const unassessed = (createdDay > END - 120 && rng.chance(0.5)) || rng.chance(0.04);
      if (!unassessed) {
        const days = Array.from({ length: rng.int(1, 6) }, () => rng.int(createdDay, lastDay)).sort((a, b) => a - b);
        let status: StatusKey = 'not_assessed';
        for (const day of days) {
          const moves: [StatusKey, number][] = NEXT_STATUS[status];
          if (moves.length === 0 || (CLOSED.includes(status) && rng.chance(0.8))) break;
          const next: StatusKey = rng.weighted(
            moves.map(([s]) => s),
            moves.map(([, w]) => w),
          );
          changes.push({ day, from: status, to: next, noteId: null });
          status = next;
        }
      }

      // Evidence notes: some are the evidence of a status change (same day); the rest fall
      // between entry and the last touch, the latest of them on the last touch itself.
      const noteCount = Math.floor(rng.next() * (2 * options.notesPer + 1));
      const noteDays: { day: number; change?: number }[] = [];
      for (let c = 0; c < changes.length && noteDays.length < noteCount; c++) {
        if (rng.chance(0.4)) noteDays.push({ day: changes[c]!.day, change: c });
      }
      if (noteDays.length < noteCount) noteDays.push({ day: lastDay });
      while (noteDays.length < noteCount) noteDays.push({ day: rng.int(createdDay, lastDay) });
      noteDays.sort((a, b) => a.day - b.day);
      const touchedOnLastDay = noteDays.some((n) => n.change === undefined);

      const creator = actor();
      const createdAt = new Date(createdDay * DAY_MS + 9 * 3600 * 1000).toISOString();
      let updatedAt = createdAt;
      let updatedBy = creator.id;
      const touch = (at: string, by: number) => {
        if (at > updatedAt) {
          updatedAt = at;
          updatedBy = by;
        }
      };

      const notes = noteDays.map((n) => {
        const noteLang: Language = rng.chance(0.8) ? lang : otherLanguage(rng, lang);
        const site = rng.pick(NOTE_SITES[noteLang]);
        const body = bodyNames.get(rng.chance(0.6) ? lead : rng.pickSkewed(bodyIds, 1.5))!;
        const text = fill(rng.pick(NOTE_PATTERNS[noteLang]), {
          body: body[noteLang],
          topic: topicText(topic, noteLang),
          place: place(noteLang),
          year: String(Number(dateOf(n.day).slice(0, 4)) + rng.int(0, 2)),
        });
        const kind = rng.weighted(EVIDENCE_KINDS, [30, 30, 20, 10, 10]);
        const noteIdHere = ++noteId;
        const url = kind === 'internal_assessment' ? null : `https://${site.host}/${noteLang}/${dateOf(n.day).replace(/-/g, '/')}/${noteIdHere}`;
        const author = actor();
        const recordedAt = timestamp(n.day);
        if (n.change !== undefined) changes[n.change]!.noteId = noteIdHere;
        touch(recordedAt, author.id);
        return [noteIdHere, id, dateOf(n.day), text, url, url ? site.title : null, kind, noteLang, author.id, recordedAt] as const;
      });
      const history = changes.map((c) => {
        const by = actor();
        const recordedAt = timestamp(c.day);
        const rationale = `${STATUS_PHRASES[lang][c.to]}: ${rng.pick(RATIONALE_REASONS[lang])}${lang === 'zh' ? '。' : '.'}`;
        touch(recordedAt, by.id);
        return [id, c.from, c.to, dateOf(c.day), recordedAt, by.id, rationale, c.noteId] as const;
      });

      const lastChange = changes[changes.length - 1];
      let lastVerifiedOn: string | null = null;
      // CASE: a recent touch without a note of its own is a verification, else the recommendation would look stale.
      if (!touchedOnLastDay && lastDay >= END - 150) lastVerifiedOn = dateOf(lastDay);
      else if (rng.chance(0.3)) lastVerifiedOn = dateOf(rng.int(Math.max(createdDay, lastDay - 60), lastDay));
      const unlinkedNotes = noteDays.filter((n) => n.change === undefined).length;

      insertRecommendation.run(
        id,
        source.id,
        reference,
        parentId,
        shortTitle,
        fullText,
        mechanism?.id ?? null,
        rng.chance(0.15) ? 1 : 0,
        rng.chance(0.55) ? dateOf(createdDay + rng.int(365, 2200)) : null,
        owner?.id ?? null,
        lastChange?.to ?? 'not_assessed',
        lastChange ? dateOf(lastChange.day) : null,
        rng.weighted(CONFIDENCES, [25, 35, 40]),
        lastVerifiedOn,
        1 + changes.length + unlinkedNotes,
        createdAt,
        updatedAt,
        updatedBy,
      );
      insertBodyLink.run(id, lead, 'lead');
      for (const body of supporting) insertBodyLink.run(id, body, 'supporting');
      for (const theme of themes) insertThemeLink.run(id, theme);
      for (const note of notes) insertNote.run(...note);
      for (const row of history) insertHistory.run(...row);
      report.bodyLinks += 1 + supporting.length;
      report.themeLinks += themes.length;
      report.evidenceNotes += notes.length;
      report.statusChanges += changes.length;
      report.recommendations++;
    };

    const writeBatch = sqlite.transaction((size: number) => {
      for (let i = 0; i < size; i++) writeOne();
    });
    for (let done = 0; done < options.recommendations; done += BATCH) {
      writeBatch.immediate(Math.min(BATCH, options.recommendations - done));
      options.onProgress?.(Math.min(done + BATCH, options.recommendations));
    }

    sqlite
      .transaction(() => {
        // The notes' index keeps no content to rebuild from: it is given the notes as its trigger would (migration 0028).
        sqlite.exec(`INSERT INTO recommendation_search (recommendation_search) VALUES ('rebuild')`);
        sqlite.exec("INSERT INTO evidence_note_search (evidence_note_search) VALUES ('delete-all')");
        sqlite.exec('INSERT INTO evidence_note_search (rowid, text) SELECT (recommendation_id << 32) + id, text FROM evidence_notes');
        for (const index of ['recommendation_search', 'evidence_note_search']) sqlite.exec(`INSERT INTO ${index} (${index}) VALUES ('optimize')`);
        restoreTriggers();
      })
      .immediate();
  } catch (error) {
    // CASE: a failed load leaves the file unusable for synthetic data anyway, but never without its search triggers.
    const present = new Set((sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).all() as { name: string }[]).map((r) => r.name));
    for (const t of searchTriggers) if (!present.has(t.name)) sqlite.exec(t.sql);
    throw error;
  }

  sqlite.exec('ANALYZE');
  sqlite.pragma('optimize');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
