// The demo in a real browser: sign in as alice and bob, see the right roles, be refused the rest.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type TestApp, startTestApp } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';

const SCREENSHOTS = process.env.ROLEPORT_SCREENSHOTS; // a folder, to look at the pages by hand
let app: TestApp;
let browser: Browser;

before(async () => {
  app = await startTestApp({ demo: true });
  browser = await launchBrowser();
  if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await app?.close();
});

async function signIn(username: string, password = 'roleport-demo'): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${app.url}/`);
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  return page;
}

async function shot(page: Page, name: string) {
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

describe('the demo in a browser', () => {
  test('the login page names the demo users and their password', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/login`);
    assert.match(await page.textContent('.hint') ?? '', /alice.*bob.*roleport-demo/s);
    assert.match(await page.textContent('.demo-banner') ?? '', /work nowhere but Roleport's sandbox/);
    await shot(page, 'login');
    await page.close();
  });

  test('alice sees exactly 4 roles in two accounts', async () => {
    const page = await signIn('alice');
    await page.waitForSelector('li.role');
    assert.equal(new URL(page.url()).pathname, '/');
    const roles = await page.$$eval('li.role', (items) => items.map((item) => item.getAttribute('data-role')));
    assert.deepEqual(roles, ['sandbox-dev/Developer', 'sandbox-dev/ReadOnly', 'sandbox-prod/Admin', 'sandbox-prod/ReadOnly']);
    await shot(page, 'picker-alice');
    await page.close();
  });

  test('bob sees exactly 2 roles and gets 403 on an alice-only role page', async () => {
    const page = await signIn('bob');
    await page.waitForSelector('li.role');
    const roles = await page.$$eval('li.role', (items) => items.map((item) => item.getAttribute('data-role')));
    assert.deepEqual(roles, ['sandbox-dev/Developer', 'sandbox-prod/ReadOnly']);
    await shot(page, 'picker-bob');
    const response = await page.goto(`${app.url}/roles/sandbox-prod/Admin`);
    assert.equal(response?.status(), 403);
    assert.match(await page.textContent('main') ?? '', /You are not entitled to the role 'sandbox-prod\/Admin'/i);
    assert.equal(await page.textContent('main h1'), "You don't have this role");
    await shot(page, 'forbidden-bob');
    await page.close();
  });

  test('a wrong password shows one message on the login page', async () => {
    const page = await signIn('alice', 'not-the-password');
    assert.equal(await page.textContent('.error'), 'wrong username or password');
    await page.close();
  });

  test('the page runs with no CSP violation', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${app.url}/login`);
    await page.fill('input[name=username]', 'alice');
    await page.fill('input[name=password]', 'roleport-demo');
    await page.click('button[type=submit]');
    await page.waitForSelector('li.role');
    await page.goto(`${app.url}/roles/sandbox-prod/Admin`);
    assert.deepEqual(violations, []);
    await page.close();
  });
});

describe('from the picker to the sandbox console', () => {
  // sandbox-prod/Admin asks for a second factor first (test/web/step-up.test.ts).
  test("alice's console button lands on the sandbox console as assumed-role/ReadOnly/alice", async () => {
    const page = await signIn('alice');
    await page.waitForSelector('li.role');
    await page.click('li.role[data-role="sandbox-prod/ReadOnly"] a:has-text("Console")');
    await page.waitForLoadState('load');
    const url = new URL(page.url());
    assert.equal(url.origin, app.url);
    assert.match(url.pathname, /^\/sandbox\/console/);
    const text = (await page.textContent('body')) ?? '';
    assert.match(text, /arn:aws:sts::111111111111:assumed-role\/ReadOnly\/alice/);
    await shot(page, 'sandbox-console-alice');
    await page.close();
  });

  test("alice's keys page shows keys for the sandbox and says where they work", async () => {
    const page = await signIn('alice');
    await page.waitForSelector('li.role');
    await page.click('li.role[data-role="sandbox-dev/Developer"] a:has-text("Keys")');
    await page.waitForLoadState('load');
    await page.click('button[type=submit]:not(.link)');
    await page.waitForLoadState('load');
    const text = (await page.textContent('main')) ?? '';
    assert.match(text, /AWS_ACCESS_KEY_ID/);
    assert.match(text, /AWS_ENDPOINT_URL_STS/);
    assert.match(text, /sandbox/i);
    await shot(page, 'keys-alice');
    await page.close();
  });

  test('bob cannot open the console of an alice-only role', async () => {
    const page = await signIn('bob');
    await page.waitForSelector('li.role');
    const response = await page.goto(`${app.url}/console/sandbox-prod/Admin`);
    assert.equal(response?.status(), 403);
    await page.close();
  });
});
