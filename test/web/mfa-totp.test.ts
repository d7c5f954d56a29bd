// Second factors over HTTP: enrolling an authenticator app at /mfa, codes accepted once, recovery
// codes once, who may add or remove factors, and what the storage holds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PASSWORDS, TEST_ENV } from '../support/fixtures.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { createClient, hiddenField } from '../support/http-client.ts';
import { MFA_ENV, enrolTotp, mfaConfig, secretOnPage, testClock, totpAt, wrongCodeAt } from '../support/mfa.ts';

const clock = testClock();
const ALICE = { source: 'corp', subject: 'corp:alice' };
let app: TestApp;

before(async () => {
  app = await startTestApp({ config: mfaConfig(), env: { ...TEST_ENV, ...MFA_ENV }, clock: clock.now });
});
after(() => app.close());

async function signedIn(user: 'alice' | 'bob' = 'alice') {
  const client = createClient(app.url);
  const response = await client.login(user, PASSWORDS[user]);
  assert.equal(response.status, 303);
  return client;
}

function auditEvents(name: string): Record<string, any>[] {
  return app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit?.event === name).map((entry) => entry.audit);
}

async function resetAlice() {
  await app.ctx.storage.factors.removeAll(ALICE);
  await app.ctx.storage.recoveryCodes.removeAll(ALICE);
}

describe('enrolling an authenticator app', () => {
  before(resetAlice);

  test('a person without a factor is asked to set one up, and the enrolment counts as the check', async () => {
    const client = await signedIn();
    const page = await client.get('/mfa?next=%2Froles%2Fprod%2FAdmin');
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(html, /Set up a second factor/);
    assert.match(html, /<img class="qr" src="data:image\/svg\+xml;base64,/);
    const secret = secretOnPage(html);
    const confirmed = await client.post('/mfa/factors/totp', { _csrf: hiddenField(html, '_csrf')!, next: '/roles/prod/Admin', name: 'Work phone', code: await totpAt(secret, clock.now()) });
    const codesPage = await confirmed.text();
    assert.equal(confirmed.status, 200);
    assert.match(codesPage, /Your recovery codes/);
    assert.equal([...codesPage.matchAll(/<li><code>[a-z0-9]{5}-[a-z0-9]{5}<\/code><\/li>/g)].length, 10, 'ten recovery codes, shown once');
    assert.match(codesPage, /href="\/roles\/prod\/Admin">I have kept them: continue/);
    assert.equal(confirmed.headers.get('cache-control'), 'no-store');
    const enrolled = auditEvents('mfa.enrolled').at(-1);
    assert.equal(enrolled?.actor.username, 'alice');
    assert.equal(enrolled?.details.method, 'totp');
    assert.equal(auditEvents('mfa.verified').at(-1)?.details.method, 'totp');
    assert.equal(await app.ctx.storage.factors.count(ALICE), 1);
    const again = await client.get('/mfa?next=/');
    assert.match(await again.text(), /Confirm it is you/, 'with a factor, /mfa asks for it');
  });

  test('a wrong code is refused and audited; the setup page stays with the same secret', async () => {
    await resetAlice();
    const client = await signedIn();
    const html = await (await client.get('/mfa')).text();
    const secret = secretOnPage(html);
    const wrong = await client.post('/mfa/factors/totp', { _csrf: hiddenField(html, '_csrf')!, next: '/', name: 'x', code: await wrongCodeAt(secret, clock.now()) });
    assert.equal(wrong.status, 401);
    const page = await wrong.text();
    assert.match(page, /that code is not right; check the time on your device and try the current code/);
    assert.equal(secretOnPage(page), secret);
    assert.equal(auditEvents('mfa.failed').at(-1)?.reason, 'that code is not right; check the time on your device and try the current code');
    assert.equal(await app.ctx.storage.factors.count(ALICE), 0);
  });

  test('a first enrolment needs a sign-in less than 5 minutes old, and offers to sign in again', async () => {
    await resetAlice();
    const client = await signedIn();
    clock.advance(6 * 60);
    const page = await client.get('/mfa?next=%2Fkeys%2Fprod%2FAdmin');
    const html = await page.text();
    assert.equal(page.status, 403);
    assert.match(html, /to set up your first factor, sign in again: your sign-in must be less than 5 minutes old/);
    const again = /href="(\/login\?reauth=1&amp;next=[^"]+)"/.exec(html)?.[1].replace(/&amp;/g, '&');
    assert.equal(again, `/login?reauth=1&next=${encodeURIComponent('/mfa?next=%2Fkeys%2Fprod%2FAdmin')}`);
    const login = await client.get(again!);
    const loginHtml = await login.text();
    assert.equal(login.status, 200, 'the sign-in form shows although signed in');
    const back = await client.post('/login', { _csrf: hiddenField(loginHtml, '_csrf')!, username: 'alice', password: PASSWORDS.alice, next: hiddenField(loginHtml, 'next')! });
    assert.equal(back.headers.get('location'), '/mfa?next=%2Fkeys%2Fprod%2FAdmin');
    const enrol = await client.get(back.headers.get('location')!);
    assert.equal(enrol.status, 200);
    assert.match(await enrol.text(), /Set up a second factor/);
  });
});

