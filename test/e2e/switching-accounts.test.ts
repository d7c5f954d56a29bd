// Switching accounts in Chromium: the sandbox refuses a console sign-in into another account while a
// console session is open, as AWS does; aws.consoleLogout (the default) logs out first. Roles without
// a second-factor step-up keep the test on the switch itself.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { demoAccessKeyId, demoConfig, demoSecrets } from '../../src/config/index.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { signedInPage } from './browser-session.ts';

let browser: Browser;
const apps: TestApp[] = [];
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  for (const app of apps) await app.close();
});

/** The demo, with aws.consoleLogout as given. */
async function demoWith(consoleLogout: boolean): Promise<TestApp> {
  const app = await startTestApp({
    env: demoSecrets(),
    config: (url) => {
      const config = demoConfig(url, Number(new URL(url).port), demoAccessKeyId());
      config.aws = { ...(config.aws as Record<string, unknown>), consoleLogout };
      return config;
    },
  });
  apps.push(app);
  return app;
}

async function openConsole(page: Page, url: string): Promise<string> {
  await page.goto(url);
  return (await page.textContent('body')) ?? '';
}

describe('switching accounts', () => {
  test('with aws.consoleLogout: false a second account\'s console link is refused by the sandbox', async () => {
    const app = await demoWith(false);
    const page = await signedInPage(browser, app.url, 'alice');
    assert.match(await openConsole(page, `${app.url}/console/sandbox-prod/ReadOnly`), /assumed-role\/ReadOnly\/alice/);
    const refused = await openConsole(page, `${app.url}/console/sandbox-dev/Developer`);
    assert.match(refused, /You must first log out before logging into a different AWS account/);
    assert.match(await openConsole(page, `${app.url}/console/sandbox-prod/ReadOnly`), /arn:aws:sts::111111111111:assumed-role\/ReadOnly\/alice/, 'the same account signs in again');
    await page.context().close();
  });

  test('with the default, the console link logs out first and lands as the second role', async () => {
    const app = await demoWith(true);
    const page = await signedInPage(browser, app.url, 'alice');
    assert.match(await openConsole(page, `${app.url}/console/sandbox-prod/ReadOnly`), /assumed-role\/ReadOnly\/alice/);
    const second = await openConsole(page, `${app.url}/console/sandbox-dev/Developer`);
    assert.match(second, /arn:aws:sts::222222222222:assumed-role\/Developer\/alice/);
    assert.equal(await page.getAttribute('a.back', 'href'), app.url.endsWith('/') ? app.url : `${app.url}/`);
    await page.context().close();
  });

  test("the sandbox's logout returns only to its own pages", async () => {
    const app = apps[0];
    const page = await browser.newPage();
    const elsewhere = await page.goto(`${app.url}/sandbox/oauth?Action=logout&redirect_uri=${encodeURIComponent('https://evil.example/')}`);
    assert.equal(elsewhere?.status(), 400);
    assert.match(await page.textContent('body') ?? '', /returns only to its own pages/);
    const home = await page.goto(`${app.url}/sandbox/oauth?Action=logout&redirect_uri=${encodeURIComponent(`${app.url}/sandbox/console/`)}`);
    assert.equal(new URL(page.url()).pathname, '/sandbox/console/');
    assert.equal(home?.status(), 401);
    await page.close();
  });
});
