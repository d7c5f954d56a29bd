// The issued keys page in Chromium: one format at a time as tabs (all of them without JavaScript),
// a copy button that puts the format's text on the clipboard, the expiry counting down.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { demoWithBrowser, signedInPage } from './browser-session.ts';

const demo = demoWithBrowser();

async function issuedKeys(options: { javaScriptEnabled?: boolean; fakeClock?: boolean } = {}): Promise<Page> {
  const { fakeClock, ...contextOptions } = options;
  const page = await signedInPage(demo.browser, demo.app.url, 'bob', { next: '/keys/sandbox-dev/Developer', ...contextOptions });
  if (fakeClock) await page.clock.install();
  await Promise.all([page.waitForNavigation(), page.click('form.keys-form button[type=submit]')]);
  return page;
}

const visibleFormats = (page: Page) => page.locator('.key-format:visible').evaluateAll((panels) => panels.map((panel) => panel.getAttribute('data-format')));

describe('the issued keys page', () => {
  test('shows one format at a time as tabs; the arrow keys and a click change it, and the choice is remembered', async () => {
    const page = await issuedKeys();
    assert.deepEqual(await visibleFormats(page), ['bash']);
    assert.deepEqual(await page.$$eval('[role=tab]', (tabs) => tabs.map((tab) => tab.textContent)), ['bash / zsh', 'fish', 'PowerShell', 'Windows cmd', '~/.aws/credentials profile', '~/.aws/config profile', 'credential_process JSON', '.env']);
    await page.focus('[role=tab][aria-selected=true]');
    await page.keyboard.press('ArrowRight');
    assert.deepEqual(await visibleFormats(page), ['fish']);
    assert.equal(await page.evaluate('document.activeElement.id'), 'tab-fish');
    await page.click('[role=tab]#tab-dotenv');
    assert.deepEqual(await visibleFormats(page), ['dotenv']);
    const again = await page.context().newPage();
    await again.goto(`${demo.app.url}/keys/sandbox-dev/Developer`);
    await Promise.all([again.waitForNavigation(), again.click('form.keys-form button[type=submit]')]);
    assert.deepEqual(await visibleFormats(again), ['dotenv'], 'the next keys page opens on the format chosen last');
    await page.context().close();
  });

  test('the copy button puts the shown format on the clipboard', async () => {
    const page = await issuedKeys();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.app.url });
    await page.click('#format-bash button.copy');
    await page.waitForFunction("document.querySelector('#format-bash button.copy').textContent === 'Copied'");
    const copied = (await page.evaluate('navigator.clipboard.readText()')) as string;
    assert.equal(copied, await page.textContent('#format-bash-text'));
    assert.match(copied, /^export AWS_DEFAULT_REGION='us-east-1'$/m);
    await page.context().close();
  });

  test('the expiry is in local time with a countdown that ends in "expired"', async () => {
    const page = await issuedKeys({ fakeClock: true });
    const countdown = (await page.textContent('[data-countdown]')) ?? '';
    assert.match(countdown, /^\(in 1[12]:\d\d:\d\d\)$/, countdown);
    assert.doesNotMatch((await page.textContent('time[data-expires]')) ?? '', /Z$/, 'no longer the UTC form');
    await page.clock.fastForward('11:00:00');
    assert.match((await page.textContent('[data-countdown]')) ?? '', /^\(in (59|1:00):\d\d\)$/);
    await page.clock.fastForward('01:00:05');
    assert.equal(await page.textContent('[data-countdown]'), '(expired: get new keys)');
    await page.context().close();
  });

  test('without JavaScript every format is on the page, one after another, and no copy button pretends to work', async () => {
    const page = await issuedKeys({ javaScriptEnabled: false });
    assert.equal((await visibleFormats(page)).length, 8);
    assert.equal(await page.locator('button.copy:visible').count(), 0);
    await page.context().close();
  });
});
