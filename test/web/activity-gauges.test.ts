// The active sessions and tokens gauges in /metrics: with Redis they count what every replica
// shares; a sign-in, a CLI token, its logout and a sign-out move them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, deviceToken } from '../api/device-helpers.ts';
import { type RedisServer, startRedisServer } from '../peers/redis-server.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';
import { createClient, hiddenField } from '../support/http-client.ts';
import { metricSample } from '../support/metric.ts';

let redis: RedisServer;
let app: TestApp;

before(async () => {
  // A private Redis of this test's own: the gauges count all of it.
  redis = await startRedisServer();
  const config = baseConfig({ session: { secret: 'env:TEST_SESSION_SECRET', store: { type: 'redis', url: 'env:REDIS_URL', prefix: 'roleport-gauges:' } } });
  app = await startTestApp({ config, env: { ...TEST_ENV, REDIS_URL: redis.url } });
});
after(async () => {
  await app?.close();
  await redis?.close();
});

const sessions = () => metricSample(app.url, 'roleport_browser_sessions_active');
const tokens = () => metricSample(app.url, 'roleport_cli_tokens_active');

test('the gauges follow a sign-in, a CLI token, its logout and a sign-out', async () => {
  assert.deepEqual([await sessions(), await tokens()], [0, 0]);
  const bob = createClient(app.url);
  assert.equal((await bob.login('bob', PASSWORDS.bob)).status, 303);
  assert.deepEqual([await sessions(), await tokens()], [1, 0]);

  // The device flow signs alice in on the approval page and hands her command line a token.
  const token = await deviceToken(app, 'alice', PASSWORDS.alice);
  assert.deepEqual([await sessions(), await tokens()], [2, 1]);
  assert.equal((await api(app.url, '/logout', { method: 'POST', token })).status, 204);
  assert.equal(await tokens(), 0, 'a revoked token is no longer active');

  const logoutPage = await (await bob.get('/logout')).text();
  assert.equal((await bob.post('/logout', { _csrf: hiddenField(logoutPage, '_csrf')! })).status, 303);
  assert.equal(await sessions(), 1, "bob's session is gone; alice's approval session stays");
});
