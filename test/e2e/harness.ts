import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import pino from 'pino';
import { createUser } from '../../server/auth/users';
import type { UserRole } from '../../server/domain/vocabulary';
import { parseEnv } from '../../server/env';
import { startServer, type RunningServer } from '../../server/start';

/**
 * The browser-test harness: the real server on a free port with a fresh,
 * seeded database, and Debian's Chromium driven by playwright-core.
 */

export const ADMIN = { email: 'admin@example.org', password: 'admin-password-123' };
export const PASSWORD = 'a-long-e2e-password';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');

export interface E2eApp {
  url: string;
  running: RunningServer;
  dir: string;
  makeUser(role: UserRole, name?: string): Promise<{ email: string; name: string }>;
  stop(): Promise<void>;
}

let counter = 0;

export async function startApp(): Promise<E2eApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-e2e-'));
  const env = parseEnv({
    DATABASE_PATH: path.join(dir, 'e2e.sqlite'),
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ADMIN_NAME: 'Ada Admin',
    LOG_LEVEL: 'silent',
  });
  const running = await startServer(env, pino({ level: 'silent' }));
  return {
    url: running.url.replace('localhost', '127.0.0.1'),
    running,
    dir,
    async makeUser(role, name) {
      counter += 1;
      const user = { email: `${role}${counter}@example.org`, name: name ?? `${role[0]!.toUpperCase()}${role.slice(1)} ${counter}` };
      await createUser(running.db, { ...user, password: PASSWORD, role });
      return user;
    },
    async stop() {
      await running.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function newContext(browser: Browser, options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<BrowserContext> {
  return browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: 900 },
    acceptDownloads: true,
  });
}

/** A page in a context of its own, at the size given, signed in as the account. */
export async function signedInPage(
  browser: Browser,
  url: string,
  email: string,
  options: { width: number; height: number; javaScriptEnabled?: boolean; password?: string },
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: options.width, height: options.height }, javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await context.newPage();
  await signIn(page, url, email, options.password);
  return page;
}

export async function signIn(page: Page, url: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/recommendations/);
}

/** axe-core on the current page: the serious and critical violations, described for a readable failure. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}
