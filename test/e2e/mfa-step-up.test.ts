// Step-up in a real browser against the demo: alice's bookmark of the sandbox-prod/Admin console asks
// her to enrol a second factor, and once she has, lands on the sandbox console as Admin; bob never sees
// the second-factor page. Screenshots go to the gitignored screenshots/ folder.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type TestApp, startTestApp } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { totpAt } from '../support/mfa.ts';
import { screenshot, signInHere } from './browser-session.ts';

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

async function bothWidths(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('step-up in the browser', () => {
  test('alice opens /console/sandbox-prod/Admin, is asked to enrol, enrols TOTP from the secret on the page, and lands on the sandbox console as Admin', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/console/sandbox-prod/Admin`);
    assert.equal(new URL(page.url()).pathname, '/login');
    await signInHere(page, 'alice');
    const asked = new URL(page.url());
    assert.equal(asked.pathname, '/mfa');
    assert.equal(asked.searchParams.get('next'), '/console/sandbox-prod/Admin');
    assert.equal(await page.textContent('h1'), 'Set up a second factor');
    await bothWidths(page, 'step-up-enrol');
    const secret = (await page.textContent('[data-secret]'))!.trim();
    await page.fill('input[name=code]', await totpAt(secret, new Date()));
    await Promise.all([page.waitForNavigation(), page.click('form[action="/mfa/factors/totp"] button[type=submit]')]);
    await page.waitForSelector('ul.recovery-codes');
    await Promise.all([page.waitForURL(/\/sandbox\/console/), page.click('text=I have kept them: continue')]);
    const text = (await page.textContent('body')) ?? '';
    assert.match(text, /arn:aws:sts::111111111111:assumed-role\/Admin\/alice/);
    await bothWidths(page, 'step-up-console');

    // Back in the picker, Admin is marked as needing the second factor.
    await page.goto(`${app.url}/`);
    assert.equal(await page.locator('li.role[data-role="sandbox-prod/Admin"] .badge.mfa').count(), 1);
    assert.equal(await page.locator('li.role .badge.mfa').count(), 1);
    await bothWidths(page, 'step-up-picker');
    await context.close();
  });

  test('bob is never asked: his console opens straight away', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/console/sandbox-prod/ReadOnly`);
    await signInHere(page, 'bob');
    await page.waitForURL(/\/sandbox\/console/);
    assert.match((await page.textContent('body')) ?? '', /assumed-role\/ReadOnly\/bob/);
    await context.close();
  });
});
