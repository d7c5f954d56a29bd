import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient, hiddenField } from '../support/http-client.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ config: baseConfig({ server: { trustProxy: 'loopback' } }), env: TEST_ENV });
});
after(() => app.close());

const sessionCookie = (client: ReturnType<typeof createClient>) => client.cookies.get('roleport.sid');
const auditEvents = () => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit).map((entry) => entry.audit);

describe('signing in', () => {
  test('alice signs in and lands on her roles', async () => {
    const client = createClient(app.url);
    const response = await client.login('alice', PASSWORDS.alice);
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/');
    const page = await (await client.get('/')).text();
    assert.match(page, /Your AWS roles/);
    assert.match(page, /Alice Admin/);
  });

  test('a wrong password, an unknown user and a blank password get one message and a 401', async () => {
    for (const [username, password] of [['alice', 'nope'], ['nobody', 'nope'], ['bob', '']]) {
      const client = createClient(app.url);
      const response = await client.login(username, password);
      assert.equal(response.status, 401);
      const html = await response.text();
      assert.match(html, /<p class="error" role="alert">wrong username or password<\/p>/);
      assert.equal(hiddenField(html, 'username'), undefined); // the password is never echoed
      assert.match(html, new RegExp(`name="username"[^>]*value="${username}"`));
    }
  });

  test('a disabled account is told so', async () => {
    const response = await createClient(app.url).login('carol', PASSWORDS.carol);
    assert.equal(response.status, 403);
    assert.match(await response.text(), /this account is disabled; ask your administrator/);
  });

  test('failures and successes are audited with who, from where and why', async () => {
    await createClient(app.url).login('alice', 'bad-password-for-audit');
    const failed = auditEvents().find((e) => e.event === 'login.failed' && e.actor.username === 'alice');
    assert.ok(failed, 'a login.failed event');
    assert.equal(failed.outcome, 'refused');
    assert.equal(failed.reason, 'wrong username or password');
    assert.equal(failed.actor.source, 'corp');
    assert.equal(failed.client.ip, '127.0.0.1');
    assert.ok(failed.at && failed.id);
    const succeeded = auditEvents().find((e) => e.event === 'login.succeeded' && e.actor.username === 'alice');
    assert.equal(succeeded?.outcome, 'success');
  });

  test('the session is regenerated at sign-in: the cookie from before is not the one after', async () => {
    const client = createClient(app.url);
    await client.login('bob', PASSWORDS.bob);
    const before = sessionCookie(client);
    assert.ok(before);
    // Signing in again (a page asked for a recent sign-in) replaces the session, whoever held the old id.
    const page = await client.get('/login?reauth=1');
    const response = await client.post('/login', { _csrf: hiddenField(await page.text(), '_csrf')!, username: 'bob', password: PASSWORDS.bob });
    assert.equal(response.status, 303);
    const afterLogin = sessionCookie(client);
    assert.ok(afterLogin);
    assert.notEqual(afterLogin, before);
    const fixated = createClient(app.url);
    fixated.cookies.set('roleport.sid', before);
    assert.equal((await fixated.get('/')).status, 302, 'the old session id does not carry the sign-in');
  });

  test('the session cookie is httpOnly and SameSite=Lax, not Secure over plain http', async () => {
    const response = await createClient(app.url).login('bob', PASSWORDS.bob);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('roleport.sid='));
    assert.ok(cookie);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Lax/);
    assert.doesNotMatch(cookie, /; Secure/);
  });

  test('behind a trusted proxy that says https, the cookie is Secure', async () => {
    const client = createClient(app.url);
    const token = await client.csrfToken('/login');
    const response = await client.post('/login', { _csrf: token, username: 'bob', password: PASSWORDS.bob }, { headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(response.status, 303);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('roleport.sid='));
    assert.match(cookie ?? '', /; Secure/);
  });

  test('signing out ends the session for good', async () => {
    const client = createClient(app.url);
    await client.login('alice', PASSWORDS.alice);
    const cookie = sessionCookie(client)!;
    const token = await client.csrfToken('/');
    const response = await client.post('/logout', { _csrf: token });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/login?signedOut=1');
    const replay = createClient(app.url);
    replay.cookies.set('roleport.sid', cookie);
    assert.equal((await replay.get('/')).status, 302);
    assert.match(await (await client.get('/login?signedOut=1')).text(), /You are signed out\./);
  });

  test('past five failures from one address, even the right password waits: 429 with Retry-After', async () => {
    const throttled = await startTestApp({ config: baseConfig(), env: TEST_ENV });
    try {
      const client = createClient(throttled.url);
      for (let i = 0; i < 5; i++) assert.equal((await client.login('bob', `wrong-${i}`)).status, 401);
      const response = await client.login('bob', PASSWORDS.bob);
      assert.equal(response.status, 429);
      assert.equal(response.headers.get('retry-after'), '1');
      assert.match(await response.text(), /<p class="error" role="alert">too many failed sign-ins; try again in 1 second<\/p>/);
    } finally {
      await throttled.close();
    }
  });
});

describe('CSRF', () => {
  test('a login form posted without its token is refused and audited', async () => {
    const client = createClient(app.url);
    await client.get('/login');
    const response = await client.post('/login', { username: 'alice', password: PASSWORDS.alice });
    assert.equal(response.status, 403);
    assert.match(await response.text(), /this form has expired or did not come from Roleport/);
    assert.ok(auditEvents().some((e) => e.event === 'request.refused' && /CSRF/.test(e.reason)));
  });

  test('a token from another session does not work', async () => {
    const attacker = createClient(app.url);
    const token = await attacker.csrfToken('/login');
    const victim = createClient(app.url);
    await victim.login('alice', PASSWORDS.alice);
    const response = await victim.post('/logout', { _csrf: token });
    assert.equal(response.status, 403);
    assert.equal((await victim.get('/')).status, 200, 'still signed in');
  });
});

describe('returning after sign-in', () => {
  test('a signed-out visitor is sent to the login page and back to where they were going', async () => {
    const client = createClient(app.url);
    const response = await client.get('/roles/dev/Developer');
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), '/login?next=%2Froles%2Fdev%2FDeveloper');
    const login = await client.get(response.headers.get('location')!);
    assert.equal(hiddenField(await login.text(), 'next'), '/roles/dev/Developer');
    const signedIn = await client.login('bob', PASSWORDS.bob, undefined, '/roles/dev/Developer');
    assert.equal(signedIn.headers.get('location'), '/roles/dev/Developer');
  });

  test('next never leaves Roleport', async () => {
    const hostile = ['https://evil.example/', '//evil.example/x', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', '/%2F%2Fevil.example', ' /x', '/\t/evil.example', 'http:/evil.example'];
    for (const next of hostile) {
      const client = createClient(app.url);
      const response = await client.login('bob', PASSWORDS.bob, undefined, next);
      const location = response.headers.get('location') ?? '';
      assert.equal(response.status, 303);
      assert.ok(location.startsWith('/') && !location.startsWith('//') && !location.includes('\\'), `${next} -> ${location}`);
      assert.equal(new URL(location, app.url).origin, app.url, `${next} -> ${location}`);
    }
  });
});