describe('checking a code', () => {
  let secret: string;
  before(async () => {
    await resetAlice();
    const client = await signedIn();
    ({ secret } = await enrolTotp(client, clock.now()));
  });

  test('the same code is refused the second time, even within its 30 seconds; the next one works', async () => {
    clock.advance(30);
    const client = await signedIn();
    const code = await totpAt(secret, clock.now());
    const first = await client.post('/mfa/totp', { _csrf: await client.csrfToken('/mfa'), next: '/roles/prod/Admin', code });
    assert.equal(first.status, 303);
    assert.equal(first.headers.get('location'), '/roles/prod/Admin');
    const other = await signedIn();
    const replay = await other.post('/mfa/totp', { _csrf: await other.csrfToken('/mfa'), next: '/', code });
    assert.equal(replay.status, 401);
    assert.match(await replay.text(), /that code was used already; wait for the next one/);
    assert.equal(auditEvents('mfa.failed').at(-1)?.reason, 'that code was used already; wait for the next one');
    clock.advance(30);
    const next = await other.post('/mfa/totp', { _csrf: await other.csrfToken('/mfa'), next: '/', code: await totpAt(secret, clock.now()) });
    assert.equal(next.status, 303);
  });

  test('a code one step old still works (clock drift); two steps old does not', async () => {
    clock.advance(300);
    const client = await signedIn();
    const oneBack = await totpAt(secret, new Date(clock.now().getTime() - 30_000));
    assert.equal((await client.post('/mfa/totp', { _csrf: await client.csrfToken('/mfa'), next: '/', code: oneBack })).status, 303);
    clock.advance(300);
    const twoBack = await totpAt(secret, new Date(clock.now().getTime() - 60_000));
    const current = await totpAt(secret, clock.now());
    if (twoBack !== current) assert.equal((await client.post('/mfa/totp', { _csrf: await client.csrfToken('/mfa'), next: '/', code: twoBack })).status, 401);
  });

  test('after a check, /mfa goes on only to a path of Roleport, never another host', async () => {
    clock.advance(300);
    const client = await signedIn();
    const answer = await client.post('/mfa/totp', { _csrf: await client.csrfToken('/mfa'), next: 'https://evil.example/steal', code: await totpAt(secret, clock.now()) });
    assert.equal(answer.status, 303);
    assert.equal(answer.headers.get('location'), '/');
  });

  test('failed checks go through the sign-in throttle under mfa:<person>: five free, then the right code waits too', async () => {
    clock.advance(300);
    const client = await signedIn();
    const csrf = await client.csrfToken('/mfa');
    const answer = (code: string) => client.post('/mfa/totp', { _csrf: csrf, next: '/', code });
    const wrong = await wrongCodeAt(secret, clock.now());
    for (let i = 0; i < 5; i++) assert.equal((await answer(wrong)).status, 401);
    const throttledBefore = auditEvents('login.throttled').length;
    const held = await answer(await totpAt(secret, clock.now()));
    assert.equal(held.status, 429);
    assert.equal(held.headers.get('retry-after'), '1');
    assert.match(await held.text(), /too many failed checks; try again in 1 second/);
    assert.equal((await answer(wrong)).status, 429);
    const audited = auditEvents('login.throttled').slice(throttledBefore);
    assert.equal(audited.length, 1, 'the first hold is audited, the next only counted');
    assert.deepEqual([audited[0].actor.username, audited[0].details.rule, audited[0].details.method], ['alice', 'username-address', 'totp']);
    clock.advance(1);
    assert.equal((await answer(await totpAt(secret, clock.now()))).status, 303, 'after the wait the right code passes');
  });
});

