import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { count } from 'drizzle-orm';
import request from 'supertest';
import { imports, sources } from '../../server/db/schema';
import { capturingLogger, createTestContext, csrfFrom, esc, makeUser, sessionCookieOverHttp, type TestContext } from '../helpers';

/**
 * The import's upload before its file is checked: nobody's body is read
 * until the route's role check and the CSRF token have passed, and a body no
 * browser sends for the form is a 400 with the import page, not a 500.
 */

let ctx: TestContext;
let server: http.Server;
let base: string;
const log = capturingLogger();
const BOUNDARY = 'tracker-test-boundary';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
const UNREADABLE = 'The upload could not be read. Choose one CSV file and try again.';
const CSRF_REFUSED = 'The form had expired or did not come from this site.';

interface Session {
  cookie: string;
  csrf: string;
}
let editor: Session;
let viewer: Session;
let file: string;

async function signIn(role: 'editor' | 'viewer'): Promise<Session> {
  const user = await makeUser(ctx.db, role);
  const cookie = await sessionCookieOverHttp(base, user.email);
  const form = await fetch(`${base}/recommendations`, { headers: { cookie } });
  return { cookie, csrf: csrfFrom(await form.text()) };
}

beforeAll(async () => {
  ctx = await createTestContext({ seed: true, app: { logger: log.logger } });
  server = ctx.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  editor = await signIn('editor');
  viewer = await signIn('viewer');
  const source = ctx.db.select().from(sources).get()!.title;
  file = `Source,Reference,Short title,Full text\r\n"${source.replace(/"/g, '""')}",UP-1,Uploaded,Text\r\n`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  ctx.close();
});

const storedImports = () => ctx.db.select({ n: count() }).from(imports).get()!.n;

type Part = { token: string } | { file: string; name?: string };

/** A multipart body as a browser writes it; `cut` leaves out its closing boundary. */
function multipart(parts: Part[], { cut = false } = {}): Buffer {
  const text = parts
    .map((part) =>
      'token' in part
        ? `--${BOUNDARY}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${part.token}\r\n`
        : `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name ?? 'file'}"; filename="import.csv"\r\nContent-Type: text/csv\r\n\r\n${part.file}\r\n`,
    )
    .join('');
  return Buffer.from(cut ? text : `${text}--${BOUNDARY}--\r\n`);
}

function post(session: Session | undefined, body: Buffer | string, headers: Record<string, string> = {}) {
  const req = request(base).post('/import/preview').set('Content-Type', MULTIPART);
  if (session) req.set('Cookie', session.cookie);
  for (const [name, value] of Object.entries(headers)) req.set(name, value);
  return req.send(body);
}

/**
 * Starts an upload whose body never ends, and resolves with the answer: an
 * answer at all shows that the server did not wait to read the body.
 */
function openUpload(session: Session | undefined, headers: Record<string, string> = {}): Promise<{ status: number; location?: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/import/preview`, {
      method: 'POST',
      headers: { 'content-type': MULTIPART, ...(session ? { cookie: session.cookie } : {}), ...headers },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode!, location: res.headers.location, text });
      });
    });
    req.on('error', reject);
    req.write(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="import.csv"\r\n\r\n${'x'.repeat(64 * 1024)}`);
  });
}

