// Console links in Chromium: by name in any case, by words, with a destination, region and duration.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type TestApp, startTestApp } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { signedInPage } from './browser-session.ts';

let app: TestApp;
let browser: Browser;
let alice: Page;
before(async () => {
  app = await startTestApp({ demo: true });
  browser = await launchBrowser();
  alice = await signedInPage(browser, app.url, 'alice');
});
after(async () => {
  await browser?.close();
  await app?.close();
});

const consoleText = async (page: Page) => (await page.textContent('body')) ?? '';

describe('console links by name', () => {
  test('a URL-encoded /console/dev developer opens the console as sandbox-dev/Developer', async () => {
    await alice.goto(`${app.url}/console/${encodeURIComponent('dev developer')}`);
    assert.match(new URL(alice.url()).pathname, /^\/sandbox\/console/);
    assert.match(await consoleText(alice), /arn:aws:sts::222222222222:assumed-role\/Developer\/alice/);
  });

  test('/console/readonly shows the picker narrowed to the two ReadOnly roles, with a note', async () => {
    const response = await alice.goto(`${app.url}/console/readonly`);
    assert.equal(response?.status(), 200);
    const roles = await alice.$$eval('li.role:not([hidden])', (rows) => rows.map((row) => row.getAttribute('data-role')));
    assert.deepEqual(roles, ['sandbox-dev/ReadOnly', 'sandbox-prod/ReadOnly']);
    assert.equal(await alice.textContent('.notice-box'), '2 of your roles match \u201creadonly\u201d: choose one.');
  });

  test('words that match none of her roles say so and offer the closest', async () => {
    const response = await alice.goto(`${app.url}/console/${encodeURIComponent('prod admn')}`);
    assert.equal(response?.status(), 404);
    assert.equal(await alice.textContent('h1'), 'No role matches');
    assert.equal(await alice.textContent('ul.closest li:first-child a'), 'sandbox-prod/Admin');
  });

  test('account and role names are matched whatever the case of their letters', async () => {
    // (ReadOnly: sandbox-prod/Admin would ask for a second factor first.)
    await alice.goto(`${app.url}/console/SANDBOX-PROD/readonly`);
    assert.match(await consoleText(alice), /assumed-role\/ReadOnly\/alice/);
  });
});

describe('console options', () => {
  test('?destination=s3&region=eu-west-1 lands on the sandbox console at that page', async () => {
    await alice.goto(`${app.url}/console/sandbox-dev/Developer?destination=s3&region=eu-west-1`);
    const url = new URL(alice.url());
    assert.equal(url.pathname, '/sandbox/console/s3/home');
    assert.equal(url.searchParams.get('region'), 'eu-west-1');
    assert.match(await consoleText(alice), new RegExp(`Destination${app.url.replace(/[.]/g, '\\.')}/sandbox/console/s3/home\\?region=eu-west-1`));
  });

  test('?duration= sets how long the console session lasts', async () => {
    await alice.goto(`${app.url}/console/sandbox-dev/Developer?duration=1h`);
    const expires = Date.parse((await alice.getAttribute('time', 'datetime')) ?? '');
    const lifetime = expires - Date.now();
    assert.ok(lifetime > 3500_000 && lifetime <= 3600_000, String(lifetime));
  });

  test('every option is checked, with a clear error', async () => {
    for (const [query, message] of [
      ['region=mars-1', "'mars-1' is not an AWS region; write one such as eu-west-1"],
      ['duration=5m', 'the duration must be a whole number of seconds'],
      ['destination=nosuchservice', "the destination 'nosuchservice' is not a console shortcut"],
      ['destination=https://evil.example/', 'Roleport opens the AWS console only at the destinations its administrator allows'],
      ['region=eu-west-1&region=us-east-1', 'the region must be given once, as text'],
    ]) {
      const response = await alice.goto(`${app.url}/console/sandbox-dev/Developer?${query}`);
      assert.equal(response?.status(), 400, query);
      assert.ok((await alice.textContent('.error'))?.includes(message), `${query}: ${await alice.textContent('.error')}`);
    }
  });

  test('the role page offers them as a form', async () => {
    await alice.goto(`${app.url}/roles/sandbox-prod/ReadOnly`);
    await alice.click('details.console-options summary');
    await alice.selectOption('details.console-options select[name=destination]', 'lambda');
    await alice.fill('details.console-options input[name=region]', 'ap-southeast-2');
    await Promise.all([alice.waitForURL(/\/sandbox\/console/), alice.click('details.console-options button[type=submit]')]);
    const url = new URL(alice.url());
    assert.equal(url.pathname, '/sandbox/console/lambda/home');
    assert.equal(url.searchParams.get('region'), 'ap-southeast-2');
    assert.match(await consoleText(alice), /assumed-role\/ReadOnly\/alice/);
  });
});
