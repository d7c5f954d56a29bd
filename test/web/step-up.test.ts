// Step-up on every door of the demo: sandbox-prod/Admin needs a second factor verified within
// mfa.maxAge in the browser, and within mfa.tokenMaxAge on the approval of a CLI token.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PASSWORD } from '../../src/config/index.ts';
import { demoAccessKeyId, demoConfig, demoSecrets } from '../../src/config/demo.ts';
import { api, decide, pollToken, signedIn, startDevice } from '../api/device-helpers.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { consoleLoginUrl } from '../support/console-login.ts';
import { type Client, createClient, hiddenField } from '../support/http-client.ts';
import { markStepUp, withMfa } from '../support/step-up.ts';

let now = Date.parse('2026-03-02T09:00:00Z');
const clock = () => new Date(now);
const HOUR = 3600_000;

let app: TestApp;
before(async () => {
  app = await startTestApp({
    env: demoSecrets(),
    clock,
    config: (url) => withMfa(demoConfig(url, 3000, demoAccessKeyId()), { maxAge: '1h', tokenMaxAge: '2h' }),
  });
});
after(() => app.close());

const auditOf = () => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit).map((entry) => entry.audit);

async function browser(username: 'alice' | 'bob'): Promise<Client> {
  const client = createClient(app.url);
  assert.equal((await client.login(username, DEMO_PASSWORD)).status, 303);
  return client;
}

const stepUpFor = (next: string) => `/mfa?next=${encodeURIComponent(next)}`;

describe('step-up in the browser', () => {
  test('the picker marks sandbox-prod/Admin, and only it, as needing a second factor', async () => {
    const html = await (await (await browser('alice')).get('/')).text();
    // Each role's list item, and whether its name carries the MFA badge.
    const badges = [...html.matchAll(/<li class="role" data-role="([^"]+)"[\s\S]*?<\/li>/g)].map((m) => [m[1], /<span class="badge mfa"/.test(m[0])]);
    assert.deepEqual(badges, [['sandbox-dev/Developer', false], ['sandbox-dev/ReadOnly', false], ['sandbox-prod/Admin', true], ['sandbox-prod/ReadOnly', false]]);
  });

  test('the keys page and a console deep link of Admin send alice to /mfa, which will bring her back to the same place', async () => {
    const alice = await browser('alice');
    const keys = await alice.get('/keys/sandbox-prod/Admin');
    assert.equal(keys.status, 303);
    assert.equal(keys.headers.get('location'), stepUpFor('/keys/sandbox-prod/Admin'));
    const deepLink = '/console/sandbox-prod/Admin?destination=' + encodeURIComponent(`${app.url}/sandbox/console/s3/`);
    const console = await alice.get(deepLink, { headers: { 'sec-fetch-site': 'none' } });
    assert.equal(console.status, 303);
    assert.equal(console.headers.get('location'), stepUpFor(deepLink));
    assert.equal(auditOf().filter((e) => e.event === 'console.opened' && e.actor.username === 'alice' && e.target.role === 'Admin').length, 0);
  });

  test('a form post for Admin without step-up issues nothing and links to /mfa for the page it came from', async () => {
    const alice = await browser('alice');
    const csrf = hiddenField(await (await alice.get('/keys/sandbox-dev/Developer')).text(), '_csrf')!;
    const issued = auditOf().filter((e) => e.event === 'credentials.issued').length;
    const post = await alice.post('/keys/sandbox-prod/Admin', { _csrf: csrf, duration: '900' });
    assert.equal(post.status, 403);
    const html = await post.text();
    assert.match(html, /sandbox-prod\/Admin needs a second factor verified within the last 1h/);
    assert.ok(html.includes(`href="${stepUpFor('/keys/sandbox-prod/Admin')}"`), html);
    const confirm = await alice.post('/console/sandbox-prod/Admin', { _csrf: csrf });
    assert.equal(confirm.status, 403);
    assert.ok((await confirm.text()).includes(`href="${stepUpFor('/console/sandbox-prod/Admin')}"`));
    assert.equal(auditOf().filter((e) => e.event === 'credentials.issued').length, issued);
  });

  test('after step-up, Admin opens: keys with the mfa session tags, a console deep link still in the console; an hour later, /mfa again', async () => {
    const alice = await browser('alice');
    await markStepUp(app, alice, { method: 'totp' });
    const page = await alice.get('/keys/sandbox-prod/Admin');
    assert.equal(page.status, 200);
    const issued = await alice.post('/keys/sandbox-prod/Admin', { _csrf: hiddenField(await page.text(), '_csrf')!, duration: '900' });
    assert.equal(issued.status, 200);
    assert.match(await issued.text(), /assumed-role\/Admin\/alice/);
    const deepLink = '/console/sandbox-prod/Admin?destination=' + encodeURIComponent(`${app.url}/sandbox/console/s3/`);
    const signin = await alice.get(deepLink, { headers: { 'sec-fetch-site': 'same-origin' } });
    assert.equal(signin.status, 302);
    const landed = await alice.follow(signin);
    assert.equal(new URL(landed.url).pathname, '/sandbox/console/s3/');
    assert.match(await landed.text(), /assumed-role\/Admin\/alice/);

    now += HOUR + 1000;
    const again = await alice.get('/keys/sandbox-prod/Admin');
    assert.equal(again.headers.get('location'), stepUpFor('/keys/sandbox-prod/Admin'));
  });

  test('bob is never asked, and neither is alice for roles that need no second factor', async () => {
    const bob = await browser('bob');
    assert.equal((await bob.get('/keys/sandbox-prod/ReadOnly')).status, 200);
    const bobConsole = await bob.get('/console/sandbox-dev/Developer', { headers: { 'sec-fetch-site': 'same-origin' } });
    assert.equal(bobConsole.status, 302);
    assert.match(consoleLoginUrl(bobConsole.headers.get('location')!).href, /\/sandbox\/federation\?Action=login&/);
    const alice = await browser('alice');
    assert.equal((await alice.get('/keys/sandbox-dev/Developer')).status, 200);
    assert.equal((await alice.get('/roles/sandbox-prod/Admin')).status, 200);
  });

  test("the role page says why Admin needs a second factor", async () => {
    const html = await (await (await browser('alice')).get('/roles/sandbox-prod/Admin')).text();
    assert.match(html, /<dt>Second factor<\/dt><dd>needed to open it: the role sandbox-prod\/Admin says mfa: required<\/dd>/);
  });
});

