// Helpers for the browser tests: sign in to a test Roleport, take screenshots into the gitignored
// screenshots/ folder, and measure whether a page scrolls sideways.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { type TestApp, startTestApp } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';

export const SCREENSHOTS = fileURLToPath(new URL('../../screenshots/', import.meta.url));

/** A new page in its own context (its own cookies), signed in through the login form. */
export async function signedInPage(browser: Browser, baseUrl: string, username: string, options: BrowserContextOptions & { next?: string } = {}): Promise<Page> {
  const { next, ...contextOptions } = options;
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  await page.goto(`${baseUrl}${next ?? '/'}`);
  assert.equal(new URL(page.url()).pathname, '/login');
  await signInHere(page, username);
  return page;
}

/** Fills and sends the login form the page shows. */
export async function signInHere(page: Page, username: string, password = 'roleport-demo'): Promise<void> {
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** How wide the page's content is: more than the viewport means it scrolls sideways. */
export function scrollWidth(page: Page): Promise<number> {
  return page.evaluate('document.scrollingElement.scrollWidth') as Promise<number>;
}

/** The demo and a Chromium, started before a file's tests and closed after them. */
export function demoWithBrowser(): { readonly app: TestApp; readonly browser: Browser } {
  const state = {} as { app: TestApp; browser: Browser };
  before(async () => {
    state.app = await startTestApp({ demo: true });
    state.browser = await launchBrowser();
  });
  after(async () => {
    await state.browser?.close();
    await state.app?.close();
  });
  return state;
}
