// API tokens and device grants in Redis: two Roleport replicas share them, under the configured
// prefix, and Redis holds only hashes of the secrets.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createClient as createRedisClient } from 'redis';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';
import { api, decide, pollToken, signedIn, startDevice } from './device-helpers.ts';

const REDIS_URL = process.env.ROLEPORT_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const prefix = `roleport-test-api-${randomBytes(4).toString('hex')}:`;
let first: TestApp;
let second: TestApp;
const redis = createRedisClient({ url: REDIS_URL });

before(async () => {
  const config = baseConfig({ session: { secret: 'env:TEST_SESSION_SECRET', store: { type: 'redis', url: 'env:REDIS_URL', prefix } } });
  first = await startTestApp({ config, env: { ...TEST_ENV, REDIS_URL } });
  second = await startTestApp({ config, env: { ...TEST_ENV, REDIS_URL } });
  await redis.connect();
});
after(async () => {
  await first?.close();
  await second?.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(keys);
  await redis.quit();
});

test('a sign-in started on one replica is approved on the other, and its token works on both until revoked on one', async () => {
  const start = await startDevice(first.url);
  await decide(await signedIn(second.url, 'alice', PASSWORDS.alice), start.user_code, 'approve');
  const answer = await pollToken(first.url, start.device_code);
  assert.equal(answer.status, 200, JSON.stringify(answer.json));
  const token = answer.json.access_token as string;

  for (const app of [first, second]) {
    const me = await api(app.url, '/me', { token });
    assert.equal(me.status, 200);
    assert.equal(me.json.username, 'alice');
  }
  // Only the hash is stored: neither the token nor the device code appears in Redis.
  const keys = await redis.keys(`${prefix}api:*`);
  assert.ok(keys.some((key) => /^roleport-test-api-[0-9a-f]{8}:api:token:[0-9a-f]{64}$/.test(key)), keys.join(' '));
  for (const key of keys.filter((k) => k.includes(':api:token:') || k.includes(':api:device'))) {
    const value = (await redis.type(key)) === 'string' ? await redis.get(key) : '';
    assert.ok(!key.includes(token) && !value?.includes(token) && !value?.includes(start.device_code), key);
  }
  const tokenKey = keys.find((key) => key.includes(':api:token:'))!;
  const ttl = await redis.ttl(tokenKey);
  assert.ok(ttl > 11 * 3600 && ttl <= 12 * 3600, String(ttl));

  assert.equal((await api(second.url, '/logout', { token, method: 'POST' })).status, 204);
  assert.equal((await api(first.url, '/me', { token })).status, 401);
});

test('slow_down is counted across replicas', async () => {
  const start = await startDevice(second.url);
  assert.equal((await pollToken(first.url, start.device_code)).json.error.code, 'authorization_pending');
  assert.equal((await pollToken(second.url, start.device_code)).json.error.code, 'slow_down');
});
