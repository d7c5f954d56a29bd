// Favourite and recent roles on the picker: kept per person (identity source and subject) in the
// per-person storage, a star that works as a plain form, recents from every door.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEMO_PASSWORD } from '../../src/config/index.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { type Client, createClient, hiddenField } from '../support/http-client.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';
import { api, deviceToken } from '../api/device-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'roleport-favourites-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const roleKeysOn = (html: string) => [...html.matchAll(/data-role="([^"]+)"/g)].map((m) => m[1]);
const recentsOn = (html: string) => [...html.matchAll(/data-recent="([^"]+)"/g)].map((m) => m[1]);
const starredOn = (html: string) => [...html.matchAll(/name="unstar" value="([^"]+)" aria-pressed="true"/g)].map((m) => m[1]);

async function signedIn(url: string, username: 'alice' | 'bob', password: string = PASSWORDS[username]): Promise<Client> {
  const client = createClient(url);
  assert.equal((await client.login(username, password)).status, 303);
  return client;
}

async function star(client: Client, role: string, starred = true, headers: Record<string, string> = {}): Promise<Response> {
  const csrf = hiddenField(await (await client.get('/')).text(), '_csrf')!;
  return client.post('/favourites', { _csrf: csrf, [starred ? 'star' : 'unstar']: role }, { headers });
}

describe('favourite roles', () => {
  const storage = { type: 'sqlite', path: join(dir, 'people.db') };
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ config: baseConfig({ storage }), env: TEST_ENV });
  });
  after(() => app.close());

  test('a starred role comes first, still starred after Roleport restarts and alice signs in again', async () => {
    const alice = await signedIn(app.url, 'alice');
    const starred = await star(alice, 'dev/ReadOnly');
    assert.equal(starred.status, 303, 'without JavaScript the form goes back to the picker');
    assert.equal(starred.headers.get('location'), '/');
    await app.close();
    app = await startTestApp({ config: baseConfig({ storage }), env: TEST_ENV });

    const html = await (await (await signedIn(app.url, 'alice')).get('/')).text();
    assert.deepEqual(roleKeysOn(html), ['dev/ReadOnly', 'dev/Developer', 'prod/Admin', 'prod/ReadOnly']);
    assert.match(html, /<h2><span class="star-mark" aria-hidden="true">★<\/span>Favourites<\/h2>/);
    // The star is named "Favourite: dev/ReadOnly" by the shared "Favourite:" and the role's name.
    const label = /value="dev\/ReadOnly" aria-pressed="true" aria-labelledby="l-fav (n\d+)"/.exec(html);
    assert.ok(label, 'the starred role has a pressed star');
    assert.ok(html.includes(`<span id="${label[1]}" hidden>dev/ReadOnly</span>`) && html.includes('<span id="l-fav" hidden>Favourite:</span>'));
    assert.deepEqual(starredOn(html), ['dev/ReadOnly']);
  });

  test("bob does not see alice's star, and his own star is his alone", async () => {
    const bob = await signedIn(app.url, 'bob');
    await star(await signedIn(app.url, 'alice'), 'prod/ReadOnly');
    assert.deepEqual(starredOn(await (await bob.get('/')).text()), []);
    const answer = await star(bob, 'dev/Developer', true, { accept: 'application/json' });
    assert.equal(answer.status, 200);
    assert.deepEqual(await answer.json(), { role: 'dev/Developer', starred: true });
    assert.deepEqual(starredOn(await (await bob.get('/')).text()), ['dev/Developer']);
    assert.deepEqual(starredOn(await (await (await signedIn(app.url, 'alice')).get('/')).text()), ['dev/ReadOnly', 'prod/ReadOnly']);
  });

  test('unstarring puts the role back in its account', async () => {
    const bob = await signedIn(app.url, 'bob');
    await star(bob, 'dev/Developer', false);
    const html = await (await bob.get('/')).text();
    assert.deepEqual(starredOn(html), []);
    assert.doesNotMatch(html, />Favourites</);
  });

  test('a star on a role the person does not have is refused and audited', async () => {
    const bob = await signedIn(app.url, 'bob');
    const refused = await star(bob, 'prod/Admin');
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /you are not entitled to the role &#39;prod\/Admin&#39;/);
    const audit = app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit?.event === 'role.refused').map((entry) => entry.audit);
    assert.ok(audit.some((event) => event.actor.username === 'bob' && event.target.role === 'Admin'));
    assert.deepEqual(starredOn(await (await bob.get('/')).text()), []);
  });

  test('a star form without one valid role is a clear 400', async () => {
    const bob = await signedIn(app.url, 'bob');
    const csrf = hiddenField(await (await bob.get('/')).text(), '_csrf')!;
    const forms: Record<string, string>[] = [{}, { star: 'Developer' }, { star: 'dev/Developer', unstar: 'dev/Developer' }];
    for (const form of forms) {
      const refused = await bob.post('/favourites', { _csrf: csrf, ...form });
      assert.equal(refused.status, 400, JSON.stringify(form));
      assert.match(await refused.text(), /the star form names one role, as star=&lt;account&gt;\/&lt;role&gt; or unstar=&lt;account&gt;\/&lt;role&gt;/);
    }
  });

  test('a star form without the CSRF token is refused', async () => {
    const bob = await signedIn(app.url, 'bob');
    const refused = await bob.post('/favourites', { star: 'dev/Developer' });
    assert.equal(refused.status, 403);
    assert.deepEqual(starredOn(await (await bob.get('/')).text()), []);
  });
});

describe('recent roles', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ demo: true });
  });
  after(() => app.close());

  test('keys issued through the API and a console opened on the web are the recents above the picker, latest first', async () => {
    const token = await deviceToken(app.url, 'bob');
    const keys = await api(app.url, '/roles/sandbox-prod/ReadOnly/credentials', { token, body: {} });
    assert.equal(keys.status, 200);
    const bob = await signedIn(app.url, 'bob', DEMO_PASSWORD);
    assert.deepEqual(recentsOn(await (await bob.get('/')).text()), ['sandbox-prod/ReadOnly']);

    const opened = await bob.get('/console/sandbox-dev/Developer', { headers: { 'sec-fetch-site': 'same-origin' } });
    assert.equal(opened.status, 302);
    const html = await (await bob.get('/')).text();
    assert.deepEqual(recentsOn(html), ['sandbox-dev/Developer', 'sandbox-prod/ReadOnly']);
    assert.match(html, /aria-label="Console for sandbox-dev\/Developer \(recently used\)"/);
    assert.deepEqual(recentsOn(await (await (await signedIn(app.url, 'alice', DEMO_PASSWORD)).get('/')).text()), [], "bob's recents are not alice's");
  });

  test('a refused issuance is not a recent role', async () => {
    const token = await deviceToken(app.url, 'bob');
    const refused = await api(app.url, '/roles/sandbox-prod/Admin/credentials', { token, body: {} });
    assert.equal(refused.status, 403);
    const bob = await signedIn(app.url, 'bob', DEMO_PASSWORD);
    assert.ok(!recentsOn(await (await bob.get('/')).text()).includes('sandbox-prod/Admin'));
  });
});
