// /admin: only members of admin.groups, and only right after a check with their own factor; an
// administrator resets a person's factors (audited), a non-administrator cannot.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV } from '../support/fixtures.ts';
import { createClient } from '../support/http-client.ts';
import { MFA_ENV, enrolTotp, mfaConfig, testClock, totpAt } from '../support/mfa.ts';

const clock = testClock();
const BOB = { source: 'corp', subject: 'corp:bob' };
let app: TestApp;
let aliceSecret: string;

before(async () => {
  app = await startTestApp({ config: mfaConfig(), env: { ...TEST_ENV, ...MFA_ENV }, clock: clock.now });
  const alice = createClient(app.url);
  await alice.login('alice', PASSWORDS.alice);
  ({ secret: aliceSecret } = await enrolTotp(alice, clock.now()));
  const bob = createClient(app.url);
  await bob.login('bob', PASSWORDS.bob);
  await enrolTotp(bob, clock.now());
});
after(() => app.close());

async function signedIn(user: 'alice' | 'bob') {
  const client = createClient(app.url);
  await client.login(user, PASSWORDS[user]);
  return client;
}

test('bob, not an administrator, cannot open /admin nor reset anyone', async () => {
  const bob = await signedIn('bob');
  const page = await bob.get('/admin/people');
  assert.equal(page.status, 403);
  assert.match(await page.text(), /this page is for Roleport administrators/);
  const attempt = await bob.post('/admin/people/reset', { _csrf: await bob.csrfToken('/mfa/factors'), source: 'corp', subject: 'corp:alice' });
  assert.equal(attempt.status, 403);
  assert.equal(await app.ctx.storage.factors.count({ source: 'corp', subject: 'corp:alice' }), 1);
});

test('alice, an administrator, is sent to check her factor first; a password-only session cannot reset', async () => {
  const alice = await signedIn('alice');
  const page = await alice.get('/admin/people');
  assert.equal(page.status, 302);
  assert.equal(page.headers.get('location'), '/mfa?next=%2Fadmin%2Fpeople');
  const attempt = await alice.post('/admin/people/reset', { _csrf: await alice.csrfToken('/mfa/factors'), ...BOB });
  assert.equal(attempt.status, 403);
  assert.match(await attempt.text(), /confirm it is you with one of your factors first/);
  assert.equal(await app.ctx.storage.factors.count(BOB), 1);
});

test("after her check alice resets bob's factors, audited; bob then sets up new ones", async () => {
  const alice = await signedIn('alice');
  clock.advance(30);
  const csrf = await alice.csrfToken('/mfa');
  const checked = await alice.post('/mfa/totp', { _csrf: csrf, next: '/admin/people', code: await totpAt(aliceSecret, clock.now()) });
  assert.equal(checked.headers.get('location'), '/admin/people');
  const index = await alice.get('/admin');
  assert.match(await index.text(), /href="\/admin\/people"/);
  const page = await alice.get('/admin/people');
  const html = await page.text();
  assert.equal(page.status, 200);
  assert.match(html, /Reset factors of bob/);
  const reset = await alice.post('/admin/people/reset', { _csrf: csrf, ...BOB });
  assert.equal(reset.status, 303);
  assert.equal(reset.headers.get('location'), '/admin/people?reset=bob');
  assert.equal(await app.ctx.storage.factors.count(BOB), 0);
  assert.equal(await app.ctx.storage.recoveryCodes.remaining(BOB), 0);
  const audit = app.logs.map((line) => JSON.parse(line).audit).filter((a) => a?.event === 'mfa.reset').at(-1);
  assert.equal(audit.actor.username, 'alice');
  assert.equal(audit.details.personUsername, 'bob');
  assert.equal(audit.details.factors, 1);
  const bob = await signedIn('bob');
  assert.match(await (await bob.get('/mfa')).text(), /Set up a second factor/);
});

test('the admin check goes stale after 5 minutes', async () => {
  const alice = await signedIn('alice');
  clock.advance(30);
  await alice.post('/mfa/totp', { _csrf: await alice.csrfToken('/mfa'), next: '/admin', code: await totpAt(aliceSecret, clock.now()) });
  assert.equal((await alice.get('/admin')).status, 200);
  clock.advance(5 * 60 + 1);
  assert.equal((await alice.get('/admin')).status, 302);
});
