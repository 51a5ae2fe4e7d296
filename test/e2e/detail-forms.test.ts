import { fixtureWriter } from '../helpers';
/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { createInvitation } from '../../server/auth/invitations';
import { recommendations } from '../../server/db/schema';
import { ADMIN, launchBrowser, seriousViolations, signIn, startApp, type E2eApp } from './harness';

/**
 * The detail page, the forms and their errors, invitations, and every page of
 * these parts on a phone: what a person sees and where focus goes.
 */

let app: E2eApp;
let browser: Browser;
let recId = 0;
let parentId = 0;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  const all = app.running.db.select().from(recommendations).all();
  recId = all.find((r) => r.reference === '5.4')!.id;
  parentId = all.find((r) => r.id === all.find((c) => c.reference === '5.4')!.parentId)!.id;
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function pageAt(width: number, height: number, options: { javaScriptEnabled?: boolean; email?: string; password?: string } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await context.newPage();
  if (options.email) await signIn(page, app.url, options.email, options.password);
  return page;
}

/** Whether the element's box lies inside the first screen. */
async function aboveTheFold(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  const viewport = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.y + Math.min(box.height, 40) <= viewport.height && box.x + box.width <= viewport.width;
}

describe('The detail page at 1280×800', () => {
  test('When an editor opens a recommendation, then its actions and its timeline are on the first screen and the update form waits, collapsed', async () => {
    const editor = await app.makeUser('editor', 'Elena Editor');
    const page = await pageAt(1280, 800, { email: editor.email });
    await page.goto(`${app.url}/recommendations/${recId}`);
    for (const name of ['Update status', 'Add evidence', 'Edit']) {
      expect({ name, above: await aboveTheFold(page, `.detail-actions a:text-is("${name}")`) }).toEqual({ name, above: true });
    }
    expect(await aboveTheFold(page, '#timeline-heading')).toBe(true);
    expect(await page.locator('#add-update').getAttribute('open')).toBeNull();
    expect(await page.locator('#update-evidence_text').isVisible()).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);

    // "Add evidence" opens the one form at its field; the saved note leads the timeline, and the confirmation names the item.
    await page.getByRole('link', { name: 'Add evidence' }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'update-evidence_text', undefined, { timeout: 5000 });
    await page.locator('#update-evidence_text').fill('The NEAR general assembly discussed the commission.');
    await page.getByRole('button', { name: 'Save update' }).click();
    await page.locator('.flash', { hasText: 'The evidence note was added:' }).getByRole('link', { name: /Create a commission/ }).waitFor();
    await page.locator('.timeline-entry').first().getByText('The NEAR general assembly discussed the commission.').waitFor();
    // The save button sat below the fold, so the page was scrolled; focus moving to the title (once the swap settles) brings the top back.
    await page.waitForFunction(() => document.activeElement?.id === 'rec-title', undefined, { timeout: 5000 });
    expect(await aboveTheFold(page, '.timeline-entry')).toBe(true);
    expect(await page.locator('#add-update').getAttribute('open')).toBeNull();
    await page.context().close();
  });

  test('When JavaScript is off, then "Update status" opens the page with the form open at the status, and a status change saves', async () => {
    const editor = await app.makeUser('editor');
    const page = await pageAt(1280, 800, { email: editor.email, javaScriptEnabled: false });
    await page.goto(`${app.url}/recommendations/${recId}`);
    await page.getByRole('link', { name: 'Update status' }).click();
    await page.waitForURL(/update=status/);
    expect(await page.locator('#add-update').getAttribute('open')).not.toBeNull();
    await page.locator('#update-status').selectOption('under_consideration');
    await page.locator('#update-rationale').fill('On the agenda of the council');
    await page.getByRole('button', { name: 'Save update' }).click();
    await page.locator('.flash', { hasText: 'The status was updated:' }).waitFor();
    expect(await page.locator('.key-facts .badge').innerText()).toBe('Under consideration');
    await page.context().close();
  });
});

