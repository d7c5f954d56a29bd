// /admin/access: an administrator finds bob and ends every session and token he holds, audited with
// the administrator as actor and bob as target; bob, not an administrator, is refused every page and action.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV } from '../support/fixtures.ts';
import { type Client, createClient, hiddenField } from '../support/http-client.ts';
import { MFA_ENV, mfaConfig } from '../support/mfa.ts';
import { markStepUp } from '../support/step-up.ts';
import { api, deviceToken } from '../api/device-helpers.ts';

const BOB = { source: 'corp', username: 'bob' };
const ALICE = { source: 'corp', username: 'alice' };
let app: TestApp;

before(async () => {
  app = await startTestApp({ config: mfaConfig(), env: { ...TEST_ENV, ...MFA_ENV } });
});
after(() => app?.close());

async function signedIn(user: 'alice' | 'bob'): Promise<Client> {
  const client = createClient(app.url);
  assert.equal((await client.login(user, PASSWORDS[user])).status, 303);
  return client;
}

const audited = (event: string) => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit?.event === event).map((entry) => entry.audit);

test("alice, a freshly verified administrator, finds bob and ends his access: his session and token are dead, audited with her name", async () => {
  const bob = await signedIn('bob');
  const bobToken = await deviceToken(app.url, 'bob', PASSWORDS.bob);
  const alice = await signedIn('alice');
  const aliceToken = await deviceToken(app.url, 'alice', PASSWORDS.alice);
  await markStepUp(app, alice);

  const found = await alice.get('/admin/access?q=bob');
  assert.equal(found.status, 200);
  const list = await found.text();
  assert.match(list, /href="\/admin\/access\/corp\/bob"><strong>bob<\/strong><\/a> <span class="muted">\(signs in through corp\) · 2 browser sessions · 1 CLI token/);
  assert.doesNotMatch(list, /data-person="alice"/);

  const page = await alice.get('/admin/access/corp/bob');
  const html = await page.text();
  assert.equal(page.status, 200);
  assert.match(html, /roleport CLI, tester@laptop/);
  const ended = await alice.post('/admin/access/corp/bob/end', { _csrf: hiddenField(html, '_csrf') ?? '' });
  assert.equal(ended.status, 303);
  assert.match(await (await alice.follow(ended)).text(), /Ended 2 browser sessions and 1 CLI token of bob/);

  assert.equal((await bob.get('/')).status, 302);
  assert.equal((await api(app.url, '/me', { token: bobToken })).status, 401);
  assert.equal((await api(app.url, '/me', { token: aliceToken })).status, 200, "alice's own token is untouched");
  assert.equal((await alice.get('/admin/access')).status, 200, 'her own session too');

  const sessionEvents = audited('session.ended');
  const tokenEvents = audited('token.revoked');
  assert.equal(sessionEvents.length, 2);
  assert.equal(tokenEvents.length, 1);
  for (const event of [...sessionEvents, ...tokenEvents]) {
    assert.deepEqual(event.actor, ALICE);
    assert.deepEqual(event.target, BOB);
    assert.equal(event.details.via, 'admin');
  }
});

test('an administrator who has not just verified a factor is sent to verify before the page, and refused the action', async () => {
  const alice = await signedIn('alice');
  const page = await alice.get('/admin/access/corp/bob');
  assert.equal(page.status, 302);
  assert.equal(page.headers.get('location'), '/mfa?next=%2Fadmin%2Faccess%2Fcorp%2Fbob');
  const bob = await signedIn('bob');
  const attempt = await alice.post('/admin/access/corp/bob/end', { _csrf: await alice.csrfToken('/sessions') });
  assert.equal(attempt.status, 403);
  assert.equal((await bob.get('/')).status, 200);
});

test('bob gets 403 on every /admin page and action, and ends nobody', async () => {
  const alice = await signedIn('alice');
  const bob = await signedIn('bob');
  await markStepUp(app, bob);
  for (const path of ['/admin', '/admin/people', '/admin/access', '/admin/access?q=alice', '/admin/access/corp/alice']) {
    const page = await bob.get(path);
    assert.equal(page.status, 403, path);
    assert.match(await page.text(), /this page is for Roleport administrators/);
  }
  const csrf = await bob.csrfToken('/sessions');
  for (const [path, form] of [['/admin/access/corp/alice/end', {}], ['/admin/people/reset', { source: 'corp', subject: 'corp:alice' }]] as const) {
    assert.equal((await bob.post(path, { _csrf: csrf, ...form })).status, 403, path);
  }
  assert.equal((await alice.get('/')).status, 200);
  assert.equal(audited('session.ended').filter((e) => e.target.username === 'alice').length, 0);
});

test('the header links to /admin for an administrator and not for anyone else', async () => {
  const adminLink = /<a href="\/admin">Admin<\/a>/;
  assert.match(await (await (await signedIn('alice')).get('/')).text(), adminLink);
  assert.doesNotMatch(await (await (await signedIn('bob')).get('/')).text(), adminLink);
});
