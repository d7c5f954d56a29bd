// Favourites and recents in Chromium: a star toggled in place stays first after signing out and in,
// and two console opens are the two recent roles, the latest first; without JavaScript the star is
// a plain form.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { demoWithBrowser, signInHere, signedInPage } from './browser-session.ts';

const demo = demoWithBrowser();

const rowOrder = (page: Page) => page.$$eval('li.role', (rows) => rows.map((row) => row.getAttribute('data-role')));
const recents = (page: Page) => page.$$eval('li.recent', (items) => items.map((item) => item.getAttribute('data-recent')));
const star = (page: Page, role: string) => page.getByRole('button', { name: `Favourite: ${role}` });

async function signOutAndIn(page: Page, username: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] button[type=submit]')]);
  await page.goto(`${demo.app.url}/`);
  await signInHere(page, username);
}

describe('favourites and recents in the browser', () => {
  test('a star toggles in place, and the starred role is first after signing out and in', async () => {
    const page = await signedInPage(demo.browser, demo.app.url, 'alice');
    const before = await rowOrder(page);
    assert.equal(before[0], 'sandbox-dev/Developer');
    await star(page, 'sandbox-prod/ReadOnly').click();
    await page.waitForSelector('li.role[data-role="sandbox-prod/ReadOnly"] button.star[aria-pressed="true"]');
    assert.deepEqual(await rowOrder(page), before, 'nothing moves under the pointer');
    await signOutAndIn(page, 'alice');
    assert.equal((await rowOrder(page))[0], 'sandbox-prod/ReadOnly');
    assert.equal(await star(page, 'sandbox-prod/ReadOnly').getAttribute('aria-pressed'), 'true');
    await page.context().close();
  });

  test('two console opens are the recent roles above the list, the latest first', async () => {
    const page = await signedInPage(demo.browser, demo.app.url, 'bob');
    assert.deepEqual(await recents(page), []);
    for (const role of ['sandbox-prod/ReadOnly', 'sandbox-dev/Developer']) {
      await Promise.all([page.waitForURL(/\/sandbox\/console/), page.getByRole('link', { name: `Console for ${role}`, exact: true }).click()]);
      await page.goto(`${demo.app.url}/`);
    }
    assert.deepEqual(await recents(page), ['sandbox-dev/Developer', 'sandbox-prod/ReadOnly']);
    await page.context().close();
  });

  test('without JavaScript the star is a form that comes back to the picker, starred', async () => {
    const page = await signedInPage(demo.browser, demo.app.url, 'bob', { javaScriptEnabled: false });
    await Promise.all([page.waitForNavigation(), star(page, 'sandbox-dev/Developer').click()]);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal((await rowOrder(page))[0], 'sandbox-dev/Developer');
    assert.equal(await star(page, 'sandbox-dev/Developer').getAttribute('aria-pressed'), 'true');
    await page.context().close();
  });
});
