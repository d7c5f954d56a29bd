import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient } from '../support/http-client.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ config: baseConfig(), env: TEST_ENV });
});
after(() => app.close());

async function signedIn(username: 'alice' | 'bob') {
  const client = createClient(app.url);
  const response = await client.login(username, PASSWORDS[username]);
  assert.equal(response.status, 303);
  return client;
}

const roleKeysOn = (html: string) => [...html.matchAll(/data-role="([^"]+)"/g)].map((m) => m[1]);

describe('the role picker', () => {
  test('alice sees exactly her four roles, grouped by account, each with console and keys links', async () => {
    const html = await (await (await signedIn('alice')).get('/')).text();
    assert.deepEqual(roleKeysOn(html), ['dev/Developer', 'dev/ReadOnly', 'prod/Admin', 'prod/ReadOnly']);
    assert.match(html, /href="\/console\/prod\/Admin"/);
    assert.match(html, /href="\/keys\/prod\/Admin"/);
    assert.match(html, /href="\/roles\/prod\/Admin"/);
  });

  test('bob sees exactly his two roles', async () => {
    const html = await (await (await signedIn('bob')).get('/')).text();
    assert.deepEqual(roleKeysOn(html), ['dev/Developer', 'prod/ReadOnly']);
  });

  test('the picker is not cached', async () => {
    const response = await (await signedIn('bob')).get('/');
    assert.equal(response.headers.get('cache-control'), 'no-store');
  });
});

describe('a role page', () => {
  test('says why the person has the role', async () => {
    const response = await (await signedIn('alice')).get('/roles/dev/ReadOnly');
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /rule #1 \(Administrators\) grants &#39;dev\/\*&#39; to group &#39;aws-admins&#39;/);
    assert.match(html, /arn:aws:iam::222222222222:role\/ReadOnly/);
  });

  test("bob gets 403 on an alice-only role, and the refusal is audited", async () => {
    const response = await (await signedIn('bob')).get('/roles/prod/Admin');
    assert.equal(response.status, 403);
    assert.match(await response.text(), /you are not entitled to the role &#39;prod\/Admin&#39;/);
    const refused = app.logs.map((l) => JSON.parse(l)).find((e) => e.audit?.event === 'role.refused');
    assert.equal(refused?.audit.actor.username, 'bob');
    assert.equal(refused?.audit.target.arn, 'arn:aws:iam::111111111111:role/Admin');
  });

  test('a role that does not exist is a 404', async () => {
    const response = await (await signedIn('alice')).get('/roles/prod/Nope');
    assert.equal(response.status, 404);
    assert.match(await response.text(), /there is no role &#39;prod\/Nope&#39;/);
  });
});

describe('every page', () => {
  test('carries a strict Content-Security-Policy with no inline script or style', async () => {
    const response = await createClient(app.url).get('/login');
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const html = await response.text();
    assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)/, 'no inline script');
    assert.doesNotMatch(html, /<style|\sstyle="/, 'no inline style');
  });

  test('a missing page is a 404 page without internals', async () => {
    const response = await createClient(app.url).get('/no/such/page');
    assert.equal(response.status, 404);
    const html = await response.text();
    assert.match(html, /This page does not exist\./i);
    assert.doesNotMatch(html, /at .*\.ts:\d+|node_modules|Error:/);
  });

  test('an oversized form is refused with 413 and no stack', async () => {
    const client = createClient(app.url);
    const response = await client.post('/login', { username: 'x'.repeat(300 * 1024), password: 'y' });
    assert.equal(response.status, 413);
    assert.doesNotMatch(await response.text(), /node_modules|\.ts:\d+/);
  });

  test('JSON callers get errors as JSON', async () => {
    const response = await createClient(app.url).get('/no/such/page', { headers: { accept: 'application/json' } });
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: { code: 'not_found', message: 'This page does not exist.', requestId: response.headers.get('x-request-id') } });
  });
});

describe('the log', () => {
  test('never holds a password, a session cookie or a CSRF token', async () => {
    const client = await signedIn('alice');
    const cookie = client.cookies.get('roleport.sid')!;
    const token = await client.csrfToken('/');
    await client.get('/?code=secret-auth-code&SAMLResponse=PHNhbWw+');
    await createClient(app.url).login('alice', 'a-wrong-password-to-find');
    const log = app.logs.join('\n');
    for (const secret of [PASSWORDS.alice, 'a-wrong-password-to-find', cookie, decodeURIComponent(cookie), token, 'secret-auth-code', 'PHNhbWw+', TEST_ENV.TEST_SESSION_SECRET]) {
      assert.ok(!log.includes(secret), `the log contains ${secret.slice(0, 12)}...`);
    }
    assert.match(log, /"url":"\/\?code=\[Redacted\]&SAMLResponse=\[Redacted\]"/);
  });
});

describe('role page wording', () => {
  test('says how Roleport gets access and the longest session in words', async () => {
    const html = await (await (await signedIn('alice')).get('/roles/prod/Admin')).text();
    assert.match(html, /<dt>How Roleport gets access<\/dt><dd>AssumeRole, with Roleport&#39;s own AWS credentials<\/dd>/);
    assert.match(html, /<dt>Longest session<\/dt><dd>1 hour<\/dd>/);
  });
});

test('device codes in a query string are kept out of the log', async () => {
  const client = await signedIn('bob');
  await client.get('/device?user_code=WXYZ-BCDF');
  assert.ok(!app.logs.join('\n').includes('WXYZ-BCDF'));
});