describe('Errors that help', () => {
  test('When an update is sent empty, then focus lands on the summary, and its link moves focus to the field', async () => {
    const editor = await app.makeUser('editor');
    const page = await pageAt(1280, 800, { email: editor.email });
    await page.goto(`${app.url}/recommendations/${recId}?update=evidence`);
    await page.getByRole('button', { name: 'Save update' }).click();
    const summary = page.locator('[data-error-summary]');
    await summary.waitFor();
    await page.waitForFunction(() => document.activeElement?.hasAttribute('data-error-summary'), undefined, { timeout: 5000 });
    await summary.getByRole('link', { name: /What was observed/ }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'update-evidence_text', undefined, { timeout: 5000 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  test('When a sign-in fails, then the message says why and no field is blamed', async () => {
    const page = await pageAt(1280, 800);
    await page.goto(`${app.url}/login`);
    await page.getByLabel('Email').fill('nobody@example.org');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is incorrect.').waitFor();
    expect(await page.locator('.form-errors-title').count()).toBe(0);
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
    await page.context().close();
  });
});

describe('Navigation', () => {
  test('When a page below a section is open, then the navigation marks that section', async () => {
    const page = await pageAt(1280, 800, { email: ADMIN.email, password: ADMIN.password });
    for (const [url, section] of [
      [`/recommendations/${recId}`, 'Recommendations'],
      [`/recommendations/${recId}/edit`, 'Recommendations'],
      ['/mechanisms/1', 'Mechanisms'],
      ['/admin/users', 'Admin'],
    ] as const) {
      await page.goto(`${app.url}${url}`);
      const current = await page.locator('.site-header nav a[aria-current]').allInnerTexts();
      expect({ url, current }).toEqual({ url, current: [section] });
    }
    await page.context().close();
  });
});

describe('Invitations', () => {
  test('When an admin invites a colleague, then the colleague opens the link, sets a password and is signed in; the link then no longer works', async () => {
    const admin = await pageAt(1280, 800, { email: ADMIN.email, password: ADMIN.password });
    await admin.goto(`${app.url}/admin/users`);
    await admin.getByLabel('Name').fill('Vera Viewer');
    await admin.getByLabel('Email').fill('vera@example.org');
    await admin.getByLabel('Viewer').check();
    await admin.getByRole('button', { name: 'Create invitation link' }).click();
    const link = await admin.getByLabel('Invitation link').inputValue();
    expect(link).toMatch(/\/invitations\//);
    expect(await seriousViolations(admin)).toEqual([]);

    const colleague = await pageAt(390, 844);
    await colleague.goto(link);
    await colleague.getByRole('heading', { name: 'Join the recommendation tracker' }).waitFor();
    expect(await seriousViolations(colleague)).toEqual([]);
    await colleague.getByLabel(/^Password/).fill('vera-picks-a-password');
    await colleague.getByLabel(/^Repeat the password/).fill('vera-picks-a-password');
    await colleague.getByRole('button', { name: 'Create my account' }).click();
    await colleague.waitForURL(/\/recommendations$/);
    await colleague.getByText('Vera Viewer').first().waitFor();

    await colleague.goto(link);
    await colleague.getByRole('heading', { name: 'This invitation link no longer works' }).waitFor();
    await admin.context().close();
    await colleague.context().close();
  });
});

describe('On a 390 px phone', () => {
  test('When each page of the detail, forms, admin, reference and import parts is opened, then none scrolls sideways and every button is in reach', async () => {
    const editor = await app.makeUser('editor');
    const invited = createInvitation(fixtureWriter(app.running.db), { name: 'Phone Pia', email: 'pia@example.org', role: 'editor' }, 1);
    if (!invited.ok) throw new Error('not invited');
    const anonymousPages = ['/login', `/invitations/${invited.token}`, '/invitations/not-a-token', '/no-such-page'];
    const adminPages = [
      `/recommendations/${recId}`,
      `/recommendations/${recId}?update=status`,
      `/recommendations/${parentId}`,
      `/recommendations/${recId}/edit`,
      '/recommendations/new',
      `/recommendations/new?parent=${parentId}`,
      `/recommendations/${recId}/status`,
      `/recommendations/${recId}/notes/new`,
      '/admin',
      '/admin/users',
      '/admin/bodies',
      '/admin/bodies/new',
      '/admin/mechanisms',
      '/admin/mechanisms/1/edit',
      '/admin/sources',
      '/admin/sources/1/edit',
      '/mechanisms',
      '/mechanisms/1',
      '/bodies',
      '/bodies/1',
      '/sources',
      '/sources/1',
      '/import',
      '/recommendations/999999',
    ];
    const problems: string[] = [];
    async function walk(page: Page, urls: string[]) {
      for (const url of urls) {
        await page.goto(`${app.url}${url}`);
        const { scrollWidth, clientWidth, outOfReach } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
          // A control is out of reach when it lies right of the screen and no scroll box of its own can bring it in.
          outOfReach: [...document.querySelectorAll('button, a.button, select, input:not([type="hidden"]), textarea')]
            .filter((el) => {
              const box = el.getBoundingClientRect();
              return box.width > 0 && box.right > document.documentElement.clientWidth + 1 && !el.closest('.table-wrap, .kanban');
            })
            .map((el) => el.outerHTML.slice(0, 80)),
        }));
        if (scrollWidth > clientWidth) problems.push(`${url} scrolls sideways (${scrollWidth} > ${clientWidth})`);
        for (const control of outOfReach) problems.push(`${url}: out of reach ${control}`);
      }
    }
    const anonymous = await pageAt(390, 844);
    await walk(anonymous, anonymousPages);
    const admin = await pageAt(390, 844, { email: ADMIN.email, password: ADMIN.password });
    await walk(admin, adminPages);
    // The accounts table's Role and Save stay on the screen, not clipped inside its scroll box.
    await admin.goto(`${app.url}/admin/users`);
    for (const control of await admin.locator('table.accounts select, table.accounts button').all()) {
      const box = (await control.boundingBox())!;
      if (box.x + box.width > 390) problems.push(`/admin/users: a role or save control ends at ${Math.round(box.x + box.width)} px`);
    }
    // The header fits: every link of the navigation and "Sign out" on the screen.
    for (const link of await admin.locator('.site-header a, .site-header button').all()) {
      const box = (await link.boundingBox())!;
      if (box.x + box.width > 390) problems.push(`header: ${await link.innerText()} ends at ${Math.round(box.x + box.width)} px`);
    }
    const editorPage = await pageAt(390, 844, { email: editor.email, javaScriptEnabled: false });
    await walk(editorPage, [`/recommendations/${recId}?update=evidence`]);
    expect(problems).toEqual([]);
    await anonymous.context().close();
    await admin.context().close();
    await editorPage.context().close();
  }, 120_000);
});