describe('recovery codes', () => {
  test('a recovery code works once and not twice', async () => {
    await resetAlice();
    const { recoveryCodes } = await enrolTotp(await signedIn(), clock.now());
    assert.equal(recoveryCodes.length, 10);
    const client = await signedIn();
    const used = await client.post('/mfa/recovery', { _csrf: await client.csrfToken('/mfa'), next: '/mfa/factors', code: recoveryCodes[3].toUpperCase() });
    assert.equal(used.status, 303);
    assert.equal(used.headers.get('location'), '/mfa/factors');
    assert.equal(auditEvents('mfa.recovery-used').at(-1)?.details.remaining, 9);
    assert.equal(auditEvents('mfa.verified').at(-1)?.details.method, 'recovery');
    const other = await signedIn();
    const twice = await other.post('/mfa/recovery', { _csrf: await other.csrfToken('/mfa'), next: '/', code: recoveryCodes[3] });
    assert.equal(twice.status, 401);
    assert.match(await twice.text(), /that recovery code is not right or was used already/);
    assert.match(await (await client.get('/mfa/factors')).text(), /Recovery codes left: <strong>9<\/strong> of 10/);
  });
});

describe('who may change factors', () => {
  let secret: string;
  before(async () => {
    await resetAlice();
    ({ secret } = await enrolTotp(await signedIn(), clock.now()));
  });

  test('a password-only session cannot add a second factor', async () => {
    const thief = await signedIn();
    const page = await thief.get('/mfa/factors/new');
    assert.equal(page.status, 302);
    assert.equal(page.headers.get('location'), '/mfa?next=%2Fmfa%2Ffactors%2Fnew');
    // The form post is refused too, whatever code it carries.
    const attempt = await thief.post('/mfa/factors/totp', { _csrf: await thief.csrfToken('/mfa/factors'), next: '/', name: 'Mine', code: await totpAt(secret, clock.now()) });
    assert.equal(attempt.status, 403);
    assert.match(await attempt.text(), /confirm it is you with one of your factors first/);
    assert.equal(await app.ctx.storage.factors.count(ALICE), 1);
  });

  test('a password-only session cannot remove a factor; after a check it can', async () => {
    const client = await signedIn();
    const [factor] = await app.ctx.storage.factors.list(ALICE);
    const csrf = await client.csrfToken('/mfa/factors');
    assert.equal((await client.post(`/mfa/factors/${factor.id}/remove`, { _csrf: csrf })).status, 403);
    clock.advance(60);
    assert.equal((await client.post('/mfa/totp', { _csrf: csrf, next: '/mfa/factors', code: await totpAt(secret, clock.now()) })).status, 303);
    const page = await client.get('/mfa/factors/new');
    assert.equal(page.status, 200, 'a freshly verified session may add one');
    const removed = await client.post(`/mfa/factors/${factor.id}/remove`, { _csrf: csrf });
    assert.equal(removed.status, 303);
    assert.equal(await app.ctx.storage.factors.count(ALICE), 0);
    assert.equal(await app.ctx.storage.recoveryCodes.remaining(ALICE), 0, 'the recovery codes go with the last factor');
    assert.equal(auditEvents('mfa.removed').at(-1)?.details.factor, 'Phone');
  });
});

test('the storage holds no factor secret and no recovery code in clear', async () => {
  await resetAlice();
  const { secret, recoveryCodes } = await enrolTotp(await signedIn(), clock.now());
  const dump = JSON.stringify([
    ...(await app.ctx.storage.db.all('SELECT * FROM mfa_factors')),
    ...(await app.ctx.storage.db.all('SELECT * FROM mfa_recovery_codes')),
    ...(await app.ctx.storage.db.all('SELECT * FROM people')),
  ]);
  assert.match(dump, /"totp_secret":"v1\./, 'the secret is there, encrypted');
  assert.ok(!dump.includes(secret), 'not the TOTP secret');
  for (const code of recoveryCodes) {
    assert.ok(!dump.includes(code) && !dump.includes(code.replace('-', '')), 'not a recovery code');
  }
  assert.ok(!app.logs.some((line) => line.includes(secret)), 'nor any log line');
});
