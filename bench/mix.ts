import http from 'node:http';
import { STATUS_KEYS, type StatusKey } from '../server/domain/vocabulary';
import { Random } from '../scripts/synthetic/random';
import { PLACES } from '../scripts/synthetic/vocabulary';
import { csrfFrom } from '../test/helpers';
import { median } from './load';

/**
 * The realistic mix (`npm run bench -- --only mix`): what a team does at once,
 * not one URL asked again and again. Readers, each with a session of their own,
 * ask for one page after another (a closed loop, as a person clicking does,
 * without think time so that the server is saturated), each page a different
 * one; meanwhile editors save a status change through the real form (the form
 * page for its CSRF token and version, the POST, the redirect followed) every
 * half second. Per-session page caches win nothing here unless the same
 * session asks for the same page again, which in this mix is rare.
 */

export const PAGE_KINDS = ['detail', 'list', 'search', 'board', 'save'] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

/** The share of each kind among the readers' requests (saves come from the editors). */
const READER_MIX: [Exclude<PageKind, 'save'>, number][] = [
  ['detail', 0.45],
  ['list', 0.35],
  ['search', 0.1],
  ['board', 0.1],
];
const SAVE_EVERY_MS = 500;
const BOARD_VIEWS = ['/board', '/board?group=body', '/board?group=source', '/board?view=kanban', '/board?status=stalled', '/board?priority=yes'];
const LIST_SORTS = ['updated', 'target', 'status', 'title', 'reference'];
/** Searches as people type them: place names in the three languages, and Chinese words of two characters. */
const SEARCH_TERMS = [...PLACES.flatMap((p) => [p.en, p.ru, p.zh]), '合作', '港口', 'cooperation', 'сотрудничество'];

export interface MixData {
  ids: number[];
  /** The recommendations' current statuses: a save picks another status than the current one. */
  statuses: Map<number, StatusKey>;
  mechanisms: number[];
  bodies: number[];
  sources: number[];
  themes: number[];
}

export interface MixSessions {
  readers: string[];
  editors: string[];
}

export interface KindFigures {
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  /** Answers other than those expected (200 for pages, 303 for saves) and failed connections. */
  errors: number;
}

export interface MixResult {
  seconds: number;
  rps: number;
  kinds: Record<PageKind, KindFigures>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Answer {
  status: number;
  ms: number;
  location?: string;
  body?: string;
}

/**
 * One request on a keep-alive connection of the session's own, as a browser
 * sends it (Brotli and gzip accepted; the body is counted away unread unless
 * `read` asks for it, uncompressed).
 */
function send(agent: http.Agent, url: URL, cookie: string, options: { method?: string; body?: string; read?: boolean } = {}): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { cookie, accept: 'text/html' };
    if (!options.read) headers['accept-encoding'] = 'gzip, deflate, br, zstd';
    if (options.body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(options.body);
    }
    const request = http.request(url, { agent, method: options.method ?? 'GET', headers, timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        if (options.read) chunks.push(chunk);
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          ms: performance.now() - started,
          location: response.headers.location,
          body: options.read ? Buffer.concat(chunks).toString('utf8') : undefined,
        }),
      );
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    request.end(options.body);
  });
}

/** The next page a reader opens: a kind drawn by the mix's shares, then a page of that kind at random. */
export function readerPage(random: Random, data: MixData): { kind: PageKind; path: string } {
  const kind = random.weighted(
    READER_MIX.map(([k]) => k),
    READER_MIX.map(([, share]) => share),
  );
  switch (kind) {
    case 'detail':
      return { kind, path: `/recommendations/${random.pick(data.ids)}` };
    case 'search':
      return { kind, path: `/recommendations?q=${encodeURIComponent(random.pick(SEARCH_TERMS))}` };
    case 'board':
      return { kind, path: random.pick(BOARD_VIEWS) };
    case 'list': {
      const params = new URLSearchParams();
      if (random.chance(0.5)) params.set('status', random.pick(STATUS_KEYS));
      if (random.chance(0.3)) params.set('mechanism', String(random.pick(data.mechanisms)));
      if (random.chance(0.15)) params.set('body', String(random.pick(data.bodies)));
      if (random.chance(0.15)) params.set('source', String(random.pick(data.sources)));
      if (random.chance(0.15)) params.set('theme', String(random.pick(data.themes)));
      if (random.chance(0.1)) params.set('priority', 'yes');
      if (random.chance(0.3)) params.set('sort', random.pick(LIST_SORTS));
      // Most people stay on the first pages; a few page far.
      if (random.chance(0.4)) params.set('page', String(random.chance(0.9) ? random.int(2, 5) : random.int(6, 40)));
      const query = params.toString();
      return { kind, path: `/recommendations${query ? `?${query}` : ''}` };
    }
  }
  throw new Error(`no page of kind ${String(kind)}`);
}