describe('step-up for the command line', () => {
  test('the approval page asks alice for her factor first, and bob not at all', async () => {
    const alice = await browser('alice');
    const page = await alice.get('/device');
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('location'), stepUpFor('/device'));
    const bob = await browser('bob');
    assert.equal((await bob.get('/device')).status, 200);
  });

  test('a token approved after step-up opens Admin until mfa.tokenMaxAge; then 403 mfa_required, audited', async () => {
    const start = await startDevice(app.url);
    const approved = await decide(await signedIn(app, 'alice'), start.user_code, 'approve');
    assert.match(approved.html, /Device signed in/);
    const token = (await pollToken(app.url, start.device_code)).json.access_token as string;
    const keys = await api(app.url, '/roles/sandbox-prod/Admin/credentials', { token, body: {} });
    assert.equal(keys.status, 200, JSON.stringify(keys.json));
    assert.match(keys.json.Arn, /assumed-role\/Admin\/alice$/);

    now += 2 * HOUR + 1000;
    const late = await api(app.url, '/roles/sandbox-prod/Admin/credentials', { token, body: {} });
    assert.equal(late.status, 403);
    assert.equal(late.json.error.code, 'mfa_required');
    assert.equal(late.json.error.message, 'sandbox-prod/Admin needs a second factor verified within 2h on the approval page of this command-line sign-in; run roleport login and verify it there');
    const refused = auditOf().filter((e) => e.event === 'credentials.refused').at(-1);
    assert.equal(refused.actor.username, 'alice');
    assert.match(refused.reason, /^mfa_required: /);
    // Roles that need no second factor still open with the same token.
    assert.equal((await api(app.url, '/roles/sandbox-dev/Developer/credentials', { token, body: {} })).status, 200);
    const consoleUrl = await api(app.url, '/roles/sandbox-prod/Admin/console', { token, body: {} });
    assert.equal(consoleUrl.status, 403);
  });
});
