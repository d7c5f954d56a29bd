// The JSON API with a bearer token from the device sign-in: who am I, my roles, keys, console URLs,
// logout; a session cookie alone never counts; entitlements are checked on every call.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, startTestApp } from '../support/app.ts';
import { consoleLoginUrl } from '../support/console-login.ts';
import { api, deviceToken, jsonOf, signedIn } from './device-helpers.ts';

const auditOf = (app: TestApp) => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit).map((entry) => entry.audit);

describe('the API with a token', () => {
  let app: TestApp;
  let alice: string;
  let bob: string;
  before(async () => {
    app = await startTestApp({ demo: true });
    alice = await deviceToken(app, 'alice');
    bob = await deviceToken(app.url, 'bob');
  });
  after(() => app?.close());

  test('GET /me says who the token acts for', async () => {
    const me = await api(app.url, '/me', { token: alice });
    assert.equal(me.status, 200);
    const { tokenExpiresAt, ...rest } = me.json;
    assert.deepEqual(rest, { username: 'alice', displayName: 'Alice Example', groups: ['aws-admins', 'developers'], source: 'demo' });
    assert.ok(Date.parse(tokenExpiresAt) > Date.now() + 11 * 3600_000);
  });

  test("GET /roles lists alice's entitlements with account, ARN, longest session, reasons and region", async () => {
    const { status, json } = await api(app.url, '/roles', { token: alice });
    assert.equal(status, 200);
    assert.deepEqual(json.roles.map((r: { key: string }) => r.key).sort(), ['sandbox-dev/Developer', 'sandbox-dev/ReadOnly', 'sandbox-prod/Admin', 'sandbox-prod/ReadOnly']);
    assert.deepEqual(json.roles.find((r: { key: string }) => r.key === 'sandbox-prod/Admin'), {
      key: 'sandbox-prod/Admin',
      account: { name: 'sandbox-prod', id: '111111111111' },
      name: 'Admin',
      description: 'Full administrator',
      arn: 'arn:aws:iam::111111111111:role/Admin',
      maxDuration: 43200,
      reasons: ["rule #1 (Administrators) grants 'sandbox-prod/Admin' to group 'aws-admins'"],
      mfaRequired: true,
      region: 'us-east-1',
    });
    const bobs = await api(app.url, '/roles', { token: bob });
    assert.deepEqual(bobs.json.roles.map((r: { key: string }) => r.key).sort(), ['sandbox-dev/Developer', 'sandbox-prod/ReadOnly']);
  });

  test('GET /roles?q= finds roles by any words of account and role, as the picker does', async () => {
    const found = await api(app.url, `/roles?q=${encodeURIComponent('PROD adm')}`, { token: alice });
    assert.equal(found.status, 200);
    assert.deepEqual(found.json.roles.map((r: { key: string }) => r.key), ['sandbox-prod/Admin']);
    const none = await api(app.url, '/roles?q=staging', { token: alice });
    assert.deepEqual(none.json.roles, []);
    const twice = await api(app.url, '/roles?q=a&q=b', { token: alice });
    assert.equal(twice.status, 400);
    assert.match(twice.json.error.message, /the search 'q' must be given once/);
  });

  test('POST .../credentials answers the credential_process JSON with the ARN, never cached, and audits it like the keys page', async () => {
    const response = await fetch(`${app.url}/api/v1/roles/sandbox-prod/Admin/credentials`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json', 'user-agent': 'api-test/1' },
      body: JSON.stringify({ durationSeconds: 900 }),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const keys = await jsonOf(response);
    assert.deepEqual(Object.keys(keys), ['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration', 'Arn', 'region', 'notices', 'sandboxStsUrl']);
    assert.equal(keys.region, 'us-east-1', "the role's region, for tools on a machine without a default one");
    assert.equal(keys.Version, 1);
    assert.match(keys.AccessKeyId, /^ASIA[A-Z0-9]{16}$/);
    assert.match(keys.Expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const lifetime = Date.parse(keys.Expiration) - Date.now();
    assert.ok(lifetime > 880_000 && lifetime <= 900_000, String(lifetime));
    assert.equal(keys.Arn, 'arn:aws:sts::111111111111:assumed-role/Admin/alice');
    assert.equal(keys.sandboxStsUrl, `${app.url}/sandbox/sts`);
    const event = auditOf(app).filter((e) => e.event === 'credentials.issued').at(-1);
    assert.deepEqual(event.actor, { username: 'alice', source: 'demo' });
    assert.deepEqual(event.target, { account: 'sandbox-prod', accountId: '111111111111', role: 'Admin', arn: 'arn:aws:iam::111111111111:role/Admin' });
    assert.equal(event.client.userAgent, 'api-test/1');
    assert.equal(event.details.accessKeyId, keys.AccessKeyId);
    assert.equal(event.details.durationSeconds, 900);
    // Secrets reach no log line.
    assert.ok(!app.logs.some((line) => line.includes(keys.SecretAccessKey) || line.includes(keys.SessionToken) || line.includes(alice)));
  });

  test('a duration outside 15 minutes to 36 hours is refused with the rule', async () => {
    const { status, json } = await api(app.url, '/roles/sandbox-prod/Admin/credentials', { token: alice, body: { durationSeconds: 60 } });
    assert.equal(status, 400);
    assert.equal(json.error.message, 'the duration must be a whole number of seconds (or minutes like 90m, hours like 1h) between 900 (15 minutes) and 129600 (36 hours)');
  });

  test('bob is not entitled to sandbox-prod/Admin: 403, audited as role.refused; an unknown role is 404', async () => {
    const { status, json } = await api(app.url, '/roles/sandbox-prod/Admin/credentials', { token: bob, body: {} });
    assert.equal(status, 403);
    assert.equal(json.error.code, 'not_entitled');
    assert.equal(json.error.message, "you are not entitled to the role 'sandbox-prod/Admin'");
    const refused = auditOf(app).filter((e) => e.event === 'role.refused').at(-1);
    assert.equal(refused.actor.username, 'bob');
    assert.equal(refused.target.role, 'Admin');
    assert.equal((await api(app.url, '/roles/sandbox-prod/Admin/console', { token: bob, body: {} })).status, 403);
    const unknown = await api(app.url, '/roles/sandbox-prod/Nope/credentials', { token: bob, body: {} });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.message, "there is no role 'sandbox-prod/Nope'");
  });

  test('POST .../console takes a destination shortcut, a region and durationSeconds, each checked', async () => {
    const response = await api(app.url, '/roles/sandbox-dev/Developer/console', { token: bob, body: { destination: 'ec2', region: 'eu-west-1', durationSeconds: 1800 } });
    assert.equal(response.status, 200);
    const event = auditOf(app).filter((e) => e.event === 'console.opened').at(-1);
    assert.equal(event.details.destination, `${app.url}/sandbox/console/ec2/home?region=eu-west-1`);
    assert.equal(event.details.durationSeconds, 1800);
    const bad = await api(app.url, '/roles/sandbox-dev/Developer/console', { token: bob, body: { region: 'EU-WEST-1' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'region_invalid');
  });

  test('POST .../console answers a sign-in URL of the federation endpoint, never cached nor logged, audited', async () => {
    const response = await api(app.url, '/roles/sandbox-dev/Developer/console', { token: bob, body: {} });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const url = consoleLoginUrl(response.json.url);
    assert.equal(`${url.origin}${url.pathname}`, `${app.url}/sandbox/federation`);
    assert.equal(url.searchParams.get('Action'), 'login');
    assert.ok(url.searchParams.get('SigninToken'));
    const event = auditOf(app).filter((e) => e.event === 'console.opened').at(-1);
    assert.equal(event.actor.username, 'bob');
    assert.equal(event.target.role, 'Developer');
    assert.ok(!app.logs.some((line) => line.includes(url.searchParams.get('SigninToken')!)));
    // The URL signs in: it lands on the sandbox console as bob's session.
    const landing = await fetch(response.json.url, { redirect: 'manual' });
    assert.equal(landing.status, 302);
  });

  test('no token, a malformed one or an unknown one: 401 with WWW-Authenticate: Bearer', async () => {
    const none = await api(app.url, '/me');
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="roleport"');
    assert.equal(none.json.error.code, 'token_required');
    assert.equal(none.json.error.detail, `Sign in again: roleport login --url ${app.url}`);
    for (const header of ['Bearer rpt_unknown', 'Basic YWxpY2U6cGFzc3dvcmQ=', `bearer-ish ${alice}`]) {
      const answer = await api(app.url, '/roles', { headers: { authorization: header } });
      assert.equal(answer.status, 401, header);
      assert.equal(answer.headers.get('www-authenticate'), 'Bearer realm="roleport", error="invalid_token"');
      assert.equal(answer.json.error.message, 'the token is unknown, expired or revoked');
    }
  });

  test("alice's signed-in browser session alone opens nothing in the API, CSRF token or not", async () => {
    const browser = await signedIn(app, 'alice');
    assert.equal((await browser.get('/')).status, 200);
    assert.equal((await browser.get('/api/v1/me')).status, 401);
    const csrf = await browser.csrfToken('/device');
    const keys = await browser.post('/api/v1/roles/sandbox-prod/Admin/credentials', { _csrf: csrf }, { headers: { 'x-csrf-token': csrf } });
    assert.equal(keys.status, 401);
    assert.equal((await jsonOf(keys)).error.code, 'token_required');
    const consoleUrl = await browser.post('/api/v1/roles/sandbox-prod/Admin/console', {});
    assert.equal(consoleUrl.status, 401);
  });

  test('an API call neither reads nor extends a browser session it happens to carry', async () => {
    const browser = await signedIn(app.url, 'alice');
    // A page refreshes the session cookie on every answer (the idle timeout rolls)...
    assert.equal((await browser.get('/')).headers.getSetCookie().length, 1);
    // ...a bearer call with the same cookie leaves it alone.
    const me = await browser.get('/api/v1/me', { headers: { authorization: `Bearer ${alice}` } });
    assert.equal(me.status, 200);
    assert.deepEqual(me.headers.getSetCookie(), []);
  });

  test('an unknown API path is a JSON 404', async () => {
    const { status, json } = await api(app.url, '/nothing-here', { token: alice });
    assert.equal(status, 404);
    assert.equal(json.error.code, 'not_found');
  });

  test('POST /logout revokes the token: the next call is 401, and it is audited', async () => {
    const token = await deviceToken(app, 'alice');
    assert.equal((await api(app.url, '/me', { token })).status, 200);
    const out = await api(app.url, '/logout', { token, method: 'POST' });
    assert.equal(out.status, 204);
    const after = await api(app.url, '/me', { token });
    assert.equal(after.status, 401);
    assert.equal(after.json.error.code, 'invalid_token');
    assert.equal(auditOf(app).filter((e) => e.event === 'token.revoked').at(-1).actor.username, 'alice');
    // Other tokens of alice live on.
    assert.equal((await api(app.url, '/me', { token: alice })).status, 200);
  });
});