/**
 * One status change as an editor makes it: the form page (its CSRF token and
 * version), the POST, and the page the redirect leads to. `ms` is the POST's.
 */
export async function saveStatus(agent: http.Agent, baseUrl: string, cookie: string, data: MixData, random: Random): Promise<{ ok: boolean; ms: number }> {
  const id = random.pick(data.ids);
  const formUrl = new URL(`/recommendations/${id}/status`, baseUrl);
  const form = await send(agent, formUrl, cookie, { read: true });
  const version = /name="version" value="(\d+)"/.exec(form.body ?? '')?.[1];
  if (form.status !== 200 || !version) throw new Error(`the status form of ${id} answered ${form.status}`);
  const status = random.pick(STATUS_KEYS.filter((s) => s !== data.statuses.get(id)));
  const body = new URLSearchParams({
    _csrf: csrfFrom(form.body!),
    version,
    status,
    effective_on: new Date().toISOString().slice(0, 10),
    rationale: 'Benchmark: status checked with the responsible body',
    evidence_kind: 'official_document',
    evidence_language: 'en',
    evidence_text: 'Benchmark evidence: the working group met.',
    evidence_url: 'https://bench.example.org/evidence',
  }).toString();
  const save = await send(agent, formUrl, cookie, { method: 'POST', body });
  if (save.status !== 303 || !save.location) return { ok: false, ms: save.ms };
  data.statuses.set(id, status);
  await send(agent, new URL(save.location, baseUrl), cookie);
  return { ok: true, ms: save.ms };
}

/** Runs the mix for `seconds` and returns its figures. Every save is a real change (another status than the current). */
export async function runMix(baseUrl: string, sessions: MixSessions, data: MixData, seconds: number, seed: number): Promise<MixResult> {
  const times: Record<PageKind, number[]> = { detail: [], list: [], search: [], board: [], save: [] };
  const errors: Record<PageKind, number> = { detail: 0, list: 0, search: 0, board: 0, save: 0 };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const agents: http.Agent[] = [];
  const agentOf = () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    return agent;
  };

  const reader = async (cookie: string, random: Random) => {
    const agent = agentOf();
    while (performance.now() < deadline) {
      const { kind, path } = readerPage(random, data);
      try {
        const answer = await send(agent, new URL(path, baseUrl), cookie);
        times[kind].push(answer.ms);
        if (answer.status !== 200) errors[kind] += 1;
      } catch {
        errors[kind] += 1;
      }
    }
  };

  const editor = async (cookie: string, random: Random) => {
    const agent = agentOf();
    while (performance.now() < deadline) {
      const turn = performance.now();
      try {
        const save = await saveStatus(agent, baseUrl, cookie, data, random);
        times.save.push(save.ms);
        if (!save.ok) errors.save += 1;
      } catch {
        errors.save += 1;
      }
      const wait = SAVE_EVERY_MS - (performance.now() - turn);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };

  const seeds = new Random(seed);
  await Promise.all([
    ...sessions.readers.map((cookie) => reader(cookie, new Random(seeds.int(1, 2 ** 31)))),
    ...sessions.editors.map((cookie) => editor(cookie, new Random(seeds.int(1, 2 ** 31)))),
  ]);
  const elapsed = (performance.now() - started) / 1000;
  for (const agent of agents) agent.destroy();

  const kinds = {} as Record<PageKind, KindFigures>;
  let total = 0;
  for (const kind of PAGE_KINDS) {
    const sorted = times[kind].sort((a, b) => a - b);
    total += sorted.length;
    kinds[kind] = { requests: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), errors: errors[kind] };
  }
  return { seconds: elapsed, rps: total / elapsed, kinds };
}

/** The same closed loop, `sessions` at once, against bare Express's "ok": the floor the mix is compared with. */
export async function runBareLoop(baseUrl: string, sessions: number, seconds: number): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let count = 0;
  const agents = Array.from({ length: sessions }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  const started = performance.now();
  await Promise.all(
    agents.map(async (agent) => {
      while (performance.now() < deadline) {
        await send(agent, new URL('/', baseUrl), '');
        count += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  for (const agent of agents) agent.destroy();
  return count / elapsed;
}

/** Several runs as one: the median of each figure over the runs, the sum of the counts. */
export function summarizeMix(runs: MixResult[]): MixResult {
  const kinds = {} as Record<PageKind, KindFigures>;
  for (const kind of PAGE_KINDS) {
    const of = runs.map((r) => r.kinds[kind]);
    kinds[kind] = {
      requests: of.reduce((sum, k) => sum + k.requests, 0),
      p50: median(of.map((k) => k.p50)),
      p95: median(of.map((k) => k.p95)),
      p99: median(of.map((k) => k.p99)),
      errors: of.reduce((sum, k) => sum + k.errors, 0),
    };
  }
  return { seconds: runs.reduce((sum, r) => sum + r.seconds, 0), rps: median(runs.map((r) => r.rps)), kinds };
}
