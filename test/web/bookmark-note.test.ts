// A sign-in page reached from a bookmark says where the bookmark leads once signed in, from the path
// alone: nothing about whether the role exists or is the person's.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, startTestApp } from '../support/app.ts';
import { createClient } from '../support/http-client.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ config: baseConfig(), env: TEST_ENV });
});
after(() => app.close());

/** The note on the login page a signed-out visit to `path` is sent to. */
async function noteFor(path: string): Promise<string | undefined> {
  const client = createClient(app.url);
  const bounce = await client.get(path);
  assert.equal(bounce.status, 302);
  const login = await client.get(bounce.headers.get('location')!);
  assert.equal(login.status, 200);
  return /<p class="notice-box bookmark-note" role="note">([^<]*)<\/p>/.exec(await login.text())?.[1];
}

describe('the sign-in page reached from a bookmark', () => {
  test('a console link names the role and its options', async () => {
    assert.equal(await noteFor('/console/prod/Admin?destination=s3&region=eu-west-1&duration=1h'), 'After you sign in, Roleport opens the AWS console as prod/Admin at s3, in eu-west-1, for 1h.');
  });

  test('a console link by words quotes the words', async () => {
    assert.equal(await noteFor('/console/dev%20developer'), 'After you sign in, Roleport opens the AWS console of your role matching \u201cdev developer\u201d.');
  });

  test('a keys page bookmark says so', async () => {
    assert.equal(await noteFor('/keys/dev/Developer'), 'After you sign in, Roleport opens the keys page for dev/Developer.');
  });

  test('options that are not valid are left out, and markup in the path is shown as text', async () => {
    assert.equal(await noteFor('/console/prod/Admin?region=mars'), 'After you sign in, Roleport opens the AWS console as prod/Admin.');
    assert.equal(await noteFor('/console/%3Cb%3Eprod/x'), 'After you sign in, Roleport opens the AWS console as &lt;b&gt;prod/x.');
  });

  test('the picker itself needs no note, and signing in still lands on the bookmark', async () => {
    assert.equal(await noteFor('/'), undefined);
    const client = createClient(app.url);
    const signedIn = await client.login('alice', PASSWORDS.alice, undefined, '/keys/dev/Developer');
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.headers.get('location'), '/keys/dev/Developer');
  });
});
