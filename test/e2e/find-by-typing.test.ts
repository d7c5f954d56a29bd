// The picker in Chromium: find a role by typing, open it with the keyboard, the same through ?q=
// without JavaScript, accessible names and a skip link.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { type TestApp, startTestApp } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { screenshot, signedInPage } from './browser-session.ts';

let app: TestApp;
let browser: Browser;
before(async () => {
  app = await startTestApp({ demo: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await app?.close();
});

const shownRoles = (page: import('playwright-core').Page) => page.$$eval('li.role:not([hidden])', (rows) => rows.map((row) => row.getAttribute('data-role')));

describe('finding a role by typing', () => {
  // sandbox-prod/Admin would ask for a second factor first (test/web/step-up.test.ts).
  test('typing "prod read" leaves one row and Enter lands on the sandbox console as ReadOnly', async () => {
    const page = await signedInPage(browser, app.url, 'alice');
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'role-filter');
    const boxBefore = await page.locator('#role-filter').boundingBox();
    await page.keyboard.type('prod read');
    assert.deepEqual(await shownRoles(page), ['sandbox-prod/ReadOnly']);
    assert.match(await page.textContent('#role-count') ?? '', /1 of 4 roles · Enter opens the console for sandbox-prod\/ReadOnly/);
    assert.deepEqual(await page.locator('#role-filter').boundingBox(), boxBefore, 'the search box does not move while typing');
    assert.equal(new URL(page.url()).searchParams.get('q'), 'prod read');
    await Promise.all([page.waitForURL(/\/sandbox\/console/), page.keyboard.press('Enter')]);
    assert.match(await page.textContent('body') ?? '', /arn:aws:sts::111111111111:assumed-role\/ReadOnly\/alice/);
    await page.context().close();
  });

  test('arrow keys move through the matches and Enter opens the highlighted one', async () => {
    const page = await signedInPage(browser, app.url, 'alice');
    await page.keyboard.type('READONLY');
    assert.deepEqual(await shownRoles(page), ['sandbox-dev/ReadOnly', 'sandbox-prod/ReadOnly']);
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getAttribute('li.role.active', 'data-role'), 'sandbox-prod/ReadOnly');
    await Promise.all([page.waitForURL(/\/sandbox\/console/), page.keyboard.press('Enter')]);
    assert.match(await page.textContent('body') ?? '', /arn:aws:sts::111111111111:assumed-role\/ReadOnly\/alice/);
    await page.context().close();
  });

  test('an account id or a word of a description finds roles as ?q= does, and each row has a copy button for its ARN', async () => {
    const page = await signedInPage(browser, app.url, 'alice');
    await page.keyboard.type('2222 deploy');
    assert.deepEqual(await shownRoles(page), ['sandbox-dev/Developer']);
    await page.fill('#role-filter', '');
    await page.keyboard.type('222222222222');
    assert.deepEqual(await shownRoles(page), ['sandbox-dev/Developer', 'sandbox-dev/ReadOnly']);
    const copy = page.getByRole('button', { name: 'Copy the ARN of sandbox-dev/Developer' });
    assert.equal(await copy.getAttribute('data-copy'), 'arn:aws:iam::222222222222:role/Developer');
    assert.equal(await page.getByRole('button', { name: 'Favourite: sandbox-dev/Developer' }).getAttribute('title'), 'Add to favourites');
    await page.context().close();
  });

  test('"/" brings the focus back to the search box', async () => {
    const page = await signedInPage(browser, app.url, 'alice');
    await page.locator('a:has-text("Keys")').first().focus();
    await page.keyboard.press('/');
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'role-filter');
    await page.context().close();
  });

  test('without JavaScript, ?q= shows only the matching roles', async () => {
    const page = await signedInPage(browser, app.url, 'alice', { javaScriptEnabled: false });
    await page.fill('#role-filter', 'dev developer');
    await Promise.all([page.waitForNavigation(), page.click('.role-search button[type=submit]')]);
    assert.equal(new URL(page.url()).search, '?q=dev+developer');
    assert.deepEqual(await shownRoles(page), ['sandbox-dev/Developer']);
    assert.equal(await page.isVisible('section.account[data-account="sandbox-prod"]'), false);
    assert.equal(await page.textContent('#role-count'), '1 of 4 roles');
    await page.context().close();
  });

  test('each button says which role it is for, and a skip link leads past the header', async () => {
    const page = await signedInPage(browser, app.url, 'bob');
    assert.equal(await page.getByRole('link', { name: 'Console for sandbox-prod/ReadOnly' }).count(), 1);
    assert.equal(await page.getByRole('link', { name: 'Keys for sandbox-dev/Developer' }).count(), 1);
    const skip = page.getByRole('link', { name: 'Skip to content' });
    assert.equal(await skip.getAttribute('href'), '#main');
    await skip.focus();
    assert.ok(await skip.isVisible());
    await screenshot(page, 'picker-skip-link');
    await page.context().close();
  });
});
