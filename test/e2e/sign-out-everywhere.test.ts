// "Sign out everywhere" as a person uses it: alice signed in in two Chromium contexts (two
// browsers, each with its own cookies) and on one command line; from one, she ends them all.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { api, deviceToken } from '../api/device-helpers.ts';
import { DEMO_PASSWORD } from '../../src/config/index.ts';
import { demoWithBrowser, screenshot, signedInPage } from './browser-session.ts';

const demo = demoWithBrowser();

describe('sign out everywhere in two browsers', () => {
  test("ends alice's other browser (back to the login page) and her CLI token (401), and leaves bob signed in", async () => {
    const { app, browser } = demo;
    const laptop = await signedInPage(browser, app.url, 'alice');
    const phone = await signedInPage(browser, app.url, 'alice', { viewport: { width: 390, height: 844 } });
    const bob = await signedInPage(browser, app.url, 'bob');
    const token = await deviceToken(app, 'alice', DEMO_PASSWORD);
    assert.equal((await api(app.url, '/me', { token })).status, 200);

    await laptop.goto(`${app.url}/sessions`);
    // Both browsers (and the one that approved the token) and the token are listed, this one marked.
    assert.equal(await laptop.locator('li[data-session]').count(), 3);
    assert.equal(await laptop.locator('li[data-session] .badge', { hasText: 'this browser' }).count(), 1);
    assert.equal(await laptop.locator('li[data-token]').count(), 1);
    await screenshot(laptop, 'sessions-alice');
    await Promise.all([laptop.waitForNavigation(), laptop.click('form[action="/sessions/everywhere"] button[type=submit]')]);
    assert.equal(new URL(laptop.url()).pathname, '/login');

    await phone.reload();
    assert.equal(new URL(phone.url()).pathname, '/login', 'the other browser is signed out');
    assert.equal((await api(app.url, '/me', { token })).status, 401, 'the CLI token is revoked');
    await bob.reload();
    assert.equal(new URL(bob.url()).pathname, '/', 'bob is still signed in');
    for (const page of [laptop, phone, bob]) await page.context().close();
  });
});
