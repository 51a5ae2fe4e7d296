import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSynthetic } from '../../scripts/synthetic/generate';
import { createTestContext, makeUser, sessionCookieOverHttp, type TestContext } from '../helpers';

/** A long export shares the server: other requests are answered while it streams. */

let ctx: TestContext;
let server: http.Server;
let base: string;
let cookie: string;

beforeAll(async () => {
  ctx = await createTestContext();
  await generateSynthetic(ctx.db, { recommendations: 4000, notesPer: 1 });
  const viewer = await makeUser(ctx.db, 'viewer');
  server = ctx.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cookie = await sessionCookieOverHttp(base, viewer.email);
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  ctx.close();
});

function get(path: string, onFirstBytes?: () => void): Promise<{ status: number; bytes: number; endedAt: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, { headers: { cookie } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          if (bytes === 0) onFirstBytes?.();
          bytes += chunk.length;
        });
        res.on('end', () => resolve({ status: res.statusCode!, bytes, endedAt: performance.now() }));
      })
      .on('error', reject);
  });
}

test('When a large export is downloading, then a page asked for meanwhile is answered before the export ends', async () => {
  let page: Promise<{ status: number; endedAt: number }> | undefined;
  const exported = await get('/reports/progress.csv', () => {
    page = get('/recommendations');
  });
  const answered = await page!;
  expect(exported.status).toBe(200);
  expect(exported.bytes).toBeGreaterThan(1_000_000);
  expect(answered.status).toBe(200);
  expect(answered.endedAt).toBeLessThan(exported.endedAt);
});
