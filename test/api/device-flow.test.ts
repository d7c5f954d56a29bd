// The device-style sign-in of the CLI (RFC 8628 shape): codes, polling, approval and denial on the
// /device page, expiry, token lifetime and rate limits.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';
import { createClient } from '../support/http-client.ts';
import { decide, jsonOf, pollToken, signedIn, startDevice, typeCode } from './device-helpers.ts';

const auditOf = (app: TestApp) => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit).map((entry) => entry.audit);

describe('the device sign-in against the demo', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ demo: true });
  });
  after(() => app?.close());

  test('POST /api/v1/device answers a device code, an 8-letter user code shown as XXXX-XXXX, the /device page, 600 s and 5 s', async () => {
    const response = await fetch(`${app.url}/api/v1/device`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"client_name":"roleport CLI, alice@laptop"}' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const start = await jsonOf(response);
    assert.match(start.device_code, /^rpd_[A-Za-z0-9_-]{43}$/);
    assert.match(start.user_code, /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    assert.equal(start.verification_uri, `${app.url}/device`);
    assert.equal(start.verification_uri_complete, `${app.url}/device?user_code=${start.user_code}`);
    assert.equal(start.expires_in, 600);
    assert.equal(start.interval, 5);
  });

  test('polling says authorization_pending, then slow_down when the CLI polls again within the interval', async () => {
    const start = await startDevice(app.url);
    const first = await pollToken(app.url, start.device_code);
    assert.equal(first.status, 400);
    assert.deepEqual(first.json.error, { code: 'authorization_pending', message: 'waiting for the sign-in to be approved in the browser' });
    const second = await pollToken(app.url, start.device_code);
    assert.equal(second.status, 400);
    assert.deepEqual(second.json.error, { code: 'slow_down', message: 'polling too fast; wait 10 seconds between polls' });
  });

  test('the code alice types on /device shows her the request, its address and the name it gives itself; her approval gives the CLI a bearer token once', async () => {
    const start = await startDevice(app.url, 'roleport CLI, alice@laptop');
    const browser = await signedIn(app, 'alice');
    // Typed in lower case without the dash, as people do.
    const page = await typeCode(browser, start.user_code.replace('-', '').toLowerCase());
    const html = page.html;
    assert.equal(page.status, 200);
    assert.match(html, new RegExp(`<code>${start.user_code}</code>`));
    assert.match(html, /<span class="muted">Name given by the requester, not checked by Roleport:<\/span> <span class="untrusted">roleport CLI, alice@laptop<\/span>/);
    assert.match(html, /<dt>From<\/dt><dd>127\.0\.0\.1<\/dd>/);
    assert.doesNotMatch(html, /another address than yours/);
    assert.match(html, /Approve only if you started <code>roleport login<\/code> yourself just now/);

    const approved = await decide(browser, start.user_code, 'approve');
    assert.equal(approved.status, 200);
    assert.match(approved.html, new RegExp(`You approved the code <code>${start.user_code}</code>`));

    const answer = await pollToken(app.url, start.device_code);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    assert.match(answer.json.access_token, /^rpt_[A-Za-z0-9_-]{43}$/);
    assert.equal(answer.json.token_type, 'Bearer');
    // The demo session's absolute timeout is 12 h: the token lives (almost) as long.
    assert.ok(answer.json.expires_in > 12 * 3600 - 60 && answer.json.expires_in <= 12 * 3600, String(answer.json.expires_in));

    const event = auditOf(app).filter((e) => e.event === 'device.approved').at(-1);
    assert.equal(event.actor.username, 'alice');
    assert.equal(event.details.userCode, start.user_code);
    assert.equal(event.details.clientName, 'roleport CLI, alice@laptop');

    const again = await pollToken(app.url, start.device_code);
    assert.equal(again.status, 400);
    assert.equal(again.json.error.code, 'invalid_grant');
    // The code is used up: the page no longer offers it.
    const used = await typeCode(browser, start.user_code);
    assert.equal(used.status, 404);
    assert.match(used.html, /This code is unknown, already used or expired/);
  });

  test("bob's denial answers access_denied to the CLI and is audited", async () => {
    const start = await startDevice(app.url);
    const denied = await decide(await signedIn(app.url, 'bob'), start.user_code, 'deny');
    assert.match(denied.html, /You denied the code <code>[A-Z-]+<\/code>. Nothing was signed in./);
    const answer = await pollToken(app.url, start.device_code);
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json.error, { code: 'access_denied', message: 'the sign-in was denied in the browser' });
    assert.equal(auditOf(app).filter((e) => e.event === 'device.denied').at(-1).actor.username, 'bob');
  });

  test('a signed-out visitor to /device is sent to sign in first, keeping the code', async () => {
    const response = await createClient(app.url).get('/device?user_code=BCDF-GHJK');
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), `/login?next=${encodeURIComponent('/device?user_code=BCDF-GHJK')}`);
  });

  test('an approval without the CSRF token is refused and approves nothing', async () => {
    const start = await startDevice(app.url);
    const browser = await signedIn(app, 'alice');
    const response = await browser.post('/device', { user_code: start.user_code, decision: 'approve' });
    assert.equal(response.status, 403);
    assert.equal((await pollToken(app.url, start.device_code)).json.error.code, 'authorization_pending');
  });

  test('an unknown code gets a plain answer, and the form to type it again', async () => {
    const browser = await signedIn(app, 'alice');
    const response = await typeCode(browser, 'ZZZZ-ZZZZ');
    assert.equal(response.status, 404);
    const html = response.html;
    assert.match(html, /This code is unknown, already used or expired. Check it against your terminal, or run roleport login again./);
    assert.match(html, /value="ZZZZ-ZZZZ"/);
    const form = await browser.get('/device');
    assert.match(await form.text(), /Type the code your terminal shows/);
  });

  test('an unknown device code is refused as invalid_grant, a missing one as invalid_request', async () => {
    assert.equal((await pollToken(app.url, 'rpd_not-a-real-code')).json.error.code, 'invalid_grant');
    const missing = await fetch(`${app.url}/api/v1/device/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(missing.status, 400);
    assert.equal((await jsonOf(missing)).error.code, 'invalid_request');
  });
});

describe('the device sign-in with time that moves', () => {
  let app: TestApp;
  let offset = 0;
  before(async () => {
    const config = baseConfig({ session: { secret: 'env:TEST_SESSION_SECRET', absoluteTimeout: '1h', idleTimeout: '2h' } });
    app = await startTestApp({ config, env: TEST_ENV, clock: () => new Date(Date.now() + offset) });
  });
  after(() => app?.close());

  test('a code not approved within 10 minutes expires: expired_token to the CLI, unknown on the page', async () => {
    const start = await startDevice(app.url);
    offset += 601_000;
    const answer = await pollToken(app.url, start.device_code);
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json.error, { code: 'expired_token', message: 'the sign-in request expired before it was approved; run roleport login again' });
    const browser = createClient(app.url);
    await browser.login('alice', PASSWORDS.alice);
    assert.equal((await typeCode(browser, start.user_code)).status, 404);
  });

  test("the token ends with the approving session's absolute timeout when that comes before 12 hours", async () => {
    const browser = createClient(app.url);
    await browser.login('alice', PASSWORDS.alice);
    offset += 30 * 60_000; // half of the 1 h session is gone
    const start = await startDevice(app.url);
    await decide(browser, start.user_code, 'approve');
    const answer = await pollToken(app.url, start.device_code);
    assert.equal(answer.status, 200);
    assert.ok(answer.json.expires_in > 1790 && answer.json.expires_in <= 1800, String(answer.json.expires_in));
    const me = await fetch(`${app.url}/api/v1/me`, { headers: { authorization: `Bearer ${answer.json.access_token}` } });
    assert.equal(me.status, 200);
    offset += 31 * 60_000;
    const later = await fetch(`${app.url}/api/v1/me`, { headers: { authorization: `Bearer ${answer.json.access_token}` } });
    assert.equal(later.status, 401);
    assert.equal((await jsonOf(later)).error.code, 'invalid_token');
  });

  test('more than 20 sign-in requests from one address within 5 minutes are refused with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await fetch(`${app.url}/api/v1/device`, { method: 'POST' })).status);
    // Earlier tests in this file asked twice already.
    assert.deepEqual(statuses, [...Array(18).fill(200), 429, 429, 429]);
    const refused = await fetch(`${app.url}/api/v1/device`, { method: 'POST' });
    assert.equal(refused.status, 429);
    assert.match(refused.headers.get('retry-after') ?? '', /^\d+$/);
    assert.match((await jsonOf(refused)).error.message, /^too many sign-in requests from this address; try again in \d+ seconds$/);
  });

  test('looking up many codes on /device is slowed down per person', async () => {
    const browser = createClient(app.url);
    await browser.login('bob', PASSWORDS.bob);
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await typeCode(browser, 'BBBB-BBBB')).status;
    assert.equal(last, 429);
    assert.match((await typeCode(browser, 'BBBB-BBBB')).html, /too many codes tried; try again in \d+ seconds/);
  });
});
