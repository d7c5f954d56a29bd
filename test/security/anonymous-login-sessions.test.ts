// A flood of anonymous GET /login must not grow the session store: the login form's CSRF token lives
// in a signed httpOnly cookie (double-submit) and a stored session is made only at a successful
// sign-in. The login form still refuses a forged post, and every other form keeps the session's token.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from 'express-session';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';
import { createClient, hiddenField } from '../support/http-client.ts';

let now = new Date('2026-06-01T09:00:00Z');
let app: TestApp;
before(async () => {
  app = await startTestApp({ env: TEST_ENV, config: baseConfig(), clock: () => now });
});
after(() => app.close());

/** The entries of the memory session store. */
const storedSessions = () => new Promise<number>((resolve, reject) => (app.ctx.sessionStore as Store).length!((error, length) => (typeof length === 'number' ? resolve(length) : reject(error ?? new Error('the store did not count its sessions')))));
const refusals = () => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit?.event === 'request.refused').length;
const FORGED = /this form has expired or did not come from Roleport; go back, reload the page and try again/;

async function loginPage(client = createClient(app.url)) {
  const response = await client.get('/login');
  assert.equal(response.status, 200);
  return { client, token: hiddenField(await response.text(), '_csrf')! };
}

async function refusedAsForged(response: Response, refusedBefore: number) {
  assert.equal(response.status, 403);
  assert.match(await response.text(), FORGED);
  assert.equal(refusals(), refusedBefore + 1, 'audited as request.refused');
}

describe('anonymous visitors', () => {
  test('200 anonymous GET /login leave the session store empty and set no session cookie', async () => {
    const start = await storedSessions();
    for (let i = 0; i < 200; i++) {
      const response = await fetch(`${app.url}/login`);
      assert.equal(response.status, 200);
      const cookies = response.headers.getSetCookie().map((c) => c.split('=')[0]);
      assert.deepEqual(cookies, ['roleport.login']);
      await response.arrayBuffer();
    }
    assert.equal(await storedSessions(), start);
    assert.equal(start, 0);
  });

  test('the login cookie is httpOnly and SameSite=Lax, and a wrong password stores no session either', async () => {
    const client = createClient(app.url);
    const page = await client.get('/login');
    const cookie = page.headers.getSetCookie().find((c) => c.startsWith('roleport.login='))!;
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Lax/);
    const wrong = await client.post('/login', { _csrf: hiddenField(await page.text(), '_csrf')!, username: 'bob', password: 'not-his-password' });
    assert.equal(wrong.status, 401);
    assert.equal(await storedSessions(), 0);
  });
});

describe('signing in with the login cookie', () => {
  test('alice signs in from a cookie-jar browser; only then is a session stored', async () => {
    const alice = createClient(app.url);
    const before = await storedSessions();
    const response = await alice.login('alice', PASSWORDS.alice);
    assert.equal(response.status, 303);
    assert.ok(alice.cookies.get('roleport.sid'), 'a session cookie at sign-in');
    assert.equal(await storedSessions(), before + 1);
    assert.match(await (await alice.get('/')).text(), /Alice Admin/);
  });

  test('a form posted from another site without the cookie is refused and audited', async () => {
    const { token } = await loginPage();
    const refusedBefore = refusals();
    const forged = await fetch(`${app.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: token, username: 'mallory', password: 'x' }) });
    await refusedAsForged(forged, refusedBefore);
  });

  test('the attacker\u2019s own token is refused in the victim\u2019s browser, which holds its own cookie', async () => {
    const { token: attackerToken } = await loginPage();
    const { client: victim } = await loginPage();
    const refusedBefore = refusals();
    await refusedAsForged(await victim.post('/login', { _csrf: attackerToken, username: 'alice', password: PASSWORDS.alice }), refusedBefore);
  });

  test('a cookie not signed by Roleport is refused even when the form repeats it', async () => {
    const { client, token } = await loginPage();
    const [nonce, issued] = token.split('.');
    const made = `${nonce}.${issued}.${'A'.repeat(43)}`;
    client.cookies.set('roleport.login', made);
    const refusedBefore = refusals();
    await refusedAsForged(await client.post('/login', { _csrf: made, username: 'alice', password: PASSWORDS.alice }), refusedBefore);
  });

  test('a login form older than two hours asks to reload; the reloaded page works', async () => {
    const { client, token } = await loginPage();
    now = new Date(now.getTime() + 2 * 3600_000 + 1000);
    const refusedBefore = refusals();
    await refusedAsForged(await client.post('/login', { _csrf: token, username: 'bob', password: PASSWORDS.bob }), refusedBefore);
    assert.equal((await client.login('bob', PASSWORDS.bob)).status, 303);
  });
});

test('other forms keep the session\u2019s token: the login cookie\u2019s token does not sign bob out', async () => {
  const bob = createClient(app.url);
  assert.equal((await bob.login('bob', PASSWORDS.bob)).status, 303);
  const loginToken = bob.cookies.get('roleport.login')!;
  const refusedBefore = refusals();
  await refusedAsForged(await bob.post('/logout', { _csrf: loginToken }), refusedBefore);
  assert.equal((await bob.get('/')).status, 200, 'still signed in');
});