describe('Import upload: nothing is read before the role and the token are checked', () => {
  test('When a signed-out visitor starts an upload, then they are sent to sign in before its body is read, and nothing is stored', async () => {
    const before = storedImports();
    const open = await openUpload(undefined);
    expect(open.status).toBe(303);
    expect(open.location).toBe('/login');
    const htmx = await post(undefined, multipart([{ file }]), { 'HX-Request': 'true' });
    expect(htmx.status).toBe(401);
    expect(htmx.headers['hx-redirect']).toBe('/login');
    expect(storedImports()).toBe(before);
  });

  test('When a viewer starts an upload, then it is refused with 403 before its body is read, and nothing is stored', async () => {
    const before = storedImports();
    const open = await openUpload(viewer, { 'x-csrf-token': viewer.csrf });
    expect(open.status).toBe(403);
    expect(open.text).toContain('Your account is not allowed to do this.');
    const wellFormed = await post(viewer, multipart([{ token: viewer.csrf }, { file }]));
    expect(wellFormed.status).toBe(403);
    const garbage = await post(viewer, Buffer.from('\x00\xff random bytes, not a form'), { 'x-csrf-token': viewer.csrf });
    expect(garbage.status).toBe(403);
    expect(storedImports()).toBe(before);
  });

  test('When an editor’s upload carries a wrong token in its header, then it is refused with 403 before its body is read, and nothing is stored', async () => {
    const before = storedImports();
    const open = await openUpload(editor, { 'x-csrf-token': 'not-the-token' });
    expect(open.status).toBe(403);
    expect(open.text).toContain(esc(CSRF_REFUSED));
    const wellFormed = await post(editor, multipart([{ token: editor.csrf }, { file }]), { 'x-csrf-token': 'not-the-token' });
    expect(wellFormed.status).toBe(403);
    expect(storedImports()).toBe(before);
    expect(log.lines().some((line) => line.security === 'csrf_rejected' && line.path === '/import/preview')).toBe(true);
  });

  test.each<[string, () => Part[]]>([
    ['no token at all', () => [{ file }]],
    ['a wrong token field', () => [{ token: 'not-the-token' }, { file }]],
    ['its token field after the file', () => [{ file }, { token: editor.csrf }]],
  ])('When an editor’s form has %s, then it is refused with 403 and nothing is stored', async (_name, parts) => {
    const before = storedImports();
    const res = await post(editor, multipart(parts()));
    expect(res.status).toBe(403);
    expect(res.text).toContain(esc(CSRF_REFUSED));
    expect(storedImports()).toBe(before);
  });

  test('When an editor sends random bytes without a token, then it is refused with 403, not read as a form', async () => {
    const res = await post(editor, Buffer.from('\x00\xff random bytes, not a form'));
    expect(res.status).toBe(403);
  });

  test('When the request log records an upload, then it has the path alone: no token, cookie or body', async () => {
    await post(editor, multipart([{ token: editor.csrf }, { file }]));
    const line = log.lines().find((l) => (l.req as { url?: string } | undefined)?.url === '/import/preview');
    expect(line).toBeDefined();
    expect(log.raw()).not.toContain(editor.csrf);
  });
});

describe('Import upload: the form as browsers send it', () => {
  test('When the form is sent without JavaScript (its token field first), then the file is kept and its preview shown', async () => {
    const res = await post(editor, multipart([{ token: editor.csrf }, { file }]));
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/import\?id=\d+$/);
  });

  test('When htmx sends the form (its token in the header), then the file is kept and its preview shown', async () => {
    const before = storedImports();
    const res = await post(editor, multipart([{ file }]), { 'HX-Request': 'true', 'x-csrf-token': editor.csrf });
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/import\?id=\d+$/);
    expect(storedImports()).toBe(before + 1);
  });
});

describe('Import upload: bodies no browser sends for the form', () => {
  test.each<[string, () => Buffer | string, Record<string, string>]>([
    ['a body that never closes its boundary', () => multipart([{ token: editor.csrf }, { file }], { cut: true }), {}],
    ['a body cut off inside its file', () => multipart([{ token: editor.csrf }, { file }]).subarray(0, 300), {}],
    ['multipart without a boundary', () => multipart([{ token: editor.csrf }, { file }]), { 'Content-Type': 'multipart/form-data' }],
    ['random bytes', () => Buffer.from('\x00\xff\x13\x37 random bytes, not a form \x00'.repeat(100), 'latin1'), {}],
    ['a raw CSV instead of a form', () => file, { 'Content-Type': 'text/csv' }],
    ['a URL-encoded form', () => `_csrf=${editor.csrf}&file=x`, { 'Content-Type': 'application/x-www-form-urlencoded' }],
    ['two files', () => multipart([{ token: editor.csrf }, { file }, { file }]), {}],
    ['a file under another name', () => multipart([{ token: editor.csrf }, { file, name: 'upload' }]), {}],
  ])('When an editor’s upload is %s, then the import page explains it with 400 and nothing is stored', async (_name, body, headers) => {
    const before = storedImports();
    const res = await post(editor, body(), { 'x-csrf-token': editor.csrf, ...headers });
    expect(res.status).toBe(400);
    expect(res.text).toContain(esc(UNREADABLE));
    expect(res.text).toContain('<form class="stack" method="post" action="/import/preview" enctype="multipart/form-data">');
    expect(res.text).not.toMatch(/\bat \S+ \(|Error:/);
    expect(storedImports()).toBe(before);
  });

  test('When a form without JavaScript is cut off after its token, then the import page explains it with 400', async () => {
    const res = await post(editor, multipart([{ token: editor.csrf }, { file }], { cut: true }));
    expect(res.status).toBe(400);
    expect(res.text).toContain(esc(UNREADABLE));
  });
});
