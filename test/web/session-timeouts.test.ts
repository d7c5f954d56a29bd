// Sessions end after the absolute timeout whatever the activity.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createClient } from '../support/http-client.ts';
import { startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';

test('a session past the absolute timeout must sign in again', async () => {
  let now = Date.parse('2026-11-21T09:00:00Z');
  const app = await startTestApp({ config: baseConfig({ session: { secret: 'env:TEST_SESSION_SECRET', absoluteTimeout: '1h' } }), env: TEST_ENV, clock: () => new Date(now) });
  try {
    const client = createClient(app.url);
    await client.login('alice', PASSWORDS.alice);
    assert.equal((await client.get('/')).status, 200);
    now += 59 * 60_000;
    assert.equal((await client.get('/')).status, 200);
    now += 2 * 60_000;
    const response = await client.get('/');
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), '/login?next=%2F');
  } finally {
    await app.close();
  }
});
