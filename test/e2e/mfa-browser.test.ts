// Second factors in a real browser (Debian's Chromium): alice enrols an authenticator app from the
// secret on the page, then checks a code in a later session; a passkey through Chromium's virtual
// authenticator; an administrator resets bob's factors. Pages run under the strict CSP.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type TestApp, startTestApp } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { PASSWORDS, TEST_ENV } from '../support/fixtures.ts';
import { MFA_ENV, mfaConfig, testClock, totpAt } from '../support/mfa.ts';

const SCREENSHOTS = process.env.ROLEPORT_SCREENSHOTS; // a folder, to look at the pages by hand
const clock = testClock();
let app: TestApp;
let browser: Browser;

before(async () => {
  // localhost, not 127.0.0.1: WebAuthn refuses an IP address as the relying party.
  app = await startTestApp({ config: mfaConfig(), env: { ...TEST_ENV, ...MFA_ENV }, clock: clock.now, localhost: true });
  browser = await launchBrowser();
  if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await app?.close();
});

async function shot(page: Page, name: string) {
  if (!SCREENSHOTS) return;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A fresh browser profile signed in as `user`, at `next`. */
async function signIn(user: 'alice' | 'bob', next = '/'): Promise<{ context: BrowserContext; page: Page; violations: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.goto(`${app.url}/login?next=${encodeURIComponent(next)}`);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', PASSWORDS[user]);
  await page.click('button[type=submit]');
  await page.waitForLoadState();
  return { context, page, violations };
}

describe('an authenticator app in the browser', () => {
  test('alice enrols from the secret on the page, keeps her recovery codes, and lands where she was going', async () => {
    const { context, page, violations } = await signIn('alice', '/mfa?next=%2Froles%2Fprod%2FAdmin');
    assert.equal(new URL(page.url()).pathname, '/mfa');
    assert.equal(await page.textContent('h1'), 'Set up a second factor');
    await shot(page, 'mfa-enrol');
    const secret = (await page.textContent('[data-secret]'))!.trim();
    await page.fill('input[name=code]', await totpAt(secret, clock.now()));
    await page.click('form[action="/mfa/factors/totp"] button[type=submit]');
    await page.waitForSelector('ul.recovery-codes');
    assert.equal(await page.locator('ul.recovery-codes li').count(), 10);
    await shot(page, 'mfa-recovery-codes');
    await page.click('text=I have kept them: continue');
    await page.waitForLoadState();
    assert.equal(new URL(page.url()).pathname, '/roles/prod/Admin');
    await page.goto(`${app.url}/mfa/factors`);
    assert.match((await page.textContent('li.factor')) ?? '', /Authenticator app/);
    await shot(page, 'mfa-factors');
    assert.deepEqual(violations, []);
    await context.close();

    clock.advance(60);
    const later = await signIn('alice', '/mfa?next=%2F');
    assert.equal(await later.page.textContent('h1'), 'Confirm it is you');
    await shot(later.page, 'mfa-verify');
    await later.page.fill('input[name=code]', await totpAt(secret, clock.now()));
    await later.page.click('form[action="/mfa/totp"] button[type=submit]');
    await later.page.waitForLoadState();
    assert.equal(new URL(later.page.url()).pathname, '/');
    assert.deepEqual(later.violations, []);
    await later.context.close();
  });
});

describe('a passkey in the browser', () => {
  test("bob enrols a passkey with Chromium's virtual authenticator, signs in again and checks with it", async () => {
    const { context, page, violations } = await signIn('bob', '/mfa?next=%2Froles%2Fdev%2FDeveloper');
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await page.waitForSelector('[data-passkey=register] [data-passkey-button]:not([disabled])');
    await page.fill('[data-passkey=register] input[name=name]', 'Laptop');
    await page.click('[data-passkey=register] [data-passkey-button]');
    await page.waitForSelector('ul.recovery-codes');
    await page.click('text=I have kept them: continue');
    await page.waitForLoadState();
    assert.equal(new URL(page.url()).pathname, '/roles/dev/Developer');
    const bob = { source: 'corp', subject: 'corp:bob' };
    const [factor] = await app.ctx.storage.factors.list(bob);
    assert.equal(factor.kind, 'webauthn');
    assert.equal(factor.name, 'Laptop');
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.length, 1);
    assert.equal(Buffer.from(credentials[0].credentialId, 'base64').toString('base64url'), factor.webauthn?.credentialId);

    // Signed out and in again in the same browser: the check uses the passkey.
    await page.click('.topbar button[type=submit]');
    await page.waitForLoadState();
    await page.goto(`${app.url}/login?next=${encodeURIComponent('/mfa?next=/')}`);
    await page.fill('input[name=username]', 'bob');
    await page.fill('input[name=password]', PASSWORDS.bob);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-passkey=authenticate] [data-passkey-button]:not([disabled])');
    await shot(page, 'mfa-verify-passkey');
    let posted: string | undefined;
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/mfa/passkey') posted = request.postData() ?? undefined;
    });
    await page.click('[data-passkey=authenticate] [data-passkey-button]');
    await page.waitForURL(`${app.url}/`);
    // The same signed answer posted again finds its challenge used up.
    const replay = await page.request.post(`${app.url}/mfa/passkey`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, data: posted!, maxRedirects: 0 });
    assert.equal(replay.status(), 401);
    assert.match(await replay.text(), /the passkey request has expired or was used already; try again/);
    const [after] = await app.ctx.storage.factors.list(bob);
    assert.ok(after.webauthn!.signCount > factor.webauthn!.signCount, 'the signature counter moved forward');
    assert.ok(app.logs.some((line) => /"event":"mfa.verified"/.test(line) && /"method":"webauthn"/.test(line)));

    // A copy of the credential whose counter starts again (a cloned authenticator) is refused.
    const [credential] = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
    await cdp.send('WebAuthn.removeCredential', { authenticatorId, credentialId: credential.credentialId });
    await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: { ...credential, signCount: 0 } });
    await page.goto(`${app.url}/mfa?next=/`);
    await page.waitForSelector('[data-passkey=authenticate] [data-passkey-button]:not([disabled])');
    await page.click('[data-passkey=authenticate] [data-passkey-button]');
    await page.waitForSelector('main p.error[role=alert]:not([hidden])');
    assert.match((await page.textContent('main p.error[role=alert]:not([hidden])')) ?? '', /counter/i);
    assert.ok(app.logs.some((line) => /"event":"mfa.failed"/.test(line) && /"method":"webauthn"/.test(line)));
    assert.deepEqual(violations, []);
    await context.close();
  });
});
