// While the shared Redis is away, API calls that need it are refused at once with 503 (never
// queued until some timeout, never let through), and the rate limits fall back to memory.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { type RedisServer, startRedisServer } from '../peers/redis-server.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';
import { api, deviceToken } from './device-helpers.ts';

let redis: RedisServer | undefined;
let app: TestApp;

/** Waits (bounded) until `check` holds. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await sleep(100);
  }
  assert.fail(`never: ${what}`);
}

before(async () => {
  // A private Redis of this test's own, which it stops; never the shared one.
  redis = await startRedisServer();
  const url = redis.url;
  const config = baseConfig({ session: { secret: 'env:TEST_SESSION_SECRET', store: { type: 'redis', url: 'env:REDIS_URL', prefix: 'roleport-outage:' } } });
  app = await startTestApp({ config, env: { ...TEST_ENV, REDIS_URL: url } });
});
after(async () => {
  await redis?.close();
  await app?.close();
});

test('with Redis away, a token call and a new sign-in request are refused at once with 503', async () => {
  const token = await deviceToken(app.url, 'alice', PASSWORDS.alice);
  assert.equal((await api(app.url, '/me', { token })).status, 200);

  await redis!.stop();
  await eventually(async () => (await api(app.url, '/me', { token })).status === 503, '/me answers 503');
  const me = await api(app.url, '/me', { token });
  assert.deepEqual(me.json.error, { code: 'store_unavailable', message: 'Roleport cannot reach its shared store for a moment; try again in a minute' });
  const start = await api(app.url, '/device', { body: {} });
  assert.equal(start.status, 503);
  assert.equal(start.json.error.code, 'store_unavailable');
});
